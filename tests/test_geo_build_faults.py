"""Faults in the boundary build and import: killed builds, the lock, paths.

The kill test starts ``ucj boundaries build`` in a subprocess against a
temporary store (the mirror is the default one), waits until its parse
workers run, kills the parent alone, and checks that no process of it
survives and that the next build completes and leaves nothing behind. The mistakes
users make with ``ucj boundaries`` are in the one table of ``tests/test_cli_errors.py``.
"""

from __future__ import annotations

import glob
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import UCJ_COMMAND as UCJ

from ucjlib.errors import BoundaryError, UcjError
from ucjlib.geo import buildlock
from ucjlib.geo.sources import mirror_dir
from ucjlib.paths import REPO_ROOT

# eight Jawa Timur desa files: enough work for the parallel parse to be caught running
BUILD = ["boundaries", "build", "--force", "-q", "-l", "desa"] + [
    a for i in range(1, 9) for a in ("-p", f"35.{i:02d}")]


def _need_mirror():
    if mirror_dir() is None:
        pytest.skip("no local data mirror")


def _process_table() -> dict[int, list[int]]:
    """Parent PID -> child PIDs, from /proc."""
    table: dict[int, list[int]] = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat, encoding="ascii", errors="replace") as fh:
                rest = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table.setdefault(int(rest[1]), []).append(int(stat.split("/")[2]))
    return table


def _descendants(pid: int) -> list[int]:
    table, out, todo = _process_table(), [], [pid]
    while todo:
        for child in table.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _leftovers(store: Path) -> list[str]:
    return sorted(p.name for p in store.rglob("*")
                  if p.name.startswith(".part-") or p.name.endswith("-journal"))


# --------------------------------------------------------------------------- killed build
@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_build_leaves_no_workers_and_next_build_completes(tmp_path, sig):
    _need_mirror()
    store = tmp_path / "store"
    env = dict(os.environ, UCJ_STORE_DIR=str(store), UCJ_BUILD_LOCK_TIMEOUT="30")
    proc = subprocess.Popen(UCJ + BUILD, env=env, cwd=REPO_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        t0, workers = time.monotonic(), []
        while time.monotonic() - t0 < 60 and proc.poll() is None:
            kids = _descendants(proc.pid)
            # forkserver (+ resource tracker) + parse workers, and the parse has started
            if len(kids) >= 3 and list((store / "parsed").glob("*.parquet")):
                workers = kids
                break
            time.sleep(0.02)
        assert workers, "parse workers never seen running"
        os.kill(proc.pid, sig)  # the parent only
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:  # pragma: no cover - test failure path
            proc.kill()
            proc.communicate()
    deadline = time.monotonic() + (5 if sig == signal.SIGKILL else 15)
    while time.monotonic() < deadline:
        alive = [p for p in workers if buildlock.pid_alive(p)]
        if not alive:
            break
        time.sleep(0.1)
    assert not alive, f"worker processes survived their parent: {alive}"

    # what a build killed while writing the store leaves (2-12 MB files in real life)
    (store / ".part-ucj_boundaries.gpkg-abc123.gpkg").write_bytes(b"x" * 1000)
    (store / ".part-ucj_boundaries.gpkg-abc123.gpkg-journal").write_bytes(b"x" * 100)
    (store / "parsed" / ".part-v2-0123.parquet-xyz.parquet").write_bytes(b"x")
    t1 = time.monotonic()
    done = subprocess.run(UCJ + BUILD, env=env, cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - t1 < 120
    assert "Dibangun" in done.stdout and "desa" in done.stdout
    assert _leftovers(store) == []


# --------------------------------------------------------------------------- lock
def test_waiting_build_names_the_holder_and_times_out(tmp_path):
    store = tmp_path / "store"
    env = dict(os.environ, UCJ_STORE_DIR=str(store), UCJ_BUILD_LOCK_TIMEOUT="1")
    with buildlock.build_lock(store):
        t0 = time.monotonic()
        res = subprocess.run(UCJ + ["boundaries", "build", "-l", "kabupaten", "-p", "11"],
                             env=env, cwd=REPO_ROOT, capture_output=True, text=True,
                             timeout=60)
    assert res.returncode == BoundaryError.exit_code, res.stderr
    assert "Traceback" not in res.stderr
    assert f"Menunggu build batas wilayah lain selesai (PID {os.getpid()}" in res.stderr
    assert f"(PID {os.getpid()}) masih memegang kunci" in res.stderr
    assert time.monotonic() - t0 < 30


def test_lock_of_a_dead_build_is_broken(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    # a process that is not the build keeps the lock (leftover worker of an old version)
    code = ("import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
            "fcntl.flock(fd, fcntl.LOCK_EX); os.pwrite(fd, sys.argv[2].encode(), 0); "
            "print('held', flush=True); time.sleep(120)")
    holder = subprocess.Popen([sys.executable, "-c", code, str(store / buildlock.LOCK_NAME),
                               f"{dead.pid} {socket.gethostname()}\n"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        said: list[str] = []
        t0 = time.monotonic()
        with buildlock.build_lock(store, timeout=20, notify=said.append):
            waited = time.monotonic() - t0
            text = (store / buildlock.LOCK_NAME).read_text()
            assert text.split()[0] == str(os.getpid())
        assert buildlock.STALE_AFTER_S <= waited < 15
        assert any(f"PID {dead.pid}" in m and "dilepas" in m for m in said)
    finally:
        holder.kill()
        holder.wait()


def test_lock_is_not_inherited_by_children(tmp_path):
    store = tmp_path / "store"
    with buildlock.build_lock(store):
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                                 close_fds=False)
    try:  # the child outlives the lock holder's block: the lock must be free now
        with buildlock.build_lock(store, timeout=2):
            pass
    finally:
        child.kill()
        child.wait()


def test_clean_leftovers(tmp_path):
    for sub in ("", "parsed", "cache", "imported"):
        (tmp_path / sub).mkdir(exist_ok=True)
        (tmp_path / sub / ".part-new.tmp").write_text("x")
        (tmp_path / sub / "keep.parquet").write_text("x")
    old = tmp_path / "cache" / ".part-old.tmp"
    old.write_text("x")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    removed = buildlock.clean_leftovers(tmp_path)
    names = sorted(str(p.relative_to(tmp_path)) for p in removed)
    # a download or import may be running right now: only old temporary files go there
    assert names == [".part-new.tmp", "cache/.part-old.tmp", "parsed/.part-new.tmp"]
    assert (tmp_path / "imported" / ".part-new.tmp").exists()
    assert len(list(tmp_path.rglob("keep.parquet"))) == 4


# --------------------------------------------------------------------------- paths
def test_remove_import_stays_in_the_store(tmp_path, monkeypatch):
    from ucjlib.geo.boundaries import imported_path
    from ucjlib.geo.importer import remove_import

    store = tmp_path / "a" / "b" / "store"
    (store / "imported").mkdir(parents=True)
    monkeypatch.setenv("UCJ_STORE_DIR", str(store))
    victim = tmp_path / "a" / "x_desa.gpkg"  # where "../../x" + "_desa.gpkg" points
    victim.write_text("precious")
    victim.with_suffix(".json").write_text("{}")
    for bad in ("../../x", "/tmp/x", "35.22/../../../x", ""):
        with pytest.raises(UcjError):
            remove_import(bad, "desa")
        with pytest.raises(UcjError):
            imported_path(bad, "desa")
    with pytest.raises(UcjError):
        remove_import("35.22", "../desa")
    assert victim.read_text() == "precious" and victim.with_suffix(".json").exists()
    assert imported_path("35.22", "kec") == (store / "imported" / "35.22_kecamatan.gpkg").resolve()
    assert remove_import("35.22", "desa") is False
