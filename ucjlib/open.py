"""The one way to open data for a region: a data folder, or the built-in demo.

The command line, the notebooks, and later the reports and the batch all call
:func:`open_dataset`; nothing else decides between the demo and a folder.
"""

from __future__ import annotations

from pathlib import Path

from ucjlib.dataset import Dataset
from ucjlib.geo.wilayah import Region, region_of


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

        return load_dataset(Path(data), r.kode, periods=periods,
                            allow_unmatched=allow_unmatched)
    if r.level == "provinsi":
        from ucjlib.demo.generate import demo_province

        return demo_province(r.kode, level="kabupaten")
    from ucjlib.demo.generate import demo_dataset

    return demo_dataset(r.kode)
