"""The reader's HTML report: one self-contained file, readable offline.

A title page (kabupaten, period, headline numbers read from the kept
results) and then the executed notebooks in reading order, without code
cells. Everything the page needs is inside the file: images are data URIs,
the style sheet is inline, and nothing is loaded from the network (no
require.js or MathJax from a CDN as nbconvert's full templates would add, no
Leaflet from a CDN for a folium map: such an output is replaced by a note
pointing at the map file of the report folder).

Cells tagged ``remove-cell``, ``report-skip`` or ``notebook-only`` (text written for
someone running the notebook: parameters, papermill, code) are left out, ``remove-input``
is implied for every code cell, and ``remove-output`` drops a cell's outputs. A cell
tagged ``screen-only`` (the interactive map) is left out of print and the PDF.

Figures (``<figure class="ucj-fig">``, :class:`ucjlib.report.view.ChartImage`) and tables
are numbered in reading order with a caption ("Gambar 1.", "Tabel 1."), and the cells of
a table that hold a number are right-aligned (:func:`number_figures`, :func:`align_numbers`).
"""

from __future__ import annotations

import copy
import html as _html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ucjlib.report.headline import Card
from ucjlib.text import say

SKIP_TAGS = {"remove-cell", "report-skip", "notebook-only", "parameters",
             "injected-parameters"}
DROP_MIMES = ("application/javascript", "application/vnd.jupyter.widget-view+json",
              "application/vnd.jupyter.widget-state+json")

# ways an HTML page can load something from elsewhere
_EXTERNAL = [
    ("script src", re.compile(r"<script\b[^>]*(?<![-\w])src\s*=\s*[\"']?(?!data:)", re.I)),
    ("link href", re.compile(r"<link\b[^>]*(?<![-\w])href\s*=\s*[\"']?(?!data:|#)", re.I)),
    ("remote src", re.compile(r"(?<![-\w])src\s*=\s*[\"']?(?:https?:)?//", re.I)),
    ("css url", re.compile(r"url\(\s*[\"']?(?:https?:)?//", re.I)),
    ("css import", re.compile(r"@import\b", re.I)),
]


def offline_problems(text: str) -> list[str]:
    """List what in ``text`` would load from the network or another file (empty: none).

    Also looks inside escaped HTML (an ``<iframe srcdoc=...>`` holding a page).

    Examples
    --------
    >>> offline_problems('<img src="data:image/png;base64,AA==">')
    []
    >>> [p.split(":")[0] for p in offline_problems('<script src="https://cdn.x/r.js"></script>')]
    ['script src', 'remote src']
    """
    found: list[str] = []
    for body in (text, _html.unescape(text)):
        for what, rx in _EXTERNAL:
            for m in rx.finditer(body):
                end = body.find(">", m.start())
                snippet = body[m.start(): (end + 1 if 0 <= end - m.start() < 120
                                           else m.start() + 80)]
                item = f"{what}: {snippet}"
                if item not in found:
                    found.append(item)
    return found


def _needs_network(html_text: str) -> bool:
    return bool(offline_problems(html_text))


@dataclass
class Section:
    """One executed notebook as a section of the report."""

    name: str
    title: str
    body: str
    replaced: list[str] = field(default_factory=list)


# "01 — " before a notebook's title: the notebook's number, not the reader's
_NB_NUMBER = re.compile(r"^\d{2}\s+[—-]\s+")


def _title_of(nb: Any, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return _NB_NUMBER.sub("", line[2:].strip())
            break
    return fallback


def _note_html(lang: str, maps: Sequence[str]) -> str:
    text, open_ = say("html.offline", lang), say("html.open_map", lang)
    links = " · ".join(f'<a href="{_html.escape(m)}">{_html.escape(Path(m).name)}</a>'
                       for m in maps)
    return (f'<div class="ucj-note"><p>{text}'
            + (f" {open_}: {links}." if links else "") + "</p></div>")


# the still map and "trust this notebook" hint an interactive map carries for an untrusted
# notebook: the report shows the map itself (and the static map as a figure)
_STILL = re.compile(r'<div class="ucj-map-still"[^>]*>.*?</div>', re.S)


def clean_notebook(nb: Any, lang: str = "id", maps: Sequence[str] = ()) -> tuple[Any, list[str]]:
    """Copy ``nb`` for a reader: skipped cells gone, network-bound outputs replaced.

    An interactive map's stand-in for an untrusted notebook (a still image and a hint
    about trusting the notebook) is left out: the report shows the map itself.

    Returns the copy and the list of cells whose output was replaced (as ``"cell N"``).
    """
    nb = copy.deepcopy(nb)
    keep, replaced = [], []
    for i, cell in enumerate(nb.cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & SKIP_TAGS:
            continue
        if cell.cell_type == "code":
            if "remove-output" in tags:
                cell.outputs = []
            outs = []
            for out in cell.get("outputs", []):
                data = out.get("data")
                if data is not None:
                    for mime in DROP_MIMES:
                        data.pop(mime, None)
                    html_out = data.get("text/html")
                    if html_out is not None:
                        text = html_out if isinstance(html_out, str) else "".join(html_out)
                        if _STILL.search(text):  # a notebook user's stand-in, not a reader's
                            text = _STILL.sub("", text)
                            data["text/html"] = text
                        if _needs_network(text):
                            data.clear()
                            data["text/html"] = _note_html(lang, maps)
                            replaced.append(f"cell {i}")
                    if not data:
                        continue
                outs.append(out)
            cell.outputs = outs
        keep.append(cell)
    nb.cells = keep
    return nb, replaced


_EXPORTER = None


def html_exporter() -> Any:
    """Return the one nbconvert HTML exporter of the process (no code, no prompts).

    Built on first use (importing nbconvert takes a while); a batch's workers build it
    when they warm up.
    """
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(template_name="basic", exclude_input=True,
                                 exclude_input_prompt=True, exclude_output_prompt=True)
    return _EXPORTER


_ANCHOR = re.compile(r'<a class="anchor-link" href="#[^"]*">¶</a>')


def notebook_section(name: str, nb: Any, lang: str = "id", maps: Sequence[str] = ()) -> Section:
    """Convert one executed notebook to a report section (no code, no prompts)."""
    title = _title_of(nb, name)
    clean, replaced = clean_notebook(nb, lang, maps)
    body, _ = html_exporter().from_notebook_node(clean)
    body = _ANCHOR.sub("", body)
    body = re.sub(r"(<h1\b[^>]*>)\s*\d{2}\s+[—-]\s+", r"\1", body, count=1)
    return Section(name, title, body, replaced)


# a cell that holds one number: 157.058, 42,29%, -1,58 poin persen, Rp 31,7 miliar, <10,
# 404–473, 38,9%–40,6% (Indonesian or English separators)
_NUMBER = (r"[+\-−]?(?:Rp\s?|IDR\s?)?(?:\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,]\d+)?"
           r"(?:\s?%|\s(?:poin persen|pp|percentage points|miliar|juta|triliun|ribu|billion|"
           r"million|trillion|thousand))?")
NUMERIC_CELL = re.compile(rf"(?:<\s?\d[\d.,]*|{_NUMBER}(?:\s?–\s?{_NUMBER})?)")
_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S | re.I)
_CELL = re.compile(r"<(t[dh])\b([^>]*)>(.*?)</\1>", re.S | re.I)


# a text cell this short is kept on one line ("di bawah target", a kecamatan's name)
_SHORT = 16


def _cell_text(inner: str) -> str:
    return _html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("\xa0", " ").strip()


def _add_class(attrs: str, cls: str) -> str:
    m = re.search(r'class\s*=\s*"([^"]*)"', attrs)
    if m:
        return attrs[:m.start()] + f'class="{m.group(1)} {cls}"' + attrs[m.end():]
    return f'{attrs} class="{cls}"'


def _align_table(table: str) -> str:
    rows = _ROW.findall(table)
    numeric: dict[int, list[bool]] = {}
    for row in rows:
        for i, m in enumerate(_CELL.finditer(row)):
            if m.group(1).lower() == "td":
                text = _cell_text(m.group(3))
                if text:
                    numeric.setdefault(i, []).append(bool(NUMERIC_CELL.fullmatch(text)))
    columns = {i for i, v in numeric.items() if v and sum(v) >= len(v) / 2}

    def fix_row(row: str) -> str:
        i = -1

        def fix_cell(m: re.Match[str]) -> str:
            nonlocal i
            i += 1
            kind, attrs, inner = m.group(1), m.group(2), m.group(3)
            text = _cell_text(inner)
            right = (kind.lower() == "td" and bool(NUMERIC_CELL.fullmatch(text))) or (
                kind.lower() == "th" and i in columns and "<tbody" not in row)
            if not right:
                if kind.lower() == "td" and 0 < len(text) <= _SHORT:  # a word or two
                    return f"<{kind}{_add_class(attrs, 'short')}>{inner}</{kind}>"
                return m.group(0)
            return f"<{kind}{_add_class(attrs, 'num')}>{inner}</{kind}>"

        return _CELL.sub(fix_cell, row)

    return _ROW.sub(lambda m: fix_row(m.group(0)), table)


def align_numbers(body: str) -> str:
    """Mark the table cells holding a number (and their column heads) ``class="num"``.

    The style sheet sets them right-aligned with tabular figures; text stays left (a short
    text, ``class="short"``, on one line).

    Examples
    --------
    >>> align_numbers('<table><tr><th>Nama</th><th>Pekerja</th></tr>'
    ...               '<tr><td>Dander</td><td>157.058</td></tr></table>')
    '<table><tr><th>Nama</th><th class="num">Pekerja</th></tr><tr><td class="short">Dander</td><td \
class="num">157.058</td></tr></table>'
    """
    return _TABLE.sub(lambda m: _align_table(m.group(0)), body)


_FIGURE = re.compile(r'<figure class="ucj-fig"([^>]*)>(.*?)<figcaption>', re.S)
_HEADING = re.compile(r"<h[1-4]\b[^>]*>(.*?)</h[1-4]>", re.S | re.I)
_TABLE_OPEN = re.compile(r"<table\b[^>]*>(\s*<caption\b[^>]*>(.*?)</caption>)?", re.S | re.I)


def number_figures(body: str, lang: str = "id") -> str:
    """Give the figures and tables of ``body`` numbers in reading order, with captions.

    A figure's caption gets "Gambar N." ("Figure N."); a table gets a ``<caption>``
    "Tabel N." ("Table N.") followed by its own caption or, without one, the heading
    above it.

    Examples
    --------
    >>> number_figures('<h2>Data</h2><table><tr><td>1</td></tr></table>', "en")
    '<h2>Data</h2><table id="tab-1"><caption><span class="ucj-num">Table 1.</span> \
Data</caption><tr><td>1</td></tr></table>'
    """
    fig_word, tab_word = say("html.figure", lang), say("html.table", lang)
    n_fig = 0

    def fig(m: re.Match[str]) -> str:
        nonlocal n_fig
        n_fig += 1
        return (f'<figure class="ucj-fig" id="fig-{n_fig}"{m.group(1)}>{m.group(2)}'
                f'<figcaption><span class="ucj-num">{fig_word} {n_fig}.</span> ')

    body = _FIGURE.sub(fig, body)
    out, pos, n_tab = [], 0, 0
    for m in _TABLE_OPEN.finditer(body):
        n_tab += 1
        if m.group(1):
            caption = m.group(2).strip()
        else:
            heads = _HEADING.findall(body, 0, m.start())
            caption = heads[-1].strip() if heads else ""
        opening = re.sub(r"^<table\b", f'<table id="tab-{n_tab}"',
                         body[m.start(): m.start(0) + len(m.group(0)) - len(m.group(1) or "")])
        out += [body[pos:m.start()], opening,
                f'<caption><span class="ucj-num">{tab_word} {n_tab}.</span> {caption}</caption>']
        pos = m.end()
    out.append(body[pos:])
    return "".join(out)


CSS = """
:root { --ink:#1f2328; --muted:#57606a; --line:#d0d7de; --accent:#7a4a12; --demo:#b35c00; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:#fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; }
.demo { background: var(--demo); color:#fff; font-weight:600; padding:8px 14px;
  border-radius:4px; display:inline-block; margin: 0 0 16px; }
.titlepage { border-bottom: 3px solid var(--accent); padding-bottom: 24px; margin-bottom: 24px; }
.kicker { text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin:0; }
.titlepage h1 { font-size: 2.4rem; margin: 4px 0 4px; }
.sub { color: var(--muted); margin: 0 0 20px; font-size: 1.1rem; }
.cards { display:grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap:12px; }
.card { border:1px solid var(--line); border-left: 5px solid var(--accent); border-radius:6px;
  padding:10px 14px; }
.card .label { color: var(--muted); font-size: .9rem; }
.card .value { font-size: 1.7rem; font-weight: 700; font-variant-numeric: tabular-nums;
  line-height: 1.25; }
.card .value.long { font-size: 1.25rem; padding: 4px 0; }
.card .note { color: var(--muted); font-size: .85rem; }
.nocards { color: var(--muted); font-style: italic; }
nav.toc ol { padding-left: 1.4em; } nav.toc a { color: var(--accent); }
.meta { color: var(--muted); font-size: .85rem; margin-top: 16px; }
section.nb { border-top: 1px solid var(--line); margin-top: 40px; padding-top: 8px; }
header.titlepage + section.nb { border-top: none; margin-top: 0; }
section.nb h1 { font-size: 1.8rem; } section.nb h2 { font-size: 1.35rem; margin-top: 1.6em; }
img { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; font: .95rem/1.45 ui-monospace, "Cascadia Mono", Menlo, Consolas,
  monospace; background:#f6f8fa; padding:8px 12px; border-radius:4px; margin: 6px 0; }
table { border-collapse: collapse; font-size: .9rem; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
  vertical-align: top; }
td { font-variant-numeric: tabular-nums; }
thead th { background: #f6f8fa; }
.output_area, .jp-OutputArea-output { overflow-x: auto; }
.output_stderr, .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"] { display:none; }
.ucj-note { border:1px dashed var(--line); padding: 8px 12px; color: var(--muted); }
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line);
  margin-top: 48px; padding-top: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, td.short { white-space: nowrap; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0 6px;
  color: var(--ink); }
.ucj-num { font-weight: 700; color: var(--accent); }
figure.ucj-fig { margin: 16px 0 24px; }
figure.ucj-fig img { display: block; max-width: 100%; height: auto;
  border: 1px solid var(--line); }
figure.ucj-fig figcaption { font-size: .9rem; margin-top: 6px; color: var(--ink); }
.ucj-src { display: block; color: var(--muted); font-size: .82rem; }
.ucj-lines { border-left: 5px solid var(--accent); background: #faf7f2; padding: 8px 14px;
  margin: 8px 0; border-radius: 4px; }
.ucj-lines-head { font-weight: 700; margin: 2px 0 6px; }
.ucj-lines-text { margin: 4px 0; }
.ucj-lines dl { margin: 0; }
.ucj-lines dl > div { display: flex; gap: 18px; padding: 2px 0; }
.ucj-lines dt { color: var(--muted); flex: 0 0 16em; }
.ucj-lines dd { margin: 0; font-weight: 600; flex: 1 1 auto;
  font-variant-numeric: tabular-nums; }
.ucj-tag { background: var(--demo); color: #fff; font-size: .75rem; font-weight: 600;
  padding: 1px 6px; border-radius: 3px; vertical-align: middle; }
.ucj-text p { margin: 6px 0 10px; max-width: 60em; }
.ucj-notes { color: var(--muted); font-size: .9rem; }
.ucj-notes ul { margin: 4px 0; padding-left: 1.3em; } .ucj-notes li { margin: 2px 0; }
.ucj-block-title { font-weight: 600; margin: 6px 0 2px; }
.reader { max-width: 60em; }
.print-only { display: none; }
ol.plain { list-style: none; padding-left: 0; }
"""


def _cards_html(cards: Sequence[Card], lang: str) -> str:
    if not cards:
        text = say("html.no_cards", lang)
        return f'<p class="nocards">{text}</p>'
    items = "".join(
        f'<div class="card"><div class="label">{_html.escape(c.label)}</div>'
        f'<div class="value{" long" if len(c.value) > 12 else ""}">'
        f"{_html.escape(c.value)}</div>"
        + (f'<div class="note">{_html.escape(c.note)}</div>' if c.note else "")
        + "</div>" for c in cards)
    return f'<div class="cards">{items}</div>'


_FIG_ENTRY = re.compile(r'<figure class="ucj-fig" id="(fig-\d+)".*?<figcaption><span '
                        r'class="ucj-num">([^<]*)</span>\s*(?:<span class="ucj-cap">(.*?)</span>)?',
                        re.S)
_TAB_ENTRY = re.compile(r'<table id="(tab-\d+)"[^>]*><caption><span class="ucj-num">([^<]*)'
                        r"</span>(.*?)</caption>", re.S)


def _lists_of(body: str, lang: str) -> str:
    """List the numbered figures and tables with their pages (print only: the contents page)."""
    out = []
    for title, rx in (("html.list_figures", _FIG_ENTRY), ("html.list_tables", _TAB_ENTRY)):
        items = "".join(
            f'<li><a href="#{m.group(1)}"><b>{m.group(2)}</b> '
            f'{_html.escape(_cell_text(m.group(3) or ""))}</a></li>' for m in rx.finditer(body))
        if items:
            out.append(f'<h3>{say(title, lang)}</h3><ol class="plain">{items}</ol>')
    return f'<nav class="toc print-only">{"".join(out)}</nav>' if out else ""


def render_page(*, title: str, region_label: str, subtitle: str, lang: str, demo_label: str,
                cards: Sequence[Card], sections: Sequence[Section], meta_lines: Sequence[str],
                footer: str = "", running: str = "") -> str:
    """Render the whole report page as one self-contained HTML string.

    The sections' figures and tables are numbered in reading order, numbers in tables
    right-aligned; the print style sheet (:func:`ucjlib.report.pdfpage.print_css`) lays
    the page out on A4 with ``running`` (region and month) and the page number at the
    foot of every page, and the demo label at its head.
    """
    from ucjlib.report.pdfpage import print_css

    toc = "".join(f'<li><a href="#sec-{_html.escape(s.name)}">{_html.escape(s.title)}</a></li>'
                  for s in sections)
    demo = (f'<div class="demo">{_html.escape(demo_label.upper())} — '
            + say("html.not_real", lang)
            + "</div>") if demo_label else ""
    parts = [
        "<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_html.escape(title)}</title>", f"<style>{CSS}</style>",
        f"<style>{print_css(lang, demo_label, running)}</style>", "</head>",
        "<body>", "<main>", '<header class="titlepage">', demo,
        f'<p class="kicker">{say("html.kicker", lang)}</p>',
        f"<h1>{_html.escape(region_label)}</h1>",
        f'<p class="sub">{_html.escape(subtitle)}</p>',
        _cards_html(cards, lang),
        '<p class="meta">' + "<br>".join(_html.escape(x) for x in meta_lines) + "</p>",
        f'<nav class="toc"><h2>{say("html.contents", lang)}</h2><ol>{toc}</ol></nav>',
        "</header>",
    ]
    body = "\n".join(f'<section class="nb" id="sec-{_html.escape(s.name)}">{s.body}</section>'
                     for s in sections)
    body = number_figures(align_numbers(body), lang)
    parts.insert(parts.index("</header>"), _lists_of(body, lang))
    parts.append(body)
    if footer:
        parts.append(f"<footer>{_html.escape(footer)}</footer>")
    parts += ["</main>", "</body>", "</html>"]
    page = "\n".join(parts)
    return make_offline(page)


def make_offline(page: str) -> str:
    """Neutralise anything left that would load from elsewhere (defence in depth).

    Examples
    --------
    >>> make_offline('<script src="https://x/y.js"></script>')
    '<script data-blocked="https://x/y.js"></script>'
    """
    page = re.sub(r"(<script\b[^>]*?)(?<![-\w])src(\s*=\s*[\"']?(?!data:))", r"\1data-blocked\2",
                  page, flags=re.I)
    page = re.sub(r"(<link\b[^>]*?)(?<![-\w])href(\s*=\s*[\"']?(?!data:|#))", r"\1data-blocked\2",
                  page, flags=re.I)
    page = re.sub(r"(?<![-\w])src(\s*=\s*[\"']?(?:https?:)?//)", r"data-blocked\1", page,
                  flags=re.I)
    page = re.sub(r"url\((\s*[\"']?(?:https?:)?//)", r"no-url(\1", page, flags=re.I)
    page = re.sub(r"@import\b", "@no-import", page, flags=re.I)
    return page
