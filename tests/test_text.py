"""The text catalogue (issue 18): one place for every word, both languages complete."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from ucjlib.report.store import load_results, save_results
from ucjlib.text import CATALOGUE_DIR, Note, catalogue, render_notes, say

PACKAGE = Path(__file__).resolve().parents[1] / "ucjlib"


def _fields(template: str) -> set[tuple[str, str]]:
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template)
            if name is not None}


def test_every_entry_has_both_languages_with_the_same_placeholders():
    bad = {code: (_fields(e["id"]), _fields(e["en"])) for code, e in catalogue().items()
           if _fields(e["id"]) != _fields(e["en"])}
    assert not bad, f"placeholders differ between id and en in {CATALOGUE_DIR}: {bad}"
    empty = [code for code, e in catalogue().items() if not e["id"].strip() or not e["en"].strip()]
    assert not empty


def _codes_used() -> dict[str, str]:
    """Return literal codes passed to Note(...) or say(...) anywhere in ucjlib -> file."""
    used = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("Note", "say"):
                    used[node.args[0].value] = str(path.relative_to(PACKAGE.parent))
    return used


def test_every_code_the_package_uses_is_in_the_catalogue():
    missing = {code: where for code, where in _codes_used().items() if code not in catalogue()}
    assert not missing, f"codes used but not in {CATALOGUE_DIR}: {missing}"


def test_placeholders_render_in_each_language():
    assert say("level.kecamatan", "en") == "district"
    note = Note("demo.synthetic")
    assert str(note) == catalogue()["demo.synthetic"]["id"]
    assert note.text("en") != note.text("id")
    with pytest.raises(KeyError):
        Note("no.such.code")
    with pytest.raises(ValueError):
        say("level.desa", "fr")


def test_notes_render_once_each_and_user_text_stays():
    notes = [Note("demo.synthetic"), "teks pengguna", Note("demo.synthetic")]
    assert render_notes(notes, "en") == [Note("demo.synthetic").text("en"), "teks pengguna"]


def test_a_note_survives_the_results_store(tmp_path):
    note = Note("demo.synthetic")
    save_results({"n": note}, tmp_path)
    assert load_results(tmp_path)["n"] == note


def test_catalogue_codes_are_dotted_lowercase():
    bad = [c for c in catalogue() if not re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", c)]
    assert not bad
