"""Typed results: what an analysis hands to every renderer.

Each analysis (:func:`ucjlib.coverage.analyze_coverage`, and later projection and
budget) returns one small frozen dataclass carrying the region, the period,
the parameters it used (with where the target came from and the rule
version), its tables and its notes. The command line, notebooks, charts, maps
and reports only *read* a result: they compute nothing new and re-default
nothing. Nothing travels in ``DataFrame.attrs``.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ucjlib.dataset import DEMO_LABEL, DEMO_LABEL_EN
from ucjlib.geo.wilayah import Region
from ucjlib.text import catalogue, render_notes, say

# The status of a unit is a language-neutral value: the Indonesian text of its catalogue
# entry (``status.*`` in ``data/text/status.yml``), as the Indonesian CSV and JSON always
# showed it; an output says it in its own language with :func:`status_text`
# (:func:`ucjlib.coverage.status_of` is the rule that sets it).
STATUS_NO_DATA = say("status.no_data", "id")
STATUS_ZERO = say("status.zero", "id")
STATUS_ABOVE = say("status.above", "id")
STATUS_BELOW = say("status.below", "id")
STATUSES = (STATUS_ABOVE, STATUS_BELOW, STATUS_ZERO, STATUS_NO_DATA)


@lru_cache(maxsize=1)
def _status_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each ``status.*`` code with a pattern matching its Indonesian text (the value)."""
    out = []
    for code, entry in catalogue().items():
        if code.startswith("status."):
            rx = "".join(re.escape(lit) + (f"(?P<{name}>.+?)" if name else "")
                         for lit, name, _, _ in string.Formatter().parse(entry["id"]))
            out.append((code, re.compile(rx)))
    return tuple(out)


def status_text(status: Any, lang: str = "id") -> Any:
    """Return a status value of a coverage table in ``lang`` (anything else as it is).

    Examples
    --------
    >>> status_text("di bawah target", "en"), status_text("disembunyikan (<10)", "en")
    ('below target', 'suppressed (<10)')
    >>> status_text("di bawah target"), status_text(None, "en")
    ('di bawah target', None)
    """
    if lang == "id" or not isinstance(status, str):
        return status
    for code, rx in _status_patterns():
        m = rx.fullmatch(status)
        if m:
            return say(code, lang, **m.groupdict())
    return status


def status_texts(status: pd.Series, lang: str = "id") -> pd.Series:
    """Return a status column in ``lang`` (:func:`status_text` of each value)."""
    return status if lang == "id" else status.map(lambda s: status_text(s, lang))


def headline_figures(head: dict[str, Any], total: dict[str, Any], *, target: Any,
                     demo: bool, label: str, lang: str,
                     defaults: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return a result's JSON-ready headline: ``head``, the totals, then target and label.

    The status is said in ``lang`` (:func:`status_text`); ``defaults`` fill keys the
    totals lack (after them, before the target).

    Examples
    --------
    >>> t = Target(0.6, "uji", "kabupaten")  # not a policy number
    >>> headline_figures({"kode": "35.22"}, {"cakupan": 0.42, "status": "di bawah target"},
    ...                  target=t, demo=True, label="x", lang="en")["status"]
    'below target'
    """
    out = dict(head)
    out.update({k: plain(v) for k, v in total.items()})
    for k, v in (defaults or {}).items():
        out.setdefault(k, v)
    if "status" in out:
        out["status"] = status_text(out["status"], lang)
    out.update(target=target.value, target_source=target.source, demo=demo, label=label)
    return out


def plain(x: Any) -> Any:
    """Return a JSON-ready Python value; every missing marker becomes ``None``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> plain(np.int64(3)), plain(pd.NA), plain(float("nan")), plain(0.5)
    (3, None, None, 0.5)
    """
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, float | np.floating) and math.isnan(float(x)):
        return None
    if isinstance(x, np.bool_ | bool):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    return x


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``df`` as JSON-ready dicts (see :func:`plain`)."""
    return [{k: plain(v) for k, v in r.items()} for r in df.to_dict(orient="records")]


class DemoLabel:
    """Mixin for results with ``demo`` and ``lang``: the visible demo label."""

    demo: bool
    lang: str

    @property
    def label(self) -> str:
        """The visible demo label, or ``""`` for real data."""
        if not self.demo:
            return ""
        return DEMO_LABEL if self.lang == "id" else DEMO_LABEL_EN


@dataclass(frozen=True)
class Target:
    """The coverage target a result used, and where it came from.

    Attributes
    ----------
    value : float
        Target as a 0-1 share.
    source : str
        One line saying where it came from, e.g. "target 60% (Kabupaten
        Bojonegoro, 2025; ...)" or "ditetapkan pengguna (--target)".
    source_level : str
        ``kabupaten``, ``provinsi``, ``nasional`` or ``pengguna``.
    """

    value: float
    source: str
    source_level: str


@dataclass(frozen=True)
class CoverageResult(DemoLabel):
    """Coverage of one region for one month, at one level, against one target.

    Attributes
    ----------
    region : Region
        The kabupaten/kota (or province) analysed.
    periode : str
        Month ``YYYY-MM``.
    level : str
        Level of the rows of :attr:`table`.
    target : Target
    table : pandas.DataFrame
        One row per unit; columns described in :data:`ucjlib.columns.COLUMNS`.
    total : dict
        The region's own figures (``pekerja``, ``peserta_aktif``,
        ``cakupan``, ``gap_target``, ``perubahan_3bln``,
        ``perubahan_12bln``, ``tahun_pekerja``).
    segments : pandas.DataFrame
        Participants per segment for the region, with formal/informal rates.
    series : pandas.DataFrame
        Monthly coverage of the region over every month of the data.
    demo : bool
        Built from the synthetic demo: every output shows the demo label.
    source : str
        Data source for footnotes.
    notes : tuple of str
        Caveats every output repeats.
    rule_version : str
        Version of ``data/rules`` used.
    lang : str
        Language of the outputs (``id`` or ``en``); the table's status values are
        language-neutral (:func:`status_text` says them).
    files : dict
        Input file -> SHA-256 (for report manifests).
    cohorts : tuple of dict
        Government-paid cohort entries seen in the series (largest first; see
        :func:`ucjlib.streams.cohort_entries`), for the trend chart.
    """

    region: Region
    periode: str
    level: str
    target: Target
    table: pd.DataFrame
    total: dict[str, Any]
    segments: pd.DataFrame
    series: pd.DataFrame
    demo: bool
    source: str
    notes: tuple[str, ...] = ()
    rule_version: str = ""
    lang: str = "id"
    files: dict[str, str] = field(default_factory=dict)
    cohorts: tuple[dict[str, Any], ...] = ()

    def figures(self) -> dict[str, Any]:
        """Headline figures of the region, JSON-ready.

        Returns
        -------
        dict
            ``kode``, ``nama``, ``periode``, ``pekerja``, ``peserta_aktif``,
            ``cakupan``, ``gap_target``, ``target``, ``target_source``,
            ``perubahan_3bln``, ``perubahan_12bln``, ``tahun_pekerja``,
            ``demo``, ``label``.
        """
        return headline_figures(
            {"kode": self.region.kode, "nama": self.region.nama, "periode": self.periode},
            self.total, target=self.target, demo=self.demo, label=self.label, lang=self.lang)

    def meta(self) -> dict[str, Any]:
        """Parameters and provenance of the result, JSON-ready."""
        return {"kode": self.region.kode, "nama": self.region.nama, "periode": self.periode,
                "level": self.level, "target": self.target.value,
                "target_source": self.target.source, "demo": self.demo, "label": self.label,
                "source": self.source, "notes": render_notes(self.notes, self.lang),
                "rule_version": self.rule_version, "lang": self.lang}

    def to_dict(self) -> dict[str, Any]:
        """Everything a JSON consumer needs: ``meta``, ``figures`` and ``rows``.

        Status values are said in the result's language (:func:`status_text`).
        """
        t = self.table
        if "status" in t.columns:
            t = t.assign(status=status_texts(t["status"], self.lang))
        return {"meta": self.meta(), "figures": self.figures(), "rows": records(t)}

    def __repr__(self) -> str:
        """Return one line: region, month, level, rows, coverage and target."""
        c = self.total.get("cakupan")
        cov = "n/a" if c is None else f"{100 * float(c):.2f}%"
        return (f"CoverageResult({self.region.kode} {self.region.nama}, {self.periode}, "
                f"level={self.level}, {len(self.table)} rows, cakupan={cov}, "
                f"target={100 * self.target.value:g}%{', demo' if self.demo else ''})")

    def _repr_html_(self) -> str:
        """Return the notebook summary: headline, the table's first rows, the notes."""
        from ucjlib.display import HEAD_ROWS, frame_html, result_html
        from ucjlib.fmt import fmt_pct, fmt_target

        lang, t = self.lang, self.total
        tgt = fmt_target(self.target.value, lang=lang)
        figures = [(say("display.coverage", lang), fmt_pct(t.get("cakupan"), lang=lang)),
                   (say("display.target", lang), self.target.source
                    if tgt in self.target.source else f"{tgt} ({self.target.source})")]
        if t.get("gap_target") is not None:
            figures.append((say("display.gap", lang), say(
                "display.gap_value", lang, n=t["gap_target"],
                pp=(t.get("gap_target_pp") or 0) / 100)))
        figures += [(say("display.workers", lang), say(
                        "display.workers_value", lang, workers=t.get("pekerja"),
                        members=t.get("peserta_aktif"))),
                    (say("display.status", lang), str(status_text(t.get("status"), lang)))]
        table = self.table
        if "status" in table.columns:
            table = table.assign(status=status_texts(table["status"], lang))
        cols = ["kode", "nama", "nama_kecamatan", "pekerja", "peserta_aktif", "cakupan",
                "tidak_tercakup", "gap_target", "status"]
        many = len(table) > HEAD_ROWS
        caption = say("display.table_head" if many else "display.table_all", lang,
                      level=self.level, n=len(table), shown=min(HEAD_ROWS, len(table)))
        return result_html(
            say("display.coverage.title", lang, region=f"{self.region.nama} "
                f"({self.region.kode})", periode=self.periode), self.label, figures,
            caption, frame_html(table, cols, lang), render_notes(self.notes, lang), lang)

    def to_geodataframe(self, gdf: Any = None) -> Any:
        """Return :attr:`table` joined to the polygons of its level, one geometry per row.

        See :func:`ucjlib.geoframe.to_geodataframe` (it raises
        :class:`~ucjlib.geoframe.NoPolygonsError` when the level has no polygons here).
        """
        from ucjlib.geoframe import to_geodataframe

        return to_geodataframe(self, gdf)
