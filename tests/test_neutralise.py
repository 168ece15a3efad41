"""Text from user files is neutralised in CSV/XLSX, escaped in HTML, cleaned for the terminal.

Issue 17, items 5 and 6: scenario names such as ``<script>…</script>`` or
``=HYPERLINK(...)`` reach every output of a projection; ``--seed -1`` is an argument
error (exit 2), not an internal error (exit 70).
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest

import ucjlib
from ucjlib.cli import main
from ucjlib.render.safe import (
    HtmlSafeFrame,
    assert_no_formulas,
    cell_text,
    html_frame,
    html_text,
    neutral_frame,
    neutralise_workbook,
    terminal_text,
)

NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?%?")
BAD_NAMES = ["<script>alert(1)</script>", '=HYPERLINK("http://x","y")', "@SUM(A1)", "-2+3",
             "+cmd|' /C calc'!A0", "Merah\x1b[31m\x1b]0;judul\x07 \x00\x9b2J"]


# --- the three rules -----------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                                  '=HYPERLINK("http://x","y")', "  =1+1", "-", "+",
                                  "\uff1d1+1", "-1-1", "--1", "+62 812 3456"])
def test_cell_text_quotes_formula_starts(text):
    out = cell_text(text)
    assert out.startswith("'")
    assert out[1:] == text.replace("\r", "\r")  # nothing else changed


@pytest.mark.parametrize("text", ["-0,5", "-1.234", "-1.234,56", "+5", "-1e5", "-12%", "0",
                                  "42,29", "Kapas", "35.22", "a=b", "", "dasar"])
def test_cell_text_keeps_numbers_and_plain_text(text):
    assert cell_text(text) == text


@pytest.mark.parametrize("value", [-3, -0.5, 0, 1.5, None, True])
def test_cell_text_leaves_non_text(value):
    assert cell_text(value) is value or cell_text(value) == value


def test_cell_text_removes_control_characters():
    assert cell_text("Nga\x00wi\x07\x1b\x7f\x85") == "Ngawi"
    assert cell_text("\x00=1+1") == "'=1+1"        # removed first, then checked
    assert cell_text("baris 1\nbaris 2") == "baris 1\nbaris 2"


def test_cell_text_is_idempotent():
    for t in BAD_NAMES + ["-0,5", "=1"]:
        assert cell_text(cell_text(t)) == cell_text(t)


def test_html_text():
    assert html_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert html_text("a'b\"c&") == "a&#x27;b&quot;c&amp;"
    assert html_text(None) == ""
    assert html_text(3) == "3"


@pytest.mark.parametrize("text,expected", [
    ("\x1b[31mmerah\x1b[0m", "merah"),
    ("\x1b]0;judul jendela\x07nama", "nama"),
    ("\x1b]8;;http://x\x1b\\tautan\x1b]8;;\x1b\\", "tautan"),
    ("a\x08b\rc\x00d\x7fe\x85f\x9b2Jg", "abcdefg"),
    ("\u202eabc", "abc"),
    ("baris\n\tkedua", "baris\n\tkedua"),
    ("\x1bc\x1b7ok", "ok"),
])
def test_terminal_text(text, expected):
    assert terminal_text(text) == expected


def test_neutral_frame_keeps_numbers_as_numbers():
    df = pd.DataFrame({"nama": ["=1+1", "A", None], "n": [-1, 2, 3], "x": [-0.5, 1.0, 2.0]})
    out = neutral_frame(df)
    assert out["nama"].tolist()[:2] == ["'=1+1", "A"]
    assert out["n"].dtype == df["n"].dtype and out["x"].tolist() == [-0.5, 1.0, 2.0]
    assert df["nama"].iloc[0] == "=1+1"            # the input is not changed


def test_neutralise_workbook_leaves_no_formula():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "=HYPERLINK(\"http://x\",\"y\")"
    ws["A2"] = "@SUM(A1)"
    ws["A3"] = -2
    assert ws["A1"].data_type == "f"
    with pytest.raises(AssertionError):
        assert_no_formulas(wb)
    neutralise_workbook(wb)
    assert_no_formulas(wb)
    assert ws["A1"].value == "'=HYPERLINK(\"http://x\",\"y\")"
    assert ws["A3"].value == -2


def test_html_safe_frame_styler_escapes():
    t = html_frame(pd.DataFrame({"Skenario": ["<script>alert(1)</script>"], "n": [1.5]}))
    assert isinstance(t, HtmlSafeFrame)
    for html in (t.style.to_html(), t.style.hide(axis="index").to_html(),
                 t.style.format(precision=1).to_html(), t.to_html(), t._repr_html_(),
                 t.copy().style.to_html(), t.head(1).style.to_html()):
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
    # the text itself is unchanged (the terminal prints it through terminal_text)
    assert t.iloc[0, 0] == "<script>alert(1)</script>"


# --- a projection with hostile scenario names ----------------------------------------

@pytest.fixture(scope="module")
def hostile():
    from ucjlib.projection import Scenario, project

    ds = ucjlib.open_dataset(ucjlib.resolve_region("35.22"))
    return project(ds, scenario=[Scenario(n) for n in BAD_NAMES], draws=100)


def _check_csv_cells(text: str, delimiter: str) -> int:
    """Assert no cell of a CSV text would start a formula; return the rows read."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    for row in rows:
        for cell in row:
            lead = cell.lstrip(" ")
            if lead and lead[0] in "=+-@\t\r":
                assert NUMBER.fullmatch(lead), f"formula-like cell {cell!r}"
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", cell), repr(cell)
    return len(rows)


def test_scenario_names_reach_the_result(hostile):
    names = set(hostile.scenarios["skenario"])
    assert {"<script>alert(1)</script>", "@SUM(A1)", "-2+3"} <= names


def test_projection_csv_tables_neutralised(hostile, tmp_path):
    from ucjlib.render.csvout import csv_text, projection_tables, write_csv

    tables = projection_tables(hostile)
    seen = ""
    for i, t in enumerate(tables):
        for locale, sep in (("id", ";"), ("en", ",")):
            path = write_csv(t, tmp_path / f"{i}-{locale}.csv", locale=locale,
                             label=hostile.label)
            text = path.read_text(encoding="utf-8-sig")
            _check_csv_cells(text, sep)
            seen += text
        assert csv_text(t, "id") == write_csv(t, tmp_path / "x.csv").read_bytes().decode(
            "utf-8-sig")
    assert "'=HYPERLINK" in seen and "'@SUM(A1)" in seen and "'-2+3" in seen


@pytest.mark.parametrize("table", ["alokasi", "jalur", "skenario", "uji-balik"])
def test_project_command_csv_neutralised(hostile, table):
    from ucjlib.commands.project import to_csv

    text = to_csv(hostile, table)
    assert _check_csv_cells(text, ",") > 1
    if table == "skenario":
        assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'-2+3" in text
        assert "<script>alert(1)</script>" in text   # CSV is not HTML: kept as text


def test_projection_workbook_has_no_formulas(hostile, tmp_path):
    from openpyxl import load_workbook

    from ucjlib.render.csvout import projection_tables
    from ucjlib.render.workbook import write_target_sheets, write_workbook

    for path in (write_workbook(projection_tables(hostile), tmp_path / "r.xlsx",
                                title="=1+1 <b>", about=["-2+3", "@x", "Nama\x1b[31m"],
                                label=hostile.label, projection=hostile),
                 write_target_sheets(hostile, tmp_path / "t.xlsx")):
        wb = load_workbook(path)
        assert_no_formulas(wb)
        texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str)]
        for v in texts:
            lead = v.lstrip(" ")
            if lead and lead[0] in "=+-@":
                assert NUMBER.fullmatch(lead), v
            assert "\x1b" not in v
        if path.name == "r.xlsx":
            assert "'=HYPERLINK(\"http://x\",\"y\")" in texts
            assert "'@SUM(A1)" in texts and "'-2+3" in texts


def test_project_command_xlsx_has_no_formulas(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    assert main(["project", "35.22", "--format", "xlsx", "--out", str(out),
                 "--draws", "50"]) == 0
    assert_no_formulas(load_workbook(out))


def test_scenario_table_html_escaped(hostile):
    from ucjlib.render import projection as rp

    for t in (rp.scenario_table(hostile), rp.pace_table(hostile), rp.backtest_table(hostile),
              rp.allocation_display(hostile)):
        assert isinstance(t, HtmlSafeFrame)
    html = rp.scenario_table(hostile).style.hide(axis="index").to_html()
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    assert "<script>" not in rp.scenario_table(hostile).to_html()


def test_notebook_display_frames_are_html_safe():
    from ucjlib.budget import estimate_budget
    from ucjlib.coverage import analyze_coverage
    from ucjlib.demo.generate import demo_dataset
    from ucjlib.render import budget as rb
    from ucjlib.render import narrative

    ds = demo_dataset("35.22")
    cov = analyze_coverage(ds)
    table = cov.table.copy()
    table.loc[table.index[0], "nama"] = "<img src=x onerror=alert(1)>"
    shown = narrative.format_table(table, cov.lang)
    assert isinstance(shown, HtmlSafeFrame)
    assert "<img" not in shown.style.hide(axis="index").to_html()
    b = estimate_budget(157_058, draws=100)
    assert isinstance(rb.format_yearly(b), HtmlSafeFrame)
    assert isinstance(rb.sensitivity_display(b), HtmlSafeFrame)


def test_terminal_print_has_no_escape_sequences(hostile, capsys):
    from ucjlib.commands.project import print_projection

    print_projection(hostile)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "@SUM(A1)" in out and "Merah" in out


# --- item 6: --seed -1 is an argument error ------------------------------------------

@pytest.mark.parametrize("argv", [
    ["project", "35.22", "--seed", "-1"],
    ["budget", "35.22", "--seed", "-1"],
    ["demo", "--kabupaten", "35.22", "--seed", "-1"],
    ["project", "35.22", "--seed", str(2**32)],
])
def test_negative_seed_is_argument_error(argv, tmp_path, capsys):
    if argv[0] == "demo":
        argv = [*argv, "--out", str(tmp_path / "demo")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--seed" in err and "4294967295" in err
    assert "internal" not in err.lower() and "Traceback" not in err
    assert not (tmp_path / "demo").exists()


def test_largest_seed_is_accepted(capsys):
    assert main(["project", "35.22", "--seed", str(2**32 - 1), "--draws", "20",
                 "--format", "json"]) == 0


def test_the_rules_table_of_a_budget_is_escaped_in_html():
    import dataclasses

    from ucjlib.budget import estimate_budget
    from ucjlib.render.budget import rules_table

    b = estimate_budget(100, start="2026-01", draws=100, sensitivity=False)
    used = b.rules_used.copy()
    used["parameter"] = "<script>alert(1)</script>"
    html = rules_table(dataclasses.replace(b, rules_used=used)).style.to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
