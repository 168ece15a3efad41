"""Every bad-input case the loaders handle, as one table (rendered in data/BAD_INPUT.md).

``CASES`` is the table. A row whose ``test`` names another test file is covered
there (:func:`test_referenced_tests_exist` checks that the test still exists);
a row whose ``test`` is this file is run here by :func:`test_case`, through the
library (the problem's row, column and message) and through the ``ucj``
command in-process (exit code 3, one paragraph starting with "Kesalahan").

``data/BAD_INPUT.md`` holds the same rows: regenerate its table with
``.venv/bin/python tests/test_bad_input_table.py`` after editing ``CASES``
(:func:`test_doc_matches_the_table` fails until then).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "data" / "BAD_INPUT.md"
HERE = "tests/test_bad_input_table.py::test_case"
COV = "kode;periode;segmen;pendanaan;peserta_aktif\n"
PAR = "nik;kode_desa;segmen;pendanaan;tgl_mulai;status\n"
KEC = [f"35.22.{i:02d}" for i in range(1, 29)]  # the 28 kecamatan of Bojonegoro


@dataclass(frozen=True)
class Case:
    """One bad-input case.

    ``kind``: coverage, workforce, population, participants, or ``dataset`` (a
    data folder). ``sees``: what the user sees. ``test``: where it is tested
    (``HERE``: in this file, with ``make`` writing the input and ``want`` =
    (row, column, fragment of the message) of the first problem).
    """

    id: str
    kind: str
    fmt: str
    case: str
    example: str
    sees: str
    test: str
    make: Callable[[Path], Path] | None = None
    want: tuple[int | None, str | None, str] | None = None
    xfail: str | None = None


def _text(name: str, text: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        p = folder / name
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return p
    return make


def _xlsx(name: str, rows: list[list], sheet: str = "Sheet") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = sheet
        for r in rows:
            ws.append(r)
        p = folder / name
        wb.save(p)
        return p
    return make


def _parquet(name: str, frame: dict | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        p = folder / name
        if isinstance(frame, bytes):
            p.write_bytes(frame)
        else:
            pd.DataFrame(frame).to_parquet(p)
        return p
    return make


def _folder(files: dict[str, str]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        d = folder / "data"
        d.mkdir()
        for name, text in files.items():
            (d / name).write_text(text, encoding="utf-8")
        return d
    return make


_WF = "kode;tahun;pekerja\n35.22;2025;820.388\n"
_POP_FULL = "kode;penduduk_15\n" + "".join(f"{k};{100 + i}\n" for i, k in enumerate(KEC))
_T_INPUTS = "tests/test_inputs.py::"
_T_RULES = "tests/test_inputs_rules.py::"
_T_PART = "tests/test_participants.py::"
_T_CLI = "tests/test_cli_errors.py::"
_BAD_FILES = _T_INPUTS + "test_bad_files_name_the_file"
_FILE = "exit 3; `<file>: <message> (yang diharapkan: ...)`, no row or column"
_CELL = "exit 3; `<file>, baris N, kolom 'X': <message> (yang diharapkan: ...)`"
_COLUMN = "exit 3; `<file>, kolom 'X': kolom wajib tidak ada (yang diharapkan: aliases)`"
_PERSONAL = "exit 3; `<file>, baris N, kolom 'X': <message>`, the cell never quoted"

CASES: list[Case] = [
    # ------------------------------------------------------------------ the file itself
    Case("file-missing", "any", "any", "file not found", "`ucj validate missing.csv`",
         _FILE + " (`berkas tidak ditemukan`)",
         _T_CLI + "test_mistake_is_one_paragraph_with_exit_code"),
    Case("unknown-extension", "any", "any", "extension not CSV/XLSX/Parquet", "`c.json`",
         _FILE + " (`ekstensi .json tidak dikenal`)", _BAD_FILES),
    Case("old-xls", "any", "xls", "old Excel .xls", "`c.xls`",
         _FILE + " (`format Excel lama (.xls) tidak didukung`)", _BAD_FILES),
    Case("empty-file", "any", "any", "empty or blank file", "0 bytes; only blank lines",
         _FILE + " (`berkas kosong`)", _BAD_FILES),
    Case("header-only-csv", "any", "csv", "header but no data rows", "only the header line",
         _FILE + " (`tidak ada baris data di bawah judul kolom`)", _BAD_FILES),
    Case("header-only-xlsx", "coverage", "xlsx", "worksheet with a header and no data",
         "one header row", _FILE + " (`tidak ada baris data di bawah judul kolom`)", HERE,
         _xlsx("c.xlsx", [["kode", "periode", "segmen", "peserta_aktif"]]),
         (None, None, "tidak ada baris data")),
    Case("parquet-no-rows", "coverage", "parquet", "Parquet with zero rows",
         "schema only", _FILE + " (`tidak ada baris data`)", HERE,
         _parquet("c.parquet", {"kode": pd.Series([], dtype=str),
                                "periode": pd.Series([], dtype=str),
                                "segmen": pd.Series([], dtype=str),
                                "peserta_aktif": pd.Series([], dtype="int64")}),
         (None, None, "tidak ada baris data")),
    Case("content-not-extension", "any", "csv/xlsx/parquet",
         "content does not match the extension", "a CSV named `.xlsx`, HTML named `.xlsx`, "
         "text named `.parquet`, binary named `.csv`",
         _FILE + " (`isi berkas bukan ... melainkan ...`)", _BAD_FILES),
    Case("corrupt-xlsx", "any", "xlsx", "broken zip named .xlsx", "`PK\\x03\\x04garbage`",
         _FILE + " (`berkas Excel tidak bisa dibuka (BadZipFile)`)", _BAD_FILES),
    Case("corrupt-parquet", "workforce", "parquet", "broken Parquet", "`PAR1garbagePAR1`",
         _FILE + " (`Parquet tidak bisa dibaca: ArrowInvalid`)", HERE,
         _parquet("w.parquet", b"PAR1" + b"garbage" * 10 + b"PAR1"),
         (None, None, "Parquet tidak bisa dibaca")),
    Case("corrupt-parquet-coverage", "coverage", "parquet", "broken Parquet (coverage, DuckDB)",
         "`PAR1garbagePAR1`", _FILE + " (`berkas tidak bisa dibaca (...)`)", HERE,
         _parquet("c.parquet", b"PAR1" + b"garbage" * 10 + b"PAR1"),
         (None, None, "tidak bisa dibaca")),
    Case("csv-ragged-rows", "workforce", "csv", "a row with values beyond the header",
         "`35.22;2024;5;6;7` under `kode;tahun;pekerja` (empty trailing fields are fine)",
         "exit 3; `<file>, baris N: baris berisi nilai di luar 3 kolom judul ...`, every "
         "such row, the same on the pandas and DuckDB readers", HERE,
         _text("w.csv", "kode;tahun;pekerja\n35.22;2025;5\n35.22;2024;5;6;7\n"),
         (3, None, "di luar 3 kolom judul")),
    Case("csv-unclosed-quote", "workforce", "csv", "a quote that is never closed",
         "`35.22;\"2025;5`", _FILE + " (`CSV tidak bisa dibaca: ... EOF inside string`)", HERE,
         _text("w.csv", 'kode;tahun;pekerja\n35.22;"2025;5\n'),
         (None, None, "CSV tidak bisa dibaca")),
    Case("xlsx-missing-sheet", "workforce", "xlsx", "`--sheet` that does not exist",
         "`--sheet Data` in a book with `Sheet` only",
         _FILE + " (`lembar kerja 'Data' tidak ada`, lists the sheets)", HERE,
         _xlsx("w.xlsx", [["kode", "tahun", "pekerja"], ["35.22", 2025, 5]]),
         (None, None, "lembar kerja 'Data' tidak ada")),
    # ------------------------------------------------------------------ headers
    Case("missing-column", "coverage", "any", "required column missing", "no `segmen` column",
         _COLUMN, _T_INPUTS + "test_missing_column"),
    Case("missing-region-column", "coverage", "csv", "neither a code nor a kecamatan column",
         "`periode;segmen;peserta_aktif`",
         _COLUMN + " (`kode` ... `atau kolom nama kecamatan [+ desa]`)", HERE,
         _text("c.csv", "periode;segmen;peserta_aktif\n2025-06;PU;5\n"),
         (None, "kode", "atau kolom nama kecamatan")),
    Case("missing-pekerja", "workforce", "csv", "workforce without an employed column",
         "`kode;tahun;jumlah`", _COLUMN, HERE,
         _text("w.csv", "kode;tahun;jumlah\n35.22;2025;5\n"),
         (None, "pekerja", "kolom wajib tidak ada")),
    Case("missing-penduduk", "population", "csv", "population without a 15+ column",
         "`kode;x`", _COLUMN, HERE, _text("p.csv", "kode;x\n35.22.01;5\n"),
         (None, "penduduk_15", "kolom wajib tidak ada")),
    Case("no-separator", "coverage", "csv", "a separator other than ; , tab or |",
         "`kode periode segmen peserta_aktif` (spaces)",
         _COLUMN + ", one per required column", HERE,
         _text("c.csv", "kode periode segmen peserta_aktif\n35.22 2025-06 PU 5\n"),
         (None, "kode", "kolom wajib tidak ada")),
    Case("names-without-kabupaten", "coverage", "any", "region names without a kabupaten",
         "`kecamatan` column, no `--kabupaten`", _CELL, _T_INPUTS
         + "test_names_without_kabupaten_is_a_problem"),
    # ------------------------------------------------------------------ counts
    Case("count-bad", "coverage", "csv", "count negative, not a number, a fraction or empty",
         "`-3`, `abc`, `1,5`, empty", _CELL + " (`jumlah negatif: '-3'` ...)",
         _T_INPUTS + "test_negative_and_non_numeric_and_fractional_counts"),
    Case("count-format", "coverage", "csv", "exponent, `+`, `_`, non-ASCII digits, NaN/inf, "
         "above 300.000.000", "`1e20`, `+5`, `1_000`, `١٢٣`, `inf`, `300.000.001`",
         _CELL + " (`format angka tidak diterima` ...)",
         _T_RULES + "test_odd_numbers_are_clear_errors"),
    Case("count-decimal-column", "coverage", "csv", "a column that uses `,` as decimal mark",
         "`1,234` with `2,5` elsewhere", _CELL + " (`bukan bilangan bulat`)",
         _T_RULES + "test_comma_is_decimal_when_the_column_says_so"),
    Case("count-excel-huge", "coverage", "xlsx", "an Excel number above the limit", "`1e20`",
         _CELL + " (`lebih dari 300.000.000 orang`)",
         _T_RULES + "test_excel_whole_floats_are_counts_and_huge_ones_are_not"),
    Case("count-population-negative", "population", "csv", "negative population",
         "`-5`", _CELL + " (`jumlah negatif: '-5'`)", HERE,
         _text("p.csv", "kode;penduduk_15\n35.22.01;-5\n"),
         (2, "penduduk_15", "jumlah negatif")),
    Case("formal-above-total", "workforce", "csv", "pekerja_formal above pekerja",
         "`100;150`", _CELL, _T_INPUTS + "test_workforce_checks"),
    Case("too-many-problems", "coverage", "csv", "more than 1.000 problems of one kind",
         "1.200 rows `x0`..`x1199`", _CELL + " for the first 1.000, then `... dan 200 baris "
         "lain dengan masalah yang sama`", HERE,
         _text("c.csv", COV + "".join(f"35.22;2025-06;PU;APBD;x{i}\n" for i in range(1200))),
         (None, "peserta_aktif", "dan 200 baris lain")),
    # ------------------------------------------------------------------ categories, periods
    Case("unknown-category", "coverage", "csv", "unknown segmen or pendanaan", "`PBI`, `APBN`",
         _CELL + " (`segmen tidak dikenal: 'PBI'`, lists the allowed values)",
         _T_INPUTS + "test_unknown_segment_and_funding"),
    Case("empty-category-cell", "coverage", "csv", "empty segmen cell", "`35.22;2025-06;;APBD;5`",
         _CELL + " (`sel kosong`)", HERE,
         _text("c.csv", COV + "35.22;2025-06;PU;APBD;5\n35.22;2025-06;;APBD;5\n"),
         (3, "segmen", "sel kosong")),
    Case("empty-column", "coverage", "csv", "a column whose every cell is empty",
         "`pendanaan` header, no values", _CELL + " (`sel kosong`) on every row", HERE,
         _text("c.csv", COV + "35.22;2025-06;PU;;5\n35.22;2025-06;BPU;;6\n"),
         (2, "pendanaan", "sel kosong")),
    Case("empty-column-xlsx", "coverage", "xlsx", "a column whose every cell is empty (XLSX)",
         "`pendanaan` header, no values", _CELL + " (`sel kosong`) on every row", HERE,
         _xlsx("c.xlsx", [["kode", "periode", "segmen", "pendanaan", "peserta_aktif"],
                          ["35.22", "2025-06", "PU", None, 5]]),
         (2, "pendanaan", "sel kosong")),
    Case("period-not-month", "coverage", "csv", "period that is not a month", "`2025`, `2025-13`",
         _CELL + " (`bukan bulan yang ada`)", _T_INPUTS + "test_period_not_a_month"),
    Case("period-empty", "coverage", "csv", "empty period cell", "`35.22;;PU;APBD;5`",
         _CELL + " (`sel kosong`)", HERE,
         _text("c.csv", COV + "35.22;2025-06;PU;APBD;5\n35.22;;BPU;APBD;5\n"),
         (3, "periode", "sel kosong")),
    Case("period-future-or-impossible", "coverage", "csv", "a future or impossible month",
         "`2099-01`, `2025-02-30`, `31/06/2025`", _CELL + " (`bulan di masa depan` ...)",
         _T_RULES + "test_future_and_impossible_months_are_errors"),
    Case("year-bad", "workforce", "csv", "year that is not a year", "`21`", _CELL,
         _T_INPUTS + "test_workforce_checks"),
    Case("year-empty", "workforce", "csv", "empty year cell", "`35.22;;5`",
         _CELL + " (`sel kosong`)", HERE, _text("w.csv", "kode;tahun;pekerja\n35.22;;5\n"),
         (2, "tahun", "sel kosong")),
    Case("year-future", "workforce", "csv", "a denominator year after this year", "`2026` in 2025",
         _CELL + " (`tahun di masa depan`)", _T_RULES + "test_future_workforce_year_is_an_error"),
    # ------------------------------------------------------------------ keys and regions
    Case("duplicate-key", "coverage", "csv", "two rows with the same key",
         "`35.22.16;2025-06;BPU;APBD` twice (also as `Juni 2025;bpu;apbd`)",
         "exit 3; `<file>, baris N: kunci ganda (...): sama dengan baris M`",
         _T_INPUTS + "test_duplicate_keys"),
    Case("duplicate-year", "workforce", "csv", "two rows for one unit and year",
         "`35.22;2025` twice", "exit 3; `<file>, baris N: kunci ganda (...): sama dengan baris M`",
         HERE, _text("w.csv", "kode;tahun;pekerja\n35.22;2025;5\n35.22;2025;6\n"),
         (3, None, "kunci ganda")),
    Case("duplicate-population", "population", "csv", "two population rows for one unit",
         "`35.22.01` twice", "exit 3; `<file>, baris N: kunci ganda (...)`", HERE,
         _text("p.csv", "kode;penduduk_15\n35.22.01;5\n35.22.01;5\n"), (3, None, "kunci ganda")),
    Case("unknown-code", "coverage", "csv", "unknown code, or a code outside the kabupaten",
         "`35.22.99`; `35.21.01` for 35.22", _CELL + " (`kode wilayah tidak dikenal: '35.22.99'`)",
         _T_INPUTS + "test_unknown_region_code_and_outside_kabupaten"),
    Case("unknown-code-workforce", "workforce", "csv", "unknown code in the denominator",
         "`35.99`", _CELL, HERE, _text("w.csv", "kode;tahun;pekerja\n35.99;2025;5\n"),
         (2, "kode", "kode wilayah tidak dikenal")),
    Case("empty-code-cell", "coverage", "csv", "empty code cell", "`;2025-06;BPU;APBD;5`",
         _CELL + " (`kode wilayah kosong`)", HERE,
         _text("c.csv", COV + "35.22;2025-06;PU;APBD;5\n;2025-06;BPU;APBD;5\n"),
         (3, "kode", "kosong")),
    Case("another-kabupaten", "dataset", "any", "a data folder of another kabupaten",
         "Lamongan's folder opened as Bojonegoro", "exit 3; one line naming both kabupaten",
         _T_CLI + "test_another_kabupatens_folder_is_one_line"),
    Case("unmatched-kecamatan", "coverage", "csv", "kecamatan name that does not match",
         "`Kecamatan Xyzabc`", _CELL + " (`tidak cocok`; two words shown only as a length)",
         _T_INPUTS + "test_kecamatan_names_matched_guessed_unmatched"),
    Case("unmatched-desa", "coverage", "csv", "desa name that does not match in its kecamatan",
         "`Ngasem;Tidakada Sama Sekali`", _CELL, _T_INPUTS
         + "test_desa_names_within_their_kecamatan"),
    Case("demo-mixed", "coverage", "csv", "demo and real rows in one table",
         "`label_data` on some rows", _CELL + " (`campuran baris data demo ...`)",
         _T_RULES + "test_table_mixing_demo_and_real_rows_is_an_error"),
    # ------------------------------------------------------------------ levels
    Case("mixed-levels-workforce", "workforce", "csv", "kabupaten total plus some kecamatan",
         "`35.22` + `35.22.16` + `35.22.04`", _CELL + " (`rincian tidak lengkap (2 dari 28 "
         "kecamatan)`)", _T_RULES + "test_workforce_total_plus_two_kecamatan_is_a_conflict"),
    Case("mixed-levels-coverage", "coverage", "csv", "kecamatan row plus one of its desa",
         "`35.22.16` + `35.22.16.2017`", _CELL,
         _T_RULES + "test_coverage_kecamatan_row_plus_one_desa_row_is_a_conflict"),
    Case("subtotal-mismatch", "workforce", "csv", "a total that is not the sum of its parts",
         "`35.22` 28.001 over 28 x 1.000", _CELL + " (`jumlahnya (28.000) tidak sama dengan "
         "28.001`)", _T_RULES + "test_subtotal_equal_to_complete_breakdown_is_dropped_with_a_note"),
    Case("partial-year", "workforce", "csv", "a year covering part of the kabupaten",
         "2025 for one desa only", _CELL + " (`baris hanya mencakup sebagian ...`)",
         _T_RULES + "test_partial_denominator_year_is_reported"),
    Case("partial-population", "dataset", "csv", "population for some kecamatan only",
         "2 of 28 kecamatan", "exit 3; names the missing kecamatan",
         _T_RULES + "test_partial_population_in_a_dataset_is_an_error"),
    # ------------------------------------------------------------------ data folders
    Case("folder-missing", "dataset", "any", "`--data` folder does not exist",
         "`--data /nonexistent/folder`", _FILE + " (`folder data tidak ada`)",
         _T_CLI + "test_mistake_is_one_paragraph_with_exit_code"),
    Case("folder-missing-files", "dataset", "any", "no coverage or no denominator file",
         "empty folder", _FILE + " (`tidak ada berkas kepesertaan`, `... penyebut`)",
         _T_INPUTS + "test_load_dataset_missing_files"),
    Case("folder-two-coverage-files", "dataset", "any", "two coverage files in one folder",
         "`coverage.csv` and `coverage.txt`", _FILE + " (`lebih dari satu berkas: ...`)", HERE,
         _folder({"coverage.csv": COV + "35.22;2025-06;PU;APBD;5\n",
                  "coverage.txt": COV + "35.22;2025-06;PU;APBD;5\n", "workforce.csv": _WF}),
         (None, None, "lebih dari satu berkas")),
    Case("population-without-total", "dataset", "csv", "population without a kabupaten total",
         "`penduduk.csv`, no workforce row for 35.22",
         _FILE + " (`penduduk 15+ tanpa total pekerja kabupaten`)", HERE,
         _folder({"coverage.csv": COV + "35.22.01;2025-06;PU;APBD;5\n",
                  "penduduk.csv": _POP_FULL}),
         (None, None, "tanpa total pekerja kabupaten")),
    Case("population-as-workforce", "workforce", "csv", "a population file given as workforce "
         "without the kabupaten total", "`load_workforce(penduduk.csv)`",
         _FILE + " (`berkas berisi penduduk 15+, bukan jumlah pekerja`)", HERE,
         _text("penduduk.csv", _POP_FULL), (None, None, "bukan jumlah pekerja")),
    Case("participants-above-workforce", "dataset", "csv", "participants above employed persons",
         "30.000 + 10.001 > 40.000", _CELL + " (`peserta aktif ... lebih besar dari pekerja`)",
         _T_INPUTS + "test_participants_greater_than_workforce"),
    Case("all-at-once", "coverage", "csv", "several problems in one file",
         "five bad cells", "exit 3; every problem listed (up to 10 in the message, all in "
         "`ucj validate`)", _T_INPUTS + "test_all_problems_are_returned_at_once"),
    # ------------------------------------------------------------------ participant records
    Case("participants-bad-cells", "participants", "csv", "missing column; unknown segmen/"
         "pendanaan/status; tgl_mulai not a date; tgl_berhenti before tgl_mulai",
         "`APBN`, `kemarin`, `hidup`", _PERSONAL, _T_PART + "test_bad_participant_inputs"),
    Case("participants-end-not-date", "participants", "csv", "tgl_berhenti not a date",
         "`kemarin`", _PERSONAL + " (`tgl_berhenti bukan tanggal`)", HERE,
         _text("p.csv", PAR.strip() + ";tgl_berhenti\n"
               "3522010101800001;35.22.16.2017;BPU;APBD;2024-01-01;aktif;kemarin\n"),
         (2, "tgl_berhenti", "bukan tanggal")),
    Case("participants-future-start", "participants", "csv", "tgl_mulai in the future",
         "`2099-01-01`", _PERSONAL + " (`tgl_mulai di masa depan`)",
         _T_RULES + "test_future_start_date_is_a_problem_and_never_a_month"),
    Case("participants-codes", "participants", "csv", "unknown code, code outside the "
         "kabupaten, no region", "`35.99.16.2017`, `35.21.01.2001`, empty",
         _PERSONAL + " (`kode wilayah tidak dikenal`, `kode di luar wilayah 35.22`, "
         "`wilayah kosong`)", HERE,
         _text("p.csv", PAR + "3522010101800001;35.99.16.2017;BPU;APBD;2024-01-01;aktif\n"
               "3522010101800002;35.21.01.2001;BPU;APBD;2024-01-01;aktif\n"
               "3522010101800003;;BPU;APBD;2024-01-01;aktif\n"),
         (2, "kode_desa", "kode wilayah tidak dikenal")),
    Case("participants-no-rows", "participants", "csv", "participant file with a header only",
         "header line", _FILE + " (`tidak ada baris data`)", HERE, _text("p.csv", PAR),
         (None, None, "tidak ada baris data")),
    Case("participants-corrupt", "participants", "parquet", "broken participant file",
         "`PAR1garbagePAR1`", _FILE + " (`berkas tidak bisa dibaca (...)`; never the line)",
         HERE, _parquet("p.parquet", b"PAR1" + b"garbage" * 10 + b"PAR1"),
         (None, None, "tidak bisa dibaca")),
    Case("participants-reader-error", "participants", "csv", "DuckDB reader error quoting a line",
         "`Original Line: <NIK>;<name>`", _FILE + " (line number only)",
         _T_PART + "test_reader_errors_do_not_quote_the_line"),
    Case("participants-unmatched", "participants", "csv", "unmatched kecamatan/desa names",
         "`Desa Tidak Ada`", _PERSONAL + " (official names only)",
         _T_PART + "test_unmatched_names_fail_or_are_excluded"),
    Case("participants-period-argument", "participants", "any", "a requested month that is "
         "not a month or in the future", "`periods='2099-01'`, `'bukan bulan'`",
         "exit 2; `Nilai periode tidak valid: ...`",
         _T_RULES + "test_load_dataset_periods_for_a_participants_folder"),
    Case("participants-invalid-nik", "participants", "csv", "NIK not 16 digits (not an error)",
         "15 or 17 digits", "exit 0; a note: `N baris dengan NIK tidak valid`, row numbers only",
         _T_PART + "test_hand_computed_counts"),
]

NEW = [c for c in CASES if c.test == HERE]


def _row(c: Case) -> str:
    test = f"`{c.test}[{c.id}]`" if c.test == HERE else f"`{c.test}`"
    cells = [c.id, c.kind, c.fmt, c.case, c.example, c.sees, test]
    if c.xfail:
        cells[-1] += " (xfail: bug, see below)"
    return "| " + " | ".join(x.replace("|", "\\|") for x in cells) + " |"


def markdown_table() -> str:
    """The table of data/BAD_INPUT.md, generated from ``CASES``."""
    head = ("| id | input | format | case | example | what the user sees | test |\n"
            "|---|---|---|---|---|---|---|\n")
    return head + "\n".join(_row(c) for c in CASES) + "\n"


def _doc_table(text: str) -> str:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| id | input"))
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[start:end]) + "\n"


# ---------------------------------------------------------------------------------- tests

def test_doc_matches_the_table():
    assert _doc_table(DOC.read_text(encoding="utf-8")) == markdown_table(), \
        "regenerate: .venv/bin/python tests/test_bad_input_table.py"


def test_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("ref", sorted({c.test for c in CASES if c.test != HERE}))
def test_referenced_tests_exist(ref):
    path, name = ref.split("::")
    src = (ROOT / path).read_text(encoding="utf-8")
    assert re.search(rf"^def {re.escape(name)}\(", src, re.M), ref


def _library(case: Case, path: Path):
    """The problems the library reports for ``path`` (raising for a folder)."""
    from ucjlib.errors import InputValidationError
    from ucjlib.inputs.loaders import load_dataset, load_workforce, validate_file

    if case.kind == "dataset":
        with pytest.raises(InputValidationError) as e:
            load_dataset(path, "35.22")
        return e.value.problems
    if case.id == "population-as-workforce":
        with pytest.raises(InputValidationError) as e:
            load_workforce(path, "35.22")
        return e.value.problems
    sheet = "Data" if case.id == "xlsx-missing-sheet" else None
    try:
        return validate_file(path, case.kind, "35.22", sheet=sheet)
    except InputValidationError as exc:  # see test_validate_file_returns_the_problems
        return exc.problems


def _cli_args(case: Case, path: Path) -> list[str]:
    if case.kind == "dataset":
        return ["coverage", "35.22", "--data", str(path)]
    if case.id == "population-as-workforce":
        return ["coverage", "35.22", "--data", str(path.parent)]
    args = ["validate", str(path), "--kind", case.kind, "--kabupaten", "35.22"]
    return args + (["--sheet", "Data"] if case.id == "xlsx-missing-sheet" else [])


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.xfail)]
                 if c.xfail else []) for c in NEW])
def test_case(tmp_path, capsys, case):
    from ucjlib.cli import main

    path = case.make(tmp_path)
    problems = _library(case, path)
    row, column, fragment = case.want
    assert problems, "no problem reported"
    hits = [p for p in problems if fragment in p.message + " " + (p.expected or "")]
    assert hits, [str(p) for p in problems]
    first = hits[0]
    assert (first.row, first.column) == (row, column), str(first)
    assert str(path) in first.file or str(path.parent) in first.file or first.file in str(path)
    # the same through the command: exit 3, one paragraph, no traceback
    capsys.readouterr()
    if case.id == "population-as-workforce":
        (path.parent / "coverage.csv").write_text(COV + "35.22.01;2025-06;PU;APBD;5\n")
        path.rename(path.parent / "workforce.csv")  # population named as the denominator
    rc = main(_cli_args(case, path))
    out, err = capsys.readouterr()
    assert rc == 3, (rc, out, err)
    assert err.startswith("Kesalahan"), err
    assert "Traceback" not in out + err and "internal" not in err
    assert fragment in out + err, (out, err)


def test_validate_file_returns_the_problems_of_a_corrupt_coverage_parquet(tmp_path):
    from ucjlib.inputs.loaders import validate_file

    p = _parquet("c.parquet", b"PAR1" + b"garbage" * 10 + b"PAR1")(tmp_path)
    (problem,) = validate_file(p, "coverage")
    assert "tidak bisa dibaca" in problem.message


if __name__ == "__main__":  # pragma: no cover - regenerates the doc table
    print(markdown_table(), end="")
