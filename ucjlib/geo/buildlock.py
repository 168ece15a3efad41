"""One build at a time, and nothing left behind when a build is killed.

* :func:`build_lock` takes an exclusive ``fcntl.flock`` on
  ``store_dir()/.ucj_boundaries.lock``. The kernel releases it when the
  holder dies, however it dies. The file descriptor is opened with
  ``O_CLOEXEC`` and parse workers are started with the ``forkserver`` (or
  ``spawn``) method, so no worker ever holds a copy of it. The holder writes
  its PID into the file; a waiting build says which PID it waits for, breaks
  the lock when that PID is gone (a lock kept by leftover processes of an
  older version), and gives up with a :class:`~ucjlib.errors.BoundaryError`
  after a timeout (``UCJ_BUILD_LOCK_TIMEOUT`` seconds, default 300).
* :func:`worker_pool` starts parse workers that die with their parent: on
  Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``, everywhere a watchdog thread
  that exits when the parent process changes.
* :func:`clean_leftovers` removes the ``.part-*`` files (and SQLite
  ``-journal``/``-wal``/``-shm`` files) that a killed build leaves in the
  store, once the lock is held.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ucjlib.errors import BoundaryError

LOCK_NAME = ".ucj_boundaries.lock"
DEFAULT_TIMEOUT_S = 300.0
STALE_AFTER_S = 2.0  # a dead holder PID must be seen this long before the lock is broken
_POLL_S = 0.2


def lock_timeout() -> float:
    """Seconds a build waits for another one: ``$UCJ_BUILD_LOCK_TIMEOUT`` or 300."""
    try:
        return float(os.environ.get("UCJ_BUILD_LOCK_TIMEOUT", DEFAULT_TIMEOUT_S))
    except ValueError:
        return DEFAULT_TIMEOUT_S


def _holder(fd: int) -> tuple[int | None, str | None]:
    """PID and host written by the lock holder (``None`` when unknown)."""
    try:
        text = os.pread(fd, 200, 0).decode("ascii", "replace").split()
        return int(text[0]), (text[1] if len(text) > 1 else None)
    except (OSError, ValueError, IndexError):
        return None, None


def pid_alive(pid: int) -> bool:
    """Tell whether a process with this PID exists (zombies count as gone).

    Examples
    --------
    >>> pid_alive(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


@contextlib.contextmanager
def build_lock(directory: Path, timeout: float | None = None,
               notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's build lock for the duration of the block.

    Parameters
    ----------
    directory : Path
        The store folder (created if needed).
    timeout : float, optional
        Seconds to wait for another build (default :func:`lock_timeout`).
    notify : callable, optional
        Called once with a message when the lock is busy (the CLI prints it).

    Raises
    ------
    BoundaryError
        The lock is still held by a live process after ``timeout`` seconds.
    """
    import fcntl

    from ucjlib.files import ensure_dir

    ensure_dir(directory)
    path = directory / LOCK_NAME
    limit = lock_timeout() if timeout is None else timeout
    t0 = time.monotonic()
    told = False
    dead_since: float | None = None
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid, host = _holder(fd)
            now = time.monotonic()
            same_host = host is None or host == socket.gethostname()
            if pid is not None and same_host and not pid_alive(pid):
                dead_since = dead_since if dead_since is not None else now
                if now - dead_since >= STALE_AFTER_S:
                    _break(path, fd, pid, notify)
                    os.close(fd)
                    dead_since = None
                    continue
            else:
                dead_since = None
            if not told and notify is not None:
                notify(f"Menunggu build batas wilayah lain selesai (PID {pid or '?'}, kunci "
                       f"{path}); paling lama {limit:.0f} dtk.")
                told = True
            os.close(fd)
            if now - t0 >= limit:
                raise BoundaryError(
                    f"Build batas wilayah lain (PID {pid or 'tidak diketahui'}) masih memegang "
                    f"kunci {path} setelah {limit:.0f} dtk. Tunggu build itu selesai, atau "
                    "hentikan prosesnya; set UCJ_BUILD_LOCK_TIMEOUT untuk menunggu lebih lama."
                ) from None
            time.sleep(_POLL_S)
            continue
        except BaseException:
            os.close(fd)
            raise
        # the file may have been replaced (a stale lock broken) between open and flock
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
            continue
        break
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {socket.gethostname()} "
                      f"{time.strftime('%Y-%m-%dT%H:%M:%S')}\n".encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # releases the flock


def _break(path: Path, fd: int, pid: int, notify: Callable[[str], None] | None) -> None:
    """Remove a lock file held only by leftovers of dead build ``pid``."""
    with contextlib.suppress(FileNotFoundError):
        if os.stat(path).st_ino == os.fstat(fd).st_ino:
            os.unlink(path)
    if notify is not None:
        notify(f"Kunci {path} dari build PID {pid} yang sudah mati dilepas.")


# --------------------------------------------------------------------------- leftovers
_JOURNALS = ("-journal", "-wal", "-shm")


def clean_leftovers(directory: Path, subdirs: tuple[str, ...] = ("", "parsed"),
                    older_subdirs: tuple[str, ...] = ("cache", "imported"),
                    min_age_s: float = 600.0) -> list[Path]:
    """Delete temporary files of killed builds; return what was removed.

    Call it while holding :func:`build_lock`: in ``subdirs`` (the store root
    and the parse cache, written only by builds) every ``.part-*`` file goes;
    in ``older_subdirs`` (downloads and imports, which do not take the lock)
    only those older than ``min_age_s``.
    """
    removed = []
    now = time.time()
    for sub, min_age in [(s, 0.0) for s in subdirs] + [(s, min_age_s) for s in older_subdirs]:
        folder = directory / sub if sub else directory
        if not folder.is_dir():
            continue
        for p in folder.glob(".part-*"):
            try:
                if p.is_file() and now - p.stat().st_mtime >= min_age:
                    p.unlink()
                    removed.append(p)
            except OSError:  # pragma: no cover - gone meanwhile, or not ours
                pass
    return removed


def remove_with_journals(path: Path) -> None:
    """Delete ``path`` and the SQLite journal files beside it, if any."""
    for p in [path] + [path.with_name(path.name + s) for s in _JOURNALS]:
        with contextlib.suppress(OSError):
            p.unlink()


# --------------------------------------------------------------------------- workers
def _set_pdeathsig() -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG = 1


def _watch_parent(ppid: int, main_pid: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != ppid or not pid_alive(main_pid):
            os._exit(1)


def die_with_parent(main_pid: int) -> None:
    """Worker initializer: exit as soon as the process that started us is gone.

    The kernel sends SIGKILL when the parent dies (Linux), and a watchdog
    thread polls ``os.getppid()`` (everywhere). ``main_pid`` is the building
    process; a worker whose parent is already gone exits at once.
    """
    _set_pdeathsig()
    ppid = os.getppid()
    if ppid == 1 or not pid_alive(main_pid):
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(ppid, main_pid), daemon=True,
                     name="ucj-parent-watch").start()


def worker_pool(n: int):
    """Return a ``ProcessPoolExecutor`` of ``n`` workers that never outlive this process.

    Workers come from a ``forkserver`` (``spawn`` where there is none), so
    they inherit no file descriptor of this process, the build lock
    included.
    """
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["ucjlib.geo.build"])
    else:  # pragma: no cover - macOS/Windows
        ctx = mp.get_context("spawn")
    return ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=die_with_parent,
                               initargs=(os.getpid(),))
