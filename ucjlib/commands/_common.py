"""Argument checks shared by the commands: each mistake becomes an ArgumentError."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ucjlib.checks import MAX_SEED, check_seed  # noqa: F401 - used by the commands
from ucjlib.errors import ArgumentError
from ucjlib.geo.wilayah import Region, resolve


def choice(option: str, value: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices`` (case-insensitive), else raise.

    Examples
    --------
    >>> choice("--lang", "EN", ("id", "en"))
    'en'
    """
    v = str(value).strip().lower()
    for c in choices:
        if v == c.lower():
            return c
    raise ArgumentError(option, value, "salah satu dari " + ", ".join(choices))


def region(text: str, level: str | None = "kabupaten") -> Region:
    """Resolve the user's region text once, at the command-line boundary."""
    return resolve(text, level=level)


#: File outputs of ``--out`` by format: the extension a file of that format must have.
OUT_SUFFIX = {"csv": ".csv", "json": ".json", "xlsx": ".xlsx"}


def _blank(option: str, value: str) -> None:
    if not str(value).strip():
        raise ArgumentError(option, value, "nama berkas atau folder yang tidak kosong "
                            "(kosong akan menulis ke folder saat ini)")


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _not_an_input(option: str, path: Path, inputs: Sequence[str | Path | None]) -> None:
    """Refuse an output at, or inside, one of the command's inputs (a file or a folder)."""
    try:
        where = path.expanduser().resolve()
    except OSError:
        return
    for given in inputs:
        if given is None or not str(given).strip():
            continue
        src = Path(given).expanduser().resolve()
        if where == src or (src.is_dir() and _is_within(where, src)):
            raise ArgumentError(option, str(path), f"tujuan di luar berkas/folder masukan "
                                f"{given} (masukan tidak pernah ditimpa)")


def output_file(option: str, out: str | None, fmt: str | None,
                formats: Sequence[str] = ("table", "csv", "json", "xlsx"),
                inputs: Sequence[str | Path | None] = ()) -> tuple[Path | None, str]:
    """Check a file ``--out`` against ``--format`` once; return (path or None, format).

    The rule for every command that writes one file:

    * an empty or blank ``--out`` is a mistake (it would write into the current folder);
    * the extension names the format: ``.csv``, ``.json``, ``.xlsx``. Without ``--format``
      the format comes from the extension; with it, the two must agree;
    * ``table`` goes to the screen only;
    * never over a folder, a symbolic link or an input of the command (``--data``,
      ``--scenario``): an existing output file of the same name is replaced atomically.

    Raises
    ------
    ArgumentError
        Exit 2, naming ``--out`` and ``--format``.
    OutputError
        Exit 6: a folder or a link is in the way.

    Examples
    --------
    >>> output_file("--out", "hasil.json", None)
    (PosixPath('hasil.json'), 'json')
    >>> output_file("--out", None, None)
    (None, 'table')
    >>> output_file("--out", "x.xlsx", "json")
    Traceback (most recent call last):
    ...
    ucjlib.errors.ArgumentError: Nilai --out tidak valid: 'x.xlsx'. Yang diharapkan: berkas \
.json untuk --format json (x.xlsx berisi format xlsx; ubah --format atau nama berkas).
    """
    from ucjlib.files import refuse_link

    files = [f for f in formats if f in OUT_SUFFIX]
    fmt = choice("--format", fmt, formats) if fmt is not None else None
    if out is None:
        return None, fmt or formats[0]
    _blank(option, out)
    path = Path(out)
    suffix = path.suffix.lower()
    by_suffix = {OUT_SUFFIX[f]: f for f in files}
    named = by_suffix.get(suffix)
    wanted = ", ".join(OUT_SUFFIX[f] for f in files)
    if fmt is None:
        if named is None:
            raise ArgumentError(option, out, f"nama berkas berakhiran {wanted} (format diambil "
                                "dari akhiran), atau --format xlsx, json atau csv")
        fmt = named
    elif fmt not in OUT_SUFFIX:
        raise ArgumentError(option, out, f"--format {' / '.join(files)} "
                            f"(--format {fmt} hanya ke layar)")
    elif named != fmt:
        what = f"{path.name} berisi format {named}" if named else \
            f"akhiran '{path.suffix}' bukan {wanted}"
        raise ArgumentError(option, out, f"berkas {OUT_SUFFIX[fmt]} untuk --format {fmt} "
                            f"({what}; ubah --format atau nama berkas)")
    _not_an_input(option, path, inputs)
    refuse_link(path)
    from ucjlib.errors import OutputError

    if path.is_dir():
        raise OutputError(path, "tujuan adalah folder, bukan berkas")
    return path, fmt


def output_folder(option: str, out: str | None,
                  inputs: Sequence[str | Path | None] = ()) -> Path | None:
    """Check a folder option (``--out`` of report/batch, ``--charts``) once.

    Blank is a mistake (exit 2); a file in the way is exit 6; a folder inside an
    input folder (``--data``) is refused (exit 2). ``None`` passes through.

    Examples
    --------
    >>> output_folder("--charts", None) is None
    True
    >>> output_folder("--out", " ")
    Traceback (most recent call last):
    ...
    ucjlib.errors.ArgumentError: Nilai --out tidak valid: ' '. Yang diharapkan: nama berkas \
atau folder yang tidak kosong (kosong akan menulis ke folder saat ini).
    """
    if out is None:
        return None
    _blank(option, out)
    from ucjlib.errors import OutputError
    from ucjlib.files import describe_os_error

    path = Path(out)
    try:  # exists() raises OSError for a name longer than the system allows
        in_the_way = path.exists() and not path.is_dir()
    except OSError as exc:
        raise OutputError(out, describe_os_error(exc)) from None
    if in_the_way:
        raise OutputError(out, "sudah ada berkas dengan nama itu; beri nama folder lain")
    _not_an_input(option, path, inputs)
    return path
