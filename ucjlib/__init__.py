"""ucjlib: measure and plan Universal Coverage Jamsostek for Indonesian regencies.

Use it as ``import ucjlib as ucj``. Public functions are re-exported here and
imported lazily, so ``import ucjlib`` stays fast and the heavy geospatial
stack loads only when a map is asked for.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ucjlib")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

# public name -> private module that defines it
_EXPORTS: dict[str, str] = {
    # errors
    "UcjError": "errors",
    "UnknownRegionError": "errors",
    "InputValidationError": "errors",
    "SourceError": "errors",
    "BoundaryError": "errors",
    "Problem": "errors",
    # region gazetteer
    "gazetteer": "wilayah",
    "get_region": "wilayah",
    "resolve_region": "wilayah",
    "find_regions": "wilayah",
    "match_names": "wilayah",
    "children": "wilayah",
    "level_of": "wilayah",
    "normalize_name": "wilayah",
    "Region": "wilayah",
    # formatting
    "fmt_number": "fmt",
    "fmt_int": "fmt",
    "fmt_pct": "fmt",
    "fmt_pp": "fmt",
    "fmt_rupiah": "fmt",
    "month_name": "fmt",
    "parse_number": "fmt",
    # boundaries
    "load_boundaries": "boundaries",
    "boundary_info": "boundaries",
    # boundaries_build
    "build_store": "boundaries_build",
    "BuildReport": "boundaries_build",
    # boundaries_import
    "import_boundaries": "boundaries_import",
    "ImportResult": "boundaries_import",
    # dataset
    "Dataset": "dataset",
    "SEGMENTS": "dataset",
    "FUNDING": "dataset",
    "DEMO_LABEL": "dataset",
    # demo
    "demo_dataset": "demo",
    "demo_province": "demo",
    "write_demo": "demo",
    # inputs
    "read_table": "inputs",
    "load_coverage": "inputs",
    "load_workforce": "inputs",
    "load_population": "inputs",
    "load_dataset": "inputs",
    "validate_file": "inputs",
    # validation
    "LoadReport": "validation",
    # participants
    "load_participants": "participants",
    # workforce
    "allocate_workforce": "workforce",
    # dictionary
    "load_dictionary": "dictionary",
    # coverage
    "coverage_table": "coverage",
    "province_overview": "coverage",
    "coverage_series": "coverage",
    "coverage_by_segment": "coverage",
    "open_dataset": "coverage",
    "COLUMNS": "coverage",
    # narrative
    "concentration": "narrative",
    "headline": "narrative",
    "format_table": "narrative",
    # maps
    "coverage_map": "maps",
    "interactive_map": "maps",
    # charts
    "ranked_bars": "charts",
    "segment_chart": "charts",
    "series_chart": "charts",
    # style
    "save_figure": "style",
    "save_figures": "style",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ucjlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
