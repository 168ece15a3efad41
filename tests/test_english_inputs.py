"""Notes about the user's own files are English in an English result (issue 18)."""

from __future__ import annotations

import pytest
from test_english import _hits

from ucjlib.coverage import analyze_coverage
from ucjlib.geo.wilayah import children
from ucjlib.inputs.loaders import load_dataset
from ucjlib.report.store import load_results, save_results
from ucjlib.text import Note, render_notes

KAB = "35.22"


def _files(folder):
    """Write coverage.xlsx (hidden column, empty row, totals row, hidden sheet, a month
    missing, a unit not reporting) and workforce.csv (Windows-1252)."""
    from openpyxl import Workbook

    kec = children(KAB, "kecamatan")["kode"].tolist()
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["kode", "periode", "segmen", "TK Aktif", "peserta_aktif"])
    for ym in ("2025-03", "2025-05", "2025-06"):
        for i, k in enumerate(kec):
            if ym == "2025-06" and i == 1:
                continue  # did not report in June: carried forward
            ws.append([k, ym, "PU", 1, 9000 + i])
            if ym == "2025-03" and i == 0:
                ws.append([None] * 5)  # an empty row between data rows
        if ym == "2025-03":  # the kabupaten total, equal to its complete breakdown
            ws.append([KAB, ym, "PU", 1, sum(9000 + i for i in range(len(kec)))])
    ws.column_dimensions["D"].hidden = True
    old = wb.create_sheet("Lama")
    old.append(["kode", "periode", "segmen", "peserta_aktif"])
    old.sheet_state = "hidden"
    wb.save(folder / "coverage.xlsx")
    lines = ["kode;tahun;pekerja;sumber"]
    lines += [f"{k};2024;25000;BPS – Sakernas" for k in kec]
    (folder / "workforce.csv").write_bytes(("\n".join(lines) + "\n").encode("cp1252"))


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    _files(folder)
    ds = load_dataset(folder, KAB)
    return ds, analyze_coverage(ds, "2025-06", "kecamatan", lang="en")


def test_english_result_from_a_real_file_says_its_input_notes_in_english(result):
    ds, res = result
    codes = {n.code for n in ds.notes if isinstance(n, Note)}
    expected = {"inputs.hidden_column", "inputs.empty_rows", "inputs.subtotal_rows",
                "inputs.sheets.hidden", "inputs.no_funding", "inputs.months_missing",
                "inputs.carried_forward", "inputs.cp1252"}
    assert expected <= codes, codes
    assert all(isinstance(n, Note) for n in ds.notes), [n for n in ds.notes
                                                        if not isinstance(n, Note)]
    assert set(ds.notes) <= set(res.notes)  # the result carries the dataset's notes unchanged
    english = render_notes(res.notes, "en")
    assert not _hits("notes", "\n".join(english)), english
    assert "April 2025" in "\n".join(english) and "June 2025 (figures of May 2025)" in \
        "\n".join(english)
    # Indonesian as before
    indonesian = render_notes(res.notes, "id")
    assert "Berkas bukan UTF-8; dibaca sebagai Windows-1252." in indonesian
    assert any(t.startswith("Bulan tanpa data di coverage.xlsx: April 2025.") for t in indonesian)


def test_input_notes_survive_the_results_store(result, tmp_path):
    _, res = result
    save_results({"c": res}, tmp_path)
    again = load_results(tmp_path)["c"]
    assert render_notes(again.notes, "en") == render_notes(res.notes, "en")
