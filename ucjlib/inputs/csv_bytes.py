"""CSV bytes for DuckDB: one scan of a file's bytes, and the UTF-8 copies DuckDB reads.

:func:`scan_csv` tells in one pass over the bytes what the DuckDB reader of
:mod:`ucjlib.inputs.duck` must handle (encoding, quotes, empty and blank
lines, Excel error values); :func:`transcode` and :func:`rewrite_csv` write
the private UTF-8 copy it reads instead of the file when needed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ucjlib.inputs.problems import file_error

_CHUNK = 1 << 24
_EXCEL_BYTES = re.compile(rb"#(?:N/A|REF!|VALUE!|DIV/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|"
                          rb"GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)", re.I)



@dataclass
class Scan:
    """What one pass over a CSV's bytes found (after the header line)."""

    utf8: bool = True
    quoted: bool = False
    empty_lines: bool = False
    """A line of separators, spaces or quotes only (read by DuckDB as an all-empty row)."""
    blank_lines: bool = False
    """A truly blank line followed by data (DuckDB skips it, which shifts the row numbers)."""
    excel: bool = False
    """Text that looks like an Excel error value (``#N/A`` ...) somewhere in the file."""
    odd_quotes: bool = False
    """An odd number of ``"``: a quote never closed (DuckDB reads on to the end of the file)."""


def scan_csv(path: Path, start: int, sep: str) -> Scan:
    r"""One pass over a CSV's bytes: encoding (whole file); quotes, empty lines from ``start``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_bytes(b"a;b\n1;2\n\n;;\n3;#N/A\n\n")
    >>> scan_csv(p, 4, ";")
    Scan(utf8=True, quoted=False, empty_lines=True, blank_lines=True, excel=True, odd_quotes=False)
    >>> _ = p.write_bytes(b"a;b\n1;2\n3;4\n\n\n")
    >>> scan_csv(p, 4, ";").blank_lines
    False
    """
    import mmap

    import numpy as np

    res = Scan()
    junk = b" \t\r\n\"" + sep.encode("ascii")
    line = re.compile(rb"\n([" + re.escape(junk[:2] + junk[4:]) + rb"]*)\r?(?=\n|\Z)")
    with open(path, "rb") as fh:
        size = fh.seek(0, 2)
        if start >= size:
            return res
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            arr = np.frombuffer(mm, dtype=np.uint8)
            try:  # any byte >= 128 (chunk by chunk: no copy of the file in memory)
                high = any(int(arr[i:i + _CHUNK].max()) >= 128 for i in range(0, size, _CHUNK))
                res.quoted = mm.find(b'"', start) >= 0
                if res.quoted:
                    res.odd_quotes = sum(int((arr[i:i + _CHUNK] == 34).sum())
                                         for i in range(start, size, _CHUNK)) % 2 == 1
            finally:
                del arr
            if high:  # the whole file decides, title lines included (as decode_text)
                res.utf8 = _is_utf8(mm, 0)
            res.excel = mm.find(b"#", start) >= 0 and _EXCEL_BYTES.search(mm, start) is not None
            last_data = start  # just after the last byte that is not blank, separator or quote
            pos = size
            while pos > start and last_data == start:
                lo = max(start, pos - _CHUNK)
                tail = mm[lo:pos].rstrip(junk)
                if tail:
                    last_data = lo + len(tail)
                pos = lo
            for m in line.finditer(mm, start - 1):
                if m.group(1):
                    res.empty_lines = True
                elif m.start() + 1 < last_data:
                    res.blank_lines = True
                if res.empty_lines and res.blank_lines:
                    break
    return res


def _is_utf8(buf, start: int) -> bool:
    import codecs

    dec = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        for i in range(start, len(buf), _CHUNK):
            dec.decode(buf[i:i + _CHUNK])
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def line_end(head: bytes, n: int) -> int:
    """Byte offset just after line ``n`` (0-based) of the file's head (the header line)."""
    pos = 0
    for _ in range(n + 1):
        nxt = head.find(b"\n", pos)
        if nxt < 0:
            return len(head)
        pos = nxt + 1
    return pos



def transcode(src: Path, dst: Path, sep: str, utf8: bool, blank_lines: bool) -> None:
    r"""Copy a CSV as UTF-8 (from Windows-1252 when not UTF-8); blank lines become ``sep``.

    Used only for files without quotes when blank lines must be kept as rows
    (a quoted value could hold a blank line: :func:`rewrite_csv` then).
    """
    enc = "utf-8-sig" if utf8 else "cp1252"
    blank = re.compile(r"\n(?=\r?\n|\r?\Z)")
    carry = ""
    with open(src, encoding=enc, errors="replace", newline="") as fin, \
            open(dst, "w", encoding="utf-8", newline="") as fout:
        while True:
            chunk = fin.read(_CHUNK)
            if not chunk:
                fout.write(carry)
                break
            buf = carry + chunk
            if not blank_lines:
                fout.write(buf)
                carry = ""
                continue
            cut = buf.rfind("\n")
            if cut < 0:
                carry = buf
                continue
            fout.write(blank.sub("\n" + sep, buf[:cut]))
            carry = buf[cut:]


def rewrite_csv(src: Path, dst: Path, sep: str, utf8: bool, file: str) -> None:
    """Copy a CSV through Python's csv module (strict quotes), blank records as empty rows."""
    enc = "utf-8-sig" if utf8 else "cp1252"
    with open(src, encoding=enc, errors="replace", newline="") as fin, \
            open(dst, "w", encoding="utf-8", newline="") as fout:
        reader = csv.reader(fin, delimiter=sep, quotechar='"', doublequote=True, strict=True)
        writer = csv.writer(fout, delimiter=sep, quotechar='"', lineterminator="\n")
        try:
            for row in reader:
                writer.writerow(row if row else [""])
        except csv.Error as exc:
            raise file_error(file, f"CSV tidak bisa dibaca: {exc} (baris {reader.line_num})",
                        "CSV dengan pemisah ; atau , dan tanda kutip yang berpasangan") from None
