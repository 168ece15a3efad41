"""Every word ucjlib says, in Indonesian or English: one catalogue, one renderer.

Analyses (coverage, projection, budget) are language-neutral: a caveat is a
:class:`Note` — a code and its parameters (numbers, months, names) — and only
turns into a sentence when an output renders it in a language. The sentences
live in one catalogue, the YAML files of ``data/text/`` (packaged as ``ucjlib.data``;
one file per area — ``words.yml``, ``notes.yml``, ``report.yml``, ``cli.yml`` … — and
a code may stand in only one of them)::

    projection.lapse:
      id: "Laju berhenti membayar (lapse) BPU mandiri {rate:pct} per bulan."
      en: "Lapse rate of self-paid BPU {rate:pct} a month."

A placeholder ``{name:kind}`` is formatted in the output language:

========== ============================== =========================
kind       Indonesian                     English
========== ============================== =========================
``pct``    ``42,29%`` (0–1 share)         ``42.29%``
``pct1``   ``42,3%``                      ``42.3%``
``pp``     ``+1,20 poin persen``          ``+1.20 pp``
``int``    ``157.058``                    ``157,058``
``num1``   ``1.234,5``                    ``1,234.5``
``num6``   ``0,002795``                   ``0.002795``
``target`` ``60%``, ``52,15%``               ``60%``, ``52.15%``
``rp``     ``Rp 31,7 miliar``             ``IDR 31.7 billion``
``rpfull`` ``Rp 157.058``                 ``IDR 157,058``
``month``  ``Juni 2025`` (``YYYY-MM``)    ``June 2025``
``level``  ``kecamatan``                  ``district``
``months`` ``Mei 2025, Juni 2025``        ``May 2025, June 2025``
========== ============================== =========================

A param may itself be a :class:`Note`: it is rendered in the same language, so a note
can name things in a sentence of its own. Lists: ``months`` (``YYYY-MM`` months, or Notes
such as "… (3 more)"), ``list`` (items joined by ``; ``) and ``comma`` (by ``, ``); an
item is text or a Note.
Anything else (no kind) is inserted as text. Examples
--------
>>> say("level.desa", "en")
'village'
>>> n = Note("demo.synthetic")
>>> n.text("en")
'Synthetic demo data: no real participant records behind it.'
>>> Note.from_dict(n.to_dict()) == n
True
>>> render_note("a user's own sentence", "en")
"a user's own sentence"
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from ucjlib.fmt import fmt_int, fmt_number, fmt_pct, fmt_pp, fmt_rupiah, fmt_target, month_name
from ucjlib.paths import DATA_DIR

__all__ = ["CATALOGUE_DIR", "LANGS", "Note", "catalogue", "check_lang", "render_note",
           "render_notes", "say", "say_or"]

CATALOGUE_DIR = DATA_DIR / "text"
LANGS = ("id", "en")


def check_lang(lang: str) -> str:
    """Return ``lang`` when it is a language ucjlib speaks, else raise ``ValueError``."""
    if lang not in LANGS:
        raise ValueError(f"Unknown language {lang!r}: choose 'id' or 'en'.")
    return lang


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Return the text catalogue: code -> {"id": template, "en": template}.

    Raises
    ------
    ValueError
        When a code stands in two files, or an entry lacks a language.
    """
    found: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.yml")):
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        for code, entry in data.items():
            code = str(code)
            if code in found:
                raise ValueError(f"text code {code!r} is in both {where[code]} and {path.name}")
            if not isinstance(entry, dict) or any(lang not in entry for lang in LANGS):
                raise ValueError(f"{path.name}: {code!r} needs both 'id' and 'en'")
            found[code] = {lang: str(entry[lang]) for lang in LANGS}
            where[code] = path.name
    return found


def _level(value: Any, lang: str) -> str:
    return say(f"level.{value}", lang)


_KINDS = {
    "pct": lambda v, lang: fmt_pct(v, 2, lang=lang),
    "pct1": lambda v, lang: fmt_pct(v, 1, lang=lang),
    "pct0": lambda v, lang: fmt_pct(v, 0, lang=lang),
    "pp": lambda v, lang: fmt_pp(v, 2, lang=lang),
    "int": lambda v, lang: fmt_int(v, lang=lang),
    "num1": lambda v, lang: fmt_number(v, 1, lang=lang),
    "num2": lambda v, lang: fmt_number(v, 2, lang=lang),
    "num6": lambda v, lang: fmt_number(v, 6, lang=lang),
    "target": lambda v, lang: fmt_target(v, lang=lang),
    "rp": lambda v, lang: fmt_rupiah(v, lang=lang),
    "rpfull": lambda v, lang: fmt_rupiah(v, lang=lang, short=False),
    "month": lambda v, lang: month_name(str(v), lang=lang),
    "level": _level,
    "months": lambda v, lang: ", ".join(render_note(m, lang) if isinstance(m, Note)
                                        else month_name(str(m), lang=lang) for m in v),
    "list": lambda v, lang: "; ".join(render_note(x, lang) for x in v),
    "comma": lambda v, lang: ", ".join(render_note(x, lang) for x in v),
}


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Note):
            value = value.text(self.lang)
        if not format_spec:
            return str(value)
        kind = _KINDS.get(format_spec)
        if kind is None:
            raise KeyError(f"unknown placeholder kind {format_spec!r} in {CATALOGUE_DIR}")
        return kind(value, self.lang)


def say(code: str, lang: str = "id", /, **params: Any) -> str:
    """Render catalogue entry ``code`` in ``lang`` with ``params``.

    Raises
    ------
    KeyError
        When ``code`` is not in the catalogue (a test checks every code used).
    """
    check_lang(lang)
    template = catalogue()[code][lang]
    return _Formatter(lang).format(template, **params) if params or "{" in template else template


def say_or(code: str, lang: str, default: str) -> str:
    """Render entry ``code`` in ``lang``, or return ``default`` when the catalogue has none.

    For words looked up by a value (``level.<level>``) where an unlisted value is shown as
    it is.

    Examples
    --------
    >>> say_or("level.desa", "en", "desa"), say_or("level.rt", "en", "rt")
    ('village', 'rt')
    """
    return say(code, lang) if code in catalogue() else default


def _plain(value: Any) -> Any:
    """Return ``value`` as a JSON-ready scalar (numpy numbers to Python; lists as lists)."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


@dataclass(frozen=True)
class Note:
    """A caveat as data: a catalogue ``code`` and its ``params``.

    ``str(note)`` is the Indonesian sentence; :meth:`text` renders either language.
    Params are plain JSON values (numbers, ``YYYY-MM`` months, names, codes).
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in catalogue():
            raise KeyError(f"note code {self.code!r} is not in the catalogue ({CATALOGUE_DIR})")
        object.__setattr__(self, "params", {k: _plain(v) for k, v in self.params.items()})

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))

    def text(self, lang: str = "id") -> str:
        """Render the note as a sentence in ``lang``."""
        return say(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.text("id")

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"code": ..., "params": {...}}`` (JSON-ready)."""
        return {"code": self.code, "params": {k: _json(v) for k, v in self.params.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Note:
        """Rebuild a note written by :meth:`to_dict`."""
        return cls(str(data["code"]), {k: _restore(v)
                                       for k, v in (data.get("params") or {}).items()})


def _json(value: Any) -> Any:
    """Return a param JSON-ready: a nested note as its dict, lists item by item."""
    if isinstance(value, Note):
        return value.to_dict()
    return [_json(v) for v in value] if isinstance(value, list) else value


def _restore(value: Any) -> Any:
    """Undo :func:`_json`."""
    if isinstance(value, dict) and set(value) == {"code", "params"}:
        return Note.from_dict(value)
    return [_restore(v) for v in value] if isinstance(value, list) else value


def render_note(note: Note | str, lang: str = "id") -> str:
    """Render one note; a plain string (text from a user's own file) stays as it is."""
    return note.text(lang) if isinstance(note, Note) else str(note)


def render_notes(notes: Iterable[Note | str], lang: str = "id") -> list[str]:
    """Render notes in ``lang``, dropping repeats while keeping their order."""
    out: list[str] = []
    for note in notes:
        text = render_note(note, lang)
        if text not in out:
            out.append(text)
    return out
