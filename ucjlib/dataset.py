"""The in-memory unit every analysis takes: coverage + workforce for one area.

Loaders (:mod:`ucjlib.inputs.loaders`) and the demo generator (:mod:`ucjlib.demo.generate`)
both return a :class:`Dataset`; metrics, charts, maps and reports take one.

Canonical tables (see ``data/dictionary.yml`` for the full contract):

coverage (long, one row per unit x month x segment x funding)
    ``kode`` (str, Kemendagri code), ``periode`` (str ``YYYY-MM``),
    ``segmen`` (``PU``/``BPU``/``JAKON``/``PMI``),
    ``pendanaan`` (``mandiri``/``APBD``/``APBDes``/``lainnya``),
    ``peserta_aktif`` (int64 >= 0, active participants at month end).
workforce (denominator, one row per unit x year)
    ``kode``, ``tahun`` (int, Sakernas August reference year),
    ``pekerja`` (int64 employed persons), optional ``pekerja_formal`` and
    ``pekerja_informal``, and ``pekerja_estimasi`` (bool: the figure was
    allocated from a higher level rather than given directly).

Coverage definition used everywhere: active participants of all four
segments divided by employed persons of the same unit, using the workforce of
the same calendar year (else the latest earlier year, else the earliest
later year). Formal coverage = PU / pekerja_formal; informal coverage =
BPU / pekerja_informal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ucjlib.text import LANGS, say

SEGMENTS: tuple[str, ...] = ("PU", "BPU", "JAKON", "PMI")
SEGMENT_LABELS = {lang: {s: say(f"segment.{s.lower()}", lang) for s in SEGMENTS}
                  for lang in LANGS}
"""Segment labels per language, from the text catalogue (``segment.*`` in data/text/inputs.yml)."""
FUNDING: tuple[str, ...] = ("mandiri", "APBD", "APBDes", "lainnya")
COVERAGE_COLUMNS: tuple[str, ...] = ("kode", "periode", "segmen", "pendanaan", "peserta_aktif")
WORKFORCE_COLUMNS: tuple[str, ...] = ("kode", "tahun", "pekerja")
WORKFORCE_OPTIONAL: tuple[str, ...] = ("pekerja_formal", "pekerja_informal", "pekerja_estimasi")
DEMO_LABEL = "data demo (sintetis)"
DEMO_LABEL_EN = "demo data (synthetic)"


@dataclass
class Dataset:
    """Coverage and workforce tables for one kabupaten/kota (or a province).

    Attributes
    ----------
    kode : str
        Code of the area the dataset covers (``"35.22"``, or ``"35"``).
    coverage : pandas.DataFrame
        Canonical coverage table (columns in ``COVERAGE_COLUMNS``).
    workforce : pandas.DataFrame
        Canonical workforce table (``WORKFORCE_COLUMNS`` + optional ones).
    demo : bool
        True when built from the synthetic demo; every chart, table and
        report then carries :data:`DEMO_LABEL`.
    source : str
        Human-readable source for footnotes.
    notes : list of str
        Caveats every output must repeat (e.g. how a lower-level
        denominator was estimated).
    files : dict
        Input file path -> SHA-256, for report manifests.
    source_en : str
        The source in English (``""``: the same as ``source``); see :meth:`source_for`.
    """

    kode: str
    coverage: pd.DataFrame
    workforce: pd.DataFrame
    demo: bool = False
    source: str = ""
    notes: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    source_en: str = ""

    def source_for(self, lang: str = "id") -> str:
        """Return the source for footnotes in ``lang`` (English when one was given)."""
        return self.source_en if lang == "en" and self.source_en else self.source

    @property
    def periods(self) -> list[str]:
        """Sorted months present in the coverage table."""
        return sorted(self.coverage["periode"].unique().tolist())

    @property
    def latest_period(self) -> str:
        """The last month with data."""
        return self.periods[-1]

    def subset(self, kode: str) -> Dataset:
        """Return the part of the dataset under region ``kode``."""
        kode = str(kode)

        def under(df: pd.DataFrame) -> pd.DataFrame:
            k = df["kode"].astype(str)
            return df.loc[(k == kode) | k.str.startswith(kode + ".")].reset_index(drop=True)

        return Dataset(kode, under(self.coverage), under(self.workforce), self.demo,
                       self.source, list(self.notes), dict(self.files), self.source_en)

    def until(self, periode: str) -> Dataset:
        """Return the dataset as it stood at month ``periode``: later data dropped.

        Coverage rows after ``periode`` are dropped, and workforce years after its year
        (a unit with no year up to it keeps its earliest one, the figure coverage would
        use anyway), so every month up to ``periode`` keeps the coverage it has in the
        whole dataset. The demo flag, source, notes and files stay the same.

        Parameters
        ----------
        periode : str
            A month ``YYYY-MM`` present in the coverage table.

        Returns
        -------
        Dataset

        Raises
        ------
        ArgumentError
            For a month not in ``YYYY-MM`` form or not in the data.

        Examples
        --------
        >>> cov = pd.DataFrame({"kode": "35.22.01", "periode": ["2025-11", "2025-12", "2026-01"],
        ...     "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [10, 11, 12]})
        >>> wf = pd.DataFrame({"kode": "35.22.01", "tahun": [2025, 2026], "pekerja": [90, 99]})
        >>> old = Dataset("35.22", cov, wf, demo=True).until("2025-12")
        >>> old.latest_period, old.workforce["tahun"].tolist(), old.demo
        ('2025-12', [2025], True)
        """
        from ucjlib.checks import check_periode
        from ucjlib.errors import ArgumentError

        if self.coverage.empty:
            raise ArgumentError("data", self.kode, "dataset dengan baris kepesertaan")
        periode = check_periode(periode, self)
        cov = self.coverage.loc[self.coverage["periode"].astype(str) <= periode]
        wf = self.workforce
        if len(wf) and "tahun" in wf.columns:
            year = pd.to_numeric(wf["tahun"], errors="coerce")
            kode = wf["kode"].astype(str)
            keep = year <= int(periode[:4])
            covered = set(kode[keep])
            first = year.groupby(kode).transform("min")
            wf = wf.loc[keep | (~kode.isin(covered) & (year == first))]
        return Dataset(self.kode, cov.reset_index(drop=True), wf.reset_index(drop=True),
                       self.demo, self.source, list(self.notes), dict(self.files),
                       self.source_en)

    def label(self, lang: str = "id") -> str:
        """Return the demo label for this dataset, or an empty string for real data."""
        if not self.demo:
            return ""
        return DEMO_LABEL if lang == "id" else DEMO_LABEL_EN
