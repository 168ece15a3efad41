"""The one way to open data for a region: a data folder, or the built-in demo.

The command line, the notebooks, and later the reports and the batch all call
:func:`open_dataset`; nothing else decides between the demo and a folder.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ucjlib.dataset import Dataset
from ucjlib.errors import InputValidationError, Problem
from ucjlib.fmt import fmt_int, fmt_pct
from ucjlib.geo.wilayah import Region, get_region, is_code, region_of

_SAMPLE_ROWS = 5000
_MAIN_FILES = {"coverage": ("coverage", "cakupan", "kepesertaan"),
               "participants": ("participants", "peserta")}


def open_dataset(region: str | Region, data: str | Path | None = None, *,
                 periods: str | list[str] | None = None,
                 allow_unmatched: bool = False) -> Dataset:
    """Open the dataset of a kabupaten/kota (or a province): a data folder, else the demo.

    Parameters
    ----------
    region : Region or str
        A :class:`~ucjlib.geo.wilayah.Region` from :func:`ucjlib.resolve_region`,
        or a Kemendagri code (``"35.22"``). Names are resolved by the caller.
    data : str or Path, optional
        Folder of input files (``coverage.*`` or ``participants.*``, and
        ``workforce.*`` or ``penduduk.*``; see ``data/DICTIONARY.md``). Empty
        or ``None`` opens the synthetic demo, labelled "data demo (sintetis)".
    periods : str or list of str, optional
        Months to count from participant records (default: all months).
    allow_unmatched : bool, default False
        Exclude, and report, rows whose region names do not match.

    Returns
    -------
    Dataset

    Raises
    ------
    InputValidationError
        When the folder's files break the data contract (every problem, with
        file, row and column), or belong to another region.
    UcjError
        When there is no demo for the region.

    Examples
    --------
    >>> ds = open_dataset("35.22")
    >>> ds.kode, ds.demo
    ('35.22', True)
    """
    r = region_of(region)
    if data is not None and str(data).strip():
        from ucjlib.inputs.loaders import load_dataset

        check_region_of_folder(Path(data), r)
        return load_dataset(Path(data), r.kode, periods=periods,
                            allow_unmatched=allow_unmatched)
    if r.level == "provinsi":
        from ucjlib.demo.generate import demo_province

        return demo_province(r.kode, level="kabupaten")
    from ucjlib.demo.generate import demo_dataset

    return demo_dataset(r.kode)


def _sample_codes(path: Path, kind: str) -> list[str]:
    """Up to the first few thousand region codes of a coverage or participants file."""
    import pandas as pd

    from ucjlib.inputs.files import check_file, decode_text
    from ucjlib.inputs.headers import map_headers, sniff_separator

    fmt = check_file(path)
    if fmt == "csv":
        with open(path, "rb") as fh:
            text = decode_text(fh.read(4_000_000))[0]
        lines = text.splitlines()[: _SAMPLE_ROWS + 1]
        import io

        df = pd.read_csv(io.StringIO("\n".join(lines)), sep=sniff_separator(text), dtype=str,
                         keep_default_na=False, on_bad_lines="skip", engine="python")
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        df = next(pf.iter_batches(batch_size=_SAMPLE_ROWS)).to_pandas() if (
            pf.metadata.num_rows) else pd.DataFrame()
    else:
        df = pd.read_excel(path, nrows=_SAMPLE_ROWS, dtype=str)
    rename, _ = map_headers([str(c) for c in df.columns], kind)
    col = next((c for c, canon in rename.items() if canon in ("kode", "kode_desa")), None)
    if col is None:
        return []
    return [str(v).strip() for v in df[col] if is_code(str(v).strip())]


def check_region_of_folder(folder: Path, region: Region) -> None:
    """Say in one line when a data folder holds another region's data.

    Reads only the first rows of the coverage (or participants) file. When
    none of its codes lie in ``region`` and most lie in one other
    kabupaten/kota, that is one problem, not a hundred thousand row errors.

    Raises
    ------
    InputValidationError
        Naming the file, the region its codes belong to and the one asked for.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> header = "kode;periode;segmen;pendanaan;peserta_aktif"
    >>> row = "35.24.01.2001;2025-06;PU;mandiri;10"
    >>> _ = (d / "coverage.csv").write_text(header + chr(10) + row)
    >>> check_region_of_folder(d, get_region("35.22"))
    Traceback (most recent call last):
    ...
    ucjlib.errors.InputValidationError: ...berisi data 35.24 Kabupaten Lamongan, bukan 35.22...
    """
    if not folder.is_dir():
        return  # the loader says so, with the expected contents
    for kind, stems in _MAIN_FILES.items():
        hits = sorted(p for p in folder.iterdir() if p.is_file() and p.stem.lower() in stems)
        if len(hits) != 1:
            continue
        try:
            codes = _sample_codes(hits[0], kind)
        except (InputValidationError, ValueError, OSError, StopIteration):
            return  # unreadable: the loader reports it properly
        if not codes or any(c == region.kode or c.startswith(region.kode + ".")
                            for c in codes):
            return
        depth = region.kode.count(".")
        owners = Counter(".".join(c.split(".")[: depth + 1]) for c in codes
                         if c.count(".") >= depth)
        if not owners:
            return
        owner, n = owners.most_common(1)[0]
        try:
            other = get_region(owner).label
        except LookupError:
            other = owner
        share = n / len(codes)
        raise InputValidationError([Problem(
            str(hits[0]), None, None,
            f"berkas ini berisi data {other}, bukan {region.label} (tidak ada satu pun kode "
            f"{region.kode}.* di {fmt_int(len(codes))} baris pertama; {fmt_pct(share, 0)} "
            f"milik {owner})",
            f"folder data {region.label}, atau jalankan untuk {other}")])
