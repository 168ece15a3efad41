"""Plausibility across levels and files (issue 17, item 3; data/BAD_INPUT.md section).

Every case goes through the library (load_dataset / load_participants) and through
``ucj`` in-process; figures are checked against a hand calculation from the same tables.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli

from ucjlib.coverage import analyze_coverage
from ucjlib.demo.generate import demo_dataset
from ucjlib.errors import InputValidationError
from ucjlib.inputs.loaders import load_dataset
from ucjlib.inputs.participants import load_participants

FIX = Path(__file__).parent / "fixtures"
WF = ["pekerja", "pekerja_formal", "pekerja_informal"]


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Real-looking (unlabelled) kecamatan coverage and kecamatan/kabupaten workforce."""
    ds = demo_dataset("35.22")
    cov = ds.coverage.assign(kode=ds.coverage["kode"].str[:8])
    cov = cov.groupby(["kode", "periode", "segmen", "pendanaan"], as_index=False)[
        "peserta_aktif"].sum()
    wf8 = ds.workforce.assign(kode=ds.workforce["kode"].str[:8]).groupby(
        ["kode", "tahun"], as_index=False)[WF].sum()
    wf5 = ds.workforce.assign(kode="35.22").groupby(["kode", "tahun"], as_index=False)[WF].sum()
    return cov, wf8, wf5


def folder(tmp_path: Path, cov: pd.DataFrame, wf: pd.DataFrame, name: str = "d") -> Path:
    d = tmp_path / name
    d.mkdir()
    cov.to_csv(d / "coverage.csv", index=False)
    wf.to_csv(d / "workforce.csv", index=False)
    return d


def ucj(args: list[str]) -> tuple[int, str]:
    res = run_cli(args)
    assert "Traceback" not in res.stdout + res.stderr
    return res.returncode, res.stdout + res.stderr


def share(cov: pd.DataFrame, wf: pd.DataFrame, periode: str) -> float:
    """Independent coverage: participants of the month / workforce of its year."""
    p = cov.loc[cov["periode"] == periode, "peserta_aktif"].sum()
    return p / wf.loc[wf["tahun"] == int(periode[:4]), "pekerja"].sum()


def test_plain_kecamatan_files_give_the_published_figure(tmp_path, tables):
    cov, wf8, _ = tables
    ds = load_dataset(folder(tmp_path, cov, wf8), "35.22")
    r = analyze_coverage(ds, "2025-06")
    assert round(r.total["cakupan"] * 100, 2) == 42.29 == round(share(cov, wf8, "2025-06") * 100, 2)
    assert not ds.notes and ds.demo is False


@pytest.mark.parametrize("scale", [1000, 8.3])  # in thousands; a workforce of part of the area
def test_coverage_above_100_percent_at_a_rolled_up_level_is_refused(tmp_path, tables, scale):
    cov, _, wf5 = tables
    small = wf5.assign(**{c: (wf5[c] / scale).astype(int) for c in WF})
    d = folder(tmp_path, cov, small)
    with pytest.raises(InputValidationError) as e:
        load_dataset(d, "35.22")
    p = e.value.problems[0]
    assert p.file == str(d / "coverage.csv") and "workforce.csv" in p.message
    assert "Kabupaten Bojonegoro (35.22, kabupaten)" in p.message and "ribuan" in p.expected
    worst = max(share(cov, small, m) for m in cov["periode"].unique())
    from ucjlib.fmt import fmt_pct

    assert f"= {fmt_pct(worst)}:" in p.message
    rc, text = ucj(["coverage", "35.22", "--data", str(d)])
    assert rc == 3 and "di atas target" not in text and "Kabupaten Bojonegoro" in text


def test_kecamatan_over_its_own_workforce_by_another_year_is_refused(tmp_path, tables):
    cov, wf8, _ = tables
    wf = wf8.loc[wf8["tahun"] == 2024].copy()  # 2025 months use the 2024 workforce
    wf.loc[wf["kode"] == "35.22.15", WF] = [100, 40, 60]
    with pytest.raises(InputValidationError) as e:  # same-year check alone sees nothing
        load_dataset(folder(tmp_path, cov.loc[cov["periode"] >= "2025-01"], wf), "35.22")
    assert any("(35.22.15, kecamatan)" in p.message and "pekerja tahun 2024" in p.message
               for p in e.value.problems)


def test_workforce_implausibly_small_against_population_is_noted(tmp_path, tables):
    cov, _, wf5 = tables
    tiny = wf5.assign(**{c: wf5[c] // 100 for c in WF})
    small_cov = cov.assign(peserta_aktif=cov["peserta_aktif"] // 1000)
    ds = load_dataset(folder(tmp_path, small_cov, tiny), "35.22")
    note = next(n for n in map(str, ds.notes) if "penduduknya" in n)
    assert "1.366.227" in note and "workforce_min_share_of_population" in note


def test_unit_missing_in_the_latest_month_keeps_its_latest_report(tmp_path, tables):
    cov, wf8, _ = tables
    gap = cov.loc[~((cov["kode"] == "35.22.15") & (cov["periode"] == "2025-06"))]
    d = folder(tmp_path, gap, wf8)
    ds = load_dataset(d, "35.22")
    r = analyze_coverage(ds, "2025-06")
    # independent: the kecamatan's May report stands in for June
    may = cov.loc[(cov["kode"] == "35.22.15") & (cov["periode"] == "2025-05")]
    want = (gap.loc[gap["periode"] == "2025-06", "peserta_aktif"].sum()
            + may["peserta_aktif"].sum()) / wf8.loc[wf8["tahun"] == 2025, "pekerja"].sum()
    assert r.total["cakupan"] == pytest.approx(want)
    assert round(r.total["cakupan"] * 100) == 42  # not 35,69%
    assert any("35.22.15 Bojonegoro: Juni 2025 (angka Mei 2025)" in n for n in map(str, r.notes))
    rc, text = ucj(["coverage", "35.22", "--data", str(d)])
    assert rc == 0 and "35.22.15 Bojonegoro" in text


def test_missing_month_is_named_and_not_read_as_a_fall(tmp_path, tables):
    from ucjlib.projection.model import fit_model

    cov, wf8, _ = tables
    ds = load_dataset(folder(tmp_path, cov.loc[cov["periode"] != "2025-03"], wf8), "35.22")
    assert any("Bulan tanpa data" in n and "Maret 2025" in n for n in map(str, ds.notes))
    assert "2025-03" not in ds.periods
    fit = fit_model(ds)
    full = fit_model(load_dataset(folder(tmp_path, cov, wf8, "full"), "35.22"))
    # a month with half its participants missing is not a lapse: the gap leaves the fit
    holed = cov.loc[cov["periode"] != "2025-03"]
    fit2 = fit_model(load_dataset(folder(tmp_path, holed, wf8, "holed"), "35.22"))
    assert fit.stream("BPU", "mandiri").lapse_rate == fit2.stream("BPU", "mandiri").lapse_rate
    assert full.stream("PU", "mandiri").kind == fit.stream("PU", "mandiri").kind


def test_formal_plus_informal_above_total_is_refused(tmp_path, tables):
    cov, wf8, _ = tables
    wf = wf8.copy()
    wf.loc[0, "pekerja_formal"] = wf.loc[0, "pekerja"] - 10
    wf.loc[0, "pekerja_informal"] = 20
    with pytest.raises(InputValidationError) as e:
        load_dataset(folder(tmp_path, cov, wf), "35.22")
    p = e.value.problems[0]
    assert p.row == 2 and "pekerja_formal + pekerja_informal" in p.message


def test_demo_workforce_with_real_coverage_is_refused(tmp_path, tables):
    cov, wf8, _ = tables
    d = folder(tmp_path, cov, wf8.assign(label_data="data demo (sintetis)"))
    with pytest.raises(InputValidationError) as e:
        load_dataset(d, "35.22")
    assert "demo (sintetis)" in e.value.problems[0].message
    rc, text = ucj(["coverage", "35.22", "--data", str(d)])
    assert rc == 3 and "DATA DEMO" not in text


# ------------------------------------------------------------------ NIK

HEAD = "nik;kode_desa;segmen;pendanaan;tgl_mulai;status\n"


def records(niks: list[str]) -> str:
    return HEAD + "".join(f"{n};35.22.16.2017;BPU;APBD;2024-01-15;aktif\n" for n in niks)


def people(path: Path) -> int:
    cov, _ = load_participants(path, "35.22", ["2025-06"])
    return int(cov["peserta_aktif"].sum())


@pytest.mark.parametrize("written", ["3522 0112 3456 7890", "3522.0112.3456.7890",
                                     "3522-0112-3456-7890", " 3522011234567890 ",
                                     "3522011234567890.0"])
def test_nik_written_with_separators_is_the_same_person(tmp_path, written):
    p = tmp_path / "peserta.csv"
    p.write_text(records(["3522011234567890", written, "3522011234567891"]))
    cov, rep = load_participants(p, "35.22", ["2025-06"])
    assert int(cov["peserta_aktif"].sum()) == 2 and rep.invalid_nik == 0


def test_nik_in_scientific_notation_is_an_error_without_the_value(tmp_path):
    p = tmp_path / "peserta.csv"
    p.write_text(records(["3522011234567891", "3.52201123456789E+15", "3522011234567893"]))
    with pytest.raises(InputValidationError) as e:
        people(p)
    (prob,) = e.value.problems
    assert prob.row == 3 and prob.column == "nik" and "sebagai angka di Excel" in prob.message
    assert "3.522" not in str(e.value) and "352201" not in str(e.value)
    rc, text = ucj(["validate", str(p), "--kind", "participants", "--kabupaten", "35.22"])
    assert rc == 3 and "sebagai angka di Excel" in text and "352201" not in text


def test_twenty_people_as_excel_numbers_are_not_merged_into_three(tmp_path):
    from openpyxl import Workbook

    niks = [3522011234567800 + i for i in range(20)]  # 20 people
    wb = Workbook()
    ws = wb.active
    ws.append(["nik", "kode_desa", "segmen", "pendanaan", "tgl_mulai", "status"])
    for n in niks:  # Excel keeps 15 significant digits: the last one becomes 0
        ws.append([float(f"{n:.14e}"), "35.22.16.2017", "BPU", "APBD", "2024-01-15", "aktif"])
    p = tmp_path / "peserta.xlsx"
    wb.save(p)
    assert len({float(f"{n:.14e}") for n in niks}) == 3  # what a silent count would see
    with pytest.raises(InputValidationError) as e:
        people(p)
    assert "simpan kolom NIK sebagai teks" in e.value.problems[0].message
    # the same digits as text, all ending in 0: a CSV of >= 10 such NIKs is refused too
    c = tmp_path / "peserta.csv"
    c.write_text(records([str(int(float(f"{n:.14e}"))) + "0" * 0 for n in
                          range(3522011234567000, 3522011234567200, 10)]))
    with pytest.raises(InputValidationError):
        people(c)
    rc, text = ucj(["validate", str(p), "--kind", "participants", "--kabupaten", "35.22"])
    assert rc == 3 and "sebagai angka di Excel" in text and "35220112" not in text


def test_a_few_real_niks_ending_in_zero_are_fine(tmp_path):
    p = tmp_path / "peserta.csv"
    p.write_text(records(["3522011234567890", "3522011234567810", "3522011234567891"]))
    assert people(p) == 3
