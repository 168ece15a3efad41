"""Where report runs live, and moving a finished run into place.

::

    reports/
      35.22-bojonegoro/
        2025-06/
          20261122T140501-ab12/      a complete run (moved here only when complete)
          latest -> 20261122T140501-ab12   symlink, replaced atomically
          LATEST                     the same run id as text (for systems without links)
          failed/20261122T135900-9f3e/     a failed run: partial notebooks, manifest
          .tmp-20261122T141000-77aa/  a run in progress (or a killed one)

A run is built in a ``.tmp-<run id>`` folder beside its destination (same
file system) and renamed into place with one :func:`os.rename`, so a reader
never sees half a report and a failure never replaces a good one. Run ids
are unique (UTC time plus random hex), so two runs for the same kabupaten
never share a folder. Every name is built from the gazetteer's code and name,
sanitised, and confined to the output root.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import time
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ucjlib.errors import OutputError
from ucjlib.files import (
    confined,
    describe_os_error,
    ensure_dir,
    open_nofollow,
    refuse_link,
    write_new_text,
)
from ucjlib.geo.wilayah import Region
from ucjlib.text import say

TMP_PREFIX = ".tmp-"
OWNER = ".owner.json"
LATEST_LINK = "latest"
LATEST_FILE = "LATEST"
LOCK = ".lock"
FAILED = "failed"
STALE_SECONDS = 6 * 3600  # a temp folder of another host, or without owner, this old is dead
_RUN_ID = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{4,}$")
_CODE = re.compile(r"^\d{2}(\.\d{2}){0,3}$")
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def slug(text: str, max_len: int = 40) -> str:
    """Make a file-name-safe lowercase slug of a region name (``Kabupaten`` dropped).

    Examples
    --------
    >>> slug("Kabupaten Bojonegoro"), slug("Kota Bogor"), slug("KAB. ../../etc")
    ('bojonegoro', 'kota-bogor', 'kab-etc')
    """
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    t = re.sub(r"^\s*kabupaten\s+", "", t, flags=re.I)
    t = re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-")
    return t[:max_len].strip("-") or "wilayah"


def region_folder(region: Region) -> str:
    """``<code>-<slug>`` for a region, e.g. ``35.22-bojonegoro``.

    Raises
    ------
    OutputError
        When the code is not a Kemendagri code (never happens for a gazetteer region).
    """
    if not _CODE.match(region.kode):
        raise OutputError(region.kode, "kode wilayah tidak valid untuk nama folder")
    return f"{region.kode}-{slug(region.nama)}"


def new_run_id(now: datetime | None = None) -> str:
    """Make a sortable, unique run id: UTC time and 4 random hex digits.

    Examples
    --------
    >>> rid = new_run_id(datetime(2026, 11, 22, 14, 5, 1, tzinfo=UTC))
    >>> rid[:16], len(rid)
    ('20261122T140501-', 20)
    """
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(2)


def is_run_id(name: str) -> bool:
    """Tell whether a folder name is a run id."""
    return bool(_RUN_ID.match(name))


def period_folder(out_root: str | Path, region: Region, periode: str) -> Path:
    """``<out_root>/<code>-<slug>/<periode>``, confined to ``out_root`` and created."""
    if not _PERIOD.match(periode):
        raise OutputError(periode, "periode harus YYYY-MM")
    root = ensure_dir(out_root)
    path = confined(root, region_folder(region), periode)
    return ensure_dir(path)


def is_period(text: str) -> bool:
    """Tell whether ``text`` is a period folder name ``YYYY-MM``."""
    return bool(_PERIOD.match(str(text)))


def _host() -> str:
    return socket.gethostname()


def _alive(pid: int) -> bool:
    """Say whether process ``pid`` is running (a zombie, killed but not yet reaped, is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    try:  # a killed run's worker waits as a zombie until init reaps it
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rindex(")") + 2:][:1] != "Z"
    except (OSError, ValueError):
        return True


def make_temp(period_dir: Path) -> tuple[str, Path]:
    """Create a fresh ``.tmp-<run id>`` folder with an owner record; return (run id, path)."""
    for _ in range(20):
        rid = new_run_id()
        tmp = period_dir / f"{TMP_PREFIX}{rid}"
        try:
            tmp.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(tmp, describe_os_error(exc)) from None
        write_new_text(tmp / OWNER, json.dumps({"pid": os.getpid(), "host": _host(),
                                                "started": time.time()}))
        return rid, tmp
    raise OutputError(period_dir, "tidak bisa membuat folder sementara yang unik")


def stale_temps(period_dir: Path, now: float | None = None) -> list[Path]:
    """Temp folders left by runs that are no longer running (killed, crashed).

    A folder whose owner process on this host is gone is stale at once; one
    of another host, or without an owner record, after :data:`STALE_SECONDS`.
    A run in progress (its process alive) is never stale.
    """
    now = now or time.time()
    out = []
    with contextlib.suppress(OSError):
        for p in period_dir.iterdir():
            if not (p.name.startswith(TMP_PREFIX) and p.is_dir() and not p.is_symlink()):
                continue
            try:
                owner = json.loads((p / OWNER).read_text())
            except (OSError, ValueError):
                owner = None
            try:
                age = now - p.stat().st_mtime
            except OSError:
                continue
            if owner and owner.get("host") == _host():
                if not _alive(int(owner.get("pid", -1))):
                    out.append(p)
            elif age > STALE_SECONDS:
                out.append(p)
    return out


def clean_stale(period_dir: Path) -> list[Path]:
    """Remove :func:`stale_temps` (and stray temporary ``latest`` links); return what went."""
    gone = []
    for p in stale_temps(period_dir):
        shutil.rmtree(p, ignore_errors=True)
        gone.append(p)
    with contextlib.suppress(OSError):
        for p in period_dir.iterdir():
            if p.name.startswith(".latest-") and p.is_symlink():
                with contextlib.suppress(OSError):
                    if time.time() - p.lstat().st_mtime > 60:
                        p.unlink()
    return gone


@contextlib.contextmanager
def _locked(period_dir: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: rename is still atomic
        yield
        return
    fd = open_nofollow(period_dir / LOCK)  # a link planted as .lock is refused, not followed
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _our_link(path: Path) -> bool:
    """Tell whether ``path`` is a link ucj made: it names a run id (``latest -> <run id>``)."""
    try:
        return path.is_symlink() and is_run_id(os.readlink(path))
    except OSError:
        return False


def foreign_pointer(period_dir: Path, newest: str | None = None, lang: str = "id") -> str | None:
    """Say which ``latest``/``LATEST`` there is not ucj's, or ``None`` when both are fine.

    ``latest`` must be missing or ucj's own link, ``LATEST`` missing or a plain file.
    Anything else (a real folder left by a sync tool or a copy, a file, someone else's
    link) is never deleted or written through: :func:`publish` leaves it as it is, so
    it goes stale, and the run says so (naming ``newest``, the run to open instead).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> foreign_pointer(d) is None
    True
    >>> (d / "latest").mkdir()
    >>> print(foreign_pointer(d, "20261122T140501-ab12", "en"))  # doctest: +ELLIPSIS
    '.../latest' is a folder, not ucj's pointer: left as it is, so it is not updated ...
    """
    bad = []
    for name, ours in ((LATEST_LINK, _our_link), (LATEST_FILE, _plain_file)):
        p = period_dir / name
        if not os.path.lexists(p) or ours(p):
            continue
        what = ("layout.pointer.link" if p.is_symlink() else
                "layout.pointer.folder" if p.is_dir() else "layout.pointer.file")
        bad.append(say("layout.pointer.bad", lang, path=p, what=say(what, lang)))
    if not bad:
        return None
    where = period_dir / newest if newest else say("layout.pointer.other", lang)
    return say("layout.pointer.left", lang, bad="; ".join(bad), where=where)


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def latest(period_dir: Path) -> str | None:
    """Run id the ``latest`` pointer names (link first, then the ``LATEST`` file).

    Only ucj's own pointers count (:func:`foreign_pointer`).
    """
    link = period_dir / LATEST_LINK
    if _our_link(link):
        with contextlib.suppress(OSError):
            return os.readlink(link)
    with contextlib.suppress(OSError):
        if _plain_file(period_dir / LATEST_FILE):
            name = (period_dir / LATEST_FILE).read_text().strip()
            if is_run_id(name):
                return name
    return None


def publish(tmp: Path, period_dir: Path, run_id: str) -> Path:
    """Rename the complete ``tmp`` to ``period_dir/run_id`` and point ``latest`` at it.

    ``latest`` only moves forward: if a newer run finished first, it keeps
    pointing at that one. Both pointers are replaced atomically; a pointer that is not
    ucj's (a real ``latest`` folder, see :func:`foreign_pointer`) is left alone, never
    deleted, written through or reported as an error: the run is published either way.
    """
    dest = period_dir / run_id
    with _locked(period_dir):  # a .lock that is a link fails here, before anything moved
        try:
            os.rename(tmp, dest)
        except OSError as exc:
            raise OutputError(dest, describe_os_error(exc)) from None
        current = latest(period_dir)
        if current is None or current < run_id or not (period_dir / current).is_dir():
            _point(period_dir, run_id)
    return dest


def _point(period_dir: Path, run_id: str) -> None:
    link = period_dir / LATEST_LINK
    if not os.path.lexists(link) or _our_link(link):
        tmp_link = period_dir / f".latest-{run_id}"
        try:
            with contextlib.suppress(FileNotFoundError):
                tmp_link.unlink()
            os.symlink(run_id, tmp_link, target_is_directory=True)
            os.replace(tmp_link, link)
        except (OSError, NotImplementedError):  # no symlinks here: the text pointer works
            with contextlib.suppress(OSError):
                tmp_link.unlink()
    text = period_dir / LATEST_FILE
    if not os.path.lexists(text) or _plain_file(text):
        from ucjlib.files import atomic_write_text

        with contextlib.suppress(OutputError):  # the run is published; the link names it
            atomic_write_text(text, run_id + "\n")


def keep_failed(tmp: Path, period_dir: Path, run_id: str) -> Path:
    """Move a failed run's temp folder to ``failed/<run id>`` (never over a good run)."""
    refuse_link(period_dir / FAILED)  # a planted link would carry the run elsewhere
    failed = ensure_dir(period_dir / FAILED)
    dest = failed / run_id
    try:
        os.rename(tmp, dest)
    except OSError as exc:
        raise OutputError(dest, describe_os_error(exc)) from None
    return dest
