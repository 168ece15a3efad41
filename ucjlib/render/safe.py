"""Text from a user file made safe for each output: spreadsheet cells, HTML, terminal.

Scenario names, labels and column values come from files that anyone may have
written. Every writer passes them through one of the three rules here, written
once:

* :func:`cell_text` — CSV and XLSX cells. Control characters are removed, and a
  text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return (also
  after leading spaces, and their full-width forms) gets a leading ``'`` so
  that Excel, LibreOffice and Google Sheets show it as text and never run it as
  a formula (the OWASP CSV-injection rule). A text that is a plain number
  (``-0,5``, ``-1.234``, ``+62``) is left as it is: numbers stay numbers.
  :func:`neutral_frame` applies it to every text cell of a frame before
  ``DataFrame.to_csv``; :func:`neutralise_workbook` applies it to every text
  cell of an openpyxl workbook before it is saved (and makes sure no cell is a
  formula).
* :func:`html_text` — HTML: ``html.escape(text, quote=True)``. The frames the
  notebooks display are :class:`HtmlSafeFrame`; their ``.style`` is a pandas
  Styler that escapes every cell (pandas' own Styler does not), and their
  ``to_html()`` escapes as pandas always does.
* :func:`terminal_text` — terminal output: ESC sequences (CSI, OSC, two-byte),
  other C0 control characters except newline and tab, DEL, C1 control
  characters and bidirectional overrides are removed.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

import pandas as pd

__all__ = ["HtmlSafeFrame", "assert_no_formulas", "cell_text", "html_frame", "html_text",
           "neutral_frame", "neutralise_workbook", "terminal_text"]

#: Characters that start a formula in a spreadsheet (ASCII and full-width forms).
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")

# C0 except tab, newline and carriage return (kept in cells: a multi-line note is
# quoted by the CSV writer), DEL and C1. openpyxl refuses most of these outright.
_CELL_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A number as a person or a spreadsheet writes it: sign, digits with . or , groups,
# optional exponent and percent sign. ``-2+3`` and ``-`` are not numbers.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?%?")

_ESCAPE_SEQ = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"             # CSI: colours, cursor moves, erase
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"       # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"                    # two-byte and nF escapes, lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]")              # 8-bit CSI
_TERM_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def cell_text(value: Any) -> Any:
    r"""Return ``value`` safe for a CSV or XLSX cell (non-text values unchanged).

    Parameters
    ----------
    value : object
        A cell value. Only ``str`` is changed; numbers, dates and ``None`` are
        returned as they are, so numbers stay numbers.

    Returns
    -------
    object
        The text without control characters, with a leading ``'`` when it would
        otherwise start a formula and is not a plain number.

    Examples
    --------
    >>> cell_text('=HYPERLINK("http://x","y")')
    '\'=HYPERLINK("http://x","y")'
    >>> cell_text("@SUM(A1)"), cell_text("-2+3"), cell_text("+62 812")
    ("'@SUM(A1)", "'-2+3", "'+62 812")
    >>> cell_text("-0,5"), cell_text("-1.234"), cell_text(-3), cell_text("Kapas")
    ('-0,5', '-1.234', -3, 'Kapas')
    >>> cell_text("Nga\x00wi\x1b")
    'Ngawi'
    """
    if not isinstance(value, str):
        return value
    text = _CELL_CONTROL.sub("", value)
    lead = text.lstrip(" ")
    if lead and lead[0] in FORMULA_START and not _NUMBER.fullmatch(lead):
        return "'" + text
    return text


def html_text(value: Any) -> str:
    """Return ``value`` as HTML text: ``html.escape(str(value), quote=True)``.

    ``None`` becomes the empty string.

    Examples
    --------
    >>> html_text("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    >>> html_text('a "b" & c')
    'a &quot;b&quot; &amp; c'
    """
    return "" if value is None else html.escape(str(value), quote=True)


def terminal_text(value: Any) -> str:
    r"""Return ``value`` as text without ESC sequences or other control characters.

    Newline and tab are kept; carriage return, backspace, bell, DEL, C1 control
    characters and bidirectional overrides are removed.

    Examples
    --------
    >>> terminal_text("\x1b[2J\x1b]0;owned\x07Skenario\x08 A\r")
    'Skenario A'
    >>> terminal_text("baris 1\nbaris\t2")
    'baris 1\nbaris\t2'
    """
    text = "" if value is None else str(value)
    return _TERM_CONTROL.sub("", _ESCAPE_SEQ.sub("", text))


def neutral_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` whose text cells and column names pass :func:`cell_text`.

    Numeric columns are not touched (``to_csv`` writes them as numbers).

    Examples
    --------
    >>> neutral_frame(pd.DataFrame({"nama": ["=1+1", "A"], "n": [-1, 2]})).values.tolist()
    [["'=1+1", -1], ['A', 2]]
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(cell_text)
    out.columns = [cell_text(c) for c in out.columns]
    return out


def neutralise_workbook(wb: Any) -> Any:
    """Pass every text cell of an openpyxl workbook through :func:`cell_text`, in place.

    Each text cell is stored as a string (``data_type 's'``): after this no cell of
    the workbook is a formula. Writers call it just before saving.

    Returns
    -------
    openpyxl.Workbook
        The same workbook.
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    c.value = cell_text(c.value)
                    c.data_type = "s"
    return wb


def assert_no_formulas(wb: Any) -> None:
    """Raise ``AssertionError`` naming the first formula cell of ``wb`` (for tests).

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> wb = Workbook(); wb.active["A1"] = "=1+1"
    >>> assert_no_formulas(neutralise_workbook(wb))
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    raise AssertionError(f"formula in {ws.title}!{c.coordinate}: {c.value!r}")


@functools.cache
def _styler_class() -> type:
    """Return the escaping Styler subclass, made on first use (pandas' Styler imports jinja2)."""
    from pandas.io.formats.style import Styler

    class EscapingStyler(Styler):
        """A pandas Styler whose cell formats always escape HTML."""

        def format(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
            if kwargs.get("escape") is None:
                kwargs["escape"] = "html"
            return super().format(*args, **kwargs)

    return EscapingStyler


class HtmlSafeFrame(pd.DataFrame):
    """A DataFrame for display whose ``.style`` escapes HTML in every cell.

    pandas' ``DataFrame.style`` does not escape: a scenario name
    ``<script>…</script>`` would run in the reader's browser. This frame's
    ``.style`` (also after ``.format(...)``) escapes with :func:`html.escape`;
    ``to_html()`` and the notebook display escape as pandas always does. The text
    itself is unchanged, so the same frame prints in the terminal.

    Examples
    --------
    >>> t = html_frame(pd.DataFrame({"Skenario": ["<script>x</script>"]}))
    >>> "<script>" in t.style.hide(axis="index").to_html()
    False
    """

    @property
    def _constructor(self) -> type:
        return HtmlSafeFrame

    @property
    def style(self) -> Any:  # type: ignore[override]
        """A pandas Styler of this frame that escapes HTML in every cell."""
        return _styler_class()(self)


def html_frame(df: pd.DataFrame) -> HtmlSafeFrame:
    """Return ``df`` as an :class:`HtmlSafeFrame` (same data, escaping ``.style``)."""
    return HtmlSafeFrame(df)
