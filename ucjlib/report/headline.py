"""Headline numbers of a report, formatted from the kept results' ``figures()``.

The title page of a report and the batch index show the same few numbers.
They are *read* from the figures the analyses returned (kept by each notebook
and copied into ``manifest.json``); nothing is computed here except
formatting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ucjlib.fmt import fmt_int, fmt_pct, fmt_pp, fmt_rupiah, fmt_target, month_name
from ucjlib.text import say


@dataclass(frozen=True)
class Card:
    """One headline number: what it is, the number, and a short note."""

    label: str
    value: str
    note: str = ""


def _first(series: Mapping[str, Any] | None) -> tuple[str, Any] | None:
    if not series:
        return None
    k = sorted(series)[0]
    return k, series[k]


def coverage_cards(f: Mapping[str, Any], lang: str = "id") -> list[Card]:
    """Cards from ``CoverageResult.figures()``.

    Examples
    --------
    >>> f = {"cakupan": 0.4229, "target": 0.6, "periode": "2025-06", "peserta_aktif": 66420,
    ...      "pekerja": 157058, "gap_target": 27815, "perubahan_12bln": 0.012}
    >>> [c.value for c in coverage_cards(f)]
    ['42,29%', '66.420', '27.815', '+1,20 poin persen']
    """
    cards = [Card(say("headline.ucj_coverage", lang), fmt_pct(f.get("cakupan"), lang=lang),
                  f"target {fmt_target(f['target'], lang)} · "
                  f"{month_name(f['periode'], lang=lang)}" if f.get("target") is not None
                  and f.get("periode") else "")]
    if f.get("peserta_aktif") is not None:
        cards.append(Card(say("headline.active_participants", lang),
                          fmt_int(f["peserta_aktif"], lang),
                          say("headline.of_employed", lang, pekerja=f.get("pekerja"))))
    if f.get("gap_target") is not None:
        cards.append(Card(say("headline.still_needed_for_the", lang),
                          fmt_int(f["gap_target"], lang), say("headline.participants", lang)))
    if f.get("perubahan_12bln") is not None:
        cards.append(Card(say("headline.change_over_12_months", lang),
                          fmt_pp(f["perubahan_12bln"], lang=lang)))
    return cards


def projection_cards(f: Mapping[str, Any], lang: str = "id") -> list[Card]:
    """Cards from ``ProjectionResult.figures()``."""
    cards: list[Card] = []
    reached = f.get("target_reached_month")
    deadline = f.get("deadline")
    cards.append(Card(say("headline.target_reached", lang),
                      month_name(reached, lang=lang) if reached else
                      say("headline.not_within_the_projection", lang),
                      say("headline.scenario", lang,
                          scenario=f.get("scenario_name") or f["scenario"])
                      if f.get("scenario") else ""))
    if f.get("coverage_at_deadline") is not None and deadline:
        rng = ""
        if f.get("coverage_at_deadline_p5") is not None:
            rng = (say("headline.90_range", lang)
                   + f"{fmt_pct(f['coverage_at_deadline_p5'], 1, lang)}–"
                   f"{fmt_pct(f['coverage_at_deadline_p95'], 1, lang)}")
        cards.append(Card(say("headline.coverage", lang, deadline=deadline),
                          fmt_pct(f["coverage_at_deadline"], lang=lang), rng))
    if f.get("probability_target_by_deadline") is not None:
        cards.append(Card(say("headline.chance_of_target_by", lang),
                          fmt_pct(f["probability_target_by_deadline"], 0, lang)))
    if f.get("required_monthly_net_additions") is not None:
        cards.append(Card(say("headline.pace_needed", lang),
                          fmt_int(f["required_monthly_net_additions"], lang),
                          say("headline.net_new_participants_per", lang)))
    return cards


def budget_cards(f: Mapping[str, Any], lang: str = "id") -> list[Card]:
    """Cards from ``BudgetResult.figures()``."""
    cards: list[Card] = []
    apbd = _first(f.get("apbd_budget_per_year"))
    if apbd is not None:
        cards.append(Card(say("headline.apbd_contributions", lang, year=apbd[0]),
                          fmt_rupiah(apbd[1], lang=lang)))
    jkm = _first(f.get("expected_jkm_payout_per_year"))
    if jkm is not None:
        cards.append(Card(say("headline.expected_jkm_benefits", lang, year=jkm[0]),
                          fmt_rupiah(jkm[1], lang=lang),
                          say("headline.paid_to_families", lang)))
    deaths = _first(f.get("expected_deaths_per_year"))
    if deaths is not None:
        cards.append(Card(say("headline.expected_participant_deaths", lang, year=deaths[0]),
                          fmt_int(deaths[1], lang)))
    return cards


SECTION_CARDS = {"coverage": coverage_cards, "projection": projection_cards,
                 "budget": budget_cards}


def headline_cards(figures: Mapping[str, Mapping[str, Any]], lang: str = "id") -> list[Card]:
    """Headline cards of a report from its sections' figures, in reading order.

    Parameters
    ----------
    figures : mapping
        Section name (``coverage``, ``projection``, ``budget``) -> that result's
        ``figures()``; other sections are ignored.
    lang : {"id", "en"}

    Examples
    --------
    >>> headline_cards({})
    []
    """
    cards: list[Card] = []
    for name, fn in SECTION_CARDS.items():
        f = figures.get(name)
        if f:
            try:
                cards += fn(f, lang)
            except (KeyError, TypeError, ValueError):  # a figure missing: show what we can
                continue
    return cards
