"""Reading user inputs into the canonical tables of :mod:`ucjlib.dataset`.

``readers`` opens CSV/XLSX/Parquet, ``validation`` checks a table against the
data dictionary (``dictionary``), ``loaders`` turns files and folders into a
:class:`~ucjlib.dataset.Dataset`, ``participants`` aggregates personal records
and ``workforce`` allocates the denominator below the kabupaten.
"""
