"""Small display blocks for notebooks and the reader's report: no monospace ``print``.

A notebook shows headline lines, sentences and notes through these objects instead of
``print``: in Jupyter and in ``report.html`` they are HTML (a list of label and value,
paragraphs, a bulleted list), and their ``text/plain`` form is the same lines as the
printed text was (what a terminal, nbval and a text search see). Every text is escaped:
a name from a data file cannot inject markup.

Examples
--------
>>> print(repr(Lines(["Kabupaten A — Juni 2025", "Cakupan UCJ: 42,29% (target 60%)"])))
Kabupaten A — Juni 2025
Cakupan UCJ: 42,29% (target 60%)
>>> Paragraphs(["Satu.", "Dua <b>."])._repr_html_()
'<div class="ucj-text"><p>Satu.</p><p>Dua &lt;b&gt;.</p></div>'
>>> print(repr(NoteList(["a", "b"])))
* a
* b
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["Lines", "NoteList", "Paragraphs"]

_e = html.escape
# "label: value" when the label is short and has no sentence in it
_PAIR = re.compile(r"^(?P<label>(?:[^:;.\n]|(?<=\d)[.,](?=\d)){2,60}?):\s+(?P<value>.+)$", re.S)
_TAG = re.compile(r"^(?P<head>.*?)\s*\[(?P<tag>[^\]]+)\]\s*$")


class _Block:
    """Shared: a list of texts, shown as HTML and as plain lines."""

    bullet = ""

    def __init__(self, items: Iterable[Any], title: str = "") -> None:
        self.items = [str(x) for x in items if x is not None and str(x) != ""]
        self.title = str(title or "")

    def plain(self) -> str:
        """Return the plain-text form: one line per item (with the title first)."""
        head = [self.title] if self.title else []
        return "\n".join(head + [f"{self.bullet}{x}" for x in self.items])

    def __repr__(self) -> str:
        return self.plain()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": self.plain(), "text/html": self._repr_html_()}

    def _title_html(self) -> str:
        return f'<p class="ucj-block-title">{_e(self.title)}</p>' if self.title else ""

    def _repr_html_(self) -> str:  # pragma: no cover - every block overrides it
        raise NotImplementedError


class Lines(_Block):
    """Headline lines as a short list of label and value.

    ``"Cakupan UCJ: 42,29% (target 60%)"`` becomes the label *Cakupan UCJ* and the value
    *42,29% (target 60%)*; a line without a short label (the first line naming the area
    and month, or a sentence) is a heading or a paragraph of its own. A trailing
    ``[data demo (sintetis)]`` becomes a label tag.

    Examples
    --------
    >>> Lines(["Peserta aktif: 346.942"])._repr_html_()
    '<div class="ucj-lines"><dl><div><dt>Peserta aktif</dt><dd>346.942</dd></div></dl></div>'
    """

    def _repr_html_(self) -> str:
        out, pairs = [self._title_html()], []

        def flush() -> None:
            if pairs:
                out.append("<dl>" + "".join(pairs) + "</dl>")
                pairs.clear()

        for i, line in enumerate(self.items):
            m = _PAIR.match(line)
            if m and len(m.group("value")) <= 160:
                pairs.append(f'<div><dt>{_e(m.group("label"))}</dt>'
                             f'<dd>{_e(m.group("value"))}</dd></div>')
                continue
            flush()
            t = _TAG.match(line)
            text = (_e(t.group("head")) + f' <span class="ucj-tag">{_e(t.group("tag"))}</span>'
                    if t else _e(line))
            cls = "ucj-lines-head" if i == 0 else "ucj-lines-text"
            out.append(f'<p class="{cls}">{text}</p>')
        flush()
        return '<div class="ucj-lines">' + "".join(out) + "</div>"


class Paragraphs(_Block):
    """Sentences as paragraphs (a narrative); plain text: one ``- `` line each."""

    bullet = "- "

    def _repr_html_(self) -> str:
        return ('<div class="ucj-text">' + self._title_html()
                + "".join(f"<p>{_e(x)}</p>" for x in self.items) + "</div>")


class NoteList(_Block):
    """Notes (data source, rules, caveats) as a bulleted list; plain text: ``* `` lines."""

    bullet = "* "

    def _repr_html_(self) -> str:
        if not self.items and not self.title:
            return ""
        return ('<div class="ucj-notes">' + self._title_html() + "<ul>"
                + "".join(f"<li>{_e(x)}</li>" for x in self.items) + "</ul></div>")
