"""Small-cell protection: participant counts below a threshold are not published.

A file that leaves the analyst's machine (a report, a CSV/XLSX/JSON export, the target
sheets for desa offices) must not say that 3 people in one desa are BPJS
Ketenagakerjaan participants. :func:`suppress_small_cells` returns a *new* result (the
original is untouched) in which, for every unit below the result's region (desa of a
kecamatan, kecamatan of a kabupaten, kabupaten of a province):

* **primary suppression** — a unit with 1 to ``threshold - 1`` active participants
  shows ``"<10"`` instead of its count (the threshold is the rule
  ``disclosure.min_cell`` in ``data/rules/``, 10);
* **everything derived from the count is hidden too**: with its published
  workforce, a unit's coverage rate, uncovered workers, gap to target (persons and
  percentage points), 3- and 12-month change, status and rank would each give the
  count back. Ranks are recomputed among the published units;
* **complementary suppression** — the parent's total (kecamatan total for desa,
  kabupaten total for kecamatan) is published, so a lone hidden cell would be that
  total minus its published siblings. In every group with a primary cell one more
  unit is hidden (``"disembunyikan (pelengkap)"``): the smallest unit whose count is
  large enough that the hidden counts together still leave each ``"<10"`` unit
  anywhere up to 9. A reader knows a complement has at least ``threshold``
  (it is not marked ``"<10"``), so one with 10 would not do next to a 3:
  ``3 + 10 = 13`` gives 3 back. The rule is ``c >= 2·threshold + |P| − 2 − sum(P)``
  for the primary cells ``P``;
* **zeros** — a published 0 is no secret, but when no sibling is large enough (the
  issue's case: kecamatan total 3, every other desa 0) the zeros of the group are
  hidden as ``"<10"`` too, with every other sibling: then no hidden count is the only
  unknown of a published total. ``"<10"`` therefore means *below 10* (0 to 9);
  zeros elsewhere stay published (statistical offices publish true zeros);
* **linked levels** — a desa table is protected together with the kecamatan table
  made from the same data: a kecamatan hidden there (its own total small, or its
  complement) has every desa hidden here, so the desa cannot add up to it;
* **totals stay published**: the region total is unchanged, and the true sums of the
  hidden columns are kept for a totals row (:attr:`Suppression.totals`) and per
  parent unit (:attr:`Suppression.parent_totals`).

Where even that cannot keep a small count from being narrowed down (a kecamatan of 3
says every desa has at most 3) the note names the groups (``unprotected``).
Library calls (:func:`ucjlib.analyze_coverage`, :func:`ucjlib.project`) never
suppress: a researcher's own session sees the counts. Every file writer does, through
one rule, :func:`for_file`: the command-line file outputs (``--format csv|json|xlsx``,
``--min-cell N``, ``--min-cell 0`` to turn it off), the target sheets
(:func:`ucjlib.projection.write_target_sheets`) and the report (``sel_minimum``,
:func:`ucjlib.report.outputs.assemble`). Terminal tables are not protected: they stay
on the officer's own screen.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ucjlib.projection.result import ProjectionResult
from ucjlib.results import CoverageResult
from ucjlib.suppression import choose_cells, column_totals, hide_cells, parent_totals
from ucjlib.text import Note, say

__all__ = ["RULE", "SuppressedCoverageResult", "SuppressedProjectionResult",
           "Suppression", "check_min_cell", "default_threshold", "for_file", "hidden_label",
           "is_suppressed", "minimum_for", "notice", "suppress_small_cells"]

#: The rule (``data/rules/disclosure/min_cell.yaml``) giving the default threshold.
RULE = "disclosure.min_cell"

#: Columns of a coverage table that give a hidden count back (with the published workforce).
COVERAGE_HIDDEN = ("peserta_aktif", "cakupan", "tidak_tercakup", "gap_target", "gap_target_pp",
                   "perubahan_3bln", "perubahan_12bln", "peringkat")
#: Columns of a projection allocation table that give a hidden count back.
ALLOCATION_HIDDEN = ("peserta_aktif", "cakupan", "kuota_tambahan", "tambahan_per_bulan",
                     "cakupan_tenggat", "batas_atas")
#: Levels whose rows are units below the result's region (a kabupaten table of one
#: kabupaten is its total, published as the headline).
_PARENT_LEVEL = {"desa": "kecamatan", "kecamatan": "kabupaten", "kabupaten": "provinsi"}


def default_threshold(on: str | None = None) -> int:
    """Return the small-cell threshold of the rules (``disclosure.min_cell``).

    Parameters
    ----------
    on : str, optional
        Month ``YYYY-MM`` (the data period); default today.

    Examples
    --------
    >>> default_threshold("2025-06") == default_threshold()
    True
    """
    from datetime import date

    from ucjlib.rules import load_rules

    return int(load_rules().value(RULE, on or date.today()))


def hidden_label(threshold: int, lang: str = "id") -> str:
    """Status (and map class) of a primary small cell (``status.hidden``).

    The table holds the language-neutral (Indonesian) value; an output says it in its
    language with :func:`ucjlib.coverage.status_text`.

    Examples
    --------
    >>> hidden_label(10), hidden_label(5, "en")
    ('disembunyikan (<10)', 'suppressed (<5)')
    """
    return say("status.hidden", lang, threshold=threshold)


def complement_label(lang: str = "id") -> str:
    """Status of a unit hidden so that a small cell cannot be worked out from a total."""
    return say("status.complement", lang)


@dataclass(frozen=True)
class Suppression:
    """What :func:`suppress_small_cells` hid, and how to show it.

    Attributes
    ----------
    threshold : int
        Counts from 1 to ``threshold - 1`` are hidden; 0 records that protection was
        turned off on purpose (:func:`for_file` with ``min_cell=0``).
    primary : tuple of str
        Codes of the units with a small count (shown as ``"<10"``).
    complementary : tuple of str
        Codes hidden so that no small count follows from a total (shown as
        ``"disembunyikan"``; each has at least ``threshold``).
    totals : dict
        True sums of the hidden count columns over every row (for a totals row).
    lang : str
    unprotected : tuple of str
        Parent codes where even hiding every other unit could not keep the small
        counts from being narrowed down (reported in :attr:`note`).
    zeros : tuple of str
        Units with 0 participants hidden as ``"<10"`` because no sibling was large
        enough to hide a small count.
    parent_totals : dict
        Parent code -> true sums of the count columns of its units, for parents whose
        total stays published (kecamatan sheets of a desa table).
    parents_hidden : tuple of str
        Parent codes whose own total is hidden in the parent-level table (linked
        levels); all their units are hidden.
    """

    threshold: int
    primary: tuple[str, ...]
    complementary: tuple[str, ...]
    totals: dict[str, float] = field(default_factory=dict)
    lang: str = "id"
    unprotected: tuple[str, ...] = ()
    zeros: tuple[str, ...] = ()
    parent_totals: dict[str, dict[str, float]] = field(default_factory=dict)
    parents_hidden: tuple[str, ...] = ()

    @property
    def hidden(self) -> frozenset[str]:
        """Every hidden code."""
        return frozenset(self.primary) | frozenset(self.complementary) | frozenset(self.zeros)

    @property
    def label(self) -> str:
        """Legend word of the hidden class (maps)."""
        return say("status.small_cell", self.lang)

    def count_text(self, kode: str) -> str | None:
        """Return what a table shows instead of the count of ``kode`` (None: the count).

        Examples
        --------
        >>> s = Suppression(10, ("35.22.01.2001",), ("35.22.01.2002",), zeros=("35.22.01.2003",))
        >>> s.count_text("35.22.01.2001"), s.count_text("35.22.01.2002"), s.count_text("x")
        ('<10', 'disembunyikan', None)
        >>> s.count_text("35.22.01.2003")
        '<10'
        """
        if kode in self.primary or kode in self.zeros:
            return f"<{self.threshold}"
        if kode in self.complementary:
            return say("status.count_hidden", self.lang)
        return None

    @property
    def note(self) -> Note:
        """Return the note every output repeats: what was hidden, at which threshold.

        A :class:`~ucjlib.text.Note` (``smallcells.*`` in ``data/text/notes.yml``) that an
        output renders in its own language.

        Examples
        --------
        >>> s = Suppression(10, ("35.22.01.2001",), ("35.22.01.2002",))
        >>> s.note.code, s.note.text("en")[:48]
        ('smallcells.hidden', 'Small-cell protection (threshold 10): 2 cells hi')
        """
        t = self.threshold
        if t <= 1:
            return Note("smallcells.off")
        n1, n0, n2 = len(self.primary), len(self.zeros), len(self.complementary)
        params: dict[str, Any] = {"t": t, "below": t - 1, "n": n1 + n0 + n2, "n1": n1,
                                  "n2": n2}
        code = "smallcells.hidden"
        if n0:
            code += ".zeros"
            params["n0"] = n0
        if self.unprotected:
            code += ".unprotected"
            params.update(n_unprotected=len(self.unprotected),
                          unprotected=", ".join(self.unprotected))
        return Note(code, params)


@dataclass(frozen=True)
class SuppressedCoverageResult(CoverageResult):
    """A :class:`~ucjlib.results.CoverageResult` whose small cells are hidden.

    ``suppressed`` says which codes and how; the table holds missing values where
    a count (or anything derived from it) is hidden.
    """

    suppressed: Suppression | None = None


@dataclass(frozen=True)
class SuppressedProjectionResult(ProjectionResult):
    """A ProjectionResult whose allocation hides small participant counts.

    ``suppressed`` says which (see :class:`~ucjlib.projection.result.ProjectionResult`).
    """

    suppressed: Suppression | None = None


def is_suppressed(result: Any) -> bool:
    """Whether ``result`` came from :func:`suppress_small_cells` with a threshold above 1."""
    s = getattr(result, "suppressed", None)
    return isinstance(s, Suppression) and s.threshold > 1


def minimum_for(sel_minimum: int | None, output_dir: str | None) -> int:
    """Return a notebook's threshold: ``-1`` means the rules' (10) in a report, else 0.

    Examples
    --------
    >>> minimum_for(-1, "."), minimum_for(-1, ""), minimum_for(5, ""), minimum_for(0, ".")
    (10, 0, 5, 0)
    """
    if sel_minimum is None or int(sel_minimum) < 0:
        return default_threshold() if output_dir else 0
    return int(sel_minimum)


def _without_gap_note(result: CoverageResult, table: pd.DataFrame) -> tuple[str, ...]:
    """Return the notes with the unit-gap sum note recomputed from the hidden table.

    The note adds up every unit's gap: with the hidden units in it, it would give their
    sum back.
    """
    from ucjlib.coverage import gap_sum_note

    old = set(gap_sum_note(result.table, result.total, result.level, result.lang)) \
        if result.total.get("gap_target") is not None else set()
    notes = [n for n in result.notes if n not in old]
    if result.total.get("gap_target") is not None:
        notes += gap_sum_note(table, result.total, result.level, result.lang)
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


def _protectable(result: Any) -> bool:
    """Return whether ``result`` is a coverage/projection table of units below its region."""
    if getattr(result, "level", None) not in _PARENT_LEVEL:
        return False
    if isinstance(result, CoverageResult):
        table = result.table
    elif isinstance(result, ProjectionResult):
        table = result.allocation
    else:
        return False
    if "peserta_aktif" not in table.columns or "kode" not in table.columns:
        return False
    return bool((table["kode"].astype(str) != result.region.kode).any())


def _protect_table(table: pd.DataFrame, t: int, level: str, lang: str) -> Suppression:
    primary, comp, zeros, unprot, parents = choose_cells(table, "peserta_aktif", t,
                                                         linked=level == "desa")
    return Suppression(t, tuple(primary), tuple(comp), column_totals(table), lang,
                       tuple(unprot), tuple(zeros), parent_totals(table, parents),
                       tuple(sorted(parents)))


def suppress_small_cells(result: Any, threshold: int | None = None) -> Any:
    """Return ``result`` with counts below ``threshold`` (and what reveals them) hidden.

    Statistical offices call this cell suppression (primary and complementary).

    Parameters
    ----------
    result : CoverageResult or ProjectionResult
        At desa, kecamatan (or, for a province, kabupaten) level; other results, and a
        table that is just the region's own total, are returned unchanged.
    threshold : int, optional
        Counts from 1 to ``threshold - 1`` are hidden; 0 or 1 hides nothing. Default
        the rules' ``disclosure.min_cell`` (:func:`default_threshold`).

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
    >>> s = suppress_small_cells(r, 10)
    >>> s.suppressed.primary, s.suppressed.complementary
    (('35.22.16.2006',), ('35.22.16.2007',))
    >>> s.table["peserta_aktif"].tolist()[:4], r.table["peserta_aktif"].tolist()[:4]
    ([<NA>, <NA>, 40, 0], [3, 25, 40, 0])
    >>> s.total["peserta_aktif"] == r.total["peserta_aktif"] == 68
    True
    """
    t = _check(default_threshold(getattr(result, "periode", None))
               if threshold is None else threshold)
    old = getattr(result, "suppressed", None)
    if isinstance(old, Suppression):
        if old.threshold >= t:
            return result
        raise ValueError(f"hasil ini sudah disembunyikan dengan ambang {old.threshold}; "
                         f"ambang {t} harus diterapkan pada hasil aslinya")
    if t <= 1 or not _protectable(result):
        return result
    lang = getattr(result, "lang", "id")
    if isinstance(result, CoverageResult):
        table = result.table
        sup = _protect_table(table, t, result.level, lang)
        new = hide_cells(table, set(sup.hidden), COVERAGE_HIDDEN)
        small = set(sup.primary) | set(sup.zeros)
        mask_p = new["kode"].astype(str).isin(small)
        mask_c = new["kode"].astype(str).isin(set(sup.complementary))
        new["status"] = new["status"].astype(object)
        new.loc[mask_p, "status"] = hidden_label(t)  # language-neutral, as every status
        new.loc[mask_c, "status"] = complement_label()
        new["status"] = new["status"].astype(str)
        if "peringkat" in new.columns:
            new["peringkat"] = new["cakupan"].rank(ascending=False, method="min").astype("Int64")
        notes = _without_gap_note(result, new)
        notes = (*notes, sup.note) if sup.hidden else notes
        fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(CoverageResult)}
        fields.update(table=new, notes=tuple(dict.fromkeys(notes)))
        return SuppressedCoverageResult(**fields, suppressed=sup)
    a = result.allocation
    sup = _protect_table(a, t, result.level, lang)
    new = hide_cells(a, set(sup.hidden), ALLOCATION_HIDDEN)
    fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(ProjectionResult)}
    notes = (*result.notes, sup.note) if sup.hidden else result.notes
    fields.update(allocation=new, notes=tuple(dict.fromkeys(notes)))
    return SuppressedProjectionResult(**fields, suppressed=sup)


def for_file(result: Any, min_cell: int | None = None) -> Any:
    """Return the result a file that leaves the machine may carry: the one rule.

    Every file writer passes its result through here (``ucj coverage|project
    --format csv|json|xlsx``, :func:`ucjlib.projection.write_target_sheets`,
    :func:`ucjlib.render.tables.to_csv`).

    Parameters
    ----------
    result : Any
        A coverage or projection result (anything else is returned as it is).
    min_cell : int, optional
        Threshold; default the rules' (:func:`default_threshold`). ``0`` turns the
        protection off *on purpose*: the result is marked (``suppressed.threshold``
        0) so the files say so, and no later writer protects it again.

    Returns
    -------
    Any
        A result whose ``suppressed`` records the decision. A result that already
        carries one (the report protects its own) is returned unchanged.

    Raises
    ------
    ArgumentError
        For a negative or non-integer ``min_cell``.

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> r = analyze_coverage(demo_dataset("35.22"), "2025-06", level="desa")
    >>> for_file(r).suppressed.threshold == default_threshold()
    True
    >>> off = for_file(r, 0)
    >>> off.suppressed.threshold, off.table.equals(r.table), "DIMATIKAN" in str(off.notes[-1])
    (0, True, True)
    >>> for_file(off) is off
    True
    """
    t = None if min_cell is None else _check(min_cell)
    if isinstance(getattr(result, "suppressed", None), Suppression) or \
            not _protectable(result):
        return result
    if t is None or t > 1:
        return suppress_small_cells(result, t)
    off = Suppression(0, (), (), lang=getattr(result, "lang", "id"))
    cls = SuppressedCoverageResult if isinstance(result, CoverageResult) \
        else SuppressedProjectionResult
    base = CoverageResult if isinstance(result, CoverageResult) else ProjectionResult
    fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(base)}
    fields.update(notes=tuple(dict.fromkeys((*result.notes, off.note))))
    return cls(**fields, suppressed=off)


def check_min_cell(value: Any, option: str = "--min-cell") -> int | None:
    """Return a ``--min-cell`` value (None: the rules' threshold), or raise ArgumentError.

    Examples
    --------
    >>> check_min_cell(None), check_min_cell(0), check_min_cell("5")
    (None, 0, 5)
    """
    from ucjlib.errors import ArgumentError

    if value is None:
        return None
    try:
        t = int(str(value).strip())
    except ValueError:
        t = -1
    if not 0 <= t <= 1000:
        raise ArgumentError(option, value, "bilangan bulat 0 sampai 1000 (0: perlindungan "
                            f"sel kecil mati; default {default_threshold()} dari data/rules)")
    return t


def notice(result: Any) -> str | None:
    """Return the terminal line a command prints after protecting a file (None: nothing).

    Examples
    --------
    >>> notice(None) is None
    True
    """
    s = getattr(result, "suppressed", None)
    if not isinstance(s, Suppression):
        return None
    if s.threshold <= 1 or s.hidden:
        return s.note.text(s.lang)
    return say("smallcells.none", s.lang, t=s.threshold)


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
