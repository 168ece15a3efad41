"""Status values are language-neutral; every output says them in its language (issue 18)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ucjlib.coverage import STATUSES, analyze_coverage, status_of, status_text
from ucjlib.render.csvout import coverage_tables
from ucjlib.render.narrative import format_table
from ucjlib.render.tables import to_csv
from ucjlib.smallcells import suppress_small_cells
from ucjlib.text import catalogue, say

PACKAGE = Path(__file__).resolve().parents[1] / "ucjlib"
ENGLISH = {say(c, "en", threshold=10) for c in catalogue() if c.startswith("status.")}


@pytest.mark.parametrize("code", sorted(c for c in catalogue() if c.startswith("status.")))
def test_every_status_entry_is_said_in_english_from_its_value(code):
    value = say(code, "id", threshold=7)
    assert status_text(value, "en") == say(code, "en", threshold=7)
    assert status_text(value, "id") == value


def test_the_rule_and_unknown_values():
    assert status_of(0.6, 0.6) == STATUSES[0] and status_of(0.5, 0.6) == STATUSES[1]
    assert status_of(float("nan"), 0.6) == STATUSES[3]
    assert status_text("teks pengguna", "en") == "teks pengguna"


def test_analysis_table_is_the_same_in_both_languages(toy_dataset):
    ids = analyze_coverage(toy_dataset, level="desa", target=0.6).table
    ens = analyze_coverage(toy_dataset, level="desa", target=0.6, lang="en")
    assert ens.table["status"].tolist() == ids["status"].tolist()
    assert set(ids["status"]) <= set(STATUSES)
    rows = ens.to_dict()["rows"]
    assert {r["status"] for r in rows} <= ENGLISH
    assert ens.figures()["status"] in ENGLISH
    assert set(format_table(ens.table, "en")["Status"]) <= ENGLISH


def test_suppressed_statuses_are_said_in_english(toy_dataset):
    r = analyze_coverage(toy_dataset, level="desa", target=0.6, lang="en")
    t = r.table.copy()
    s = suppress_small_cells(r, 10_000)  # every count is small: primary and complementary
    assert s.suppressed.hidden
    assert not set(s.table["status"]) & ENGLISH  # the table stays neutral
    english = {say(c, "en", threshold=10_000) for c in catalogue() if c.startswith("status.")}
    shown = set(coverage_tables(s, "en")[0].frame["status"])
    assert shown <= english and "suppressed (<10000)" in shown
    assert "suppressed (<10000)" in to_csv(s)
    assert t["status"].tolist() == r.table["status"].tolist()


def test_no_status_translation_table_or_private_wording_helper_is_left():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert "STATUS_EN" not in names, path
        if path.name == "smallcells.py":
            assert "_t" not in names
