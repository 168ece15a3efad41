"""The two engines of the coverage check say the same (issue 18: one rule written once).

The same broken CSV goes through the columnar check (DuckDB,
:mod:`ucjlib.inputs.columnar`) and through the general pandas path
(:func:`ucjlib.inputs.validation.check_table` with the columnar check turned
off); both take their messages from :mod:`ucjlib.inputs.table_rules`, so the
problem lists (row, column, message, expected) are equal.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ucjlib.inputs import columnar
from ucjlib.inputs import values as values_mod
from ucjlib.inputs.table_rules import coverage_rule
from ucjlib.inputs.validation import check_table

HEAD = "kode;periode;segmen;pendanaan;peserta_aktif"

CASES = {
    "empty code": ["35.22.01;2025-01;PU;APBD;5", ";2025-01;PU;APBD;5"],
    "unknown code": ["35.22.01;2025-01;PU;APBD;5", "35.22.99;2025-01;PU;APBD;5"],
    "outside": ["35.22.01;2025-01;PU;APBD;5", "35.21.01;2025-01;PU;APBD;5"],
    "empty cells": ["35.22.01;;PU;APBD;5", "35.22.02;2025-01;;APBD;5",
                    "35.22.03;2025-01;PU;;5", "35.22.04;2025-01;PU;APBD;"],
    "unknown categories": ["35.22.01;2025-01;XYZ;APBD;5", "35.22.02;2025-01;PU;QQ;5"],
    "counts": ["35.22.01;2025-01;PU;APBD;-3", "35.22.02;2025-01;PU;APBD;abc",
               "35.22.03;2025-01;PU;APBD;1.5", "35.22.04;2025-01;PU;APBD;12e3",
               "35.22.05;2025-01;PU;APBD;999999999999"],
    "months": ["35.22.01;2025-13;PU;APBD;5", "35.22.02;2099-01;PU;APBD;5",
               "35.22.03;2024.1;PU;APBD;5", "35.22.04;15/01/25;PU;APBD;5",
               "35.22.05;1900-01;PU;APBD;5", "35.22.06;Juni;PU;APBD;5",
               "35.22.07;2025;PU;APBD;5"],
    "excel errors": ["35.22.01;#N/A;PU;APBD;5", "35.22.02;2025-01;#REF!;APBD;5",
                     "35.22.03;2025-01;PU;APBD;#VALUE!"],
    "duplicate key": ["35.22.01;2025-01;PU;APBD;5", "35.22.02;2025-01;PU;APBD;6",
                      "35.22.01;2025-01;PU;APBD;7", "35.22.01;2025-01;PU;APBD;8"],
    "demo mixed": None,
    "several": ["35.22.01;2025-01;PU;APBD;5", ";2025-01;PU;APBD;5",
                "35.22.99;2025-13;XYZ;QQ;-1", "35.21.01;2099-01;;;abc"],
}


@pytest.fixture(autouse=True)
def run_date(monkeypatch):
    """Pretend today is 15 July 2025."""
    monkeypatch.setattr(values_mod, "today", lambda: dt.date(2025, 7, 15))


def _file(tmp_path, name):
    rows = CASES[name]
    head = HEAD
    if rows is None:  # a demo label on some rows only
        head += ";label_data"
        rows = ["35.22.01;2025-01;PU;APBD;5;data demo (sintetis)",
                "35.22.02;2025-01;PU;APBD;5;", "35.22.03;2025-01;PU;APBD;5;"]
    p = tmp_path / "c.csv"
    p.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return p


def _run(path, pandas, monkeypatch):
    with monkeypatch.context() as m:
        if pandas:
            m.setattr(columnar, "check_coverage_columnar", lambda *a, **k: None)
        table, problems, _ = check_table(path, "coverage", "35.22", False)
    assert table is None
    return [(p.row, p.column, p.message, p.expected) for p in problems]


@pytest.mark.parametrize("name", list(CASES))
def test_engines_give_the_same_problems(tmp_path, monkeypatch, name):
    path = _file(tmp_path, name)
    duck = _run(path, False, monkeypatch)
    general = _run(path, True, monkeypatch)
    assert duck and duck == general


def test_the_engines_take_the_shared_messages(tmp_path, monkeypatch):
    path = _file(tmp_path, "several")
    got = _run(path, False, monkeypatch)
    kab = "35.22"
    assert (3, "kode", coverage_rule("kode", "empty", kab).message,
            coverage_rule("kode", "empty", kab).expected) in got
    unknown = coverage_rule("kode", "unknown", kab)
    assert (4, "kode", unknown.text("35.22.99"), unknown.expected) in got
    # the code outside the kabupaten is named in both engines (a code is never personal)
    outside = coverage_rule("kode", "outside", kab)
    assert (5, "kode", "kode 35.21.01 tidak berada di wilayah 35.22", outside.expected) in got
    assert outside.text("35.21.01") == "kode 35.21.01 tidak berada di wilayah 35.22"
    assert (5, "segmen", "sel kosong", coverage_rule("segmen", "empty", kab).expected) in got
    future = coverage_rule("periode", "future", kab)
    assert future.expected == "bulan sampai 2025-07 (bulan berjalan)"


def test_demo_mix_counts_are_written_alike(tmp_path, monkeypatch):
    """Counts in the demo-mix message use thousands separators in both engines.

    The columnar check used to write ``1200`` where pandas wrote ``1.200``;
    the one message of :func:`ucjlib.inputs.table_rules.mixed_rows_problem` is now used by both.
    """
    rows = ["35.22.01;2025-01;PU;APBD;5;data demo (sintetis)"]
    rows += [f"35.22.{1 + k:02d};{2020 + m // 12}-{m % 12 + 1:02d};BPU;APBD;5;"
             for k in range(20) for m in range(60)]
    p = tmp_path / "c.csv"
    p.write_text("\n".join([HEAD + ";label_data", *rows]) + "\n", encoding="utf-8")
    duck = _run(p, False, monkeypatch)
    assert duck == _run(p, True, monkeypatch)
    assert "1.200 baris tanpa label demo, 1 dengan" in duck[0][2]


def test_duplicate_keys_next_to_cell_problems_differ_on_purpose(tmp_path, monkeypatch):
    """Where the engines differ on purpose: duplicate keys beside cell problems.

    The columnar check looks for duplicate keys on the packed key table, which
    it builds only from a file without cell problems; the pandas path lists
    duplicates among rows whose key cells are valid at the same time. The
    cell problems themselves are the same.
    """
    rows = ["35.22.01;2025-01;PU;APBD;5", "35.22.01;2025-01;PU;APBD;6",
            "35.22.02;2025-01;PU;APBD;-1"]
    p = tmp_path / "c.csv"
    p.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    duck = _run(p, False, monkeypatch)
    general = _run(p, True, monkeypatch)
    assert [x for x in general if x[1] is not None] == duck
    assert [x[0] for x in general if x[1] is None] == [3]  # kunci ganda
