"""The national and provincial view (issue 19): ``ucj coverage --provinsi`` and ``--nasional``.

The national table is computed from the demo's plans in one pass; these tests check it
against the province view (desa data summed by ``ucj coverage --provinsi``) on a few
provinces, and run ``--nasional`` itself through the in-process CLI. The national map is
drawn from a small set (benchmarks/bench_coverage_national.py times the whole nation).
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from ucjlib.coverage import coverage_table
from ucjlib.demo.generate import demo_province
from ucjlib.national import analyze_national
from ucjlib.render.national_text import national_csv


@pytest.fixture(scope="module")
def few():
    """Bali, Jawa Timur (kabupaten with targets of their own) and Papua Tengah (national)."""
    return analyze_national(provinces=["51", "35", "94"])


def test_provinsi_bali_nine_units_add_up_to_the_province(ucj):
    r = ucj(["coverage", "--provinsi", "51", "--format", "json"])
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    rows, fig = data["rows"], data["figures"]
    assert len(rows) == 9 and {x["kode"][:3] for x in rows} == {"51."}
    assert sum(x["pekerja"] for x in rows) == fig["pekerja"]
    assert sum(x["peserta_aktif"] for x in rows) == fig["peserta_aktif"]
    assert fig["target"] == 0.6728 and "Bali" in fig["target_source"]
    assert data["meta"]["label"] == "data demo (sintetis)"


@pytest.mark.parametrize("kode", ["11", "94", "31"])
def test_provinsi_works_for_any_province(ucj, kode):
    r = ucj(["coverage", "--provinsi", kode])
    assert r.returncode == 0, r.stderr
    assert "data demo (sintetis)" in r.stdout and "target" in r.stdout


@pytest.mark.parametrize("kode", ["51", "94"])
def test_national_rows_are_the_province_view_rows(few, kode):
    ds = demo_province(kode, level="kabupaten")  # desa data summed per kabupaten/kota
    prov = few.provinces.set_index("kode").loc[kode]
    own = coverage_table(ds, few.periode, "kabupaten", target=prov["target"])
    mine = few.kabupaten.loc[few.kabupaten["provinsi"] == kode].set_index("kode")
    own = own.set_index("kode").loc[mine.index]
    for col in ("pekerja", "peserta_aktif", "gap_target", "status", "tahun_pekerja"):
        assert mine[col].tolist() == own[col].tolist(), col
    for col in ("cakupan", "perubahan_3bln", "perubahan_12bln"):
        assert mine[col].astype(float).round(12).tolist() == \
            own[col].astype(float).round(12).tolist(), col
    assert mine["peringkat_provinsi"].tolist() == own["peringkat"].tolist()
    whole = coverage_table(ds, few.periode, "provinsi", target=prov["target"]).iloc[0]
    assert (prov["pekerja"], prov["peserta_aktif"], prov["gap_target"]) == (
        whole["pekerja"], whole["peserta_aktif"], whole["gap_target"])


def test_each_row_has_its_own_target_and_source(few):
    k = few.kabupaten.set_index("kode")
    assert (k.loc["35.22", "target"], k.loc["35.22", "sumber_target"]) == (0.6, "kabupaten")
    assert (k.loc["35.01", "target"], k.loc["35.01", "sumber_target"]) == (0.4, "provinsi")
    assert (k.loc["94.01", "target"], k.loc["94.01", "sumber_target"]) == (0.5215, "nasional")
    row = k.loc["35.22"]
    assert row["gap_target"] == max(math.ceil(round(0.6 * row["pekerja"], 6))
                                    - row["peserta_aktif"], 0)
    assert few.target.value == 0.5215 and few.target.source_level == "nasional"
    assert "Indonesia" in few.target.source and "35.22" in few.target_sources


def test_ranks_and_totals(few):
    k, p = few.kabupaten, few.provinces
    assert len(p) == 3 and len(k) == 38 + 9 + 8
    assert k["cakupan"].is_monotonic_decreasing and k["peringkat"].tolist()[0] == 1
    assert few.total["pekerja"] == p["pekerja"].sum() == k["pekerja"].sum()
    assert few.total["peserta_aktif"] == k["peserta_aktif"].sum()
    text = national_csv(few)
    t = pd.read_csv(pd.io.common.StringIO(text))
    assert t.iloc[0, 0] == "nasional" and len(t) == 1 + 3 + 55
    assert (t["Label data"] == "data demo (sintetis)").all()


def test_nasional_cli_whole_nation(ucj):
    r = ucj(["coverage", "--nasional", "--format", "json", "--lang", "en"])
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data["provinsi"]) == 38 and len(data["kabupaten"]) == 514
    fig = data["figures"]
    assert fig["target"] == 0.5215 and fig["nama"] == "Indonesia"
    assert fig["pekerja"] == sum(x["pekerja"] for x in data["provinsi"])
    assert fig["peserta_aktif"] == sum(x["peserta_aktif"] for x in data["kabupaten"])
    assert data["meta"]["label"] == "demo data (synthetic)"
    assert data["kabupaten"][0]["status"] in ("above target", "below target")


def test_nasional_table_in_indonesian(ucj):
    r = ucj(["coverage", "--nasional", "--target", "0.6"])
    assert r.returncode == 0, r.stderr
    assert "Total Indonesia" in r.stdout and "60,00%" in r.stdout
    assert "data demo (sintetis)" in r.stdout and "ditetapkan pengguna" in r.stdout


@pytest.mark.parametrize("args", [["Bojonegoro", "--nasional"], ["--nasional", "--provinsi", "51"],
                                  ["--nasional", "--data", "x"], ["--nasional", "-l", "desa"]])
def test_nasional_refuses_other_regions_and_data(ucj, args):
    r = ucj(["coverage", *args])
    assert r.returncode == 2, r.stderr


def test_national_map_from_a_small_set(few):
    from ucjlib.render.national import national_figures
    from ucjlib.render.style import figure_texts

    figs = national_figures(few)
    assert sorted(figs) == ["peta-nasional-kabupaten", "peta-nasional-provinsi"]
    prov = figs["peta-nasional-provinsi"]
    d = prov.ucj_map
    assert sorted(d["data"]["kode"]) == ["35", "51", "94"] and d["missing"] == []
    assert d["target"] == 0.5215 and 0.5215 in d["breaks"]
    # Bali 52,38% is at or above the national target: the first class from the target on
    bali = d["data"].set_index("kode").loc["51"]
    assert int(bali["kelas"]) == d["breaks"].index(0.5215)
    texts = " ".join(figure_texts(prov))
    assert "DATA DEMO (SINTETIS)" in texts and "Bali" in texts and "target nasional" in texts
    kab = figs["peta-nasional-kabupaten"].ucj_map
    assert len(kab["data"]) == 55 and kab["no_data"] == []
    for fig in figs.values():
        fig.clf()
