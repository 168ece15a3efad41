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


@dataclass(frozen=True)
class Card:
    """One headline number: what it is, the number, and a short note."""

    label: str
    value: str
    note: str = ""


def _t(lang: str, id_: str, en: str) -> str:
    return en if lang == "en" else id_


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
    cards = [Card(_t(lang, "Cakupan UCJ", "UCJ coverage"), fmt_pct(f.get("cakupan"), lang=lang),
                  f"target {fmt_target(f['target'], lang)} · "
                  f"{month_name(f['periode'], lang=lang)}" if f.get("target") is not None
                  and f.get("periode") else "")]
    if f.get("peserta_aktif") is not None:
        cards.append(Card(_t(lang, "Peserta aktif", "Active participants"),
                          fmt_int(f["peserta_aktif"], lang),
                          _t(lang, f"dari {fmt_int(f.get('pekerja'), lang)} penduduk bekerja",
                             f"of {fmt_int(f.get('pekerja'), lang)} employed")))
    if f.get("gap_target") is not None:
        cards.append(Card(_t(lang, "Kekurangan menuju target", "Still needed for the target"),
                          fmt_int(f["gap_target"], lang), _t(lang, "peserta", "participants")))
    if f.get("perubahan_12bln") is not None:
        cards.append(Card(_t(lang, "Perubahan 12 bulan", "Change over 12 months"),
                          fmt_pp(f["perubahan_12bln"], lang=lang)))
    return cards


def projection_cards(f: Mapping[str, Any], lang: str = "id") -> list[Card]:
    """Cards from ``ProjectionResult.figures()``."""
    cards: list[Card] = []
    reached = f.get("target_reached_month")
    deadline = f.get("deadline")
    cards.append(Card(_t(lang, "Target tercapai", "Target reached"),
                      month_name(reached, lang=lang) if reached else
                      _t(lang, "belum dalam proyeksi", "not within the projection"),
                      _t(lang, f"skenario {f.get('scenario', '')}",
                         f"scenario {f.get('scenario', '')}") if f.get("scenario") else ""))
    if f.get("coverage_at_deadline") is not None and deadline:
        rng = ""
        if f.get("coverage_at_deadline_p5") is not None:
            rng = (_t(lang, "rentang 90%: ", "90% range: ")
                   + f"{fmt_pct(f['coverage_at_deadline_p5'], 1, lang)}–"
                   f"{fmt_pct(f['coverage_at_deadline_p95'], 1, lang)}")
        cards.append(Card(_t(lang, f"Cakupan {month_name(deadline, lang=lang)}",
                             f"Coverage {month_name(deadline, lang=lang)}"),
                          fmt_pct(f["coverage_at_deadline"], lang=lang), rng))
    if f.get("probability_target_by_deadline") is not None:
        cards.append(Card(_t(lang, "Peluang target pada tenggat", "Chance of target by deadline"),
                          fmt_pct(f["probability_target_by_deadline"], 0, lang)))
    if f.get("required_monthly_net_additions") is not None:
        cards.append(Card(_t(lang, "Laju yang dibutuhkan", "Pace needed"),
                          fmt_int(f["required_monthly_net_additions"], lang),
                          _t(lang, "tambahan bersih peserta per bulan",
                             "net new participants per month")))
    return cards


def budget_cards(f: Mapping[str, Any], lang: str = "id") -> list[Card]:
    """Cards from ``BudgetResult.figures()``."""
    cards: list[Card] = []
    apbd = _first(f.get("apbd_budget_per_year"))
    if apbd is not None:
        cards.append(Card(_t(lang, f"Iuran APBD {apbd[0]}", f"APBD contributions {apbd[0]}"),
                          fmt_rupiah(apbd[1], lang=lang)))
    jkm = _first(f.get("expected_jkm_payout_per_year"))
    if jkm is not None:
        cards.append(Card(_t(lang, f"Perkiraan manfaat JKM {jkm[0]}",
                             f"Expected JKM benefits {jkm[0]}"), fmt_rupiah(jkm[1], lang=lang),
                          _t(lang, "dibayarkan kepada keluarga", "paid to families")))
    deaths = _first(f.get("expected_deaths_per_year"))
    if deaths is not None:
        cards.append(Card(_t(lang, f"Perkiraan kematian peserta {deaths[0]}",
                             f"Expected participant deaths {deaths[0]}"),
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
