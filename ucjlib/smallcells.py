"""Small-cell protection: desa participant counts below a threshold are not published.

A report leaves the analyst's machine; a desa where 3 people are BPJS
Ketenagakerjaan participants is close to naming them. :func:`suppress_small_cells`
returns a *new* result (the original is untouched) in which, at desa level:

* **primary suppression** — a desa with 1 to ``threshold - 1`` active
  participants shows ``"<10"`` instead of its count (``threshold`` 10 by default);
* **everything derived from the count is hidden too**: with its published
  workforce, a desa's coverage rate, uncovered workers, gap to target (persons and
  percentage points), 3- and 12-month change and rank would each give the count
  back. The status says ``"disembunyikan (<10)"`` / ``"suppressed (<10)"`` and maps
  draw these desa as their own class (neither "no data" nor 0%). Ranks are
  recomputed among the published desa, so a gap in the ranking does not place a
  hidden desa between two neighbours;
* **complementary suppression** — the kecamatan total is published, so the
  kecamatan total minus its other desa would give a lone hidden count back. In
  every kecamatan with a primary cell one more desa is hidden (status
  ``"disembunyikan (pelengkap)"``): the smallest desa whose count is large enough
  that the hidden counts together still leave each ``"<10"`` desa anywhere from 1
  to 9. A reader knows a complementary desa has at least ``threshold``
  participants (it is not marked ``"<10"``), so a desa with, say, 10 would not do:
  ``3 + 10 = 13`` would give back 3. The rule is ``c >= 2·threshold + |P| − 2 −
  sum(P)`` for the primary cells ``P``; when no desa of the kecamatan is that large,
  every other desa with participants is hidden;
* **zeros are published.** A desa with 0 participants says nothing about any
  person beyond what its (published) workforce and the kecamatan total already
  say, and statistical offices (BPS, ONS, Eurostat) publish true zeros: a hidden 0
  would look like a small cell and make every map of a new programme grey. So
  ``"<10"`` means 1 to 9;
* **totals stay published**: kecamatan and kabupaten totals are unchanged, and the
  desa table's totals row carries the true sums (:attr:`Suppression.totals`).

Only desa-level rows are protected (a kecamatan or kabupaten result is returned
as it is). Library calls (:func:`ucjlib.analyze_coverage`) never suppress; the
report notebooks do by default (``sel_minimum``), and
:func:`ucjlib.report.outputs.assemble` applies it again to the kept desa results
(idempotent).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ucjlib.projection.result import ProjectionResult
from ucjlib.results import CoverageResult

__all__ = ["DEFAULT_THRESHOLD", "SuppressedCoverageResult", "SuppressedProjectionResult",
           "Suppression", "hidden_label", "is_suppressed", "minimum_for",
           "suppress_small_cells"]

#: Default threshold: desa counts of 1-9 are not published.
DEFAULT_THRESHOLD = 10

#: Columns of a coverage table that give a hidden count back (with the published workforce).
COVERAGE_HIDDEN = ("peserta_aktif", "cakupan", "tidak_tercakup", "gap_target", "gap_target_pp",
                   "perubahan_3bln", "perubahan_12bln", "peringkat")
#: Columns of a projection allocation table that give a hidden count back.
ALLOCATION_HIDDEN = ("peserta_aktif", "cakupan", "kuota_tambahan", "tambahan_per_bulan",
                     "cakupan_tenggat", "batas_atas")
#: Count columns whose true sum the totals row keeps (the sums are published anyway:
#: they add up the kecamatan totals).
_SUMMED = ("peserta_aktif", "tidak_tercakup", "gap_target", "kuota_tambahan",
           "tambahan_per_bulan", "batas_atas")


def _t(lang: str, id_: str, en: str) -> str:
    return en if lang == "en" else id_


def hidden_label(threshold: int, lang: str = "id") -> str:
    """Status (and map class) of a primary small cell.

    Examples
    --------
    >>> hidden_label(10), hidden_label(5, "en")
    ('disembunyikan (<10)', 'suppressed (<5)')
    """
    return _t(lang, f"disembunyikan (<{threshold})", f"suppressed (<{threshold})")


def complement_label(lang: str = "id") -> str:
    """Status of a desa hidden so that a small cell cannot be worked out from a total."""
    return _t(lang, "disembunyikan (pelengkap)", "suppressed (complementary)")


@dataclass(frozen=True)
class Suppression:
    """What :func:`suppress_small_cells` hid, and how to show it.

    Attributes
    ----------
    threshold : int
        Counts from 1 to ``threshold - 1`` are hidden.
    primary : tuple of str
        Codes of the desa with a small count (shown as ``"<10"``).
    complementary : tuple of str
        Codes hidden so that no small count follows from a kecamatan total.
    totals : dict
        True sums of the hidden count columns over every row (for a totals row).
    lang : str
    unprotected : tuple of str
        Kecamatan codes where even hiding every other desa could not keep the
        small counts from being narrowed down (reported in :attr:`note`).
    """

    threshold: int
    primary: tuple[str, ...]
    complementary: tuple[str, ...]
    totals: dict[str, float] = field(default_factory=dict)
    lang: str = "id"
    unprotected: tuple[str, ...] = ()

    @property
    def hidden(self) -> frozenset[str]:
        """Every hidden code."""
        return frozenset(self.primary) | frozenset(self.complementary)

    @property
    def label(self) -> str:
        """Legend word of the hidden class (maps)."""
        return _t(self.lang, "disembunyikan (sel kecil)", "suppressed (small cell)")

    def count_text(self, kode: str) -> str | None:
        """Return what a table shows instead of the count of ``kode`` (None: the count).

        Examples
        --------
        >>> s = Suppression(10, ("35.22.01.2001",), ("35.22.01.2002",))
        >>> s.count_text("35.22.01.2001"), s.count_text("35.22.01.2002"), s.count_text("x")
        ('<10', 'disembunyikan', None)
        """
        if kode in self.primary:
            return f"<{self.threshold}"
        if kode in self.complementary:
            return _t(self.lang, "disembunyikan", "suppressed")
        return None

    @property
    def note(self) -> str:
        """One line every output repeats."""
        t, n1, n2 = self.threshold, len(self.primary), len(self.complementary)
        text = _t(
            self.lang,
            f"Perlindungan sel kecil: jumlah peserta desa 1–{t - 1} ditampilkan sebagai "
            f"\"<{t}\" ({n1} desa), dan cakupan, kekurangan, perubahan serta peringkatnya "
            f"disembunyikan; {n2} desa lain disembunyikan sebagai pelengkap agar angka kecil "
            "tidak dapat dihitung dari total kecamatan. Angka 0 tetap ditampilkan; total "
            "kecamatan dan kabupaten tidak berubah.",
            f"Small-cell protection: desa counts of 1–{t - 1} participants are shown as "
            f"\"<{t}\" ({n1} desa), and their coverage, gap, change and rank are hidden; "
            f"{n2} more desa are hidden as complements so that no small count can be worked "
            "out from a kecamatan total. Zeros are shown; kecamatan and kabupaten totals "
            "are unchanged.")
        if self.unprotected:
            text += _t(self.lang,
                       f" Di {len(self.unprotected)} kecamatan semua desa lain ikut "
                       "disembunyikan dan angka kecil masih dapat dipersempit: "
                       + ", ".join(self.unprotected) + ".",
                       f" In {len(self.unprotected)} kecamatan every other desa is hidden "
                       "as well and the small counts can still be narrowed down: "
                       + ", ".join(self.unprotected) + ".")
        return text


@dataclass(frozen=True)
class SuppressedCoverageResult(CoverageResult):
    """A :class:`~ucjlib.results.CoverageResult` whose small desa cells are hidden.

    ``suppressed`` says which codes and how; the table holds missing values where
    a count (or anything derived from it) is hidden.
    """

    suppressed: Suppression | None = None


@dataclass(frozen=True)
class SuppressedProjectionResult(ProjectionResult):
    """A ProjectionResult whose desa allocation hides small participant counts.

    ``suppressed`` says which (see :class:`~ucjlib.projection.result.ProjectionResult`).
    """

    suppressed: Suppression | None = None


def is_suppressed(result: Any) -> bool:
    """Whether ``result`` came from :func:`suppress_small_cells` with a threshold above 1."""
    s = getattr(result, "suppressed", None)
    return isinstance(s, Suppression) and s.threshold > 1


def minimum_for(sel_minimum: int | None, output_dir: str | None) -> int:
    """Return a notebook's threshold: ``-1`` means 10 in a report (``output_dir`` set), else 0.

    Examples
    --------
    >>> minimum_for(-1, "."), minimum_for(-1, ""), minimum_for(5, ""), minimum_for(0, ".")
    (10, 0, 5, 0)
    """
    if sel_minimum is None or int(sel_minimum) < 0:
        return DEFAULT_THRESHOLD if output_dir else 0
    return int(sel_minimum)


def _choose(table: pd.DataFrame, count_col: str, threshold: int
            ) -> tuple[list[str], list[str], list[str]]:
    """Primary, complementary and unprotected-kecamatan codes of a desa table."""
    kode = table["kode"].astype(str)
    cnt = pd.to_numeric(table[count_col], errors="coerce").astype(float)
    small = cnt.notna() & (cnt > 0) & (cnt < threshold)
    primary = sorted(kode[small])
    comp: list[str] = []
    unprotected: list[str] = []
    kec = kode.str[:8]
    for k in sorted(set(kec[small])):
        inside = kec == k
        p = cnt[inside & small]
        need = 2 * threshold + len(p) - 2 - float(p.sum())
        cand = pd.DataFrame({"kode": kode[inside & ~small & (cnt >= threshold)],
                             "n": cnt[inside & ~small & (cnt >= threshold)]})
        cand = cand.sort_values(["n", "kode"])
        ok = cand.loc[cand["n"] >= need]
        if len(ok):
            comp.append(str(ok["kode"].iloc[0]))
        else:
            comp += [str(c) for c in cand["kode"]]
            unprotected.append(k)
    return primary, sorted(comp), unprotected


def _totals(table: pd.DataFrame) -> dict[str, float]:
    return {c: float(pd.to_numeric(table[c], errors="coerce").sum())
            for c in _SUMMED if c in table.columns}


def _hide(table: pd.DataFrame, hidden: set[str], cols: tuple[str, ...]) -> pd.DataFrame:
    t = table.copy()
    mask = t["kode"].astype(str).isin(hidden)
    for c in cols:
        if c in t.columns:
            t[c] = t[c].mask(mask)
    return t


def _without_gap_note(result: CoverageResult, table: pd.DataFrame) -> tuple[str, ...]:
    """Return the notes with the unit-gap sum note recomputed from the hidden table.

    The note adds up every desa's gap: with the hidden desa in it, it would give their
    sum back.
    """
    from ucjlib.coverage import _gap_sum_note

    old = set(_gap_sum_note(result.table, result.total, result.level, result.lang)) \
        if result.total.get("gap_target") is not None else set()
    notes = [n for n in result.notes if n not in old]
    if result.total.get("gap_target") is not None:
        notes += _gap_sum_note(table, result.total, result.level, result.lang)
    return tuple(notes)


def _check(threshold: Any) -> int:
    from ucjlib.errors import ArgumentError

    try:
        t = int(threshold)
    except (TypeError, ValueError):
        raise ArgumentError("threshold", threshold, "bilangan bulat >= 0, mis. 10") from None
    if t < 0 or t != threshold:
        raise ArgumentError("threshold", threshold, "bilangan bulat >= 0, mis. 10")
    return t


def suppress_small_cells(result: Any, threshold: int = DEFAULT_THRESHOLD) -> Any:
    """Return ``result`` with desa counts below ``threshold`` (and what reveals them) hidden.

    Parameters
    ----------
    result : CoverageResult or ProjectionResult
        At desa level (other levels, and other results, are returned unchanged).
    threshold : int, default 10
        Counts from 1 to ``threshold - 1`` are hidden; 0 or 1 hides nothing.

    Returns
    -------
    SuppressedCoverageResult, SuppressedProjectionResult or the result itself
        A new frozen result; ``result.suppressed`` is a :class:`Suppression`.
        Applying it again with the same or a lower threshold returns it unchanged.

    Raises
    ------
    ArgumentError
        For a negative or non-integer threshold.
    ValueError
        For a result already suppressed at a lower threshold (its hidden counts
        are gone; suppress the original instead).

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.dataset import Dataset
    >>> desa = ["35.22.16.2006", "35.22.16.2007", "35.22.16.2008", "35.22.16.2009"]
    >>> cov = pd.DataFrame({"kode": desa, "periode": "2025-06", "segmen": "BPU",
    ...     "pendanaan": "mandiri", "peserta_aktif": [3, 25, 40, 0]})
    >>> wf = pd.DataFrame({"kode": desa, "tahun": 2025, "pekerja": [500, 600, 700, 400]})
    >>> r = analyze_coverage(Dataset("35.22.16", cov, wf), level="desa")
    >>> s = suppress_small_cells(r)
    >>> s.suppressed.primary, s.suppressed.complementary
    (('35.22.16.2006',), ('35.22.16.2007',))
    >>> s.table["peserta_aktif"].tolist()[:4], r.table["peserta_aktif"].tolist()[:4]
    ([<NA>, <NA>, 40, 0], [3, 25, 40, 0])
    >>> s.total["peserta_aktif"] == r.total["peserta_aktif"] == 68
    True
    """
    t = _check(threshold)
    old = getattr(result, "suppressed", None)
    if isinstance(old, Suppression):
        if old.threshold >= t:
            return result
        raise ValueError(f"hasil ini sudah disembunyikan dengan ambang {old.threshold}; "
                         f"ambang {t} harus diterapkan pada hasil aslinya")
    if t <= 1 or getattr(result, "level", None) != "desa":
        return result
    lang = getattr(result, "lang", "id")
    if isinstance(result, CoverageResult):
        table = result.table
        primary, comp, unprot = _choose(table, "peserta_aktif", t)
        sup = Suppression(t, tuple(primary), tuple(comp), _totals(table), lang, tuple(unprot))
        new = _hide(table, set(sup.hidden), COVERAGE_HIDDEN)
        mask_p = new["kode"].astype(str).isin(set(primary))
        mask_c = new["kode"].astype(str).isin(set(comp))
        new["status"] = new["status"].astype(object)
        new.loc[mask_p, "status"] = hidden_label(t, lang)
        new.loc[mask_c, "status"] = complement_label(lang)
        new["status"] = new["status"].astype(str)
        if "peringkat" in new.columns:
            new["peringkat"] = new["cakupan"].rank(ascending=False, method="min").astype("Int64")
        notes = _without_gap_note(result, new)
        notes = (*notes, sup.note) if sup.hidden else notes
        fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(CoverageResult)}
        fields.update(table=new, notes=tuple(dict.fromkeys(notes)))
        return SuppressedCoverageResult(**fields, suppressed=sup)
    if isinstance(result, ProjectionResult):
        a = result.allocation
        if "peserta_aktif" not in a.columns:
            return result
        primary, comp, unprot = _choose(a, "peserta_aktif", t)
        sup = Suppression(t, tuple(primary), tuple(comp), _totals(a), lang, tuple(unprot))
        new = _hide(a, set(sup.hidden), ALLOCATION_HIDDEN)
        fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(ProjectionResult)}
        notes = (*result.notes, sup.note) if sup.hidden else result.notes
        fields.update(allocation=new, notes=tuple(dict.fromkeys(notes)))
        return SuppressedProjectionResult(**fields, suppressed=sup)
    return result


def count_cells(table: pd.DataFrame, result: Any, col: str = "peserta_aktif") -> pd.Series:
    """Return the count column of ``table`` with hidden cells as their text (``"<10"``).

    For tables and maps that show counts: an object column, numbers where shown.
    """
    sup = getattr(result, "suppressed", None)
    s = table[col].astype(object)
    if not isinstance(sup, Suppression):
        return s
    texts = [sup.count_text(str(k)) for k in table["kode"]]
    return pd.Series([x if x is not None else v for x, v in zip(texts, s, strict=True)],
                     index=table.index, dtype=object)
