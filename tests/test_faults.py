"""Interrupted runs and unwritable outputs (the cases not covered elsewhere).

- ``ucj report`` SIGKILLed after its first notebook finished, and ``ucj batch``
  of two kota SIGKILLed while their reports run: no half-written run folder or
  index in place, ``latest`` untouched, and the next run succeeds (and clears
  the dead run's temporary folder).
- An output folder that cannot be written (read-only when not root; as root,
  which ignores permissions, a full disk through ``ulimit -f`` and a file
  where a folder is expected): exit 6, a clear message, earlier outputs
  untouched.

A boundary build killed midway is tested in ``tests/test_geo_build_faults.py``
(``test_killed_build_leaves_no_workers_and_next_build_completes``); a file in
the way of ``--charts`` in ``tests/test_cli_errors.py``; a full disk under
``--charts`` in ``tests/test_files.py``.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import UCJ_COMMAND as UCJ
from conftest import ucj_env as _env
from test_report_run import _nb, _runs, fast_notebooks

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def slow_notebooks(folder: Path) -> Path:
    """The fast notebooks, with a 02 that sleeps (so a kill lands mid-run)."""
    fast_notebooks(folder)
    nbformat.write(_nb([("code", "import time\ntime.sleep(300)")], "02 — Proyeksi lambat"),
                   folder / "02-projection.ipynb")
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 240) -> str:
    """Read stderr until ``ready(text)`` (or check the disk), then SIGKILL the whole group."""
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    text, t0 = "", time.monotonic()
    try:
        while time.monotonic() - t0 < timeout:
            if sel.select(timeout=0.5):
                line = proc.stderr.readline()
                text += line
            if ready(text):
                break
            assert proc.poll() is None, f"finished before the kill: {text}"
        else:
            pytest.fail(f"never reached the kill point: {text}")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    return text


@pytest.mark.slow
def test_report_killed_after_the_first_notebook(ucj, tmp_path):
    out = tmp_path / "reports"
    good = fast_notebooks(tmp_path / "good")
    res = ucj(["report", "35.76", "--out", out], env={"UCJ_NOTEBOOKS": str(good)})
    assert res.returncode == 0, res.stderr
    period = out / "35.76-kota-mojokerto" / "2025-06"
    (first,) = _runs(period)
    before = _snapshot(first)

    slow = slow_notebooks(tmp_path / "slow")
    proc = subprocess.Popen([*UCJ, "report", "35.76", "--out", str(out)], cwd=tmp_path,
                            env=_env(UCJ_NOTEBOOKS=str(slow)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    said = _kill_when(proc, lambda text: "01-coverage selesai" in text)
    assert proc.returncode == -signal.SIGKILL, said
    # nothing half-written in place: the same single run, latest untouched
    assert _runs(period) == [first]
    assert (period / "LATEST").read_text().strip() == first.name
    assert (period / "latest").resolve() == first.resolve()
    assert _snapshot(first) == before
    assert not (period / "failed").exists()
    leftovers = [p for p in period.iterdir() if p.name.startswith(".tmp-")]
    assert len(leftovers) == 1  # the killed run's work, out of the way

    res = ucj(["report", "35.76", "--out", out], env={"UCJ_NOTEBOOKS": str(good)})
    assert res.returncode == 0, res.stderr
    runs = _runs(period)
    assert len(runs) == 2 and runs[0] == first
    assert (period / "LATEST").read_text().strip() == runs[1].name
    assert (runs[1] / "report.html").is_file()
    assert not leftovers[0].exists()  # the dead run's temp folder was cleared


@pytest.mark.slow
def test_batch_killed_midway(tmp_path):
    out = tmp_path / "reports"
    kota = ["35.76", "35.79"]
    cmd = [*UCJ, "batch", "--provinsi", "35", "--kabupaten", kota[0], "--kabupaten", kota[1],
           "--workers", "2", "--out", str(out)]
    slow = slow_notebooks(tmp_path / "slow")
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=_env(UCJ_NOTEBOOKS=str(slow)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)

    def both_running(_text: str) -> bool:  # each kota has a run under way
        return len(list(out.glob("*/*/.tmp-*"))) >= 2

    _kill_when(proc, both_running)
    assert not list(out.glob("index-*.html"))
    assert not [p for p in out.glob("*/*/*") if not p.name.startswith(".tmp-")]
    assert not list(out.glob("*/*/latest")) and not list(out.glob("*/*/LATEST"))
    killed = list(out.glob("*/*/.tmp-*"))
    # SIGKILL is delivered at once, but a worker of ~400 MB takes a moment to exit and
    # be reaped: the next run (as a user's, seconds later) starts once they are gone
    from ucjlib.report.layout import OWNER, _alive

    pids = [json.loads((p / OWNER).read_text())["pid"] for p in killed
            if (p / OWNER).is_file()]
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)

    good = fast_notebooks(tmp_path / "good")
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path,
                         env=_env(UCJ_NOTEBOOKS=str(good)), timeout=600)
    assert res.returncode == 0, res.stderr
    assert Path(res.stdout.strip()).is_file() and res.stdout.strip().endswith(".html")
    for period in [p for p in out.glob("*/*") if p.is_dir()]:
        (run,) = _runs(period)
        assert (period / "LATEST").read_text().strip() == run.name
        assert (run / "report.html").is_file()
    assert len(list(out.glob("*/*/LATEST"))) == 2
    assert not any(p.exists() for p in killed)


# ---------------------------------------------------------------------------- unwritable

WRITERS = {
    "coverage-charts": (["coverage", "35.76", "--charts", "{out}"], "dir"),
    "project-xlsx": (["project", "35.76", "--draws", "10", "--format", "xlsx", "--out",
                      "{out}/proyeksi.xlsx"], "proyeksi.xlsx"),
    "budget-xlsx": (["budget", "35.76", "--draws", "100", "--format", "xlsx", "--out",
                     "{out}/anggaran.xlsx"], "anggaran.xlsx"),
    "report": (["report", "35.76", "--out", "{out}"], "dir"),
}


def _earlier(out: Path) -> dict[str, bytes]:
    """An earlier output already in the folder (it must survive)."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ("proyeksi.xlsx", "anggaran.xlsx", "lama.png"):
        (out / name).write_bytes(b"earlier output " + name.encode())
    return _snapshot(out)


def _check_exit_6(res, out: Path, before: dict[str, bytes]):
    assert "Traceback" not in res.stderr, res.stderr
    assert res.returncode == 6, (res.returncode, res.stderr)
    assert res.stderr.startswith("Kesalahan") and "Tidak dapat menulis" in res.stderr
    assert "\n\n" not in res.stderr.strip()
    after = _snapshot(out)
    for name, data in before.items():
        assert after.get(name) == data, name


@pytest.mark.slow
@pytest.mark.skipif(ROOT_USER, reason="root ignores permissions (see the ulimit and file "
                                      "cases below)")
@pytest.mark.parametrize("which", sorted(WRITERS))
def test_read_only_output_folder(ucj, tmp_path, which):  # pragma: no cover - CI runs as root
    out = tmp_path / "out"
    before = _earlier(out)
    nb = fast_notebooks(tmp_path / "nb")
    out.chmod(0o555)
    try:
        args = [a.replace("{out}", str(out)) for a in WRITERS[which][0]]
        res = ucj(args, env={"UCJ_NOTEBOOKS": str(nb)})
    finally:
        out.chmod(0o755)
    _check_exit_6(res, out, before)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ulimit -f")
@pytest.mark.parametrize("which", [
    "project-xlsx",
    "budget-xlsx",
])
def test_full_disk_for_a_workbook(tmp_path, which):
    """``ulimit -f 4`` (4 KiB per file): the workbook cannot be written; the old one stays."""
    out = tmp_path / "out"
    before = _earlier(out)
    args = [a.replace("{out}", str(out)) for a in WRITERS[which][0]]
    cmd = " ".join(shlex.quote(a) for a in [*UCJ, *args])
    res = subprocess.run(["bash", "-c", f"ulimit -f 4; exec {cmd}"], capture_output=True,
                         text=True, cwd=tmp_path, env=_env(), timeout=300)
    _check_exit_6(res, out, before)
    assert "berkas melebihi batas ukuran" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(before)  # no temp file left


@pytest.mark.parametrize("which", sorted(WRITERS))
def test_file_where_the_output_folder_should_be(ucj, tmp_path, which):
    """``--out``/``--charts`` below a file: exit 6 naming it, the file untouched."""
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder\n")
    args = [a.replace("{out}", str(blocker / "sub")) for a in WRITERS[which][0]]
    res = ucj(args)
    assert "Traceback" not in res.stderr
    assert res.returncode == 6, (res.returncode, res.stderr)
    assert res.stderr.startswith("Kesalahan") and str(blocker) in res.stderr
    assert blocker.read_text() == "a file, not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
