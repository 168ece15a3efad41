"""No policy number is written in code: targets, rates and amounts live in data/rules/.

Every value of every rule file is looked for among the numeric literals of the
package's code (docstrings and comments aside). Values too common in code to
tell apart are skipped: small whole numbers (years, counts of children), one
half, and powers of ten (1%, Rp 1 juta, Rp 10 juta are also scale factors and
tolerances), and regional targets in whole percent except the national, Bali and
Bojonegoro ones (see _policy_values). The demo generator is left out: its shape parameters (a 0.6
autocorrelation, say) are synthetic-data knobs documented in data/demo.meta.yml.
"""

from __future__ import annotations

import io
import math
import tokenize
from pathlib import Path

from ucjlib.rules import load_rules

PACKAGE = Path(__file__).resolve().parents[1] / "ucjlib"
FEATURED_REGIONS = {"nasional", "51", "35.22"}


def _policy_values() -> set[float]:
    rules = load_rules()
    values: set[float] = set()
    for p in rules.parameters.values():
        for _, v in getattr(p, "values", ()):
            values.add(float(v))
    for rp in rules.regional.values():
        for kode, target in rp.regions.items():
            for _, v in target.values:
                # A published regional target in whole percent (40%, 48%, 85%) is as common
                # in code as a layout fraction (alpha 0.4, width 0.85): only the targets the
                # code could be tempted to name (nasional, Bali, Bojonegoro; DESIGN.md) and
                # targets with decimals of a percent (62.22%) are looked for.
                whole = math.isclose(v * 100, round(v * 100))
                if not whole or kode in FEATURED_REGIONS:
                    values.add(float(v))
    def common(v: float) -> bool:
        power_of_ten = v > 0 and math.isclose(math.log10(v), round(math.log10(v)))
        return (v == int(v) and abs(v) < 100) or v == 0.5 or power_of_ten

    return {v for v in values if not common(v)}


def _literals(path: Path) -> list[tuple[int, float]]:
    """Numeric literals of the code, except on lines (or below comment lines) that say
    "not a policy number" - presentation constants that happen to equal a rule value."""
    lines = path.read_text().splitlines()
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        if tok.type != tokenize.NUMBER:
            continue
        row = tok.start[0]
        here, above = lines[row - 1], lines[row - 2] if row > 1 else ""
        if "not a policy number" in here or (above.strip().startswith("#")
                                              and "not a policy number" in above):
            continue
        try:
            out.append((row, float(tok.string.replace("_", ""))))
        except ValueError:
            pass
    return out


def test_rule_values_were_found():
    values = _policy_values()
    assert 0.6 in values and 42_000_000 in values and 16_800 in values


def test_no_policy_number_in_code():
    values = _policy_values()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if {"rules", "demo"} & set(path.relative_to(PACKAGE).parts):
            continue
        for line, v in _literals(path):
            if v in values:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {v:g}")
    assert not found, "policy numbers belong in data/rules/:\n" + "\n".join(found)
