"""Kept analysis results as plain data: one JSON file per result, one Parquet file per table.

A report folder must never hold anything that runs code when it is opened, so the
typed results a report keeps between its steps are written as data, not pickles.
:func:`save_results` writes, for each named result (``coverage``, ``coverage_desa``,
``projection``, ``budget`` ...)::

    <name>.json                   the result: every field, in JSON
    <name>.<field path>.parquet   one file per DataFrame in it (e.g. ``budget.monthly``,
                                  ``projection.model.<key>`` for a table inside a dict)

:func:`load_results` reads them back into the same classes, equal field by field.

The JSON (``schema`` :data:`SCHEMA`) is written with ``allow_nan=False``. Plain JSON
values stand for themselves; everything else is an object with a ``"__type__"``:

* ``"float"`` — ``NaN``, ``inf`` and ``-inf`` (``{"__type__": "float", "value": "nan"}``);
  ``"NA"`` — :data:`pandas.NA`;
* ``"tuple"`` — a tuple (``items``); ``"dict"`` — a dict whose keys are not all strings,
  or that has a ``"__type__"`` key itself (``items``: ``[key, value]`` pairs);
* ``"DataFrame"`` — a table: its Parquet ``file``, the file's ``sha256``, ``rows``,
  ``columns``, ``dtypes`` and the ``json_columns`` (see below);
* ``"ucjlib.geo.wilayah.Region"`` — a region by its Kemendagri ``kode``, restored from the
  gazetteer (:func:`ucjlib.geo.wilayah.region_of`);
* the qualified name of a known class with its ``fields``: ``ucjlib.results.CoverageResult``
  and ``Target``, ``ucjlib.projection.result.ProjectionResult``,
  ``ucjlib.budget.result.BudgetResult``, and ``ucjlib.smallcells.SuppressedCoverageResult``,
  ``SuppressedProjectionResult`` and ``Suppression``, and ``ucjlib.text.Note`` (a caveat
  as a code and its parameters). Only these are restored: no name read from a file is
  ever imported, and an unknown ``__type__`` is an error.

Tables keep their dtypes through Parquet (nullable integers, categoricals, ``str``).
An object column holding only strings and ``None`` is stored as a string column and
made an object column again; any other object column (e.g. ``"<10"`` beside numbers,
``None`` beside ``NaN``) is stored with each cell JSON-encoded as above and listed in
``json_columns``, so the round trip is exact either way.

Every file is written atomically (:mod:`ucjlib.files`); the Parquet files of a result
are written before its JSON, which records their SHA-256, so a result whose files do not
belong together is refused, not half read. A file that cannot be read back raises
:class:`ResultsFileError` (an :class:`~ucjlib.errors.OutputError`) naming the file and
what was expected.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import math
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ucjlib.errors import ArgumentError, OutputError, UcjError
from ucjlib.files import atomic_write_bytes, atomic_write_text, ensure_dir

__all__ = ["SCHEMA", "SECTIONS", "ResultsFileError", "load_results", "save_results"]

#: Sections of a report, in reading order (results are loaded in this order).
SECTIONS = ("coverage", "coverage_desa", "projection", "budget")

#: Version of the file format; a file with a higher number was written by a newer ucjlib.
SCHEMA = 1

_TYPE = "__type__"
_REGION = "ucjlib.geo.wilayah.Region"
_NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")
_FILE_RE = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_~-]+)*\.parquet$")
_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


class ResultsFileError(OutputError):
    """A kept results file that cannot be read back (missing, changed, unknown content).

    Parameters
    ----------
    path : str or path-like
        The file.
    reason : str
        What is wrong with it.
    expected : str, optional
        What would have been accepted.

    Examples
    --------
    >>> str(ResultsFileError("r/coverage.json", "tipe tidak dikenal 'os.system'",
    ...                      "salah satu tipe hasil ucjlib"))  # doctest: +ELLIPSIS
    "Tidak dapat membaca r/coverage.json: tipe tidak dikenal 'os.system'. Yang diharapkan: ..."
    """

    def __init__(self, path: str | os.PathLike, reason: str, expected: str | None = None
                 ) -> None:
        self.path, self.reason, self.expected = str(path), reason, expected
        msg = f"Tidak dapat membaca {self.path}: {reason}."
        if expected:
            msg += f" Yang diharapkan: {expected}."
        msg += " Jalankan ulang bagian laporan yang menyimpannya."
        UcjError.__init__(self, msg)


def _classes() -> dict[str, type]:
    from ucjlib.budget.result import BudgetResult
    from ucjlib.projection.result import ProjectionResult
    from ucjlib.results import CoverageResult, Target
    from ucjlib.smallcells import (
        SuppressedCoverageResult,
        SuppressedProjectionResult,
        Suppression,
    )
    from ucjlib.text import Note

    return {f"{c.__module__}.{c.__qualname__}": c
            for c in (CoverageResult, SuppressedCoverageResult, ProjectionResult,
                      SuppressedProjectionResult, BudgetResult, Target, Suppression, Note)}


_CLASSES: dict[str, type] = {}  # qualified name -> class, filled on first use


def _known() -> dict[str, type]:
    """Return the only dataclasses restored by name (``Region`` is kept as its code)."""
    if not _CLASSES:
        _CLASSES.update(_classes())
    return _CLASSES


def _where(path: tuple[str, ...]) -> str:
    return ".".join(path) or "(hasil)"


# --- writing -----------------------------------------------------------------------------

class _Writer:
    """Encode one result: JSON-ready tree plus the Parquet bytes of its tables."""

    def __init__(self, name: str, json_path: Path) -> None:
        self.name, self.json_path = name, json_path
        self.frames: dict[str, bytes] = {}

    def fail(self, path: tuple[str, ...], what: str) -> OutputError:
        return OutputError(self.json_path, f"{what} di {_where(path)} tidak dapat disimpan "
                                           "sebagai data (JSON/Parquet)")

    def scalar(self, x: Any, path: tuple[str, ...]) -> Any:
        if x is None or isinstance(x, bool | str):
            return x
        if isinstance(x, np.bool_):
            return bool(x)
        if isinstance(x, int | np.integer):
            return int(x)
        if isinstance(x, float | np.floating):
            f = float(x)
            if math.isfinite(f):
                return f
            return {_TYPE: "float", "value": "nan" if math.isnan(f) else
                    ("inf" if f > 0 else "-inf")}
        if x is pd.NA:
            return {_TYPE: "NA"}
        raise self.fail(path, f"nilai bertipe {type(x).__name__}")

    def value(self, x: Any, path: tuple[str, ...]) -> Any:
        if isinstance(x, pd.DataFrame):
            return self.frame(x, path)
        if isinstance(x, tuple):
            return {_TYPE: "tuple", "items": [self.value(v, (*path, str(i)))
                                              for i, v in enumerate(x)]}
        if isinstance(x, list):
            return [self.value(v, (*path, str(i))) for i, v in enumerate(x)]
        if isinstance(x, dict):
            if all(isinstance(k, str) for k in x) and _TYPE not in x:
                return {k: self.value(v, (*path, k)) for k, v in x.items()}
            return {_TYPE: "dict", "items": [[self.value(k, path), self.value(v, (*path, str(k)))]
                                             for k, v in x.items()]}
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            return self.dataclass(x, path)
        return self.scalar(x, path)

    def dataclass(self, x: Any, path: tuple[str, ...]) -> dict[str, Any]:
        from ucjlib.geo.wilayah import Region

        if type(x) is Region:
            return {_TYPE: _REGION, "kode": x.kode}
        qual = f"{type(x).__module__}.{type(x).__qualname__}"
        if _known().get(qual) is not type(x):
            raise self.fail(path, f"objek {qual}")
        return {_TYPE: qual, "fields": {f.name: self.value(getattr(x, f.name), (*path, f.name))
                                        for f in dataclasses.fields(x) if f.init}}

    def file_name(self, path: tuple[str, ...]) -> str:
        parts = [re.sub(r"[^A-Za-z0-9_-]", "_", p) or "_" for p in path] or ["tabel"]
        base = f"{self.name}.{'.'.join(parts)}"
        name, n = f"{base}.parquet", 2
        while name in self.frames:
            name, n = f"{base}~{n}.parquet", n + 1
        return name

    def frame(self, df: pd.DataFrame, path: tuple[str, ...]) -> dict[str, Any]:
        names = list(df.columns)
        plain_names = all(isinstance(c, str) for c in names) and len(set(names)) == len(names)
        out = df if plain_names else df.set_axis([f"_{i}" for i in range(len(names))], axis=1)
        json_cols: list[str] = []
        for i, c in enumerate(out.columns):
            s = out.iloc[:, i]
            if s.dtype == object and not all(v is None or isinstance(v, str) for v in s):
                cells = [json.dumps(self.scalar(v, (*path, str(names[i]))), allow_nan=False,
                                    ensure_ascii=False) for v in s]
                if out is df:
                    out = df.copy()
                out.isetitem(i, pd.Series(cells, index=out.index, dtype=object))
                json_cols.append(str(c))
        buf = io.BytesIO()
        try:
            out.to_parquet(buf, engine="pyarrow", index=None)
        except (ValueError, TypeError, ImportError) as exc:
            raise self.fail(path, f"tabel ({type(exc).__name__}: {exc})") from None
        data = buf.getvalue()
        file = self.file_name(path)
        self.frames[file] = data
        return {_TYPE: "DataFrame", "file": file, "sha256": hashlib.sha256(data).hexdigest(),
                "rows": len(df),
                "columns": None if plain_names else [self.value(c, path) for c in names],
                "columns_range": [df.columns.start, df.columns.stop, df.columns.step]
                if isinstance(df.columns, pd.RangeIndex) and not plain_names else None,
                "dtypes": [str(t) for t in df.dtypes], "json_columns": json_cols}


def save_results(results: Mapping[str, Any], folder: str | os.PathLike) -> list[Path]:
    """Write each named result to ``folder`` as ``<name>.json`` plus its tables in Parquet.

    Parameters
    ----------
    results : mapping of str to result
        Name (letters, digits, ``_``, ``-``; e.g. ``"coverage"``) -> a
        :class:`~ucjlib.results.CoverageResult`, ``ProjectionResult``, ``BudgetResult``,
        their small-cell protected variants, or ``None`` (kept as ``None``).
    folder : str or path-like
        Created when missing. Parquet files of an earlier save of the same name that the
        new result no longer has are removed.

    Returns
    -------
    list of Path
        For each result its Parquet files, then its JSON file.

    Raises
    ------
    ArgumentError
        For a name that cannot be a file name.
    OutputError
        When the folder cannot be written, or a result holds a value that cannot be
        kept as data (an object of another class, a ``Timestamp`` ...); nothing of that
        result is written then.

    Examples
    --------
    >>> import tempfile
    >>> from ucjlib.results import Target
    >>> d = tempfile.mkdtemp()
    >>> [p.name for p in save_results({"target": Target(0.6, "uji", "pengguna")}, d)]
    ['target.json']
    >>> load_results(d)
    {'target': Target(value=0.6, source='uji', source_level='pengguna')}
    """
    for name in results:
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise ArgumentError("name", name, "huruf, angka, '_' atau '-', mis. 'coverage'")
    out = ensure_dir(folder)
    written: list[Path] = []
    for name, result in results.items():
        json_path = out / f"{name}.json"
        w = _Writer(name, json_path)
        doc = {"schema": SCHEMA, "name": name,
               "type": None if result is None else
               f"{type(result).__module__}.{type(result).__qualname__}",
               "result": w.value(result, ())}
        try:
            text = json.dumps(doc, allow_nan=False, ensure_ascii=False, indent=1)
        except (TypeError, ValueError) as exc:  # a bug in the encoder, never user data
            raise OutputError(json_path, f"hasil tidak dapat ditulis sebagai JSON ({exc})"
                              ) from None
        for file, data in w.frames.items():
            written.append(atomic_write_bytes(out / file, data))
        written.append(atomic_write_text(json_path, text + "\n"))
        for old in out.glob(f"{name}.*.parquet"):
            if old.name not in w.frames:
                with contextlib.suppress(OSError):
                    old.unlink()
    return written


# --- reading -----------------------------------------------------------------------------

class _Reader:
    """Decode one result file, restoring only known types."""

    def __init__(self, name: str, json_path: Path) -> None:
        self.name, self.json_path, self.folder = name, json_path, json_path.parent

    def fail(self, where: str, reason: str, expected: str | None = None) -> ResultsFileError:
        return ResultsFileError(self.json_path, f"{reason} (di {where})", expected)

    def value(self, x: Any, path: tuple[str, ...]) -> Any:
        if x is None or isinstance(x, bool | int | float | str):
            return x
        if isinstance(x, list):
            return [self.value(v, (*path, str(i))) for i, v in enumerate(x)]
        if not isinstance(x, dict):  # pragma: no cover - json.loads gives nothing else
            raise self.fail(_where(path), f"nilai bertipe {type(x).__name__}")
        t = x.get(_TYPE)
        if t is None:
            return {k: self.value(v, (*path, k)) for k, v in x.items()}
        handler = self.handlers().get(t) if isinstance(t, str) else None
        if handler is None:
            if t in _known():
                return self.dataclass(_known()[t], x, path)
            raise self.fail(_where(path), f"tipe tidak dikenal {t!r}",
                            "salah satu dari " + ", ".join(sorted(
                                [*self.handlers(), *_known()])))
        return handler(x, path)

    def scalar(self, x: Any, path: tuple[str, ...]) -> Any:
        if isinstance(x, dict) and x.get(_TYPE) in ("float", "NA"):
            return self.value(x, path)
        if x is None or isinstance(x, bool | int | float | str):
            return x
        raise self.fail(_where(path), f"sel tabel {x!r}", "angka, teks, null, NaN atau NA")

    def handlers(self) -> dict[str, Callable[[dict[str, Any], tuple[str, ...]], Any]]:
        return {"float": self.float_, "NA": lambda x, p: pd.NA, "tuple": self.tuple_,
                "dict": self.dict_, "DataFrame": self.frame, _REGION: self.region}

    def need(self, x: dict[str, Any], key: str, kind: type | tuple[type, ...],
             path: tuple[str, ...], expected: str) -> Any:
        v = x.get(key)
        if not isinstance(v, kind) or isinstance(v, bool) and kind in (int, (int,)):
            raise self.fail(_where(path), f"{x.get(_TYPE)!s} tanpa {key!r} yang benar",
                            expected)
        return v

    def float_(self, x: dict[str, Any], path: tuple[str, ...]) -> float:
        v = x.get("value")
        if v not in _FLOATS:
            raise self.fail(_where(path), f"nilai float {v!r}", "'nan', 'inf' atau '-inf'")
        return _FLOATS[v]

    def tuple_(self, x: dict[str, Any], path: tuple[str, ...]) -> tuple[Any, ...]:
        items = self.need(x, "items", list, path, "daftar 'items'")
        return tuple(self.value(v, (*path, str(i))) for i, v in enumerate(items))

    def dict_(self, x: dict[str, Any], path: tuple[str, ...]) -> dict[Any, Any]:
        items = self.need(x, "items", list, path, "daftar pasangan [kunci, nilai]")
        out: dict[Any, Any] = {}
        for kv in items:
            if not (isinstance(kv, list) and len(kv) == 2):
                raise self.fail(_where(path), "pasangan kunci-nilai rusak", "[kunci, nilai]")
            k = self.value(kv[0], path)
            try:
                out[k] = self.value(kv[1], (*path, str(k)))
            except TypeError:
                raise self.fail(_where(path), f"kunci {k!r} tidak dapat dipakai",
                                "angka, teks atau tuple") from None
        return out

    def region(self, x: dict[str, Any], path: tuple[str, ...]) -> Any:
        from ucjlib.geo.wilayah import region_of

        kode = self.need(x, "kode", str, path, "kode Kemendagri, mis. '35.22'")
        try:
            return region_of(kode)
        except UcjError as exc:
            raise self.fail(_where(path), f"wilayah {kode!r} tidak dikenal ({exc})",
                            "kode Kemendagri yang ada di gazetteer") from None

    def dataclass(self, cls: type, x: dict[str, Any], path: tuple[str, ...]) -> Any:
        fields = self.need(x, "fields", dict, path, f"'fields' dari {x[_TYPE]}")
        known = {f.name: f for f in dataclasses.fields(cls) if f.init}
        extra = [k for k in fields if k not in known]
        missing = [n for n, f in known.items() if n not in fields
                   and f.default is dataclasses.MISSING
                   and f.default_factory is dataclasses.MISSING]
        if extra or missing:
            what = "; ".join(filter(None, [
                extra and "kolom tak dikenal " + ", ".join(map(repr, extra)),
                missing and "kolom hilang " + ", ".join(map(repr, missing))]))
            raise self.fail(_where(path), f"{x[_TYPE]}: {what}",
                            "kolom " + ", ".join(known))
        values = {k: self.value(v, (*path, k)) for k, v in fields.items()}
        for k, v in values.items():
            hint = str(known[k].type)
            if "DataFrame" in hint and not isinstance(v, pd.DataFrame) and not (
                    v is None and "None" in hint):
                raise self.fail(_where((*path, k)), f"{type(v).__name__} untuk tabel",
                                "sebuah DataFrame")
        try:
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise self.fail(_where(path), f"{x[_TYPE]} tidak dapat dibuat ({exc})") from None

    def frame(self, x: dict[str, Any], path: tuple[str, ...]) -> pd.DataFrame:
        where = _where(path)
        file = self.need(x, "file", str, path, "nama berkas Parquet")
        if not _FILE_RE.match(file) or not file.startswith(f"{self.name}."):
            raise self.fail(where, f"nama berkas tabel {file!r}",
                            f"'{self.name}.<kolom>.parquet' di folder yang sama")
        sha = self.need(x, "sha256", str, path, "SHA-256 berkas Parquet")
        rows = self.need(x, "rows", int, path, "jumlah baris")
        dtypes = self.need(x, "dtypes", list, path, "daftar dtype")
        json_cols = self.need(x, "json_columns", list, path, "daftar kolom JSON")
        p = self.folder / file
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise ResultsFileError(p, f"berkas tabel {where} dari {self.json_path.name} "
                                      "tidak ada", "berkas Parquet yang ditulis bersamanya"
                                   ) from None
        except OSError as exc:
            raise ResultsFileError(p, f"berkas tidak dapat dibaca ({exc.strerror})") from None
        if hashlib.sha256(data).hexdigest() != sha:
            raise ResultsFileError(p, f"isi berkas tidak cocok dengan {self.json_path.name} "
                                      "(berubah atau dari penyimpanan lain)",
                                   f"SHA-256 {sha}")
        try:
            df = pd.read_parquet(io.BytesIO(data), engine="pyarrow")
        except Exception as exc:  # pyarrow raises its own ArrowInvalid, OSError ...
            raise ResultsFileError(p, f"bukan berkas Parquet yang dapat dibaca "
                                      f"({type(exc).__name__})") from None
        names = x.get("columns")
        if names is not None:
            names = self.value(self.need(x, "columns", list, path, "daftar kolom"), path)
        expect = names if names is not None else list(df.columns)
        if len(df) != rows or len(df.columns) != len(dtypes) or len(expect) != len(dtypes):
            raise ResultsFileError(p, f"{len(df)} baris x {len(df.columns)} kolom",
                                   f"{rows} baris x {len(dtypes)} kolom")
        for i, c in enumerate(df.columns):
            s = df.iloc[:, i]
            if c in json_cols:
                try:
                    cells = [self.scalar(json.loads(v, parse_constant=_no_constant),
                                         (*path, str(expect[i]))) for v in s]
                except (TypeError, ValueError):
                    raise ResultsFileError(p, f"kolom {c!r} bukan JSON per sel",
                                           "satu nilai JSON per sel") from None
                df.isetitem(i, pd.Series(cells, index=df.index, dtype=object))
            elif dtypes[i] == "object" and s.dtype != object:
                df.isetitem(i, s.astype(object).where(s.notna(), None))
        if names is not None:
            span = x.get("columns_range")
            cols = (pd.RangeIndex(*span) if isinstance(span, list) and len(span) == 3
                    and all(type(v) is int for v in span) else pd.Index(names))
            if len(cols) != len(names):
                raise self.fail(where, "'columns_range' tidak cocok dengan 'columns'")
            df = df.set_axis(cols, axis=1)
        return df


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _order(names: list[str]) -> list[str]:
    rank = {n: i for i, n in enumerate(SECTIONS)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def _read_one(json_path: Path) -> Any:
    name = json_path.stem
    try:
        text = json_path.read_text(encoding="utf-8")
        doc = json.loads(text, parse_constant=_no_constant)
    except OSError as exc:
        raise ResultsFileError(json_path, f"berkas tidak dapat dibaca ({exc.strerror})"
                               ) from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ResultsFileError(json_path, f"bukan JSON yang sah ({type(exc).__name__})",
                               f"JSON hasil ucjlib (skema {SCHEMA})") from None
    if not isinstance(doc, dict) or "result" not in doc:
        raise ResultsFileError(json_path, "tidak ada 'result'",
                               f"JSON hasil ucjlib (skema {SCHEMA})")
    schema = doc.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise ResultsFileError(json_path, f"skema {schema!r}", f"skema {SCHEMA}")
    if schema > SCHEMA:
        raise ResultsFileError(json_path, f"ditulis oleh versi ucjlib yang lebih baru "
                                          f"(skema {schema})",
                               f"skema {SCHEMA}; perbarui ucjlib")
    if doc.get("name") != name:
        raise ResultsFileError(json_path, f"berisi hasil {doc.get('name')!r}",
                               f"hasil {name!r} (nama berkas)")
    reader = _Reader(name, json_path)
    try:
        return reader.value(doc["result"], ())
    except UcjError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError,
            RecursionError) as exc:
        raise ResultsFileError(json_path, f"isi rusak ({type(exc).__name__}: {exc})",
                               f"JSON hasil ucjlib (skema {SCHEMA})") from None


def load_results(folder: str | os.PathLike) -> dict[str, Any]:
    """Read back every result :func:`save_results` wrote to ``folder``.

    Parameters
    ----------
    folder : str or path-like
        A missing folder holds no results.

    Returns
    -------
    dict
        Name -> result (or ``None``), the report's sections first in reading order
        (``coverage``, ``coverage_desa``, ``projection``, ``budget``), then any other
        name alphabetically. Tables come back with their dtypes; numpy scalars kept in
        dicts come back as Python numbers.

    Raises
    ------
    ResultsFileError
        (an :class:`~ucjlib.errors.OutputError`) naming the file, for a file that is not
        a result of a known schema, holds an unknown type, or whose Parquet tables are
        missing or were changed since.

    Examples
    --------
    >>> import tempfile
    >>> load_results(tempfile.mkdtemp())
    {}
    """
    base = Path(folder)
    if not base.is_dir():
        return {}
    names = [p.stem for p in base.glob("*.json") if _NAME_RE.match(p.stem)]
    return {name: _read_one(base / f"{name}.json") for name in _order(names)}
