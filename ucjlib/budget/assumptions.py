"""Model assumptions of the budget, read from ``data/assumptions/budget.yaml``.

These are demographic and financial assumptions (death rate, work-accident share, children,
schooling, discount rate, the scale of the old grant), not legal rules: legal amounts come from
:mod:`ucjlib.rules`. Each carries a label and a source, ``asumsi`` when it is this project's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ucjlib.errors import ArgumentError
from ucjlib.paths import DATA_DIR
from ucjlib.text import say

__all__ = ["ASSUMPTIONS_FILE", "Assumptions", "load_assumptions"]

ASSUMPTIONS_FILE = DATA_DIR / "assumptions" / "budget.yaml"


@dataclass(frozen=True)
class Assumptions:
    """The budget's model assumptions, with where each came from.

    Attributes
    ----------
    jkm_death_rate : float
        Calibrated JKM deaths (not work accidents) per participant-year.
    work_accident_share : float
        Share of deaths caused by a work accident.
    calibration : str
        One line describing the calibration of the death rate.
    age_bands : tuple of tuple
        ``(from_age, to_age, relative_risk, reference_share)``.
    child_count_shares : dict of int to float
        Number of children aged under the scholarship limit -> share of deaths.
    child_age_weights : tuple of float
        Normalised weights of a child's age (0, 1, ...) at the death.
    levels : dict
        School level -> ``{"entry_age": int, "enrolment": float}``.
    discount_rate : float
    old_grant : dict
        ``heirs_budgeted``, ``budget_idr``, ``year``, ``applications``,
        ``applications_months``, ``source``.
    sensitivity : dict
        ``death_rate_factor`` (low, high), ``children_count_shares`` (``low``/``high`` mixes)
        and ``discount_rate`` (low, high) of the sensitivity test.
    labels : tuple of str
        One line per assumption: label and source (``asumsi`` or a publication).
    labels_en : tuple of str
        The same in English (``label_en``; ``asumsi`` as ``assumption``; ``source_en`` when
        the file gives one); see :meth:`labels_for`.
    calibration_en : str
        :attr:`calibration` in English.
    file : str
    """

    jkm_death_rate: float
    work_accident_share: float
    calibration: str
    age_bands: tuple[tuple[float, float, float, float], ...]
    child_count_shares: dict[int, float]
    child_age_weights: tuple[float, ...]
    levels: dict[str, dict[str, float]]
    discount_rate: float
    old_grant: dict[str, Any]
    sensitivity: dict[str, Any]
    labels: tuple[str, ...]
    file: str
    labels_en: tuple[str, ...] = ()
    calibration_en: str = ""

    def labels_for(self, lang: str = "id") -> tuple[str, ...]:
        """Return :attr:`labels` in ``lang`` (English: ``label_en`` and English sources)."""
        return self.labels_en if lang == "en" and self.labels_en else self.labels

    def calibration_for(self, lang: str = "id") -> str:
        """Return :attr:`calibration` in ``lang``."""
        return self.calibration_en if lang == "en" and self.calibration_en else self.calibration

    @property
    def death_rate(self) -> float:
        """All deaths per participant-year: the JKM rate / (1 - work-accident share)."""
        return self.jkm_death_rate / (1.0 - self.work_accident_share)


def _months(a: str, b: str) -> int:
    ya, ma = (int(x) for x in a.split("-"))
    yb, mb = (int(x) for x in b.split("-"))
    return (yb - ya) * 12 + mb - ma + 1


def load_assumptions(path: str | Path | None = None) -> Assumptions:
    """Read the budget assumptions.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A YAML file shaped like ``data/assumptions/budget.yaml`` (the default).

    Returns
    -------
    Assumptions

    Raises
    ------
    ArgumentError
        When the file is missing or a block is malformed.

    Examples
    --------
    >>> a = load_assumptions()
    >>> round(a.jkm_death_rate * 157_058 * 4 / 12)
    139
    >>> sum(a.child_count_shares.values())
    1.0
    """
    file = Path(path) if path is not None else ASSUMPTIONS_FILE
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        cal = raw["death_rate"]["calibration"]
        months = _months(str(cal["from"]), str(cal["to"]))
        jkm_rate = float(cal["jkm_claims"]) / (float(cal["participants"]) * months / 12)
        wa = float(raw["work_accident_share"]["value"])
        bands = tuple(tuple(float(x) for x in b) for b in raw["age_bands"]["bands"])
        counts = {int(k): float(v) for k, v in raw["children"]["count_shares"].items()}
        weights = np.asarray(raw["children"]["age_weights"], dtype=float)
        levels = {str(k): {"entry_age": int(v["entry_age"]), "enrolment": float(v["enrolment"])}
                  for k, v in raw["schooling"]["levels"].items()}
        disc = float(raw["discount_rate"]["value"])
        grant = dict(raw["old_grant"])
        sens = raw["sensitivity"]
        sensitivity = {
            "death_rate_factor": tuple(float(x) for x in sens["death_rate_factor"]),
            "children_count_shares": {
                k: {int(c): float(v) for c, v in sens["children_count_shares"][k].items()}
                for k in ("low", "high")},
            "discount_rate": tuple(float(x) for x in sens["discount_rate"]),
        }
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ArgumentError("assumptions", str(file),
                            f"berkas YAML asumsi seperti data/assumptions/budget.yaml ({exc})"
                            ) from exc
    if not 0 <= wa < 1 or abs(sum(counts.values()) - 1) > 1e-9:
        raise ArgumentError("assumptions", str(file),
                            "work_accident_share dalam 0-1 dan count_shares berjumlah 1")
    cal_params = {"claims": cal["jkm_claims"], "start": cal["from"], "end": cal["to"],
                  "participants": cal["participants"], "region": cal["region"],
                  "source": cal["source"].strip()}
    calibration = say("budget.calibration", "id", **cal_params)
    labels, labels_en = [], []
    for key in ("death_rate", "age_bands", "work_accident_share", "children", "schooling",
                "discount_rate", "old_grant", "sensitivity"):
        block = raw[key]
        for lang, out in (("id", labels), ("en", labels_en)):
            how = say("budget.calibration.how", lang,
                      calibration=say("budget.calibration", lang, **cal_params))
            src = block.get("source", how) if key != "death_rate" else how
            src = src.strip() if isinstance(src, str) else src
            if lang == "en":
                # a source of the project's own ("asumsi") is said in English; a
                # publication is cited as published; source_en, when given, wins
                src = block.get("source_en", say("budget.assumed", "en")
                                if src == say("budget.assumed", "id") else src)
            label = block["label"] if lang == "id" else block.get("label_en", block["label"])
            out.append(f"{label}: {src}")
    return Assumptions(
        jkm_death_rate=jkm_rate, work_accident_share=wa, calibration=calibration,
        age_bands=bands, child_count_shares=counts,
        child_age_weights=tuple(weights / weights.sum()), levels=levels,
        discount_rate=disc, old_grant=grant, sensitivity=sensitivity, labels=tuple(labels),
        file=str(file), labels_en=tuple(labels_en),
        calibration_en=say("budget.calibration", "en", **cal_params),
    )
