"""Projections toward the UCJ target: when is it reached, at what pace, and who does what.

:func:`project` fits a stock-flow model to a :class:`~ucjlib.dataset.Dataset` (trend per
segment and funding, the BPU mandiri lapse as a monthly rate, government-paid cohorts as
contracts that renew in January), runs scenarios composed from parts (:class:`Cohort`,
:class:`Renewal`, :class:`Campaign`, :class:`Lapse`, :class:`WorkforceGrowth`; or a YAML file,
``data/scenarios/README.md``), and returns a :class:`ProjectionResult`: the path with a
bootstrap band, the probability of reaching the target by the deadline, the required pace
(net and gross), a backtest against naive and drift forecasts, and the allocation per
kecamatan or desa (:func:`target_sheets`; written as XLSX by
:func:`ucjlib.render.workbook.write_target_sheets`).
"""

from ucjlib.projection.allocate import allocate
from ucjlib.projection.engine import project
from ucjlib.projection.model import fit_model
from ucjlib.projection.result import ProjectionResult
from ucjlib.projection.scenario import (
    Campaign,
    Cohort,
    Lapse,
    Renewal,
    Scenario,
    WorkforceGrowth,
    baseline_scenario,
    default_scenarios,
    load_scenarios,
)
from ucjlib.projection.sheets import target_sheets

__all__ = [
    "Campaign",
    "Cohort",
    "Lapse",
    "ProjectionResult",
    "Renewal",
    "Scenario",
    "WorkforceGrowth",
    "allocate",
    "baseline_scenario",
    "default_scenarios",
    "fit_model",
    "load_scenarios",
    "project",
    "target_sheets",
    "write_target_sheets",
]


def __getattr__(name: str):  # noqa: ANN202 - module attribute
    """Find ``write_target_sheets`` in :mod:`ucjlib.render.workbook`, where it lives now."""
    if name == "write_target_sheets":
        from ucjlib.render.workbook import write_target_sheets

        return write_target_sheets
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
