"""Contribution budgets: per participant per month, per month, per fiscal year, per payer.

Every rate and amount comes from :mod:`ucjlib.rules` for the contribution month (a month is
billed under the rules in force on its first day), so the PP 50/2025 discount reaches the
participants who pay for themselves (``mandiri``) and never those paid from the APBD/APBDes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from ucjlib.errors import ArgumentError
from ucjlib.rules import RuleSet, RuleValue, bpu_contribution, contribution_discount, load_rules

__all__ = ["FUNDERS", "contribution_per_participant", "contribution_table", "fiscal_years",
           "months_from", "participants_by_month"]

# Payers of a contribution and their column suffix (funding codes of the data dictionary).
FUNDERS = {"APBD": "apbd", "APBDes": "apbdes", "mandiri": "pekerja", "lainnya": "lainnya"}
PU_JKK = "contribution.pu.jkk_rate"
PU_JKM = "contribution.pu.jkm_rate"


def months_from(start: str, n: int) -> list[str]:
    """``n`` consecutive months ``YYYY-MM`` from ``start``.

    Examples
    --------
    >>> months_from("2026-11", 3)
    ['2026-11', '2026-12', '2027-01']
    """
    try:
        y, m = (int(x) for x in str(start).split("-")[:2])
        if not 1 <= m <= 12:
            raise ValueError
    except ValueError as exc:
        raise ArgumentError("start", start, "bulan YYYY-MM, mis. 2026-01") from exc
    return [f"{y + (m - 1 + i) // 12:04d}-{(m - 1 + i) % 12 + 1:02d}" for i in range(n)]


def contribution_per_participant(
    on: str | date,
    segment: str = "BPU",
    funding: str = "APBD",
    sector: str = "other",
    income_idr: float | None = None,
    risk_group: str = "very_low",
    rules: RuleSet | None = None,
) -> RuleValue:
    """Monthly JKK+JKM contribution of one participant, after any discount in force.

    Parameters
    ----------
    on : str or datetime.date
        Contribution month ``YYYY-MM``.
    segment : {"BPU", "PU"}
        ``BPU``: ``jkk_rate x income + jkm_monthly`` (:func:`ucjlib.rules.bpu_contribution`);
        ``PU``: ``(jkk_rate.<risk_group> + jkm_rate) x wage``.
    funding : str
        Who pays: ``APBD``, ``APBDes``, ``mandiri`` or ``lainnya``.
    sector : {"other", "transport"}
    income_idr : float, optional
        Reported income (BPU; default the lowest bracket) or wage (PU; required).
    risk_group : str
        PU workplace risk group: ``very_low`` ... ``very_high``.
    rules : RuleSet, optional

    Returns
    -------
    RuleValue
        Rupiah per month, with the rule version and the newest effective date used.

    Raises
    ------
    ArgumentError
        For an unknown segment, or a PU participant without a wage.

    Examples
    --------
    >>> contribution_per_participant("2026-06", funding="mandiri").value
    8400.0
    >>> contribution_per_participant("2026-06", funding="APBD").value
    16800.0
    """
    rules = rules or load_rules()
    if segment.upper() == "BPU":
        return bpu_contribution(on, income_idr, funding, sector, rules)
    if segment.upper() != "PU":
        raise ArgumentError("segment", segment, "BPU atau PU")
    if income_idr is None:
        raise ArgumentError("income_idr", income_idr, "upah sebulan (rupiah) peserta PU")
    name = f"{PU_JKK}.{risk_group}"
    if name not in rules:
        groups = [n.rsplit(".", 1)[1] for n in rules.group(PU_JKK)]
        raise ArgumentError("risk_group", risk_group, ", ".join(groups))
    jkk, jkm = rules.get(name, on), rules.get(PU_JKM, on)
    disc = contribution_discount(on, "PU", funding, sector, rules)
    return RuleValue(
        name="contribution.pu.monthly",
        value=(jkk.value + jkm.value) * income_idr * (1 - disc.value),
        effective_from=max(v.effective_from for v in (jkk, jkm, disc) if v.effective_from),
        unit="currency-IDR", label="Iuran JKK+JKM peserta PU per bulan",
        references=jkk.references + jkm.references + disc.references,
        version=rules.version, label_en="PU JKK+JKM contribution per month",
    )


def participants_by_month(
    participants: int | Mapping[str, int] | pd.DataFrame | pd.Series, start: str, months: int
) -> pd.Series:
    """Participants in each month: a constant count, or a phased enrolment plan.

    Parameters
    ----------
    participants : int, mapping or DataFrame
        A count for every month; or a plan ``{"YYYY-MM": count, ...}`` where each count holds
        from its month until the next entry (0 before the first); or a DataFrame with
        ``periode`` and ``peserta`` columns, read the same way.
    start : str
        First month ``YYYY-MM``.
    months : int
        Number of months.

    Returns
    -------
    pandas.Series
        Counts indexed by month ``YYYY-MM`` (name ``peserta``).

    Examples
    --------
    >>> participants_by_month({"2026-01": 100, "2026-03": 150}, "2026-01", 4).tolist()
    [100, 100, 150, 150]
    """
    index = months_from(start, months)
    if isinstance(participants, pd.DataFrame):
        if not {"periode", "peserta"} <= set(participants.columns):
            raise ArgumentError("participants", list(participants.columns),
                                "tabel dengan kolom periode dan peserta")
        participants = dict(zip(participants["periode"].astype(str),
                                participants["peserta"], strict=True))
    if isinstance(participants, Mapping | pd.Series):
        plan = sorted((str(k)[:7], int(v)) for k, v in dict(participants).items())
        counts, current, i = [], 0, 0
        for m in index:
            while i < len(plan) and plan[i][0] <= m:
                current = plan[i][1]
                i += 1
            counts.append(current)
    else:
        try:
            n = int(participants)
        except (TypeError, ValueError) as exc:
            raise ArgumentError("participants", participants,
                                "jumlah peserta, rencana {bulan: jumlah} atau tabel") from exc
        counts = [n] * months
    if min(counts, default=0) < 0:
        raise ArgumentError("participants", participants, "jumlah peserta >= 0")
    return pd.Series(counts, index=pd.Index(index, name="periode"), name="peserta")


def _shares(funding: Mapping[str, float] | str) -> dict[str, float]:
    shares = {funding: 1.0} if isinstance(funding, str) else dict(funding)
    unknown = [k for k in shares if k not in FUNDERS]
    if unknown or abs(sum(shares.values()) - 1) > 1e-9 or min(shares.values()) < 0:
        raise ArgumentError("funding", funding, "porsi per sumber dana (APBD, APBDes, mandiri, "
                            "lainnya) yang berjumlah 1, mis. {'APBD': 0.8, 'APBDes': 0.2}")
    return shares


def contribution_table(
    counts: pd.Series,
    funding: Mapping[str, float] | str = "APBD",
    sector: str = "other",
    income_idr: float | None = None,
    rules: RuleSet | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Monthly BPU contribution bill split by payer, and the rule values it used.

    ``funding`` gives the share of participants whose contribution each source pays
    (the workers themselves are ``mandiri``); each share is priced under its own discount.

    Parameters
    ----------
    counts : pandas.Series
        From :func:`participants_by_month`.
    funding : str or mapping
        ``"APBD"`` or shares, e.g. ``{"APBD": 0.7, "APBDes": 0.1, "mandiri": 0.2}``.
    sector : {"other", "transport"}
    income_idr : float, optional
        Reported income bracket; default the lowest.
    rules : RuleSet, optional

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        Monthly table: ``periode``, ``tahun``, ``peserta``, then per payer ``x`` (``apbd``,
        ``apbdes``, ``pekerja``, ``lainnya``) ``peserta_x``, ``iuran_per_peserta_x_idr``,
        ``diskon_x``, ``iuran_x_idr``; and ``iuran_total_idr``. Rules used: ``parameter``,
        ``nilai``, ``berlaku_sejak``, ``bulan_pertama``, ``bulan_terakhir``.

    Examples
    --------
    >>> c = participants_by_month(157_058, "2026-01", 12)
    >>> monthly, used = contribution_table(c, "APBD")
    >>> int(monthly["iuran_total_idr"].sum())
    31662892800
    """
    rules = rules or load_rules()
    shares = _shares(funding)
    rows, used = [], {}
    for periode, n in counts.items():
        row = {"periode": periode, "tahun": int(periode[:4]), "peserta": int(n)}
        total = 0.0
        for src, share in shares.items():
            suffix = FUNDERS[src]
            per = bpu_contribution(periode, income_idr, src, sector, rules)
            disc = contribution_discount(periode, "BPU", src, sector, rules)
            row[f"peserta_{suffix}"] = n * share
            row[f"iuran_per_peserta_{suffix}_idr"] = per.value
            row[f"diskon_{suffix}"] = disc.value
            row[f"iuran_{suffix}_idr"] = per.value * n * share
            total += per.value * n * share
            for v in (per, disc):
                key = (v.name, v.value, v.effective_from)
                first = used.get(key, (periode,))[0]
                used[key] = (first, periode)
        row["iuran_total_idr"] = total
        rows.append(row)
    table = pd.DataFrame(rows)
    rules_used = pd.DataFrame(
        [{"parameter": k[0], "nilai": k[1],
          "berlaku_sejak": None if k[2] is None else k[2].isoformat(),
          "bulan_pertama": v[0], "bulan_terakhir": v[1]} for k, v in used.items()],
        columns=["parameter", "nilai", "berlaku_sejak", "bulan_pertama", "bulan_terakhir"])
    return table, rules_used


def fiscal_years(monthly: pd.DataFrame) -> pd.DataFrame:
    """Sum a monthly contribution table per fiscal (calendar) year.

    Returns
    -------
    pandas.DataFrame
        ``tahun``, ``bulan``, ``peserta_bulan`` (participant-months), ``iuran_x_idr`` per
        payer and ``iuran_total_idr``.

    Examples
    --------
    >>> m, _ = contribution_table(participants_by_month(10, "2026-11", 3), "APBD")
    >>> fiscal_years(m)["iuran_total_idr"].tolist()
    [336000.0, 168000.0]
    """
    money = [c for c in monthly.columns if c.startswith("iuran_") and "per_peserta" not in c]
    out = monthly.groupby("tahun", as_index=False).agg(
        bulan=("periode", "size"), peserta_bulan=("peserta", "sum"),
        **{c: (c, "sum") for c in money})
    return out
