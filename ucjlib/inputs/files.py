"""What a user file is: its extension, its first bytes, its text encoding.

:func:`check_file` checks that a file is what its extension says before it
is read, so a CSV saved as ``.xlsx`` or a text file named ``.parquet`` gives
a clear :class:`~ucjlib.errors.InputValidationError` instead of a library
traceback. :func:`decode_text` is the encoding rule of every CSV reader.
"""

from __future__ import annotations

from pathlib import Path

from ucjlib.inputs.problems import file_error
from ucjlib.text import Note

TEXT_EXT = (".csv", ".txt", ".tsv")
XLSX_EXT = (".xlsx", ".xlsm")
PARQUET_EXT = (".parquet", ".pq")
SUPPORTED = TEXT_EXT + XLSX_EXT + PARQUET_EXT
_SNIFF_BYTES = 65536

def sniff_kind(head: bytes) -> str:
    r"""Tell what a file really is from its first bytes.

    Returns one of ``xlsx`` (a zip container), ``xls`` (old Excel), ``parquet``,
    ``html``, ``empty``, ``binary`` or ``text``.

    Examples
    --------
    >>> sniff_kind(b"PAR1....")
    'parquet'
    >>> sniff_kind(b"kode;periode\n")
    'text'
    >>> sniff_kind(b"<html><body>")
    'html'
    """
    if not head.strip():
        return "empty"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"PAR1"):
        return "parquet"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        return "html"
    if b"\x00" in head:
        return "binary"
    bad = sum(1 for b in head if b < 9 or 13 < b < 32)
    return "binary" if bad > max(2, len(head) // 100) else "text"


_KIND_LABEL = {
    "xlsx": "berkas Excel/zip", "xls": "berkas Excel lama (.xls)", "parquet": "berkas Parquet",
    "html": "halaman HTML/XML", "binary": "data biner", "text": "teks (CSV)",
}


def check_file(path: str | Path) -> str:
    """Check that ``path`` exists, is not empty and matches its extension.

    Returns the format to read it as: ``csv``, ``xlsx`` or ``parquet``.

    Raises
    ------
    InputValidationError
        Naming the file and what it appears to be.
    """
    p = Path(path)
    if not p.is_file():
        raise file_error(p, "berkas tidak ditemukan", "path ke berkas CSV, XLSX atau Parquet")
    ext = p.suffix.lower()
    if ext not in SUPPORTED:
        if ext == ".xls":
            raise file_error(p, "format Excel lama (.xls) tidak didukung",
                        "simpan ulang sebagai .xlsx atau .csv")
        raise file_error(p, f"ekstensi {ext or '(tanpa ekstensi)'} tidak dikenal",
                    ", ".join(SUPPORTED))
    with open(p, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    real = sniff_kind(head)
    if real == "empty":
        raise file_error(p, "berkas kosong", "baris judul kolom dan minimal satu baris data")
    want = "text" if ext in TEXT_EXT else "xlsx" if ext in XLSX_EXT else "parquet"
    if real != want:
        raise file_error(p, f"isi berkas bukan {_KIND_LABEL[want]} seperti ekstensinya {ext}, "
                    f"melainkan {_KIND_LABEL[real]}",
                    f"berkas {ext} yang sah, atau ganti ekstensinya sesuai isi")
    return {"text": "csv", "xlsx": "xlsx", "parquet": "parquet"}[want]


def decode_text(raw: bytes) -> tuple[str, str]:
    r"""Decode CSV bytes: UTF-8 (with or without BOM), else Windows-1252.

    The whole file decides: one byte that is not UTF-8 makes it Windows-1252
    (the DuckDB readers follow the same rule, :mod:`ucjlib.inputs.duck`).

    Examples
    --------
    >>> decode_text("Ngásem".encode("cp1252"))
    ('Ngásem', 'cp1252')
    >>> decode_text(b"\xef\xbb\xbfkode")
    ('kode', 'utf-8-sig')
    >>> decode_text("“Kec.” – Ngasem".encode("cp1252"))[0]
    '“Kec.” – Ngasem'
    """
    try:
        return raw.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


CP1252_NOTE = Note("inputs.cp1252")


DEMO_METADATA_KEY = b"ucjlib.label_data"
"""Parquet key-value metadata written on demo tables (value: the demo label)."""


def parquet_is_demo(path: str | Path) -> bool:
    """Return True when a Parquet file's key-value metadata marks it as demo data.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.parquet"
    >>> pd.DataFrame({"a": [1]}).to_parquet(p)
    >>> parquet_is_demo(p)
    False
    """
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(path).metadata or {}
    except Exception:  # noqa: BLE001 - an unreadable file is reported by the reader
        return False
    return bool(meta.get(DEMO_METADATA_KEY))
