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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ucjlib.dataset import DEMO_LABEL, DEMO_LABEL_EN
from ucjlib.geo.wilayah import Region
from ucjlib.text import render_notes


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
        Language of labels and status values (``id`` or ``en``).
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
        out = {"kode": self.region.kode, "nama": self.region.nama, "periode": self.periode}
        out.update({k: plain(v) for k, v in self.total.items()})
        out.update(target=self.target.value, target_source=self.target.source,
                   demo=self.demo, label=self.label)
        return out

    def meta(self) -> dict[str, Any]:
        """Parameters and provenance of the result, JSON-ready."""
        return {"kode": self.region.kode, "nama": self.region.nama, "periode": self.periode,
                "level": self.level, "target": self.target.value,
                "target_source": self.target.source, "demo": self.demo, "label": self.label,
                "source": self.source, "notes": render_notes(self.notes, self.lang),
                "rule_version": self.rule_version, "lang": self.lang}

    def to_dict(self) -> dict[str, Any]:
        """Everything a JSON consumer needs: ``meta``, ``figures`` and ``rows``."""
        return {"meta": self.meta(), "figures": self.figures(), "rows": records(self.table)}
