"""Load and validate user inputs into the canonical tables of :mod:`ucjlib.dataset`.

Three inputs are described in ``data/dictionary.yml`` (rendered as
``data/DICTIONARY.md``): aggregated coverage, the workforce denominator (or
working-age population to allocate it), and participant records
(:mod:`ucjlib.inputs.participants`). Every loader checks the whole file and raises
one :class:`~ucjlib.errors.InputValidationError` listing *all* problems, each
naming file, spreadsheet row (header = row 1), column and what was expected;
:func:`validate_file` returns that list instead of raising.

Regions may be given by Kemendagri code or by name. Names are matched to codes
within the stated kabupaten (kecamatan names; desa names within their
kecamatan). Names that cannot be matched fail the load, unless
``allow_unmatched=True``: then their rows are excluded and the
:class:`LoadReport` says how many rows and participants that drops.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from ucjlib.dataset import Dataset
from ucjlib.errors import InputValidationError, Problem
from ucjlib.fmt import fmt_int
from ucjlib.inputs.dictionary import rule
from ucjlib.inputs.plausibility import (
    coverage_over_workforce,
    demo_mix_problem,
    fill_reporting_gaps,
    workforce_against_population,
)
from ucjlib.inputs.readers import read_table
from ucjlib.inputs.regions import kabupaten_code
from ucjlib.inputs.validation import LoadReport
from ucjlib.inputs.validation import check_table as _check_table
from ucjlib.text import Note

Kind = Literal["coverage", "workforce", "population", "participants"]


# ------------------------------------------------------------------ public loaders

_kab = kabupaten_code


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InputValidationError(problems)


def load_coverage(path: str | Path, kabupaten: str | None = None, *,
                  allow_unmatched: bool = False, sheet: str | int | None = None,
                  ) -> tuple[pd.DataFrame, LoadReport]:
    r"""Load an aggregated coverage file into the canonical coverage table.

    Parameters
    ----------
    path : str or Path
        CSV, XLSX or Parquet with the columns of ``data/DICTIONARY.md``
        (coverage): kode (or kecamatan [+ desa] names), periode, segmen,
        pendanaan, peserta_aktif.
    kabupaten : str, optional
        Code of the kabupaten (names are resolved by the caller with
        :func:`ucjlib.geo.wilayah.resolve`); needed when regions are given by name,
        and used to check that codes lie inside it.
    allow_unmatched : bool, default False
        Exclude (and report) rows whose region name does not match instead of
        failing.
    sheet : str or int, optional
        XLSX worksheet.

    Returns
    -------
    coverage : pandas.DataFrame
        ``kode``, ``periode``, ``segmen``, ``pendanaan``, ``peserta_aktif``.
    report : LoadReport

    Raises
    ------
    InputValidationError
        With every problem found (file, row, column, expected).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "coverage.csv"
    >>> _ = p.write_text("kecamatan;bulan;segmen;sumber dana;jumlah peserta\n"
    ...                  "KEC. KALITIDU;Juni 2025;BPU;APBD;1.234\n", encoding="utf-8")
    >>> cov, rep = load_coverage(p, "35.22")
    >>> cov.values.tolist()
    [['35.22.16', '2025-06', 'BPU', 'APBD', 1234]]
    """
    df, problems, report = _check_table(path, "coverage", _kab(kabupaten), allow_unmatched, sheet)
    _raise(problems)
    return df, report


def load_workforce(path: str | Path, kabupaten: str | None = None, *,
                   allow_unmatched: bool = False, employed_total: int | None = None,
                   tahun: int | None = None, sheet: str | int | None = None,
                   ) -> tuple[pd.DataFrame, LoadReport]:
    r"""Load the workforce denominator (employed persons per unit and year).

    The file gives ``pekerja`` per unit directly, or ``penduduk_15``
    (working-age population) per unit; in the latter case ``employed_total``
    and ``tahun`` (the kabupaten's Sakernas August figure) are required and
    the total is allocated with :func:`ucjlib.inputs.workforce.allocate_workforce`
    (the note is in ``report.notes``).

    Parameters
    ----------
    path : str or Path
        CSV, XLSX or Parquet.
    kabupaten : str, optional
        Code of the kabupaten (names are resolved by the caller with
        :func:`ucjlib.geo.wilayah.resolve`).
    allow_unmatched : bool, default False
        Exclude (and report) rows with unmatched region names.
    employed_total, tahun : int, optional
        Kabupaten employed total and its year, for a population file.
    sheet : str or int, optional
        XLSX worksheet.

    Returns
    -------
    workforce : pandas.DataFrame
        ``kode``, ``tahun``, ``pekerja`` [, ``pekerja_formal``,
        ``pekerja_informal``], ``pekerja_estimasi``.
    report : LoadReport

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "workforce.csv"
    >>> _ = p.write_text("kode,tahun,penduduk bekerja\n35.22,2021,692.456\n")
    >>> load_workforce(p)[0]["pekerja"].tolist()
    [692456]
    """
    from ucjlib.inputs.headers import resolve_headers
    from ucjlib.inputs.readers import read_input

    kab = _kab(kabupaten)
    raw_cols = []
    try:
        raw_cols = [str(c) for c in read_input(path, sheet).frame.columns]
    except InputValidationError:
        pass  # reported again by _check_table
    # which file it is; two columns for one field are reported by the check itself
    has_pekerja = "pekerja" in resolve_headers(raw_cols, "workforce")[0].values()
    has_pop = "penduduk_15" in resolve_headers(raw_cols, "population")[0].values()
    if has_pop and not has_pekerja:
        pop, report = load_population(path, kab, allow_unmatched=allow_unmatched, sheet=sheet)
        if employed_total is None or tahun is None:
            raise InputValidationError([Problem(
                str(path), None, None, "berkas berisi penduduk 15+, bukan jumlah pekerja",
                "berikan juga total pekerja kabupaten dan tahunnya (employed_total, tahun)")])
        from ucjlib.inputs.workforce import allocate_from_population

        wf, notes = allocate_from_population(pop, [(int(tahun), int(employed_total))], str(path))
        report.kind = "workforce"
        report.notes += notes
        return wf, report
    df, problems, report = _check_table(path, "workforce", kab, allow_unmatched, sheet)
    _raise(problems)
    return df, report


def load_population(path: str | Path, kabupaten: str | None = None, *,
                    allow_unmatched: bool = False, sheet: str | int | None = None,
                    ) -> tuple[pd.DataFrame, LoadReport]:
    r"""Load working-age population (15+) per unit: columns ``kode``, ``penduduk_15``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "penduduk.csv"
    >>> _ = p.write_text("kode;penduduk 15+\n35.22.01;38.512\n", encoding="utf-8")
    >>> load_population(p)[0].values.tolist()
    [['35.22.01', 38512]]
    """
    df, problems, report = _check_table(path, "population", _kab(kabupaten), allow_unmatched,
                                        sheet)
    _raise(problems)
    return df, report


def check_coverage_workforce(coverage: pd.DataFrame, workforce: pd.DataFrame,
                             file: str = "coverage", *, estimated: bool = False,
                             rows: list[int] | None = None) -> list[Problem]:
    """List the units and months where participants exceed employed persons (same year).

    Only units and years present in both tables are compared (all segments
    and funding summed per ``kode`` x ``periode``). Rows whose denominator is
    an allocation (``pekerja_estimasi``) are skipped unless ``estimated`` is
    True: an estimated denominator below the participants is a caveat of the
    estimate, not an error in the file. ``rows`` (the spreadsheet row of each
    coverage row, :attr:`LoadReport.source_rows`) lets each problem name the
    first row of the unit and month.

    Examples
    --------
    >>> cov = pd.DataFrame({"kode": ["35.22.01"], "periode": ["2025-06"], "segmen": ["BPU"],
    ...                     "pendanaan": ["APBD"], "peserta_aktif": [120]})
    >>> wf = pd.DataFrame({"kode": ["35.22.01"], "tahun": [2025], "pekerja": [100]})
    >>> print(check_coverage_workforce(cov, wf)[0].message)
    peserta aktif 35.22.01 2025-06 (120) lebih besar dari pekerja 2025 (100)
    """
    cov = coverage.assign(first_row=rows if rows is not None and len(rows) == len(coverage)
                          else None)
    tot = cov.groupby(["kode", "periode"], as_index=False, dropna=False).agg(
        peserta_aktif=("peserta_aktif", "sum"), first_row=("first_row", "min"))
    tot["tahun"] = tot["periode"].str[:4].astype("int64")
    wf = workforce.copy()
    if "pekerja_estimasi" in wf.columns:
        wf = wf.loc[wf["pekerja_estimasi"].fillna(False).astype(bool) == estimated]
    elif estimated:
        wf = wf.iloc[0:0]
    wf = wf[["kode", "tahun", "pekerja"]].copy()
    wf["tahun"] = wf["tahun"].astype("int64")
    m = tot.merge(wf, on=["kode", "tahun"], how="inner", validate="many_to_one")
    bad = m.loc[m["peserta_aktif"] > m["pekerja"]]
    return [Problem(file, None if pd.isna(r.first_row) else int(r.first_row), "peserta_aktif",
                    f"peserta aktif {r.kode} {r.periode} ({fmt_int(r.peserta_aktif)}) lebih besar "
                    f"dari pekerja {r.tahun} ({fmt_int(r.pekerja)})",
                    "peserta aktif <= penduduk bekerja unit yang sama")
            for r in bad.itertuples(index=False)]


def validate_file(path: str | Path, kind: Kind, kabupaten: str | None = None, *,
                  workforce: str | Path | None = None,
                  sheet: str | int | None = None) -> list[Problem]:
    r"""Check an input file and return ALL problems (an empty list when it is fine).

    Parameters
    ----------
    path : str or Path
        The file.
    kind : {"coverage", "workforce", "population", "participants"}
        Which contract to check against.
    kabupaten : str, optional
        Kabupaten code (for region names and code checks).
    workforce : str or Path, optional
        A workforce file to check coverage against (participants may not
        exceed employed persons of the same unit and year).
    sheet : str or int, optional
        XLSX worksheet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "coverage.csv"
    >>> _ = p.write_text("kode,periode,segmen,pendanaan,peserta_aktif\n"
    ...                  "35.22.16,2025-06,BPU,APBD,-5\n")
    >>> for problem in validate_file(p, "coverage"):
    ...     print(problem.row, problem.column, problem.message)
    2 peserta_aktif jumlah negatif: '-5'
    """
    if kind not in ("coverage", "workforce", "population", "participants"):
        raise ValueError(f"Jenis tidak dikenal: {kind!r}; pilihan: coverage, workforce, "
                         "population, participants")
    return validate_with_report(path, kind, kabupaten, workforce=workforce, sheet=sheet)[0]


def validate_with_report(path: str | Path, kind: Kind, kabupaten: str | None = None, *,
                         workforce: str | Path | None = None, sheet: str | int | None = None,
                         ) -> tuple[list[Problem], LoadReport, pd.DataFrame | None]:
    """Like :func:`validate_file`, also returning the load report and the table when valid.

    Without ``workforce`` the table of a coverage CSV/Parquet checked
    column-wise has its key columns as categoricals (same values; the
    ``str`` columns would be most of the check's peak memory).
    """
    kab = _kab(kabupaten)
    if kind == "participants":
        from ucjlib.inputs.participants import load_participants

        try:
            df, report = load_participants(path, kab, sheet=sheet)
        except InputValidationError as exc:
            return list(exc.problems), LoadReport(str(path), kind), None
        problems: list[Problem] = []
    else:
        df, problems, report = _check_table(path, kind, kab, False, sheet,
                                            text=workforce is not None)
    if df is not None and workforce is not None and kind in ("coverage", "participants"):
        try:
            wf, _ = load_workforce(workforce, kab)
            problems += check_coverage_workforce(df, wf, str(path), rows=report.source_rows)
        except InputValidationError as exc:
            problems += list(exc.problems)
    return problems, report, df


def _find(folder: Path, stems: tuple[str, ...]) -> Path | None:
    from ucjlib.inputs.files import SUPPORTED

    hits = sorted(p for p in folder.iterdir()
                  if p.is_file() and p.stem.lower() in stems and p.suffix.lower() in SUPPORTED)
    if len(hits) > 1:
        raise InputValidationError([Problem(str(folder), None, None,
                                            "lebih dari satu berkas: "
                                            + ", ".join(p.name for p in hits),
                                            f"satu berkas {stems[0]}.* saja")])
    return hits[0] if hits else None


def load_dataset(data_dir: str | Path, kabupaten: str, *, allow_unmatched: bool = False,
                 employed_total: int | None = None, tahun: int | None = None,
                 periods: str | list[str] | None = None) -> Dataset:
    r"""Load a folder of inputs into a :class:`~ucjlib.dataset.Dataset`.

    ``data_dir`` may also be a workbook written by ``ucj template`` and filled in
    (:mod:`ucjlib.inputs.template`): its participants and workforce sheets are read.

    The folder holds ``coverage.*`` (or ``participants.*``, aggregated with
    :func:`ucjlib.inputs.participants.load_participants`) and a denominator:
    ``workforce.*``, or ``penduduk.*`` (population 15+ per unit) plus the
    kabupaten employed total, given as ``employed_total``/``tahun`` or as the
    kabupaten's own rows in ``workforce.*``. When both coverage and
    participants files exist, ``coverage.*`` is used and a note says so.

    ``periods`` (months) apply to a participants file only.

    ``Dataset.demo`` is True when the folder holds a file named ``DEMO`` or a
    table has a ``demo`` column set to true; demo and real files together are
    refused. ``Dataset.files`` maps each input to its SHA-256. The dataset is
    checked as a whole (:mod:`ucjlib.inputs.plausibility`): coverage above 100%
    for any unit at any level is an input error; a workforce implausible
    against the kabupaten's population gets a note; a unit missing from a
    month of a coverage file keeps its latest earlier report (with a note),
    never 0.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "coverage.csv").write_text(
    ...     "kode;periode;segmen;pendanaan;peserta_aktif\n35.22;2025-06;PU;mandiri;100\n")
    >>> _ = (d / "workforce.csv").write_text("kode;tahun;pekerja\n35.22;2025;692.456\n")
    >>> ds = load_dataset(d, "35.22")
    >>> ds.kode, ds.demo, len(ds.files)
    ('35.22', False, 2)
    """
    folder = Path(data_dir)
    kab = _kab(kabupaten)
    if folder.is_file():  # a filled `ucj template` workbook: its data and workforce sheets
        from ucjlib.inputs.template import check_template_file

        check_template_file(folder, kab)
        cov_path, par_path, wf_path, pop_path, marker = folder, None, folder, None, False
    elif not folder.is_dir():
        raise InputValidationError([Problem(str(folder), None, None, "folder data tidak ada",
                                            "folder berisi coverage.* dan workforce.*")])
    else:
        cov_path = _find(folder, ("coverage", "cakupan", "kepesertaan"))
        par_path = _find(folder, ("participants", "peserta"))
        wf_path = _find(folder, ("workforce", "pekerja", "tenaga_kerja"))
        pop_path = _find(folder, ("penduduk", "population"))
        marker = (folder / "DEMO").exists()
    notes: list[str] = []
    files: dict[str, str] = {}
    problems: list[Problem] = []
    cov_demo = marker
    wf_demo: dict[str, bool] = {}  # each denominator file read: demo or not
    coverage = workforce = None
    cov_rows: list[int] = []
    if cov_path is None and par_path is None:
        problems.append(Problem(str(folder), None, None, "tidak ada berkas kepesertaan",
                                "coverage.csv/.xlsx/.parquet atau participants.*"))
    if wf_path is None and pop_path is None:
        problems.append(Problem(str(folder), None, None, "tidak ada berkas penyebut",
                                "workforce.* atau penduduk.* (+ total pekerja kabupaten)"))
    _raise(problems)
    try:
        if cov_path is not None:
            coverage, rep = load_coverage(cov_path, kab, allow_unmatched=allow_unmatched)
            if par_path is not None:
                notes.append(Note("inputs.participants_not_used",
                                  {"participants": par_path.name, "coverage": cov_path.name}))
        else:
            from ucjlib.inputs.participants import load_participants

            coverage, rep = load_participants(par_path, kab, periods,
                                              allow_unmatched=allow_unmatched)
        cov_demo = cov_demo or rep.demo
        cov_rows = rep.source_rows
        notes += rep.notes
        files[str(rep.file)] = rep.sha256
    except InputValidationError as exc:
        problems += exc.problems
    try:
        workforce = _dataset_workforce(wf_path, pop_path, kab, allow_unmatched, employed_total,
                                       tahun, notes, files, wf_demo)
    except InputValidationError as exc:
        problems += exc.problems
    _raise(problems)
    cov_file, wf_file = (cov_path or par_path), (wf_path or pop_path)
    _raise(demo_mix_problem({cov_file.name: cov_demo,
                             **{name: marker or d for name, d in wf_demo.items()}}))
    notes += workforce_against_population(workforce, kab, wf_file.name)
    _raise(check_coverage_workforce(coverage, workforce, str(cov_file), rows=cov_rows))
    if cov_path is not None:  # participant records: a month without a person is a real 0
        coverage, gap_notes = fill_reporting_gaps(coverage, cov_path.name)
        notes += gap_notes
    coverage.attrs = {}
    workforce.attrs = {}
    names = ", ".join(Path(f).name for f in files)
    ds = Dataset(kab, coverage, workforce, demo=cov_demo, source="Berkas pengguna: " + names,
                 notes=notes, files=files, source_en="User files: " + names)
    over, over_notes = coverage_over_workforce(ds, str(cov_file), str(wf_file))
    _raise(over)
    ds.notes += over_notes
    return ds


def _dataset_workforce(wf_path: Path | None, pop_path: Path | None, kab: str, allow_unmatched: bool,
                       employed_total: int | None, tahun: int | None, notes: list[str],
                       files: dict[str, str], demo: dict[str, bool]) -> pd.DataFrame:
    """Return the workforce table; ``demo`` gets each file read and whether it is demo data."""
    from ucjlib.inputs.workforce import allocate_from_population

    wf = None
    if wf_path is not None:
        wf, rep = load_workforce(wf_path, kab, allow_unmatched=allow_unmatched,
                                 employed_total=employed_total, tahun=tahun)
        notes += rep.notes
        files[str(wf_path)] = rep.sha256
        demo[wf_path.name] = rep.demo
    if pop_path is None:
        return wf
    pop, rep = load_population(pop_path, kab, allow_unmatched=allow_unmatched)
    notes += rep.notes
    files[str(pop_path)] = rep.sha256
    demo[pop_path.name] = rep.demo
    totals: list[tuple[int, int]] = []
    if employed_total is not None:
        if tahun is None:
            raise InputValidationError([Problem(str(pop_path), None, None,
                                                "tahun total pekerja tidak diberikan",
                                                "tahun Sakernas Agustus, mis. 2024")])
        totals.append((int(tahun), int(employed_total)))
    elif wf is not None:
        own = wf.loc[wf["kode"] == kab]
        totals = [(int(t), int(p)) for t, p in zip(own["tahun"], own["pekerja"], strict=True)]
    if not totals:
        raise InputValidationError([Problem(str(pop_path), None, None,
                                            "penduduk 15+ tanpa total pekerja kabupaten",
                                            f"baris kode {kab} di workforce.* "
                                            "atau employed_total")])
    parts = [] if wf is None else [wf.loc[~wf["kode"].str.startswith(kab + ".")]]
    alloc, alloc_notes = allocate_from_population(pop, totals, str(pop_path))
    notes += alloc_notes
    out = pd.concat(parts + [alloc], ignore_index=True)
    out["pekerja_estimasi"] = out["pekerja_estimasi"].fillna(False).astype(bool)
    return out.sort_values(["kode", "tahun"]).reset_index(drop=True)


def coverage_definition(lang: str = "id") -> str:
    """Return the coverage definition used everywhere (from the data dictionary).

    Examples
    --------
    >>> "Sakernas" in coverage_definition()
    True
    """
    return rule("coverage_definition", lang)


__all__ = ["LoadReport", "check_coverage_workforce", "coverage_definition", "load_coverage",
           "load_dataset", "load_population", "load_workforce", "read_table", "validate_file",
           "validate_with_report"]
