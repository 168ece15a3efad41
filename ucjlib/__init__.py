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
    "ArgumentError": "errors",
    "UnknownRegionError": "errors",
    "AmbiguousRegionError": "errors",
    "OutputError": "errors",
    "InputValidationError": "errors",
    "SourceError": "errors",
    "BoundaryError": "errors",
    "Problem": "errors",
    # region gazetteer
    "gazetteer": "geo.gazetteer",
    "get_region": "geo.wilayah",
    "resolve_region": "geo.wilayah:resolve",
    "region_of": "geo.wilayah",
    "find_regions": "geo.wilayah",
    "match_names": "geo.names",
    "children": "geo.wilayah",
    "level_of": "geo.wilayah",
    "normalize_name": "geo.wilayah",
    "Region": "geo.wilayah",
    # formatting
    "fmt_number": "fmt",
    "fmt_int": "fmt",
    "fmt_pct": "fmt",
    "fmt_pp": "fmt",
    "fmt_rupiah": "fmt",
    "month_name": "fmt",
    "parse_number": "fmt",
    # boundaries
    "load_boundaries": "geo.boundaries",
    "boundary_info": "geo.boundaries",
    # boundaries_build
    "build_store": "geo.build",
    "BuildReport": "geo.build",
    # boundaries_import
    "import_boundaries": "geo.importer",
    "ImportResult": "geo.importer",
    # dataset
    "Dataset": "dataset",
    "SEGMENTS": "dataset",
    "FUNDING": "dataset",
    "DEMO_LABEL": "dataset",
    # demo
    "demo_dataset": "demo.generate",
    "demo_province": "demo.generate",
    "write_demo": "demo.generate",
    # inputs
    "read_table": "inputs.loaders",
    "load_coverage": "inputs.loaders",
    "load_workforce": "inputs.loaders",
    "load_population": "inputs.loaders",
    "load_dataset": "inputs.loaders",
    "validate_file": "inputs.loaders",
    # validation
    "LoadReport": "inputs.validation",
    # participants
    "load_participants": "inputs.participants",
    # workforce
    "allocate_workforce": "inputs.workforce",
    # dictionary
    "load_dictionary": "inputs.dictionary",
    # the one way in
    "open_dataset": "open",
    # coverage
    "analyze_coverage": "coverage",
    "coverage_table": "coverage",
    "coverage_series": "coverage",
    "coverage_by_segment": "coverage",
    "COLUMNS": "columns",
    # projection to the target (library core; the command and notebook come next)
    "project": "projection",
    "ProjectionResult": "projection",
    "Scenario": "projection",
    "load_scenarios": "projection",
    "write_target_sheets": "render.workbook",
    # benefit budgets (library core; the command and notebook come next)
    "estimate_budget": "budget",
    "BudgetResult": "budget",
    # many regions side by side, and any result on a map of your own
    "compare": "regions_table",
    "to_geodataframe": "geoframe",
    "NoPolygonsError": "geoframe",
    # typed results
    "CoverageResult": "results",
    "Target": "results",
    # rules as data
    "RulesError": "rules",
    "RuleSet": "rules",
    "RuleValue": "rules",
    "TargetChoice": "rules",
    "load_rules": "rules",
    "target_for": "rules",
    "segment_precedence": "rules",
    "contribution_discount": "rules",
    "bpu_contribution": "rules",
    # narrative
    "concentration": "render.narrative",
    "narrative": "render.narrative",
    "headline_lines": "render.narrative",
    "format_table": "render.narrative",
    # chart bundle
    "coverage_figures": "render.bundle",
    "save_coverage_figures": "render.bundle",
    # maps
    "coverage_map": "render.maps",
    "interactive_map": "render.maps",
    # the explorer for JupyterLab
    "explore": "explorer",
    # charts
    "ranked_bars": "render.charts",
    "segment_chart": "render.charts",
    "series_chart": "render.charts",
    # style
    "save_figure": "render.style",
    "save_figures": "render.style",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        modname, _, attr = _EXPORTS[name].partition(":")
        module = importlib.import_module(f".{modname}", __name__)
        value = getattr(module, attr or name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ucjlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
