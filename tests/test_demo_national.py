"""Tests for the demo of every kabupaten/kota of Indonesia (ucjlib.demo.national).

Published figures are read from the reference mirror
(``../shared/data/reference/ucj_published_indonesia.csv``), not from the
generator; coverage is recomputed here by plain sums of the generated tables.
"""

from __future__ import annotations

import hashlib
import time

import numpy as np
import pandas as pd
import pytest

from ucjlib.demo import calibration as cal
from ucjlib.demo import generate as demo_mod
from ucjlib.demo import national as nat
from ucjlib.demo.generate import DEFAULT_SEED, demo_dataset, demo_province, write_demo
from ucjlib.geo.sources import mirror_dir
from ucjlib.geo.wilayah import children

pytestmark = pytest.mark.xdist_group("demo")

NEW = ["51.71", "51.03", "51.06", "11.01", "31.71", "94.04"]


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    root = mirror_dir()
    path = None if root is None else root / "reference" / "ucj_published_indonesia.csv"
    if path is None or not path.exists():
        pytest.skip("ucj_published_indonesia.csv not available (no reference mirror)")
    return pd.read_csv(path, dtype={"kode": str, "value": str}, keep_default_na=False)


def figure(pub: pd.DataFrame, kode: str, as_of: str) -> float:
    rows = pub.loc[(pub["kode"] == kode) & (pub["indicator"] == "ucj_coverage_pct")
                   & (pub["as_of"] == as_of)]
    assert len(rows) == 1, (kode, as_of)
    return float(rows["value"].iloc[0])


def coverage(ds, periode: str) -> float:
    c, w = ds.coverage, ds.workforce
    num = c.loc[c["periode"] == periode, "peserta_aktif"].sum()
    den = w.loc[w["tahun"] == int(periode[:4]), "pekerja"].sum()
    return 100 * float(num) / float(den)


@pytest.mark.parametrize("kode", NEW)
def test_new_regions_build_and_are_plausible(kode):
    ds = demo_dataset(kode)
    assert ds.demo and ds.kode == kode and ds.latest_period == "2025-06"
    c, w = ds.coverage, ds.workforce
    units = set(children(kode, "desa")["kode"])
    assert set(w["kode"]) == units                       # every desa/kelurahan has workforce
    assert set(c["kode"]) <= units and len(set(c["kode"])) >= 0.95 * len(units)
    assert (w["pekerja_formal"] + w["pekerja_informal"] == w["pekerja"]).all()
    assert (c["peserta_aktif"] >= 0).all()
    assert 10 < coverage(ds, "2025-06") < 80
    # PU is never paid by a budget; APBDes only in desa
    assert not ((c["segmen"] == "PU") & (c["pendanaan"] != "mandiri")).any()
    apbdes = c.loc[c["pendanaan"] == "APBDes", "kode"]
    assert apbdes.str[-4:].str.startswith("2").all()
    # the calibration is a note (charts keep a short source line)
    calib = [str(n) for n in ds.notes if getattr(n, "code", "").startswith("demo.calib")]
    assert len(calib) == 1 and "Indonesia 35,68%" in calib[0], calib


def test_workforce_follows_population():
    from ucjlib.inputs.plausibility import kabupaten_population

    pop = kabupaten_population()
    for kode in ("11.01", "94.04", "31.71"):
        w = demo_dataset(kode).workforce
        ratio = w.loc[w["tahun"] == 2024, "pekerja"].sum() / pop[kode]
        assert 0.4 < ratio < 0.6, (kode, ratio)


def test_jakarta_pusat_is_kelurahan_only():
    c = demo_dataset("31.71").coverage
    assert c["kode"].str[-4:].str.startswith("1").all()
    assert "APBDes" not in set(c["pendanaan"])


@pytest.mark.parametrize(("kode", "as_of"), [("51.03", "2025-03-31"), ("51.06", "2025-03-31")])
def test_bali_kabupaten_reproduce_published(published, kode, as_of):
    assert abs(coverage(demo_dataset(kode), "2025-03") - figure(published, kode, as_of)) < 0.05


def test_bali_province_reproduces_published(published):
    kabs = sorted(children("51", "kabupaten")["kode"])
    assert len(kabs) == 9
    num = den = 0
    for k in kabs:
        ds = demo_dataset(k)
        num += ds.coverage.loc[ds.coverage["periode"] == "2025-03", "peserta_aktif"].sum()
        den += ds.workforce.loc[ds.workforce["tahun"] == 2025, "pekerja"].sum()
    assert abs(100 * num / den - figure(published, "51", "2025-03-31")) < 0.05
    assert den == 1_873_899 or abs(den - 1_873_899) <= 9  # the published employed persons
    prov = demo_province("51", level="kabupaten")
    assert abs(coverage(prov, "2025-03") - 100 * num / den) < 1e-9


def test_nation_reproduces_published(published):
    plans, _ = nat.national_plans(DEFAULT_SEED)
    every = dict(plans) | dict(cal.province_plans(DEFAULT_SEED))
    every[cal.KOTA_BOGOR] = cal.kota_bogor_plan(DEFAULT_SEED)
    assert len(every) == 514
    t = cal.PERIODS.index("2025-04")
    num = sum(int(p.series[t].sum()) for p in every.values())
    den = sum(int(p.workforce[cal.YEARS.index(2025)]) for p in every.values())
    assert abs(100 * num / den - figure(published, "", "2025-04")) < 0.05


def test_calibration_facts_are_published(published):
    facts = pd.read_csv(nat.CALIBRATION_FILE, dtype=str, keep_default_na=False)
    assert {"kode", "wilayah", "value", "as_of", "source"} <= set(facts.columns)
    cov = facts.loc[facts["indicator"] == "ucj_coverage_pct"]
    pub = published.loc[published["indicator"] == "ucj_coverage_pct"]
    for row in cov.itertuples():  # (NTB has two figures for 2025-06: 30.7 and 32)
        same = pub.loc[(pub["kode"] == row.kode) & (pub["as_of"] == row.as_of), "value"]
        assert float(row.value) in set(same.astype(float)), row
    # every province with a published figure is there, except Jawa Timur (own calibration)
    provs = set(published.loc[(published["indicator"] == "ucj_coverage_pct")
                              & (published["kode"].str.len() == 2), "kode"])
    assert provs - set(cov["kode"]) == {"35"}


def test_records_say_what_is_reproduced():
    _, recs = nat.national_plans(DEFAULT_SEED)
    by = {(r.kode, r.what): r for r in recs}
    assert by[("51.03", "kabupaten")].reproduced
    assert by[("51", "provinsi")].reproduced and by[("", "nasional")].reproduced
    assert not by[("92.08", "kabupaten")].reproduced       # Kaimana 126.15%: above the ceiling
    assert {r.kode for r in recs if r.what == "sisa nasional"} == {"32", "76", "95"}
    assert "tidak dikalibrasi sendiri" in nat.calibration_text("51.71", DEFAULT_SEED)
    assert "Badung 58,68%" in nat.calibration_text("51.03", DEFAULT_SEED)
    assert "Badung 58.68%" in nat.calibration_text("51.03", DEFAULT_SEED, "en")


def test_every_region_has_participants_every_month():
    plans, _ = nat.national_plans(DEFAULT_SEED)
    assert len(plans) == 475 and len(nat.all_codes()) == 514
    for kode, plan in plans.items():
        rate = plan.series.sum(axis=1) / plan.workforce[demo_mod._YEAR_OF_T]
        assert (rate > 0.01).all() and (rate < 0.85).all(), kode
        assert (plan.formal < plan.workforce).all() and (plan.workforce > 0).all(), kode


def _clear() -> None:
    demo_mod._kab_tables.cache_clear()
    demo_mod._province_tables.cache_clear()
    nat.national_plans.cache_clear()
    cal.province_plans.cache_clear()
    cal.kota_bogor_plan.cache_clear()


def test_determinism(tmp_path):
    _clear()
    write_demo(tmp_path / "a", "51.71", fmt="csv")
    a = demo_dataset("51.71")
    _clear()
    write_demo(tmp_path / "b", "51.71", fmt="csv")
    b = demo_dataset("51.71")
    pd.testing.assert_frame_equal(a.coverage, b.coverage)
    for name in ("coverage.csv", "workforce.csv"):
        assert ((tmp_path / "a" / "51.71" / name).read_bytes()
                == (tmp_path / "b" / "51.71" / name).read_bytes())
    other = demo_dataset("51.71", seed=7)
    assert not np.array_equal(other.coverage["peserta_aktif"].to_numpy()[:50],
                              a.coverage["peserta_aktif"].to_numpy()[:50])


def test_original_demo_unchanged():
    """Jawa Timur and Kota Bogor tables are the ones from before the national demo."""
    want = {"35.22": ("ba32b28e86dcf6e3", "f07444f60bd4a874"),
            "32.71": ("45b1bc38dc869061", "1de33f7fc868f669"),
            "35.78": ("16a6f16a2beb04a6", "42576b135bf1c2a1")}
    for kode, (hc, hw) in want.items():
        ds = demo_dataset(kode)
        got = tuple(hashlib.sha256(t.to_csv(index=False).encode()).hexdigest()[:16]
                    for t in (ds.coverage, ds.workforce))
        assert got == (hc, hw), kode


def test_speed():
    demo_mod._kab_tables.cache_clear()
    nat.national_plans(DEFAULT_SEED)  # the national plan is built once per seed
    t0 = time.perf_counter()
    demo_dataset("11.01")
    assert time.perf_counter() - t0 < 2.0  # about a second on a busy shared machine


def test_cli_coverage_denpasar(capsys):
    from ucjlib.cli import main

    rc = main(["coverage", "51.71"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "Kota Denpasar" in out and "data demo (sintetis)" in out
