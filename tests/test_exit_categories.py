"""Exit-code categories of issue 17, item 9: an argument is exit 2, a data file exit 3.

Rules not yet in force, an income below the lowest bracket, a totals row of an export,
and messages that carry text from the user (no Python reprs, no control characters).
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import run_cli

from ucjlib.budget import estimate_budget, first_priced_month
from ucjlib.budget.contributions import months_from
from ucjlib.errors import ArgumentError
from ucjlib.geo.wilayah import get_region
from ucjlib.inputs.regions import is_total_name
from ucjlib.rules import RuleNotInForce, RulesError, load_rules


def _cli(args):
    res = run_cli(args)
    assert "Traceback" not in res.stdout + res.stderr and "internal" not in res.stderr, res.stderr
    return res.returncode, res.stdout, res.stderr


def _previous(month: str) -> str:
    y, m = int(month[:4]), int(month[5:])
    return f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"


# --- rules not yet in force -------------------------------------------------------------

def test_rule_not_in_force_is_still_a_rules_error():
    with pytest.raises(RulesError) as info:
        load_rules().get("contribution.bpu.jkk_rate", "1990-01")
    assert isinstance(info.value, RuleNotInForce)
    assert info.value.day.isoformat() == "1990-01-01" and info.value.first.year > 1990


def test_first_priced_month_is_the_first_month_a_budget_can_start():
    first = first_priced_month()
    estimate_budget(1000, start=first, draws=100, sensitivity=False)  # works
    with pytest.raises(ArgumentError) as info:
        estimate_budget(1000, start=_previous(first), draws=100, sensitivity=False)
    assert info.value.exit_code == 2 and first in info.value.expected


@pytest.mark.parametrize("start", ["1990-01", "2019-11"])
def test_start_before_the_rules_is_exit_2(start):
    rc, _, err = _cli(["budget", "35.22", "--start", start, "--draws", "100"])
    assert rc == 2, err
    assert "--start" in err and first_priced_month() in err and "tidak valid" in err


@pytest.fixture(scope="module")
def old_data(tmp_path_factory):
    """The demo's Bojonegoro data moved 21 years back (last month June 2004)."""
    from ucjlib.open import open_dataset

    ds = open_dataset("35.22")
    folder = tmp_path_factory.mktemp("data2004")
    cov = ds.coverage.copy()
    cov["periode"] = cov["periode"].map(lambda p: f"{int(p[:4]) - 21}{p[4:]}")
    cov.to_csv(folder / "coverage.csv", sep=";", index=False)
    wf = ds.workforce.loc[ds.workforce["tahun"] == ds.workforce["tahun"].max()].copy()
    wf["tahun"] = 2003
    wf[["kode", "tahun", "pekerja"]].to_csv(folder / "workforce.csv", sep=";", index=False)
    return folder


def test_data_before_the_rules_is_exit_3_for_the_budget(old_data):
    rc, _, err = _cli(["budget", "35.22", "--data", str(old_data), "--draws", "100"])
    assert rc == 3, err
    assert "coverage.csv" in err and "'periode'" in err and "2004-06" in err
    assert first_priced_month() in err


def test_data_before_the_rules_still_measures_and_projects(old_data):
    rc, out, err = _cli(["coverage", "35.22", "--data", str(old_data)])
    assert rc == 0, err
    assert "Juni 2004" in out and "42,29%" in out  # the demo's June 2025 figure, moved
    rc, out, err = _cli(["project", "35.22", "--data", str(old_data), "--draws", "200"])
    assert rc == 0, err
    assert "tidak dalam horizon" in out or "Target tercapai" in out


# --- the income bracket -----------------------------------------------------------------

def test_income_below_the_lowest_bracket_is_exit_2():
    lowest = load_rules().value("contribution.bpu.lowest_income", "2026-01")
    rc, _, err = _cli(["budget", "35.22", "--income-bracket", "1", "--draws", "100"])
    assert rc == 2, err
    assert "--income-bracket" in err and f"{int(lowest):,}".replace(",", ".") in err
    with pytest.raises(ArgumentError):
        estimate_budget(1000, start="2026-01", income_idr=lowest - 1, draws=100,
                        sensitivity=False)


@pytest.mark.parametrize("text", ["1000000000", "1.000.000.000"])
def test_the_top_of_the_documented_income_range_is_accepted(text):
    rc, out, err = _cli(["budget", "35.22", "--income-bracket", text, "--format",
                                 "json", "--draws", "100", "--participants", "10"])
    assert rc == 0, err
    rules = load_rules()
    rate = rules.value("contribution.bpu.jkk_rate", "2026-01")
    jkm = rules.value("contribution.bpu.jkm_monthly", "2026-01")
    b = estimate_budget(10, start="2026-01", income_idr=1_000_000_000, draws=100,
                        sensitivity=False)
    per_month = float(b.monthly["iuran_total_idr"].iloc[0]) / 10
    assert per_month == pytest.approx(rate * 1_000_000_000 + jkm)


def test_an_income_above_the_range_is_exit_2():
    rc, _, err = _cli(["budget", "35.22", "--income-bracket", "1000000001"])
    assert rc == 2 and "1.000.000.000" in err


# --- totals rows --------------------------------------------------------------------------

@pytest.mark.parametrize("name, parent, expected", [
    ("KABUPATEN BOJONEGORO", "35.22", True), ("Kab. Bojonegoro", "35.22", True),
    ("TOTAL", "35.22", True), ("Jumlah", "35.22", True), ("Grand Total", "35.22", True),
    ("Total Kabupaten", "35.22", True), ("Bojonegoro", "35.22", False),
    ("Kota Bojonegoro", "35.22", False), ("Kota Sumenep", "35.29", False),
    ("KABUPATEN SUMENEP", "35.29", True), ("KOTA BOGOR", "32.71", True),
    ("Bogor Tengah", "32.71", False), ("Jumlah", "35.22.04", True),
    ("Kecamatan Ngasem", "35.22.04", True), ("Ngasem", "35.22.04", False),
    ("Kabupaten Lamongan", "35.22", False),
])
def test_total_names(name, parent, expected):
    assert is_total_name(name, parent) is expected


@pytest.fixture(scope="module")
def named_june(tmp_path_factory):
    """June 2025 of the demo by kecamatan name (and by desa name), plus the workforce."""
    from ucjlib.open import open_dataset

    ds = open_dataset("35.22")
    cov = ds.coverage.loc[ds.coverage["periode"] == "2025-06"].copy()
    cov["kec"] = cov["kode"].str[:8]
    folder = tmp_path_factory.mktemp("named")
    ds.workforce.drop(columns=[c for c in ds.workforce.columns if c == "label_data"]).to_csv(
        folder / "workforce.csv", sep=";", index=False)
    return folder, cov


def _by_kecamatan(cov: pd.DataFrame) -> pd.DataFrame:
    g = cov.groupby(["kec", "periode", "segmen", "pendanaan"], as_index=False)[
        "peserta_aktif"].sum()
    g.insert(0, "kecamatan", g.pop("kec").map(lambda k: get_region(k).nama))
    return g


@pytest.mark.parametrize("label", ["KABUPATEN BOJONEGORO", "JUMLAH", "Total Kab. Bojonegoro"])
def test_a_totals_row_equal_to_its_parts_is_dropped_with_a_note(named_june, label):
    folder, cov = named_june
    parts = _by_kecamatan(cov)
    total = parts.groupby(["periode", "segmen", "pendanaan"], as_index=False)[
        "peserta_aktif"].sum()
    total.insert(0, "kecamatan", label)
    pd.concat([parts, total]).to_csv(folder / "coverage.csv", sep=";", index=False)
    rc, out, err = _cli(["coverage", "35.22", "--data", str(folder)])
    assert rc == 0, err
    expected = cov["peserta_aktif"].sum() / 820_388  # the demo's June 2025 workforce
    assert f"{expected:.2%}".replace(".", ",") == "42,29%" and "42,29%" in out
    assert "subtotal" in out + err and "kunci ganda" not in out + err


def test_a_totals_row_that_differs_from_its_parts_is_exit_3(named_june):
    folder, cov = named_june
    parts = _by_kecamatan(cov)
    total = parts.groupby(["periode", "segmen", "pendanaan"], as_index=False)[
        "peserta_aktif"].sum()
    total["peserta_aktif"] += 1
    total.insert(0, "kecamatan", "KABUPATEN BOJONEGORO")
    pd.concat([parts, total]).to_csv(folder / "coverage.csv", sep=";", index=False)
    rc, _, err = _cli(["coverage", "35.22", "--data", str(folder)])
    assert rc == 3, err
    assert "kunci ganda" not in err and "tidak sama" in err


def test_a_kecamatan_subtotal_in_the_desa_column_is_dropped(named_june):
    folder, cov = named_june
    rows = cov.assign(kecamatan=cov["kec"].map(lambda k: get_region(k).nama),
                      desa=cov["kode"].map(lambda k: get_region(k).nama))
    sub = rows.loc[rows["kec"] == "35.22.04"].groupby(
        ["kecamatan", "periode", "segmen", "pendanaan"], as_index=False)["peserta_aktif"].sum()
    sub["desa"] = "Jumlah Kecamatan"
    cols = ["kecamatan", "desa", "periode", "segmen", "pendanaan", "peserta_aktif"]
    pd.concat([rows[cols], sub[cols]]).to_csv(folder / "coverage.csv", sep=";", index=False)
    rc, out, err = _cli(["coverage", "35.22", "--data", str(folder)])
    assert rc == 0, err
    assert "42,29%" in out and "subtotal" in out + err


# --- what a message carries ----------------------------------------------------------------

def test_a_duplicate_key_is_named_without_python_reprs(tmp_path):
    (tmp_path / "w.csv").write_text("kode;tahun;pekerja\n35.22;2024;5\n35.22;2024;5\n")
    rc, out, err = _cli(["validate", str(tmp_path / "w.csv"), "--kind", "workforce",
                                 "--kabupaten", "35.22"])
    assert rc == 3
    assert "kunci ganda (kode 35.22, tahun 2024)" in out + err
    assert "np." not in out + err and "{" not in out + err


def test_control_characters_from_the_command_line_never_reach_the_terminal():
    rc, out, err = _cli(["coverage", "\x1b[2JBojo\x07negoro\x1b]0;x\x07"])
    assert rc == 2
    assert "\x1b" not in err and "\x07" not in err


def test_every_priced_rule_is_in_force_in_the_first_priced_month_and_one_is_not_before():
    first = first_priced_month()
    rules = load_rules()
    priced = [n for n in rules.names() if n.startswith(("contribution.bpu.", "benefit."))]
    for name in priced:
        rules.get(name, first)  # never RuleNotInForce
    before = months_from(_previous(first), 1)[0]
    missing = []
    for name in priced:
        try:
            rules.get(name, before)
        except RuleNotInForce:
            missing.append(name)
    assert missing


# --- levels the data cannot give, and text that is not a region ------------------------------

@pytest.mark.parametrize("level", ["kecamatan", "desa", "kec"])
def test_province_view_finer_than_kabupaten_is_exit_2_at_once(level):
    rc, out, err = _cli(["coverage", "--provinsi", "35", "--level", level])
    assert rc == 2 and "--provinsi" in err and "tidak ada data" not in out


@pytest.fixture(scope="module")
def kecamatan_only(tmp_path_factory):
    """The demo's Bojonegoro summed to kecamatan (a BPJS branch export by kecamatan)."""
    from ucjlib.open import open_dataset

    ds = open_dataset("35.22")
    folder = tmp_path_factory.mktemp("kec")
    cov = ds.coverage.assign(kode=ds.coverage["kode"].str[:8])
    cov.groupby(["kode", "periode", "segmen", "pendanaan"], as_index=False)[
        "peserta_aktif"].sum().to_csv(folder / "coverage.csv", sep=";", index=False)
    wf = ds.workforce.assign(kode=ds.workforce["kode"].str[:8])
    wf.groupby(["kode", "tahun"], as_index=False)[["pekerja"]].sum().to_csv(
        folder / "workforce.csv", sep=";", index=False)
    return folder


def test_desa_level_of_kecamatan_data_is_an_error_not_empty_rows(kecamatan_only):
    from ucjlib.coverage import analyze_coverage, finest_level
    from ucjlib.open import open_dataset

    ds = open_dataset("35.22", kecamatan_only)
    assert finest_level(ds) == "kecamatan"
    with pytest.raises(ArgumentError) as info:
        analyze_coverage(ds, level="desa")
    assert "hanya sampai tingkat kecamatan" in str(info.value)
    rc, out, err = _cli(["coverage", "35.22", "--data", str(kecamatan_only)])
    assert rc == 0 and "42,29%" in out  # the kecamatan view is unchanged
    rc, _, err = _cli(["coverage", "35.22", "--data", str(kecamatan_only), "--level",
                               "desa"])
    assert rc == 2 and "kecamatan" in err


def test_a_report_of_kecamatan_data_says_it_has_no_desa_breakdown(kecamatan_only):
    from ucjlib.report.analysis import analyse, prepare

    params, ds = prepare("35.22", data=kecamatan_only)
    results = analyse(params, ds)
    assert results.coverage_desa is None
    assert any("tidak memuat rincian per desa" in n for n in map(str, results.coverage.notes))


@pytest.mark.parametrize("args", [["wilayah", "find"], ["coverage"], ["report"]])
def test_a_pasted_paragraph_is_refused_at_once_without_echo(args):
    import time

    text = "Bojonegoro " * 4000
    t0 = time.perf_counter()
    rc, out, err = _cli([*args, text])
    assert rc == 2 and "karakter" in err and "Bojonegoro Bojonegoro" not in err
    assert time.perf_counter() - t0 < 5


def test_a_name_of_allowed_length_still_resolves():
    from ucjlib.geo.wilayah import MAX_QUERY, resolve

    assert resolve("  Kabupaten Bojonegoro ".ljust(MAX_QUERY)).kode == "35.22"


# --- seeds through the library ----------------------------------------------------------

@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "7", True])
def test_a_bad_seed_is_an_argument_error_in_the_library(seed):
    from ucjlib.demo.generate import demo_dataset
    from ucjlib.open import open_dataset
    from ucjlib.projection import project

    ds = open_dataset("35.22")
    for call in (lambda: project(ds, seed=seed, draws=100),
                 lambda: estimate_budget(100, seed=seed, draws=100, sensitivity=False),
                 lambda: demo_dataset("35.22", seed=seed)):
        with pytest.raises(ArgumentError) as info:
            call()
        assert info.value.exit_code == 2 and "seed" in str(info.value)


def test_the_largest_seed_works():
    import numpy as np

    b = estimate_budget(100, seed=2**32 - 1, draws=100, sensitivity=False)
    assert np.isfinite(b.present_value["expected"])


@pytest.mark.parametrize("name", ["dasar", "DASAR", " Dasar "])
def test_a_scenario_named_like_the_baseline_is_the_files_mistake(tmp_path, name):
    from ucjlib.errors import InputValidationError
    from ucjlib.open import open_dataset
    from ucjlib.projection import project

    path = tmp_path / "s.yaml"
    path.write_text(f"scenarios:\n  - name: '{name}'\n    parts:\n"
                    "      - renewal: {funding: APBD, share: 0}\n")
    with pytest.raises(InputValidationError) as info:
        project(open_dataset("35.22"), scenario=str(path), draws=100)
    assert info.value.column == "scenarios[1].name"
    rc, _, err = _cli(["project", "35.22", "--scenario", str(path), "--draws", "100"])
    assert rc == 3 and "s.yaml" in err and "skenario dasar" in err


# --- a batch whose reports all failed for one reason exits with that reason's code -------

@pytest.mark.parametrize("codes, expected", [((6, 6), 6), ((3,), 3), ((6, 3), 1), ((70,), 70)])
def test_batch_exit_code_is_the_common_failure(tmp_path, monkeypatch, codes, expected):
    import ucjlib.report.batch as batch
    from ucjlib.geo.wilayah import get_region

    def fake(*args, **kwargs):
        items = [batch.BatchItem("35.22", "Kabupaten Bojonegoro", False, error="x" * 5,
                                 exit_code=c) for c in codes]
        items.append(batch.BatchItem("35.24", "Kabupaten Lamongan", True))
        return batch.BatchResult(get_region("35"), "2025-06", items, tmp_path / "index.html")

    monkeypatch.setattr(batch, "run_batch", fake)
    rc, _, err = _cli(["batch", "--provinsi", "35", "--out", str(tmp_path / "out")])
    assert rc == expected
    assert f"{len(codes)} dari {len(codes) + 1} kabupaten/kota gagal" in err
