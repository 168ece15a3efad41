"""Writing files safely: one atomic-write helper, and paths kept inside their root.

Every file ucjlib generates is written to a uniquely named temporary file in
the destination folder and moved into place with :func:`os.replace`, so a
reader never sees half a file, two processes writing the same output never
share a temporary name, and a failed write (full disk, killed run) leaves the
previous file untouched. OS errors become :class:`~ucjlib.errors.OutputError`
naming the path and the cause.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ucjlib.errors import OutputError, UcjError


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _umask_mode()

_REASONS = {
    errno.ENOSPC: "disk penuh",
    errno.EFBIG: "berkas melebihi batas ukuran",
    errno.EDQUOT: "kuota disk habis",
    errno.EACCES: "tidak ada izin menulis",
    errno.EPERM: "tidak ada izin menulis",
    errno.EROFS: "sistem berkas hanya-baca",
    errno.ENOTDIR: "bagian dari path adalah berkas, bukan folder",
    errno.EISDIR: "tujuan adalah folder, bukan berkas",
    errno.EEXIST: "sudah ada berkas dengan nama itu",
    errno.ENOENT: "folder tidak ada dan tidak bisa dibuat di sana",
}


def describe_os_error(exc: OSError) -> str:
    """Say in one phrase why a write failed (Indonesian).

    Examples
    --------
    >>> import errno
    >>> describe_os_error(OSError(errno.ENOSPC, "No space left on device"))
    'disk penuh'
    """
    return _REASONS.get(exc.errno or -1, exc.strerror or type(exc).__name__)


def ensure_dir(path: str | os.PathLike) -> Path:
    """Create folder ``path`` (and parents) or raise :class:`OutputError` saying why.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "a" / "b"
    >>> ensure_dir(d).is_dir()
    True
    """
    p = Path(path)
    try:  # exists() too raises OSError, e.g. for a name longer than the system allows
        if p.exists() and not p.is_dir():
            raise OutputError(p, "sudah ada berkas dengan nama itu; beri nama folder lain")
        p.mkdir(parents=True, exist_ok=True)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(p, describe_os_error(exc)) from None
    if not os.access(p, os.W_OK | os.X_OK):
        raise OutputError(p, "tidak ada izin menulis")
    return p


@contextlib.contextmanager
def atomic_path(dest: str | os.PathLike, *, mkdir: bool = True) -> Iterator[Path]:
    """Yield a unique temporary path beside ``dest``; move it onto ``dest`` on success.

    The temporary file is a hidden ``.part-*`` file in the same folder (so
    :func:`os.replace` is atomic). On any error it is removed and ``dest`` is
    left as it was; an :class:`OSError` becomes :class:`OutputError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "x.txt") as tmp:
    ...     _ = tmp.write_text("halo")
    >>> (d / "x.txt").read_text(), sorted(p.name for p in d.iterdir())
    ('halo', ['x.txt'])
    """
    dest = Path(dest)
    if mkdir:
        ensure_dir(dest.parent)
    refuse_link(dest)
    if dest.is_dir():
        raise OutputError(dest, "tujuan adalah folder, bukan berkas")
    try:
        fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".part-{dest.name}-",
                                    suffix=dest.suffix)
        os.close(fd)
    except OSError as exc:
        raise OutputError(dest, describe_os_error(exc)) from None
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600; outputs are shared like any file
        os.replace(tmp, dest)
    except UcjError:
        _unlink(tmp)
        raise  # already explained (a SourceError is an OSError too)
    except OSError as exc:
        _unlink(tmp)
        raise OutputError(dest, describe_os_error(exc)) from None
    except Exception as exc:
        _unlink(tmp)
        reason = _write_error_reason(exc)  # e.g. lxml's SerialisationError on a full disk
        if reason:
            raise OutputError(dest, reason) from None
        raise
    except BaseException:
        _unlink(tmp)
        raise


#: Why a path ucjlib would create is refused when a symbolic link is already there.
LINK_REASON = ("sudah ada tautan simbolik dengan nama itu; ucj tidak menulis lewat tautan "
               "(hapus tautannya atau pilih nama lain)")


def refuse_link(path: str | os.PathLike) -> None:
    """Raise :class:`OutputError` when ``path`` itself is a symbolic link.

    A file ucjlib writes is never written through a link planted (or left) where it
    belongs: following it would create or replace the link's target, anywhere.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "x").symlink_to(d / "elsewhere")
    >>> refuse_link(d / "x")
    Traceback (most recent call last):
    ...
    ucjlib.errors.OutputError: ...
    >>> refuse_link(d / "y")  # nothing there: fine
    """
    if os.path.islink(path):
        raise OutputError(Path(path), LINK_REASON)


def open_nofollow(path: str | os.PathLike, *, exclusive: bool = False) -> int:
    """Open (creating) ``path`` for writing, never through a symbolic link; return the fd.

    ``O_NOFOLLOW`` refuses a link at ``path``; ``exclusive`` adds ``O_EXCL`` (the file
    must not exist yet). Any refusal or OS error is an :class:`OutputError` naming the
    path (exit 6).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> os.close(open_nofollow(d / ".lock"))
    >>> (d / "link").symlink_to(d / "target")
    >>> open_nofollow(d / "link")
    Traceback (most recent call last):
    ...
    ucjlib.errors.OutputError: ...
    >>> (d / "target").exists()
    False
    """
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    if exclusive:
        flags |= os.O_EXCL
    try:
        return os.open(path, flags, _FILE_MODE)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise OutputError(Path(path), LINK_REASON) from None
        raise OutputError(Path(path), describe_os_error(exc)) from None


def write_new_text(path: str | os.PathLike, text: str) -> Path:
    """Create ``path`` with ``text``; refuse if anything (a file, a link) is already there.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "owner.json"
    >>> write_new_text(p, "{}").read_text()
    '{}'
    """
    fd = open_nofollow(path, exclusive=True)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return Path(path)


def _write_error_reason(exc: BaseException) -> str:
    """Explain a library's own exception that wraps a failed write; ``""`` for anything else.

    Only the operating system's reason is shown, never the library's message.
    """
    import errno

    if isinstance(exc.__context__, OSError):
        return describe_os_error(exc.__context__)
    if type(exc).__name__ == "SerialisationError":  # lxml: the OS error code is in the text
        for name in ("EFBIG", "ENOSPC", "EACCES", "EROFS"):
            if name in str(exc):
                return describe_os_error(OSError(getattr(errno, name), name))
        return "berkas tidak bisa ditulis"
    return ""


def _unlink(p: Path) -> None:
    with contextlib.suppress(OSError):
        p.unlink()


def atomic_write_bytes(dest: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``dest`` atomically; return ``dest`` as a Path."""
    with atomic_path(dest) as tmp:
        tmp.write_bytes(data)
    return Path(dest)


def atomic_write_text(dest: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``dest`` atomically; return ``dest`` as a Path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "sub" / "a.json"
    >>> atomic_write_text(p, "{}").read_text()
    '{}'
    """
    with atomic_path(dest) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(dest)


def confined(root: str | os.PathLike, *parts: str) -> Path:
    """Join ``parts`` under ``root`` and refuse any result outside it.

    Names from users or data (a kabupaten slug, an import name) never reach
    outside the folder they are meant for: ``..``, absolute parts and links
    that leave ``root`` raise :class:`OutputError`.

    Examples
    --------
    >>> confined("/tmp/store", "imports", "35.22-kecamatan.gpkg").as_posix()
    '/tmp/store/imports/35.22-kecamatan.gpkg'
    >>> confined("/tmp/store", "../../etc/passwd")
    Traceback (most recent call last):
    ...
    ucjlib.errors.OutputError: ...
    """
    base = Path(root).resolve()
    p = base.joinpath(*[str(x) for x in parts]).resolve()
    if p != base and base not in p.parents:
        raise OutputError(Path(*[str(x) for x in parts]),
                          f"nama ini akan menulis di luar folder {base}")
    return p
