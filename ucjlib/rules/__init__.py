"""Policy rules as data: versioned parameter files under ``data/rules/``.

Every policy number ucjlib uses (coverage targets, contribution rates, benefit amounts, the
segment precedence used for counting) lives in a small YAML file in the style of
OpenFisca/PolicyEngine parameters: a one-sentence ``description``, ``values`` keyed by the
date each value took effect, and ``metadata`` with ``unit``, ``label``, ``label_en`` and a
``reference`` list. The file format is documented in ``data/rules/README.md``; this module
loads the files, checks them, and answers "which value, in force since when, from which
regulation, in which rule version" for a date.

A month (``"2025-06"``) stands for its first day: a value that takes effect in the middle of
a month applies from the next month on. Contributions are billed per calendar month under
the rules in force when the month begins, and this reading never applies a rule before its
effective date. Pass a full date (``"2019-12-15"``) for day precision.
"""

from ucjlib.rules.api import ENV_VAR, RuleSet, clear_rules_cache, load_rules
from ucjlib.rules.model import (
    DeadlineChoice,
    Parameter,
    Reference,
    RegionalParameter,
    RegionTarget,
    RuleNotInForce,
    RulesError,
    RuleValue,
    TargetChoice,
)
from ucjlib.rules.policy import (
    bpu_contribution,
    contribution_discount,
    default_deadline,
    first_target_after,
    segment_precedence,
    target_for,
)

__all__ = [
    "ENV_VAR",
    "DeadlineChoice",
    "Parameter",
    "Reference",
    "RegionTarget",
    "RegionalParameter",
    "RuleSet",
    "RuleValue",
    "RuleNotInForce",
    "RulesError",
    "TargetChoice",
    "bpu_contribution",
    "clear_rules_cache",
    "contribution_discount",
    "default_deadline",
    "first_target_after",
    "load_rules",
    "segment_precedence",
    "target_for",
]
