"""The printed report: A4 print style sheet of ``report.html`` and ``report.pdf`` from it.

The PDF is the same HTML laid out for paper by WeasyPrint (:mod:`ucjlib.render.pdf`):
a cover (region, month, headline cards, the demo label), a contents page whose entries
carry page numbers (CSS ``target-counter``), every section on a new page, figures and
cards never split, the page number in the footer and, for demo data, the demo label at
the top of every page. Interactive web maps (frames, scripts) are left out of print;
the static map is a figure of the report.

The same rules apply when a reader prints ``report.html`` from a browser (``@media
print``); the page-margin boxes (running label, page numbers) are WeasyPrint's.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from ucjlib.text import say

__all__ = ["REPORT_PDF", "print_css", "write_report_pdf"]

REPORT_PDF = "report.pdf"


def _css_string(text: str) -> str:
    r"""Quote ``text`` as a CSS string (backslashes, quotes and line breaks escaped).

    Examples
    --------
    >>> print(_css_string('a "b" \\ c'))
    "a \"b\" \\ c"
    """
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\r\n\f]+", " ", text) + '"'


def print_css(lang: str = "id", demo_label: str = "", running: str = "") -> str:
    """Return the print style sheet: A4 pages, margins, running label, page numbers.

    Parameters
    ----------
    lang : {"id", "en"}
    demo_label : str
        The demo label ("data demo (sintetis)"); empty for real data (no running label).
    running : str
        Text at the bottom left of every page (region and month).

    Examples
    --------
    >>> "counter(pages)" in print_css("en")
    True
    >>> "@top-center" in print_css("id", "data demo (sintetis)")
    True
    """
    page_word = _css_string(say("pdf.page", lang) + " ")
    of = _css_string(" / ")
    top = ""
    if demo_label:
        label = demo_label.upper() + " — " + say("html.not_real", lang)
        top = (f"@top-center {{ content: {_css_string(label)};"
               " color: #b35c00; font: 700 8.5pt system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif;"
               " letter-spacing: .04em; }")
    left = (f"@bottom-left {{ content: {_css_string(running)}; color: #57606a;"
            " font: 8pt system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif; }") if running else ""
    return f"""
@page {{ size: A4; margin: 18mm 15mm 18mm 15mm;
  {top}
  {left}
  @bottom-right {{ content: {page_word} counter(page) {of} counter(pages); color: #57606a;
    font: 8pt system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif; }} }}
@media print {{
  html {{ font-size: 10pt; }}
  body {{ font-size: 10pt; line-height: 1.4; }}
  main {{ max-width: none; padding: 0; margin: 0; }}
  .demo {{ font-size: 10pt; }}
  header.titlepage {{ border-bottom: none; margin: 0; padding: 0; }}
  .titlepage h1 {{ font-size: 26pt; margin-top: 30mm; }}
  .cards {{ grid-template-columns: repeat(3, 1fr); gap: 8px; }}
  .card {{ break-inside: avoid; padding: 6px 10px; }}
  .card .value {{ font-size: 16pt; }} .card .value.long {{ font-size: 12pt; }}
  nav.toc {{ break-before: page; }}
  nav.toc.print-only {{ display: block; break-before: auto; margin-top: 14pt; }}
  nav.toc.print-only h3 {{ font-size: 11pt; margin: 12pt 0 4pt; }}
  nav.toc.print-only li {{ font-size: 9pt; margin: 2px 0; }}
  nav.toc ol {{ padding-left: 1.4em; font-size: 11pt; }}
  nav.toc li {{ margin: 4px 0; }}
  nav.toc a {{ color: inherit; text-decoration: none; }}
  nav.toc a::after {{ content: leader('.') target-counter(attr(href), page); }}
  section.nb {{ break-before: page; border-top: none; margin-top: 0; padding-top: 0; }}
  section.nb h1 {{ font-size: 18pt; margin-top: 0; }}
  section.nb h2 {{ font-size: 13pt; margin-top: 14pt; }}
  h1, h2, h3, h4 {{ break-after: avoid; }}
  .text_cell {{ break-after: avoid; }}  /* a heading and its text stay with what follows */
  figure.ucj-fig, .ucj-lines, .ucj-notes li, tr, caption {{ break-inside: avoid; }}
  caption {{ break-after: avoid; }}
  figure.ucj-fig img {{ max-width: 100%; max-height: 200mm; width: auto; margin: 0 auto; }}
  table {{ font-size: 8pt; max-width: 100%; }}
  th, td {{ padding: 2px 4px; }}
  thead th {{ vertical-align: bottom; }}
  .ucj-lines dt {{ flex-basis: 13em; }}
  thead {{ display: table-header-group; }}
  iframe, script, .celltag_screen-only, .jp-OutputArea-output:has(iframe) {{ display: none; }}
  .ucj-note {{ display: none; }}
  a {{ color: inherit; }}
  footer {{ display: none; }}
  pre {{ font-size: 8pt; }}
}}
"""


_FRAME = re.compile(r"<iframe\b.*?</iframe>", re.S | re.I)


def write_report_pdf(page: str, path: Path, *, base_dir: Path) -> float:
    """Lay the report page out on A4 and write it to ``path``; return the seconds it took.

    Frames (the interactive web maps, hidden in print anyway) are taken out first so
    the engine does not parse their embedded pages.

    Raises
    ------
    OutputError
        When the PDF engine cannot be loaded or the file cannot be written.
    """
    from ucjlib.render.pdf import html_to_pdf

    t0 = time.monotonic()
    html_to_pdf(_FRAME.sub("", page), path, base_dir=base_dir)
    return round(time.monotonic() - t0, 3)
