"""``ucj template`` (issue 19): a workbook for an officer's own data, read back as it is.

The tests write the template for Bojonegoro (kecamatan) and Kota Bogor (desa), fill it
with openpyxl using seeded random numbers, and check ``ucj coverage --data FILE.xlsx``
against their own arithmetic (participants / workforce), the Excel validation lists,
the empty template (exit 3, one paragraph), another kabupaten's template, and text that
looks like a formula.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from openpyxl import load_workbook

from ucjlib.inputs.template import MARKER_SHEET, read_template_info
from ucjlib.render.template import combinations, write_template

PERIODE = "2025-06"


def _fill(path, seed: int, periode: str | None = PERIODE) -> tuple[dict, dict]:
    """Fill a template; return participants and workers per unit code."""
    rng = np.random.default_rng(seed)
    info = read_template_info(path)
    wb = load_workbook(path)
    ws = wb[info.data_sheet]
    head = [c.value for c in ws[1]]
    col = {name: i for i, name in enumerate(head)}
    peserta: dict[str, int] = {}
    for row in ws.iter_rows(min_row=2):
        kode = row[col["kode"]].value
        n = int(rng.integers(0, 400))
        row[col["peserta_aktif"]].value = n
        if periode:
            row[col["periode"]].value = periode
        peserta[kode] = peserta.get(kode, 0) + n
    wf = wb[info.workforce_sheet]
    head = [c.value for c in wf[1]]
    col = {name: i for i, name in enumerate(head)}
    pekerja: dict[str, int] = {}
    for row in wf.iter_rows(min_row=2):
        kode = row[col["kode"]].value
        pekerja[kode] = int(rng.integers(8_000, 30_000))
        row[col["tahun"]].value = int(PERIODE[:4])
        row[col["pekerja"]].value = pekerja[kode]
    wb.save(path)
    return peserta, pekerja


@pytest.mark.parametrize(("kab", "level", "seed", "lang"), [("35.22", "kecamatan", 19, "id"),
                                                             ("32.71", "desa", 1971, "en")])
def test_filled_template_gives_its_own_arithmetic(ucj, tmp_path, kab, level, seed, lang):
    path = tmp_path / f"templat-{kab}.xlsx"
    res = ucj(["template", kab, "--level", level, "--out", path, "--lang", lang])
    assert res.returncode == 0, res.stderr
    peserta, pekerja = _fill(path, seed)
    assert set(peserta) == set(pekerja)
    res = ucj(["coverage", kab, "--data", path, "--level", level, "--format", "json"])
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    rows = {r["kode"]: r for r in out["rows"]}
    assert set(rows) == set(pekerja)
    for kode, r in rows.items():
        assert r["peserta_aktif"] == peserta[kode]
        assert r["pekerja"] == pekerja[kode]
        assert r["cakupan"] == pytest.approx(peserta[kode] / pekerja[kode])
    total = out["figures"]
    assert total["peserta_aktif"] == sum(peserta.values())
    assert total["pekerja"] == sum(pekerja.values())
    assert total["cakupan"] == pytest.approx(sum(peserta.values()) / sum(pekerja.values()))
    assert out["meta"]["demo"] is False and out["meta"]["periode"] == PERIODE
    assert ucj(["validate", path]).returncode == 0


def test_template_layout_validation_and_protection(tmp_path):
    path, units, rows = write_template("35.22", tmp_path / "t.xlsx", level="kecamatan")
    assert (units, rows) == (28, 28 * len(combinations()))
    wb = load_workbook(path)
    info = read_template_info(path)
    assert wb.sheetnames[0] == "Petunjuk" and wb[MARKER_SHEET].sheet_state == "hidden"
    ws = wb[info.data_sheet]
    assert [c.value for c in ws[1]] == ["kode", "kecamatan", "periode", "segmen", "pendanaan",
                                        "peserta_aktif"]
    assert ws["A2"].value == "35.22.01" and ws["B2"].value == "Ngraho"
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists == {'"PU,BPU,JAKON,PMI"', '"mandiri,APBD,APBDes,lainnya"'}
    whole = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole"]
    assert whole and whole[0].formula1 == "0" and "F2" in str(whole[0].sqref)
    assert any(dv.type == "custom" for dv in ws.data_validations.dataValidation)
    assert ws.protection.sheet and ws.freeze_panes == "C2"
    assert ws["A2"].protection.locked and not ws["F2"].protection.locked
    assert not ws["D2"].protection.locked  # segmen: chosen from the list
    wf = wb[info.workforce_sheet]
    assert {dv.type for dv in wf.data_validations.dataValidation} == {"whole"}
    assert len(wf["A"]) == 29
    assert "UCJ_TEMPLATE" in wb.defined_names
    en = write_template("32.71", tmp_path / "en.xlsx", level="desa", lang="en",
                        periode="2025-06")[0]
    wb = load_workbook(en)
    assert wb.sheetnames[:3] == ["Instructions", "Participants", "Workforce"]
    assert "ucj coverage 32.71 --data en.xlsx" in " ".join(
        str(c.value) for c in wb["Instructions"]["A"])
    # a kelurahan has no village budget (APBDes)
    assert "APBDes" not in {c.value for c in wb["Participants"]["F"]}
    assert wb["Participants"]["D2"].value == "2025-06"


def test_unfilled_template_is_one_paragraph_exit_3(ucj, tmp_path):
    path = tmp_path / "kosong.xlsx"
    assert ucj(["template", "Bojonegoro", "--out", path]).returncode == 0
    for args in (["coverage", "35.22", "--data", path], ["validate", path]):
        res = ucj(args)
        assert res.returncode == 3, res.stderr
        text = res.stderr.strip()
        assert "belum diisi" in text and "\n" not in text and "Traceback" not in text


def test_template_of_another_kabupaten_is_refused(ucj, tmp_path):
    path = tmp_path / "bogor.xlsx"
    assert ucj(["template", "32.71", "--level", "desa", "--out", path]).returncode == 0
    _fill(path, 3)
    res = ucj(["coverage", "35.22", "--data", path])
    assert res.returncode == 3
    assert "32.71 Kota Bogor, bukan 35.22 Kabupaten Bojonegoro" in res.stderr


def test_formula_text_in_a_filled_cell_is_not_executed(ucj, tmp_path):
    path = tmp_path / "t.xlsx"
    assert ucj(["template", "35.22", "--out", path]).returncode == 0
    _fill(path, 5)
    wb = load_workbook(path)
    ws = wb["Kepesertaan"]
    for ref, text in (("F3", "=1+2"), ("D4", '=HYPERLINK("http://x","PU")')):
        ws[ref].value = text
        ws[ref].data_type = "s"  # typed as text, not a formula
    wb.save(path)
    res = ucj(["coverage", "35.22", "--data", path, "--format", "json"])
    assert res.returncode == 3
    assert "baris 3" in res.stderr and "peserta_aktif" in res.stderr
    assert "baris 4" in res.stderr and "HYPERLINK" not in res.stderr


def test_unfilled_rows_are_skipped_with_a_note(ucj, tmp_path):
    path = tmp_path / "t.xlsx"
    assert ucj(["template", "35.22", "--out", path, "--periode", PERIODE]).returncode == 0
    _fill(path, 7, periode=None)  # the month came from --periode
    wb = load_workbook(path)
    wb["Kepesertaan"]["F2"].value = None
    wb.save(path)
    res = ucj(["validate", path])
    assert res.returncode == 0, res.stdout + res.stderr
    assert "1 baris templat tanpa jumlah" in res.stdout


def test_not_a_template_as_data_file(ucj, tmp_path):
    path = tmp_path / "x.xlsx"
    from openpyxl import Workbook

    Workbook().save(path)
    res = ucj(["coverage", "35.22", "--data", path])
    assert res.returncode == 3 and "bukan templat" in res.stderr



def test_report_manifest_lists_the_template_it_read(tmp_path):
    """``ucj report --data FILE.xlsx``: the template is the run's one data input, unchanged."""
    import hashlib

    from ucjlib.report.manifest import check_unchanged, input_files, snapshot

    path = write_template("35.22", tmp_path / "t.xlsx")[0]
    before = snapshot(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    inputs = input_files(path, read={str(path): sha}, before=before)
    assert [(e["role"], e["used"], e["sha256"]) for e in inputs] == [("data", True, sha)]
    check_unchanged(inputs)


def test_rows_copied_below_for_another_month_are_read(ucj, tmp_path):
    path = tmp_path / "t.xlsx"
    assert ucj(["template", "35.22", "--out", path]).returncode == 0
    peserta, _ = _fill(path, 23)
    wb = load_workbook(path)
    ws = wb["Kepesertaan"]
    for row in list(ws.iter_rows(min_row=2, values_only=True)):
        ws.append([*row[:2], "2025-05", *row[3:5], row[5] + 1])
    wb.save(path)
    res = ucj(["coverage", "35.22", "--data", path, "--periode", "2025-05", "--format", "json"])
    assert res.returncode == 0, res.stderr
    rows = {r["kode"]: r["peserta_aktif"] for r in json.loads(res.stdout)["rows"]}
    n = len(combinations())
    assert rows == {k: v + n for k, v in peserta.items()}
    res = ucj(["validate", path, "--lang", "en"])
    assert res.returncode == 0 and "OK" in res.stdout


def test_wrong_arguments_exit_2(ucj, tmp_path):
    for args in (["--out", "t.csv"], ["--out", "t.xlsx", "--level", "kabupaten"],
                 ["--out", "t.xlsx", "--periode", "2025-13"]):
        res = ucj(["template", "35.22", *args])
        assert res.returncode == 2 and res.stderr.startswith("Kesalahan"), res.stderr
    assert not (tmp_path / "t.xlsx").exists()
