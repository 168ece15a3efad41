"""The `ucj` command: help, exit codes and the wilayah group."""

import json
import subprocess
import sys

import pytest

from ucjlib.cli import main


def run(args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_help_lists_commands(capsys):
    code, out, _ = run(["--help"], capsys)
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


def test_find_bojonegoro(capsys):
    code, out, _ = run(["wilayah", "find", "bojonegor"], capsys)
    assert code == 0
    first = out.splitlines()[1]
    assert first.startswith("35.22 ") and "Kabupaten Bojonegoro" in first and "Jawa Timur" in first


def test_find_json(capsys):
    code, out, _ = run(["wilayah", "find", "Kec. Kalitidu", "--within", "Bojonegoro",
                        "--format", "json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["kode"] == "35.22.16" and rows[0]["level"] == "kecamatan"


def test_unknown_name_exits_nonzero_with_suggestions(capsys):
    code, out, err = run(["wilayah", "find", "qqqxxz"], capsys)
    assert code != 0
    assert "Wilayah tidak dikenal" in err and "Traceback" not in err


def test_console_script_exit_code():
    res = subprocess.run([sys.executable, "-m", "ucjlib.cli", "wilayah", "show", "35.99"],
                         capture_output=True, text=True)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and "35.99" in res.stderr


@pytest.mark.parametrize("code", ["35.22", "32.71"])
def test_show(capsys, code):
    rc, out, _ = run(["wilayah", "show", code], capsys)
    assert rc == 0 and out.startswith(code)
