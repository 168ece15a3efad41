"""Coverage metrics checked against independent arithmetic on the toy dataset."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import NO_COVERAGE_DESA, ZERO_DESA, toy_frames

from ucjlib.aggregate import pick_year
from ucjlib.columns import COLUMNS
from ucjlib.coverage import (
    analyze_coverage,
    coverage_by_segment,
    coverage_series,
    coverage_table,
)
from ucjlib.dataset import Dataset
from ucjlib.errors import ArgumentError
from ucjlib.render.narrative import concentration, headline_lines, narrative


def by_hand(level_len: int, periode: str, year: int) -> dict[str, tuple[int, int]]:
    """{unit code: (pekerja, peserta)} from the raw frames, summed in plain Python."""
    cov, wf = toy_frames()
    pek: dict[str, int] = {}
    pes: dict[str, int] = {}
    for k, t, p in zip(wf["kode"], wf["tahun"], wf["pekerja"], strict=True):
        if t == year:
            u = ".".join(k.split(".")[:level_len])
            pek[u] = pek.get(u, 0) + int(p)
    for k, per, p in zip(cov["kode"], cov["periode"], cov["peserta_aktif"], strict=True):
        if per == periode:
            u = ".".join(k.split(".")[:level_len])
            pes[u] = pes.get(u, 0) + int(p)
    return {u: (pek[u], pes.get(u)) for u in pek}


@pytest.mark.parametrize("level,n", [("kabupaten", 2), ("kecamatan", 3), ("desa", 4)])
def test_sums_shares_gaps_match_hand_arithmetic(toy_dataset, level, n):
    t = coverage_table(toy_dataset, "2025-06", level=level, target=0.6).set_index("kode")
    expected = by_hand(n, "2025-06", 2025)
    assert set(t.index) == set(expected)
    for kode, (pek, pes) in expected.items():
        row = t.loc[kode]
        assert row["pekerja"] == pek
        if pes is None:
            assert row["status"] == "tidak ada data"
            assert pd.isna(row["cakupan"]) and pd.isna(row["peringkat"])
            continue
        assert row["peserta_aktif"] == pes
        if pek == 0:
            continue
        assert row["cakupan"] == pytest.approx(pes / pek)
        # 60% of pek, rounded up, in exact integer arithmetic
        need = -(-pek * 6 // 10)
        assert row["gap_target"] == max(0, need - pes)
        assert row["gap_target_pp"] == pytest.approx(max(0.0, 60 - 100 * pes / pek))
        assert row["tidak_tercakup"] == max(0, pek - pes)
        assert row["status"] == ("di atas target" if pes / pek >= 0.6 else "di bawah target")


def test_gap_has_no_float_rounding_trap():
    # 0.6 * 100 = 60.00000000000001 in floating point; need is 60, not 61
    cov = pd.DataFrame({"kode": ["35.76.01"], "periode": ["2025-06"], "segmen": ["PU"],
                        "pendanaan": ["mandiri"], "peserta_aktif": [59]})
    wf = pd.DataFrame({"kode": ["35.76.01"], "tahun": [2025], "pekerja": [100]})
    t = coverage_table(Dataset("35.76", cov, wf), level="kecamatan", target=0.6).set_index("kode")
    assert t.loc["35.76.01", "gap_target"] == 1


def test_zero_workforce_is_flagged_not_inf(toy_dataset):
    t = coverage_table(toy_dataset, level="desa", target=0.6).set_index("kode")
    row = t.loc[ZERO_DESA]
    assert row["status"] == "pekerja nol"
    assert pd.isna(row["cakupan"]) and not np.isinf(t["cakupan"].astype(float)).any()
    assert pd.isna(row["peringkat"])


def test_unit_without_coverage_rows_is_no_data_not_zero(toy_dataset):
    t = coverage_table(toy_dataset, level="desa", target=0.6).set_index("kode")
    row = t.loc[NO_COVERAGE_DESA]
    assert row["status"] == "tidak ada data"
    assert pd.isna(row["cakupan"]) and pd.isna(row["peringkat"]) and pd.isna(row["gap_target"])
    assert row["pekerja"] > 0


def test_gazetteer_units_without_any_data_are_kept():
    cov, wf = toy_frames()
    keep = cov["kode"].str.startswith("35.76.01")
    ds = Dataset("35.76", cov.loc[keep], wf.loc[wf["kode"].str.startswith("35.76.01")])
    t = coverage_table(ds, level="kecamatan", target=0.6)
    assert t["kode"].tolist() == ["35.76.01", "35.76.02", "35.76.03"]
    assert t["status"].tolist()[1:] == ["tidak ada data"] * 2
    assert t["nama"].tolist() == ["Prajuritkulon", "Magersari", "Kranggan"]


def test_levels_aggregate_consistently(toy_dataset):
    desa = coverage_table(toy_dataset, level="desa", target=0.6)
    kec = coverage_table(toy_dataset, level="kecamatan", target=0.6)
    kab = coverage_table(toy_dataset, level="kabupaten", target=0.6)
    assert desa["pekerja"].sum() == kec["pekerja"].sum() == kab["pekerja"].sum()
    assert desa["peserta_aktif"].sum() == kec["peserta_aktif"].sum() == kab["peserta_aktif"].sum()
    per_kec = desa.assign(k=desa["kode"].str[:8]).groupby("k")["peserta_aktif"].sum()
    assert per_kec.to_dict() == kec.set_index("kode")["peserta_aktif"].to_dict()
    assert kab.iloc[0]["kode"] == "35.76" and kab.iloc[0]["nama"] == "Kota Mojokerto"


def test_mixed_levels_are_not_double_counted():
    cov, wf = toy_frames()
    kec_total = cov.loc[cov["kode"].str.startswith("35.76.02")].assign(kode="35.76.02")
    kec_total = kec_total.groupby(["kode", "periode", "segmen", "pendanaan"],
                                  as_index=False)["peserta_aktif"].sum()
    mixed = pd.concat([cov, kec_total], ignore_index=True)
    a = coverage_table(Dataset("35.76", cov, wf), level="kabupaten", target=0.6)
    b = coverage_table(Dataset("35.76", mixed, wf), level="kabupaten", target=0.6)
    assert a["peserta_aktif"].tolist() == b["peserta_aktif"].tolist()


def test_changes_3_and_12_months(toy_dataset):
    t = coverage_table(toy_dataset, "2025-06", level="kabupaten", target=0.6).iloc[0]
    now = by_hand(2, "2025-06", 2025)["35.76"]
    m3 = by_hand(2, "2025-03", 2025)["35.76"]
    m12 = by_hand(2, "2024-06", 2024)["35.76"]  # 2024 uses the 2024 workforce
    assert t["perubahan_3bln"] == pytest.approx(now[1] / now[0] - m3[1] / m3[0])
    assert t["perubahan_12bln"] == pytest.approx(now[1] / now[0] - m12[1] / m12[0])
    first = coverage_table(toy_dataset, "2024-02", level="kabupaten", target=0.6).iloc[0]
    assert pd.isna(first["perubahan_3bln"]) and pd.isna(first["perubahan_12bln"])


def test_ranks(toy_dataset):
    t = coverage_table(toy_dataset, level="desa", target=0.6)
    ranked = t.loc[t["peringkat"].notna()].sort_values("peringkat")
    assert ranked["peringkat"].tolist() == list(range(1, len(ranked) + 1))
    assert ranked["cakupan"].is_monotonic_decreasing
    assert len(ranked) == len(t) - 2  # zero-workforce and no-data desa are unranked


def test_workforce_year_rule(toy_dataset):
    avail = toy_dataset.workforce[["kode", "tahun"]]
    for year, expected in ((2025, 2025), (2026, 2025), (2019, 2024)):
        assert set(pick_year(avail, year)["tahun"]) == {expected}


def test_workforce_year_is_chosen_per_unit():
    # 2024 for every desa, 2025 for one desa only: the 2025 month must not divide the
    # kabupaten's participants by one desa's workers (the reported 10.841,94% bug)
    cov, wf = toy_frames()
    one = wf.loc[wf["tahun"] == 2025].iloc[[0]]
    wf2 = pd.concat([wf.loc[wf["tahun"] == 2024], one], ignore_index=True)
    r = analyze_coverage(Dataset("35.76", cov, wf2), "2025-06", level="desa", target=0.6)
    t = r.table.set_index("kode")
    assert t.loc[one.iloc[0]["kode"], "tahun_pekerja"] == 2025
    assert (t.drop(index=one.iloc[0]["kode"])["tahun_pekerja"] == 2024).all()
    pek24 = wf.loc[wf["tahun"] == 2024, "pekerja"].sum()
    kab = coverage_table(Dataset("35.76", cov, wf2), "2025-06", level="kabupaten", target=0.6)
    # the kabupaten total is complete only for 2024: it uses 2024, and says so
    assert kab.iloc[0]["pekerja"] == pek24 and kab.iloc[0]["tahun_pekerja"] == 2024
    assert kab.iloc[0]["cakupan"] < 1
    assert any("2024" in n for n in map(str, r.notes))


def test_partial_finer_denominator_is_never_a_total():
    # the kabupaten total plus two kecamatan rows: the reported 5.030,00% bug
    cov, wf = toy_frames()
    w = wf.loc[wf["tahun"] == 2025]
    total = pd.DataFrame({"kode": ["35.76"], "tahun": [2025], "pekerja": [w["pekerja"].sum()]})
    two = w.assign(k=w["kode"].str[:8]).groupby("k", as_index=False)["pekerja"].sum().head(2)
    two = two.rename(columns={"k": "kode"}).assign(tahun=2025)
    ds = Dataset("35.76", cov, pd.concat([total, two], ignore_index=True))
    kab = coverage_table(ds, "2025-06", level="kabupaten", target=0.6).iloc[0]
    assert kab["pekerja"] == w["pekerja"].sum()
    kec = coverage_table(ds, "2025-06", level="kecamatan", target=0.6).set_index("kode")
    assert kec["pekerja"].notna().sum() == 2  # the third kecamatan has no denominator
    # without the kabupaten row, two of three kecamatan never make a kabupaten total
    ds2 = Dataset("35.76", cov, two)
    kab2 = coverage_table(ds2, "2025-06", level="kabupaten", target=0.6).iloc[0]
    assert pd.isna(kab2["cakupan"]) and kab2["status"] == "tidak ada data"


def test_mixed_level_coverage_row_is_not_dropped():
    # a kecamatan row (500) plus one desa row under it: the kecamatan shows 500, not 3
    cov, wf = toy_frames()
    rows = pd.DataFrame({"kode": ["35.76.02", "35.76.02.1001"], "periode": "2025-06",
                         "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [500, 3]})
    ds = Dataset("35.76", rows, wf)
    kec = coverage_table(ds, level="kecamatan", target=0.6).set_index("kode")
    assert kec.loc["35.76.02", "peserta_aktif"] == 500
    desa = coverage_table(ds, level="desa", target=0.6).set_index("kode")
    assert desa.loc["35.76.02.1001", "peserta_aktif"] == 3


def test_by_segment_and_funding_add_up(toy_dataset):
    total = coverage_table(toy_dataset, level="kecamatan", target=0.6).set_index("kode")
    for by in ("segmen", "pendanaan"):
        t = coverage_table(toy_dataset, level="kecamatan", by=by, target=0.6)
        sums = t.groupby("kode")["peserta_aktif"].sum()
        assert sums.to_dict() == total["peserta_aktif"].to_dict()
        share = t.groupby("kode")["cakupan"].sum()
        assert share.to_dict() == pytest.approx(total["cakupan"].to_dict())


def test_coverage_by_segment_formal_informal(toy_dataset):
    cov, wf = toy_frames()
    s = coverage_by_segment(toy_dataset, "2025-06").set_index("segmen")
    w = wf.loc[wf["tahun"] == 2025]
    c = cov.loc[cov["periode"] == "2025-06"]
    pu = c.loc[c["segmen"] == "PU", "peserta_aktif"].sum()
    bpu = c.loc[c["segmen"] == "BPU", "peserta_aktif"].sum()
    assert s.loc["PU", "cakupan_segmen"] == pytest.approx(pu / w["pekerja_formal"].sum())
    assert s.loc["BPU", "cakupan_segmen"] == pytest.approx(bpu / w["pekerja_informal"].sum())
    assert s["cakupan"].sum() == pytest.approx(
        c["peserta_aktif"].sum() / w["pekerja"].sum())


def test_series_matches_tables(toy_dataset):
    s = coverage_series(toy_dataset)
    assert s["periode"].tolist() == toy_dataset.periods
    for p in ("2024-01", "2025-06"):
        pek, pes = by_hand(2, p, int(p[:4]))["35.76"]
        assert s.set_index("periode").loc[p, "cakupan"] == pytest.approx(pes / pek)


def test_concentration_is_minimal():
    t = pd.DataFrame({"kode": list("abcde"), "nama": list("ABCDE"),
                      "tidak_tercakup": [5, 40, 20, 15, 20]})
    c = concentration(t, 0.5)
    # 40 + 20 = 60 >= 50; 40 alone = 40 < 50
    assert c["kode"].tolist() == ["b", "c"]
    assert c["porsi_kumulatif"].iloc[-1] == pytest.approx(0.6)


def test_narrative_mentions_numbers(toy_dataset):
    r = analyze_coverage(toy_dataset, level="kecamatan", target=0.6)
    t = r.table
    lines = narrative(r)
    n_above = int((t["status"] == "di atas target").sum())
    assert lines[0].startswith(f"{n_above} dari 3 kecamatan")
    assert any("%" in line and "," in line for line in lines)
    en = analyze_coverage(toy_dataset, level="kecamatan", target=0.6, lang="en")
    assert all(isinstance(x, str) and x for x in narrative(en))


def test_result_carries_context_and_columns_documented(toy_dataset):
    r = analyze_coverage(toy_dataset, level="kecamatan", target=0.5)
    assert r.demo is True and r.target.value == 0.5 and r.target.source_level == "pengguna"
    assert r.periode == "2025-06" and "catatan uji" in r.notes
    assert r.region.kode == "35.76" and r.level == "kecamatan" and r.rule_version
    assert not r.table.attrs  # nothing travels in DataFrame.attrs
    for col in r.table.columns:
        assert col in COLUMNS and {"title", "unit", "description"} <= set(COLUMNS[col])


def test_bad_arguments(toy_dataset):
    with pytest.raises(ArgumentError, match="2024-01 s.d. 2025-06"):
        coverage_table(toy_dataset, "2030-01", target=0.6)
    with pytest.raises(ArgumentError, match="YYYY-MM"):
        coverage_table(toy_dataset, "2025-13", target=0.6)
    with pytest.raises(ArgumentError, match="kecamatan"):
        coverage_table(toy_dataset, level="rt", target=0.6)
    with pytest.raises(ArgumentError, match="kabupaten, kecamatan, desa"):
        coverage_table(toy_dataset, level="provinsi", target=0.6)
    with pytest.raises(ArgumentError, match="by"):
        coverage_table(toy_dataset, by="umur", target=0.6)
    with pytest.raises(ArgumentError, match="0.6"):
        analyze_coverage(toy_dataset, target=60)


def test_default_target_comes_from_rules_and_says_which(coverage_bojonegoro, demo_kota_bogor):
    bojo = coverage_bojonegoro
    assert bojo.target.value == 0.6 and bojo.target.source_level == "kabupaten"
    assert "Bojonegoro" in bojo.target.source
    # Kota Bogor has no target of its own and Jawa Barat none: national 52,15%
    bogor = analyze_coverage(demo_kota_bogor)
    assert bogor.target.value == pytest.approx(0.5215)
    assert bogor.target.source_level == "nasional" and "nasional" in bogor.target.source


def test_headline(toy_dataset):
    h = analyze_coverage(toy_dataset, target=0.6).figures()
    pek, pes = by_hand(2, "2025-06", 2025)["35.76"]
    assert h["cakupan"] == pytest.approx(pes / pek)
    assert h["gap_target"] == max(0, math.ceil(pek * 6 / 10) - pes)
    assert h["periode"] == "2025-06" and h["label"] == "data demo (sintetis)"


def test_headline_lines_format(toy_dataset):
    lines = headline_lines(analyze_coverage(toy_dataset, target=0.6))
    pek, pes = by_hand(2, "2025-06", 2025)["35.76"]
    pct = f"{100 * pes / pek:.2f}".replace(".", ",") + "%"
    assert lines[0] == "Kota Mojokerto — Juni 2025 [data demo (sintetis)]"
    assert lines[1] == f"Cakupan UCJ: {pct} (target 60%)"
    assert f"{pes:,}".replace(",", ".") in lines[2]


# --- demo data and the command line -------------------------------------------

@pytest.fixture(scope="module")
def bojonegoro(demo_bojonegoro):
    return demo_bojonegoro


def test_bojonegoro_demo_matches_published_figures(bojonegoro):
    # published: 42.29% (June 2025) and 43.87% (March 2025), DESIGN.md / published_figures.csv
    jun = coverage_table(bojonegoro, "2025-06", level="kabupaten", target=0.6).iloc[0]
    mar = coverage_table(bojonegoro, "2025-03", level="kabupaten", target=0.6).iloc[0]
    assert abs(jun["cakupan"] * 100 - 42.29) <= 0.05
    assert abs(mar["cakupan"] * 100 - 43.87) <= 0.05
    assert jun["perubahan_3bln"] == pytest.approx(jun["cakupan"] - mar["cakupan"])
    # kecamatan and desa tables add up to the kabupaten
    kec = coverage_table(bojonegoro, "2025-06", level="kecamatan", target=0.6)
    desa = coverage_table(bojonegoro, "2025-06", level="desa", target=0.6)
    assert len(kec) == 28 and len(desa) == 430
    assert kec["peserta_aktif"].sum() == desa["peserta_aktif"].sum() == jun["peserta_aktif"]
    assert (desa["status"] == "tidak ada data").sum() >= 1  # demo has non-reporting desa


def test_cli_table_is_indonesian(bojonegoro, capsys):
    from ucjlib.cli import main

    assert main(["coverage", "Bojonegoro", "--level", "kabupaten"]) == 0
    out = capsys.readouterr().out
    assert "Juni 2025" in out and "data demo (sintetis)" in out
    assert "42,29%" in out
    pek = int(coverage_table(bojonegoro, level="kabupaten", target=0.6).iloc[0]["pekerja"])
    assert f"{pek:,}".replace(",", ".") in out


def test_cli_json_keys(bojonegoro, capsys):
    import json

    from ucjlib.cli import main

    assert main(["coverage", "35.22", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["meta"]["demo"] is True and doc["meta"]["periode"] == "2025-06"
    rows = doc["rows"]
    assert len(rows) == 28
    for r in rows:
        assert {"kode", "nama", "pekerja", "peserta_aktif", "cakupan", "gap_target"} <= set(r)
        if r["cakupan"] is not None:
            assert 0 <= r["cakupan"] <= 1
            assert r["cakupan"] == pytest.approx(r["peserta_aktif"] / r["pekerja"])


def test_cli_unknown_region(capsys):
    from ucjlib.cli import main

    code = main(["coverage", "Bojongoro Selatan Raya"])
    err = capsys.readouterr().err
    assert code == 2 and "Wilayah tidak dikenal" in err


def test_province_lists_every_kabupaten():
    cov, wf = toy_frames()
    ds = Dataset("35", cov, wf)  # a "province" dataset with data for Kota Mojokerto only
    t = analyze_coverage(ds, level="kabupaten", target=0.6).table
    assert len(t) == 38 and t["kode"].str.match(r"^35\.\d\d$").all()
    row = t.set_index("kode").loc["35.76"]
    pek, pes = by_hand(2, "2025-06", 2025)["35.76"]
    assert row["cakupan"] == pytest.approx(pes / pek) and row["peringkat"] == 1
    assert (t["status"] == "tidak ada data").sum() == 37


def test_partial_desa_workforce_in_a_kabupaten_dataset_is_no_data_not_a_crash():
    """Workforce for 2 of Bojonegoro's desa only: the kabupaten has no denominator (no crash)."""
    import pandas as pd

    from ucjlib.coverage import analyze_coverage
    from ucjlib.dataset import Dataset

    cov = pd.DataFrame({"kode": ["35.22.16.2001", "35.22.16.2002"], "periode": "2025-06",
                        "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [30, 50]})
    wf = pd.DataFrame({"kode": ["35.22.16.2001", "35.22.16.2002"], "tahun": 2025,
                       "pekerja": [200, 300]})
    r = analyze_coverage(Dataset("35.22", cov, wf), level="desa", target=0.6)
    t = r.table.set_index("kode")
    assert t.loc["35.22.16.2001", "cakupan"] == 0.15 and r.total["cakupan"] is None
    assert r.total["peserta_aktif"] == 80


def test_gap_sum_note_blames_rounding_when_no_unit_is_above_the_target():
    """Every unit below the target: the units' gaps exceed the region's only by rounding each
    up to whole workers — the note must not say '0 kecamatan above the target' caused it."""
    import pandas as pd

    from ucjlib.coverage import gap_sum_note

    table = pd.DataFrame({"cakupan": [0.2, 0.3, 0.1], "gap_target": [10.4, 20.2, 5.3]})
    table["gap_target"] = table["gap_target"].apply(lambda g: float(int(g) + 1))  # ceil
    notes = gap_sum_note(table, {"gap_target": 35.9}, "kecamatan")
    assert [n.code for n in notes] == ["coverage.gap_sum.rounding"]
    above = pd.DataFrame({"cakupan": [0.7, 0.3], "gap_target": [0.0, 80.0]})  # surplus 50
    assert [n.code for n in gap_sum_note(above, {"gap_target": 30.0}, "kecamatan")] == [
        "coverage.gap_sum.above"]


def test_a_province_table_measures_each_kabupaten_against_its_own_target():
    """Bojonegoro has its own 60% inside Jawa Timur's 40%: the province view must not call
    it 'above target' while its own report and the national view say it is below."""
    from ucjlib.coverage import STATUS_BELOW, analyze_coverage
    from ucjlib.demo.generate import demo_province
    from ucjlib.rules import target_for

    res = analyze_coverage(demo_province("35"), level="kabupaten")
    row = res.table.set_index("kode").loc["35.22"]
    own = target_for("35.22", res.periode).value
    assert own != res.target.value  # the premise: a target of its own
    assert row["status"] == STATUS_BELOW
    assert int(row["gap_target"]) == int(np.ceil(round(own * row["pekerja"], 6))
                                         - row["peserta_aktif"])
    assert "coverage.own_targets" in [getattr(n, "code", "") for n in res.notes]
    # a target the user sets applies to every row
    set_ = analyze_coverage(demo_province("35"), level="kabupaten", target=0.4)
    assert "coverage.own_targets" not in [getattr(n, "code", "") for n in set_.notes]
