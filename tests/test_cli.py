"""The `ucj` command: help, exit codes and the wilayah group."""

import json
import subprocess
import sys

import pytest
from conftest import run_cli, ucj_env


def run(args):
    res = run_cli(args)
    return res.returncode, res.stdout, res.stderr


def test_help_lists_commands():
    code, out, _ = run(["--help"])
    assert code == 0
    assert "wilayah" in out


def test_every_command_has_help_with_example():
    import typer.main

    from ucjlib.cli import app

    group = typer.main.get_command(app)

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, path + [name])
        else:
            yield path, cmd

    seen = 0
    for path, cmd in walk(group, []):
        seen += 1
        assert cmd.help and ("Contoh" in cmd.help or "Example" in cmd.help), path
    assert seen >= 2


def test_find_bojonegoro():
    code, out, _ = run(["wilayah", "find", "bojonegor"])
    assert code == 0
    first = out.splitlines()[1]
    assert first.startswith("35.22 ") and "Kabupaten Bojonegoro" in first and "Jawa Timur" in first


def test_find_json():
    code, out, _ = run(["wilayah", "find", "Kec. Kalitidu", "--within", "Bojonegoro",
                        "--format", "json"])
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["kode"] == "35.22.16" and rows[0]["level"] == "kecamatan"


def test_unknown_name_exits_nonzero_with_suggestions():
    code, out, err = run(["wilayah", "find", "qqqxxz"])
    assert code != 0
    assert "Wilayah tidak dikenal" in err and "Traceback" not in err


def test_console_script_exit_code():
    """The one run of the module entry point in a real process (``run``: ``sys.exit``)."""
    res = subprocess.run([sys.executable, "-m", "ucjlib.cli", "wilayah", "show", "35.99"],
                         capture_output=True, text=True, env=ucj_env())
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and "35.99" in res.stderr


@pytest.mark.parametrize("code", ["35.22", "32.71"])
def test_show(code):
    rc, out, _ = run(["wilayah", "show", code])
    assert rc == 0 and out.startswith(code)


def test_region_is_resolved_once_and_never_matched_again(monkeypatch):
    """`ucj coverage NAME` turns the name into a Region once; no layer below matches names."""
    import ucjlib.commands._common as common
    import ucjlib.geo.names as names
    import ucjlib.geo.wilayah as w

    calls = {"resolve": 0, "find_regions": 0, "match_names": 0}
    real_resolve, real_find, real_match = w.resolve, w.find_regions, names.match_names

    def count(name, fn):
        def wrapper(*a, **k):
            calls[name] += 1
            return fn(*a, **k)
        return wrapper

    monkeypatch.setattr(common, "resolve", count("resolve", real_resolve))
    monkeypatch.setattr(w, "find_regions", count("find_regions", real_find))
    monkeypatch.setattr(names, "match_names", count("match_names", real_match))
    code, out, _ = run(["coverage", "Kab. Bojonegoro", "--format", "json"])
    assert code == 0
    assert calls == {"resolve": 1, "find_regions": 1, "match_names": 0}
    doc = json.loads(out)
    assert doc["meta"]["kode"] == "35.22"


def test_cli_json_equals_the_library_result():
    """The command line renders the same CoverageResult a notebook gets from the library."""
    import ucjlib as ucj

    code, out, _ = run(["coverage", "35.22", "--format", "json", "--periode", "2025-03"])
    assert code == 0
    doc = json.loads(out)
    lib = ucj.analyze_coverage(ucj.open_dataset(ucj.resolve_region("Bojonegoro")), "2025-03")
    assert doc["figures"] == lib.to_dict()["figures"]
    assert doc["rows"] == lib.to_dict()["rows"]
    # published: 43,87% in March 2025
    assert round(doc["figures"]["cakupan"] * 100, 2) == 43.87


@pytest.mark.parametrize("periode,persons", [("2025-06", 6), ("2025-03", 7)])
def test_coverage_from_participant_records_with_periode(ucj, records_folder, periode, persons):
    """`ucj coverage --data DIR --periode M` on records (crashed before: periode not passed)."""
    res = ucj(["coverage", "Bojonegoro", "--data", records_folder, "--periode", periode,
               "--level", "kabupaten", "--format", "json"])
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    # counted by hand in tests/fixtures/README.md
    assert doc["figures"]["peserta_aktif"] == persons
    assert doc["figures"]["cakupan"] == pytest.approx(persons / 820388)
    assert doc["meta"]["demo"] is False and doc["meta"]["periode"] == periode
    text = res.stdout + res.stderr
    assert "3522010101800001" not in text and "Budi" not in text and "Santoso" not in text
