"""Fuzz every argument of ``ucj coverage``, ``project``, ``budget``, ``report`` and ``validate``.

Hypothesis puts text and numbers into one argument at a time (the others are
valid and cheap) and runs :func:`ucjlib.cli.main`, the function the ``ucj``
entry point calls (``run`` only adds ``sys.exit``), in-process. Allowed: exit
0, or a documented exit code (README table: 2 argument, 3 input file, 4
reference data, 5 boundary, 6 output, 7 rules) with one paragraph on stderr
starting with "Kesalahan". Never a traceback and never 70 (internal error).

Kept cheap: the demo of Kota Mojokerto (35.76), the smallest draws counts the
commands accept, chart writers replaced by stubs (the folder check before
them is real), and ``run_report`` replaced by a stub, so ``ucj report`` is
fuzzed only up to the start of the run (every argument check happens before).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ALLOWED = {0, 2, 3, 4, 5, 6, 7}
KAB = "35.76"
FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])

SPECIAL = ["", " ", "-1", "0", "nan", "inf", "-inf", "1e309", "1e-400", "2025-13", "2025-00",
           "Juni 2025", "2099-01", "0.6", "60", "60%", "0,6", "1.5", "35.22", "35.1", "3.5e1",
           "../..", "/", "/dev/null", "\u00e9\u00e8", "\u0661\u0662", "99999999999999999999",
           "APBD=0.8,APBDes=0.2", "APBD=2", "x" * 300, "--help", "-", "NaN", "true", "None"]
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
               max_size=24)
NUMBERS = st.one_of(st.integers(-10**15, 10**15).map(str),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str))
VALUES = st.one_of(st.sampled_from(SPECIAL), TEXT, NUMBERS)


def _cheap(option: str, value: str, lo: int, hi: int, cheap: str) -> str:
    """A draws count that would be valid is replaced by the smallest valid one."""
    try:
        if lo <= int(value.strip()) <= hi:
            return cheap
    except ValueError:
        pass
    return value


COMMANDS = {
    "coverage": (["coverage", KAB], ["KABUPATEN", "--periode", "--level", "--target", "--data",
                                      "--format", "--lang", "--provinsi", "--charts"]),
    "project": (["project", KAB, "--draws", "10"],
                ["KABUPATEN", "--target", "--deadline", "--scenario", "--data", "--level",
                 "--format", "--table", "--out", "--lang", "--charts", "--draws", "--seed"]),
    "budget": (["budget", KAB, "--draws", "100"],
               ["KABUPATEN", "--participants", "--income-bracket", "--years", "--start",
                "--funding", "--sector", "--membership-since", "--target", "--deadline", "--data",
                "--format", "--table", "--out", "--lang", "--charts", "--death-rate",
                "--discount-rate", "--horizon", "--draws", "--seed"]),
    "report": (["report", KAB], ["KABUPATEN", "--periode", "--target", "--deadline",
                                 "--skenario", "--data", "--lang", "--out", "--csv-locale"]),
    "validate": (["validate", "FILE", "--kind", "coverage"],
                 ["FILE", "--kind", "--kabupaten", "--workforce", "--sheet", "--lang"]),
}


@pytest.fixture(scope="module")
def sandbox():
    """A working folder holding a valid coverage file; fuzzed paths land in it."""
    with tempfile.TemporaryDirectory(prefix="ucj-fuzz-cli-") as d:
        folder = Path(d)
        (folder / "coverage.csv").write_text("kode;periode;segmen;pendanaan;peserta_aktif\n"
                                             "35.76.01.1003;2025-06;PU;mandiri;5\n")
        yield folder


@pytest.fixture(scope="module")
def stubs(sandbox):
    """Chart writers and run_report replaced (their argument checks run before them)."""
    import ucjlib.render.budget as rb
    import ucjlib.render.bundle as bundle
    import ucjlib.render.projection as rp
    import ucjlib.report.run as run

    mp = pytest.MonkeyPatch()
    mp.setattr(bundle, "save_coverage_figures", lambda *a, **k: [])
    mp.setattr(rp, "save_projection_figures", lambda *a, **k: [])
    mp.setattr(rb, "save_budget_figures", lambda *a, **k: [])
    mp.setattr(run, "run_report", lambda *a, **k: sandbox / "run")
    yield
    mp.undo()


def ucj(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    res = run_cli(argv, cwd)
    return res.returncode, res.stdout, res.stderr


def argv_for(command: str, option: str, value: str, sandbox: Path) -> list[str]:
    base, _ = COMMANDS[command]
    argv = list(base)
    if command == "validate":
        argv[1] = str(sandbox / "coverage.csv")
    if option == "--draws":
        value = _cheap(option, value, 10, 100_000, "10") if command == "project" else \
            _cheap(option, value, 100, 200_000, "100")
        argv = argv[:argv.index("--draws")] + argv[argv.index("--draws") + 2:]
    if option in ("KABUPATEN", "FILE"):
        argv[1] = value
        return argv
    return [*argv, option, value]


def check(rc: int, out: str, err: str, argv: list[str]) -> None:
    assert "Traceback" not in out + err, (argv, err)
    assert rc != 70, (argv, err)
    assert rc in ALLOWED, (argv, rc, err)
    if rc:
        assert err.startswith("Kesalahan"), (argv, err)
        assert "\n\n" not in err.strip(), (argv, err)


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(COMMANDS))
@FUZZ
@given(data=st.data())
def test_any_argument_value_is_a_result_or_a_documented_error(command, data, sandbox, stubs):
    option = data.draw(st.sampled_from(COMMANDS[command][1]), label="option")
    value = data.draw(VALUES, label="value")
    argv = argv_for(command, option, value, sandbox)
    rc, out, err = ucj(argv, sandbox)
    check(rc, out, err, argv)


@FUZZ
@given(extra=st.lists(VALUES, min_size=1, max_size=4))
def test_extra_and_odd_tokens(extra, sandbox, stubs):
    """Unknown options, stray arguments and option-looking values: usage errors (exit 2)."""
    for command in ("coverage", "report"):
        argv = [command, KAB, *extra]
        rc, out, err = ucj(argv, sandbox)
        check(rc, out, err, argv)


def test_an_output_name_too_long_for_the_system_is_exit_6(sandbox):
    """Found by the fuzzing: ``--out``/``--charts`` of 300 characters was exit 70 (OSError)."""
    for argv in (["report", KAB, "--out", "x" * 300], ["batch", "--provinsi", "35", "--out",
                                                        "x" * 300]):
        rc, out, err = ucj(argv, sandbox)
        check(rc, out, err, argv)
        assert rc == 6 and "File name too long" in err


def test_the_stubs_do_not_hide_argument_checks(sandbox, stubs):
    """A bad value next to a stub still fails, and a good one still reaches it."""
    rc, _, err = ucj(["report", KAB, "--lang", "fr"], sandbox)
    assert rc == 2 and "'fr'" in err
    rc, out, _ = ucj(["report", KAB], sandbox)
    assert rc == 0 and out.strip().endswith("report.html")
    rc, _, err = ucj(["coverage", KAB, "--charts", str(sandbox / "coverage.csv")], sandbox)
    assert rc == 6 and "coverage.csv" in err
