"""Checks of arguments, shared by the command line, the report and the analyses.

Every check returns the clean value or raises :class:`~ucjlib.errors.ArgumentError`
(exit code 2) or :class:`~ucjlib.errors.OutputError` (exit code 6), before anything is
opened or written. The commands re-export them from :mod:`ucjlib.commands._common`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from ucjlib.errors import ArgumentError
from ucjlib.geo.wilayah import LEVELS, level_of, normalize_level


class DatasetLike(Protocol):
    """What the checks read of a dataset (a :class:`ucjlib.dataset.Dataset`).

    A protocol, so that :mod:`ucjlib.dataset` can use the checks without an import cycle.
    """

    @property
    def kode(self) -> str: ...  # noqa: D102

    @property
    def coverage(self) -> Any: ...  # noqa: D102

    @property
    def periods(self) -> list[str]: ...  # noqa: D102


_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")

#: Largest seed the commands accept (numpy's legacy 32-bit seed range; negative seeds are
#: refused by numpy's generators).
MAX_SEED = 2**32 - 1


def check_seed(value: int | None, option: str = "--seed") -> int | None:
    """Return ``value`` if it is a seed numpy accepts (0 .. 2**32-1), else raise.

    ``None`` (the command's default) passes through.

    Raises
    ------
    ArgumentError
        For a negative or too large seed (exit code 2).

    Examples
    --------
    >>> check_seed(42)
    42
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    ucjlib.errors.ArgumentError: Nilai --seed tidak valid: -1. Yang diharapkan: bilangan bulat \
0 sampai 4294967295 (2**32-1).
    """
    import numbers

    if value is None:
        return None
    whole = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not whole or not 0 <= int(value) <= MAX_SEED:
        raise ArgumentError(option, value, f"bilangan bulat 0 sampai {MAX_SEED} (2**32-1)")
    return int(value)


def check_target(target: Any) -> float:
    """Return ``target`` as a 0-1 share, or raise :class:`ArgumentError` saying what to give.

    Examples
    --------
    >>> check_target("0.6")
    0.6
    >>> check_target(60)
    Traceback (most recent call last):
    ...
    ucjlib.errors.ArgumentError: Nilai target tidak valid: 60. ... (maksud Anda 0.6?).
    """
    try:
        t = float(str(target).replace(",", ".")) if not isinstance(target, float) else target
    except ValueError:
        raise ArgumentError("target", target, "rasio 0-1, mis. 0.60 untuk 60%") from None
    if not math.isfinite(t) or not 0 < t <= 1:
        hint = f" (maksud Anda {t / 100:g}?)" if 1 < t <= 100 else ""
        raise ArgumentError("target", target, f"rasio di atas 0 sampai 1, mis. 0.60 untuk 60%"
                            f"{hint}")
    return t


def check_periode(periode: Any, ds: DatasetLike | None = None) -> str:
    """Return ``periode`` as ``YYYY-MM`` present in ``ds``, or raise :class:`ArgumentError`.

    Examples
    --------
    >>> check_periode("2025-06")
    '2025-06'
    >>> check_periode("2025-13")
    Traceback (most recent call last):
    ...
    ucjlib.errors.ArgumentError: Nilai periode tidak valid: '2025-13'. ...
    """
    text = str(periode).strip()
    m = _PERIOD_RE.match(text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ArgumentError("periode", periode, "bulan dalam bentuk YYYY-MM, mis. 2025-06")
    if ds is not None and text not in set(ds.periods):
        raise ArgumentError("periode", periode,
                            f"bulan yang ada di data: {ds.periods[0]} s.d. {ds.periods[-1]}")
    return text


def finest_level(ds: DatasetLike) -> str | None:
    """Return the finest level of the participant counts of ``ds`` (None without any).

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> finest_level(Dataset("35.22", pd.DataFrame({"kode": ["35.22.01"]}), pd.DataFrame()))
    'kecamatan'
    """
    cov = ds.coverage
    if not len(cov) or "kode" not in cov:
        return None
    return LEVELS[min(int(cov["kode"].astype(str).str.count(r"\.").max()), len(LEVELS) - 1)]


def check_level(level: Any, ds: DatasetLike) -> str:
    """Return the canonical level, at or below the dataset's own level.

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> ds = Dataset("35.22", pd.DataFrame(), pd.DataFrame())
    >>> check_level("kec", ds)
    'kecamatan'
    """
    own = level_of(ds.kode)
    allowed = [lv for lv in LEVELS if LEVELS.index(lv) >= LEVELS.index(own)]
    try:
        lv = normalize_level(level)
    except ValueError:
        raise ArgumentError("level", level, ", ".join(allowed)) from None
    if lv not in allowed:
        raise ArgumentError("level", level, f"{', '.join(allowed)} (data ini untuk {own} "
                            f"{ds.kode}; tingkat di atasnya tidak bisa dihitung dari sini)")
    finest = finest_level(ds)
    if finest is not None:  # never a table of "no data" rows below the data's finest level
        if LEVELS.index(lv) > LEVELS.index(finest):
            shown = [x for x in allowed if LEVELS.index(x) <= LEVELS.index(finest)]
            raise ArgumentError("level", level, f"{', '.join(shown)} (data kepesertaan "
                                f"{ds.kode} hanya sampai tingkat {finest})")
    return lv


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
