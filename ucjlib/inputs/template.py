"""Recognise a workbook written by ``ucj template`` and what its marker says.

The template (:mod:`ucjlib.render.template`) writes a hidden sheet :data:`MARKER_SHEET`
whose cell A1 is :data:`MARKER` and whose rows below are ``key | value`` pairs: the
kabupaten, the level, the data and workforce sheets and the count column of each.
The readers use it to read the template's sheets without ``--sheet``
(:func:`ucjlib.inputs.sheets.choose_sheet`), to skip the rows an officer left empty
(:func:`unfilled_rows`), and :func:`ucjlib.inputs.loaders.load_dataset` to read a filled
template given as ``--data FILE.xlsx``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MARKER_SHEET = "_ucj"
MARKER = "ucjlib-template"
VERSION = 1
DEFINED_NAME = "UCJ_TEMPLATE"


@dataclass(frozen=True)
class TemplateInfo:
    """What the marker sheet of a template says.

    Attributes
    ----------
    kabupaten : str
        Kemendagri code of the kabupaten/kota the template was written for.
    level : str
        ``kecamatan`` or ``desa``.
    data_sheet, workforce_sheet : str
        Titles of the coverage and workforce sheets.
    data_count, workforce_count : str
        Header of the count column of each sheet (``peserta_aktif``, ``pekerja``).
    """

    kabupaten: str
    level: str
    data_sheet: str
    workforce_sheet: str
    data_count: str = "peserta_aktif"
    workforce_count: str = "pekerja"

    def sheet_for(self, kind: str | None) -> str | None:
        """Return the sheet to read for ``kind`` (None: the data sheet), or None."""
        if kind in (None, "coverage"):
            return self.data_sheet
        if kind == "workforce":
            return self.workforce_sheet
        return None

    def count_column(self, title: str) -> str | None:
        """Return the count column of the sheet titled ``title`` (None: not a template sheet)."""
        if title == self.data_sheet:
            return self.data_count
        if title == self.workforce_sheet:
            return self.workforce_count
        return None

    def rows(self) -> list[tuple[str, str]]:
        """Return the ``key | value`` rows the marker sheet holds below A1."""
        return [("kabupaten", self.kabupaten), ("level", self.level),
                ("data_sheet", self.data_sheet), ("workforce_sheet", self.workforce_sheet),
                ("data_count", self.data_count), ("workforce_count", self.workforce_count)]


def template_info(wb) -> TemplateInfo | None:
    """Return the :class:`TemplateInfo` of an openpyxl workbook, or None when it is no template.

    Works on read-only workbooks (the readers open them so).
    """
    if MARKER_SHEET not in getattr(wb, "sheetnames", ()):
        return None
    try:
        rows = [list(r) for r in wb[MARKER_SHEET].iter_rows(max_row=20, max_col=2,
                                                            values_only=True)]
    except (KeyError, ValueError, TypeError):
        return None
    if not rows or not rows[0] or rows[0][0] != MARKER:
        return None
    values = {str(r[0]): str(r[1]) for r in rows[1:]
              if len(r) > 1 and r[0] is not None and r[1] is not None}
    try:
        info = TemplateInfo(**{k: values[k] for k in ("kabupaten", "level", "data_sheet",
                                                      "workforce_sheet")},
                            **{k: values[k] for k in ("data_count", "workforce_count")
                               if k in values})
    except KeyError:
        return None
    names = set(wb.sheetnames)
    return info if info.data_sheet in names and info.workforce_sheet in names else None


def read_template_info(path: str | Path) -> TemplateInfo | None:
    """Return the :class:`TemplateInfo` of an XLSX file, or None (not XLSX, not a template)."""
    p = Path(path)
    if not p.is_file() or p.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    try:
        return template_info(wb)
    finally:
        wb.close()


def unfilled_rows(frame, count: str) -> list[int]:
    """Return the index labels of the template rows whose ``count`` cell is still empty.

    ``count`` is matched as a header (case, spaces and underscores ignored).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"kode": ["35.22.01", "35.22.02"], "peserta_aktif": [None, 5]},
    ...                   index=[2, 3])
    >>> unfilled_rows(df, "peserta_aktif")
    [2]
    """
    from ucjlib.inputs.cells import is_blank
    from ucjlib.inputs.dictionary import norm_key

    cols = [c for c in frame.columns if norm_key(str(c)) == norm_key(count)]
    if not cols:
        return []
    col = frame[cols[0]]
    return [i for i, v in zip(frame.index, col, strict=True) if is_blank(v)]


def empty_template_error(path: str | Path, sheet: str | None = None):
    """Return the one-problem error of a template with nothing filled in (exit 3)."""
    from ucjlib.inputs.problems import file_error
    from ucjlib.text import say

    if sheet is None:
        return file_error(path, say("template.read.empty", "id"),
                          say("template.read.empty_expected", "id"))
    return file_error(path, say("template.read.empty_sheet", "id", sheet=sheet),
                      say("template.read.empty_expected", "id"))


def other_kabupaten_error(path: str | Path, info: TemplateInfo, kabupaten: str):
    """Return the error of a template written for another kabupaten than the one asked for."""
    from ucjlib.geo.wilayah import get_region
    from ucjlib.inputs.problems import file_error

    def label(code: str) -> str:
        try:
            return get_region(code).label
        except LookupError:
            return code

    other, asked = label(info.kabupaten), label(kabupaten)
    return file_error(path, f"berkas ini berisi data {other}, bukan {asked} (templat "
                      f"{info.kabupaten})", f"templat {asked}, atau jalankan untuk {other}")


def keep_filled(frame, info: TemplateInfo | None, title: str, path: str | Path):
    """Drop the rows of a template sheet an officer left empty; return ``(frame, notes)``.

    Nothing changes for a sheet that is not a template's data or workforce sheet. A
    template sheet without a single count is the one-problem error "not filled in yet".
    """
    count = info.count_column(title) if info is not None else None
    if count is None:
        return frame, []
    empty = unfilled_rows(frame, count)
    if not empty:
        return frame, []
    if len(empty) == len(frame):
        raise empty_template_error(path, title)
    from ucjlib.text import Note

    return frame.drop(index=empty), [Note("template.read.skipped",
                                          {"n": len(empty), "sheet": title})]


def _filled(wb, title: str, count: str) -> int:
    """Return how many cells of the ``count`` column of sheet ``title`` hold something."""
    from ucjlib.inputs.cells import is_blank
    from ucjlib.inputs.dictionary import norm_key

    rows = wb[title].iter_rows(values_only=True)
    header = next(rows, ()) or ()
    cols = [i for i, v in enumerate(header) if v is not None and norm_key(str(v)) ==
            norm_key(count)]
    if not cols:
        return 1  # a changed header: the reader reports it
    return sum(1 for r in rows if cols[0] < len(r) and not is_blank(r[cols[0]]))


def check_template_file(path: str | Path, kabupaten: str) -> TemplateInfo:
    """Check a file given as ``--data``: a template of ``kabupaten`` with something filled in.

    Raises
    ------
    InputValidationError
        One problem: the file is no ``ucj template`` workbook (a data folder is
        expected), it was written for another kabupaten, or none of its counts is
        filled in yet.
    """
    from openpyxl import load_workbook

    from ucjlib.inputs.problems import file_error

    p = Path(path)
    info = read_template_info(p)
    if info is None:
        raise file_error(p, "--data berupa berkas, tetapi bukan templat dari `ucj template`",
                         "folder berisi coverage.* dan workforce.*, atau templat yang diisi "
                         "(ucj template <kabupaten> --out FILE.xlsx)")
    if kabupaten and info.kabupaten != kabupaten:
        raise other_kabupaten_error(p, info, kabupaten)
    wb = load_workbook(p, read_only=True, data_only=True)  # opened by read_template_info
    try:
        filled = _filled(wb, info.data_sheet, info.data_count) + _filled(
            wb, info.workforce_sheet, info.workforce_count)
    finally:
        wb.close()
    if not filled:
        raise empty_template_error(p)
    return info
