"""``ucj --help`` in English (issue 18): every text translated, the language chosen once.

The English help of every command and option is in ``data/text/cli.yml``
(:mod:`ucjlib.commands.help`); these tests fail when an option has no English, when the
Indonesian help changed after it was translated, or when the language is not the one the
command line (``--lang``) or ``UCJ_LANG`` asks for.
"""

from __future__ import annotations

import pytest
import typer.main
from conftest import run_cli

from ucjlib.cli import app
from ucjlib.commands.help import (
    COMMAND_ALIASES,
    VALUE_ALIASES,
    env_lang,
    help_key,
    requested_lang,
    walk,
)
from ucjlib.errors import ArgumentError
from ucjlib.text import catalogue


def _entries() -> list[tuple[str, str]]:
    """Return (catalogue code, Indonesian source text) of every command and shown parameter."""
    out = []
    for path, command in walk(typer.main.get_command(app)):
        out.append((help_key(path), command.help or ""))
        out += [(help_key(path, p), p.help or "") for p in command.params
                if not getattr(p, "hidden", False)]
    return out


def _flat(text: str) -> str:
    return " ".join(text.replace("\b", " ").replace("\\b", " ").split())


def test_every_command_and_option_has_an_english_help():
    missing = [code for code, _ in _entries() if code not in catalogue()]
    assert not missing, ("add the English help to data/text/cli.yml (id: the Indonesian "
                         f"help as written, en: its English): {missing}")


def test_no_english_help_is_left_over():
    used = {code for code, _ in _entries()}
    unused = [c for c in catalogue() if c.startswith("cli.") and not c.startswith(
        ("cli.word.", "cli.help_option")) and c not in used]
    assert not unused, f"data/text/cli.yml: no such command or option: {unused}"


def test_the_english_translates_the_current_indonesian():
    stale = {code: source for code, source in _entries()
             if code in catalogue() and _flat(catalogue()[code]["id"]) != _flat(source)}
    assert not stale, ("the Indonesian help changed: translate the English again and copy "
                       f"the new Indonesian into `id` in data/text/cli.yml: {stale}")


@pytest.mark.parametrize("path", [p for p, _ in walk(typer.main.get_command(app))],
                         ids=lambda p: " ".join(p) or "ucj")
def test_every_command_takes_help_in_english(path, tmp_path):
    res = run_cli([*path, "--help", "--lang", "en"], cwd=tmp_path, env={"UCJ_LANG": None})
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Usage: ") and "Options:" in res.stdout
    assert "Show this message and exit." in res.stdout
    assert catalogue()[help_key(path)]["en"].splitlines()[0][:40] in res.stdout


def test_the_indonesian_help_says_clicks_words_in_indonesian(tmp_path):
    res = run_cli(["report", "--help"], cwd=tmp_path, env={"UCJ_LANG": None})
    out = res.stdout
    assert out.startswith("Penggunaan: ucj report")
    assert "Opsi:" in out and "Argumen:" in out and "Tampilkan bantuan ini lalu keluar." in out
    assert "[bawaan: reports]" in out
    assert "--skenario" in out and "Usage" not in out and "default:" not in out
    english = run_cli(["report", "--help", "--lang", "en"], cwd=tmp_path).stdout
    assert "[default: reports]" in english
    # the kabupaten of `ucj report` is optional (--provinsi): `ucj project` requires its own
    assert "[wajib]" in run_cli(["project", "--help"], cwd=tmp_path, env={"UCJ_LANG": None}).stdout
    assert "[required]" in run_cli(["project", "--help", "--lang", "en"], cwd=tmp_path).stdout
    assert "--scenario" in english and "--skenario" not in english  # still accepted


def test_regions_is_the_english_name_of_wilayah(tmp_path):
    indonesian = run_cli(["--help"], cwd=tmp_path, env={"UCJ_LANG": None}).stdout
    english = run_cli(["--help"], cwd=tmp_path, env={"UCJ_LANG": "en"}).stdout
    assert "  wilayah " in indonesian and "  regions " not in indonesian
    assert "  regions " in english and "  wilayah " not in english
    assert COMMAND_ALIASES == {"regions": "wilayah"}
    a = run_cli(["regions", "show", "35.22"], cwd=tmp_path)
    b = run_cli(["wilayah", "show", "35.22"], cwd=tmp_path)
    assert a.returncode == b.returncode == 0 and a.stdout == b.stdout


def test_english_table_names_are_names_the_commands_take():
    from ucjlib.commands import budget, project

    tables = {"project": project.TABLES, "budget": budget.TABLES}
    for (command, param), aliases in VALUE_ALIASES.items():
        assert param == "table"
        assert set(aliases.values()) <= set(tables[command]), command


@pytest.mark.parametrize("value,lang", [("en", "en"), ("EN", "en"), ("en_US.UTF-8", "en"),
                                        ("id_ID", "id"), ("", None), (None, None)])
def test_ucj_lang_values(value, lang):
    assert env_lang({} if value is None else {"UCJ_LANG": value}) == lang


def test_an_unknown_ucj_lang_is_refused_with_exit_code_2(tmp_path):
    with pytest.raises(ArgumentError):
        env_lang({"UCJ_LANG": "fr"})
    res = run_cli(["--help"], cwd=tmp_path, env={"UCJ_LANG": "fr"})
    assert res.returncode == 2 and res.stdout == ""
    assert "UCJ_LANG" in res.stderr and "'fr'" in res.stderr and "Traceback" not in res.stderr
    res = run_cli(["wilayah", "show", "35.22", "--lang", "en"], cwd=tmp_path,
                  env={"UCJ_LANG": "fr"})
    assert res.returncode == 2, "a wrong UCJ_LANG is said even when --lang is given"


def test_the_last_lang_of_the_command_line_wins_over_ucj_lang():
    assert requested_lang(["coverage", "--lang", "en", "--lang=id"], {"UCJ_LANG": "en"}) == "id"
    assert requested_lang(["coverage", "--lang", "xx"], {"UCJ_LANG": "en"}) == "en"
    assert requested_lang(["coverage", "--", "--lang", "en"], {}) == "id"


@pytest.mark.parametrize("args,env", [
    (["coverage", "Bojonegoro"], {"UCJ_LANG": "en"}),          # UCJ_LANG: --lang defaults to en
    (["--lang", "en", "coverage", "Bojonegoro"], {"UCJ_LANG": None}),  # the top-level --lang
    (["coverage", "Bojonegoro", "--lang", "en"], {"UCJ_LANG": "id"}),
])
def test_ucj_lang_or_the_top_level_lang_is_the_default_of_lang(args, env, tmp_path):
    res = run_cli(args, cwd=tmp_path, env=env)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("UCJ coverage by district")


def test_an_explicit_lang_id_wins_over_ucj_lang(tmp_path):
    res = run_cli(["coverage", "Bojonegoro", "--lang", "id"], cwd=tmp_path, env={"UCJ_LANG": "en"})
    assert res.returncode == 0 and "coverage by district" not in res.stdout


def test_a_wrong_top_level_lang_is_a_usage_error(tmp_path):
    res = run_cli(["--lang", "fr", "wilayah", "show", "35.22"], cwd=tmp_path)
    assert res.returncode == 2 and "--lang" in res.stderr and res.stdout == ""


def test_commands_without_an_output_language_take_lang_for_their_help(tmp_path):
    res = run_cli(["wilayah", "--lang", "en", "show", "35.22", "--lang=en"], cwd=tmp_path)
    assert res.returncode == 0 and res.stdout.startswith("35.22 ")


@pytest.mark.parametrize("args,env", [(["coverage", "Bojonegoro", "--bogus", "--lang", "en"], {}),
                                      (["wilayah", "fnd", "x"], {"UCJ_LANG": "en"})])
def test_a_usage_error_is_english_in_english(args, env, tmp_path):
    res = run_cli(args, cwd=tmp_path, env=env)
    assert res.returncode == 2 and res.stderr.startswith("Error: ")
    assert "See `ucj " in res.stderr and "Kesalahan" not in res.stderr
    indonesian = run_cli(args[:3], cwd=tmp_path, env={"UCJ_LANG": None})
    assert indonesian.returncode == 2 and indonesian.stderr.startswith("Kesalahan: ")
