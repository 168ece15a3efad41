"""Reports: ``ucj report`` (one kabupaten/kota) and ``ucj batch`` (a whole province).

- :func:`run_report` runs the notebooks with papermill and publishes one
  self-contained run folder (:mod:`ucjlib.report.run`, layout in
  :mod:`ucjlib.report.layout`);
- :func:`run_batch` runs it for every kabupaten/kota of a province on a Dask
  cluster and writes an index page (:mod:`ucjlib.report.batch`,
  :mod:`ucjlib.report.index`).

Names are imported lazily so ``import ucjlib.report`` stays light.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "run_report": "run",
    "run_batch": "batch",
    "BatchResult": "outcome",
    "BatchItem": "outcome",
    "NotebookFailedError": "notebooks",
    "Progress": "progress",
    "QuietProgress": "progress",
    "LineProgress": "progress",
    "default_progress": "progress",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ucjlib.report' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
