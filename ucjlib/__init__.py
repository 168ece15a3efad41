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
