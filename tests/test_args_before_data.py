"""Every argument of ``ucj project`` and ``ucj budget`` is checked before the data are opened.

The opener (:func:`ucjlib.open.open_dataset`) is replaced by one that records the call and
fails: a wrong argument must exit 2 (a scenario file with a mistake: 3) without reaching
it, a right one must reach it (so the replacement is the opener the commands really use).
"""

from __future__ import annotations

import pytest


def _bad_scenario(tmp_path):
    path = tmp_path / "skenario.yaml"
    path.write_text("scenarios:\n  - name: A\n    parts:\n      - kind: teleport\n")
    return str(path)


PROJECT = [
    ["--target", "1.5"], ["--target", "enam puluh"], ["--deadline", "2025-13"],
    ["--periode", "Juni"], ["--out", "hasil.txt"], ["--format", "pdf"], ["--seed", "-1"],
    ["--level", "provinsi"], ["--table", "semua"], ["--draws", "5"], ["--lang", "fr"],
    ["--scenario", "tidak-ada.yaml"], ["--scenario", "BAD"], ["--min-cell", "-3"],
]
BUDGET = [
    ["--target", "1.5"], ["--deadline", "2025-13"], ["--periode", "Juni"],
    ["--start", "2026-13"], ["--start", "2020-01"], ["--income-bracket", "1,5 juta"],
    ["--income-bracket", "1000"], ["--out", "hasil.txt"], ["--funding", "APBD=2"],
    ["--participants", "0"], ["--membership-since", "kemarin"], ["--years", "30"],
    ["--death-rate", "5"], ["--seed", "-1"], ["--table", "semua"], ["--sector", "laut"],
]


@pytest.mark.parametrize("args", PROJECT, ids=lambda a: " ".join(a))
def test_project_argument_error_before_the_data(args, ucj, opened, tmp_path):
    bad_file = "BAD" in args  # a scenario file with a mistake: the file's error, exit 3
    args = [_bad_scenario(tmp_path) if a == "BAD" else a for a in args]
    res = ucj(["project", "35.22", *args])
    assert res.returncode == (3 if bad_file else 2), res.stderr
    assert not opened, "the data were opened before the argument was checked"
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("args", BUDGET, ids=lambda a: " ".join(a))
def test_budget_argument_error_before_the_data(args, ucj, opened):
    res = ucj(["budget", "35.22", *args])
    assert res.returncode == 2, res.stderr
    assert not opened, "the data were opened before the argument was checked"
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("command", [["project", "35.22", "--draws", "10"],
                                     ["budget", "35.22", "--draws", "100"]])
def test_right_arguments_reach_the_opener(command, ucj, opened):
    res = ucj(command)
    assert res.returncode != 0 and len(opened) == 1  # the replaced opener was called
