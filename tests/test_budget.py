"""Budget: published Bojonegoro figures, PP 50/2025, scholarship by hand, Monte Carlo."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest

from ucjlib.budget import child_schedule, contribution_per_participant, estimate_budget
from ucjlib.budget.assumptions import load_assumptions
from ucjlib.budget.claims import benefit_amounts, expected_claims
from ucjlib.budget.contributions import contribution_table, participants_by_month
from ucjlib.budget.montecarlo import simulate
from ucjlib.budget.scholarships import max_scholarship
from ucjlib.errors import ArgumentError


@pytest.fixture(scope="module")
def bojonegoro():
    return estimate_budget(157_058, start="2025-02", years=4, membership_since="2025-02",
                           draws=10_000)


def test_published_apbd_budget_157058_lowest_bracket():
    counts = participants_by_month(157_058, "2026-01", 12)
    monthly, _ = contribution_table(counts, "APBD")
    assert monthly["iuran_total_idr"].sum() == 31_662_892_800  # 157,058 x 16,800 x 12
    assert monthly["iuran_total_idr"].sum() < 35_000_000_000   # APBD 2025 allocation


def test_published_139_claims_cost_5838_million():
    assert 139 * benefit_amounts("2025-04")["jkm_idr"] == 5_838_000_000


def test_default_rate_reproduces_139_claims():
    a = load_assumptions()
    c = pd.Series([157_058] * 4, index=["2025-01", "2025-02", "2025-03", "2025-04"])
    t = expected_claims(c, c * 0, a.death_rate, a.work_accident_share, benefit_amounts("2025-01"))
    assert t["kematian_jkm"].iloc[0] == pytest.approx(139)
    assert t["manfaat_jkm_idr"].iloc[0] == pytest.approx(5_838_000_000)


def test_published_scholarship_maximum_two_children():
    assert max_scholarship("2026-01")["per_participant_idr"] == 174_000_000


def test_pp50_2025_mandiri_not_apbd():
    assert contribution_per_participant("2026-06", funding="mandiri").value == 8_400
    assert contribution_per_participant("2026-06", funding="APBD").value == 16_800
    assert contribution_per_participant("2026-06", funding="APBDes").value == 16_800
    assert contribution_per_participant("2026-03", funding="mandiri").value == 16_800
    assert contribution_per_participant("2026-03", funding="mandiri",
                                        sector="transport").value == 8_400


def test_pp50_in_a_mixed_budget_and_rule_dates():
    b = estimate_budget(1000, start="2026-01", funding={"APBD": 0.5, "mandiri": 0.5},
                        draws=100)
    m = b.monthly.set_index("periode")
    assert m.loc["2026-06", "iuran_apbd_idr"] == 500 * 16_800
    assert m.loc["2026-06", "iuran_pekerja_idr"] == 500 * 8_400
    assert m.loc["2026-03", "iuran_pekerja_idr"] == 500 * 16_800
    used = b.rules_used.set_index("parameter")
    assert used.loc["contribution.discount.pp50_2025.other", "berlaku_sejak"] == "2026-04-01"
    assert b.rule_version and b.to_dict()["figures"]["rule_version"] == b.rule_version


def test_scholarship_of_a_child_aged_5_by_hand():
    # TK age 5 (1 year left of 2), SD 6-11, SMP 12-14, SMA 15-17, higher 18-22; none at 23.
    s = child_schedule(5, "2026-01", load_assumptions(), enrolment=False)
    by_hand = [1.5e6] * 1 + [1.5e6] * 6 + [2e6] * 3 + [3e6] * 3 + [12e6] * 5
    assert s.tolist() == by_hand
    assert s.sum() == 85_500_000
    assert len(child_schedule(22, "2026-01", load_assumptions(), enrolment=False)) == 1
    assert len(child_schedule(23, "2026-01", load_assumptions(), enrolment=False)) == 0


def test_feb_2025_cohort_no_jkm_scholarship_before_2028(bojonegoro):
    cf = bojonegoro.cashflow.set_index("tahun")
    assert (cf.loc[2025:2027, "beasiswa_jkm_idr"] == 0).all()
    assert cf.loc[2028, "beasiswa_jkm_idr"] > 0
    assert cf.loc[2025, "beasiswa_jkk_idr"] > 0          # JKK: no membership condition
    assert len(cf) >= 20


def test_monte_carlo_mean_matches_closed_form(bojonegoro):
    sim = bojonegoro.simulation.set_index("tahun")
    cf = bojonegoro.cashflow.set_index("tahun")
    for col in ("kematian", "pembayaran_idr", "beasiswa_idr"):
        exp, got = cf[col].sum(), sim[f"{col}_mean"].sum()
        assert got == pytest.approx(exp, rel=0.01), col
    pv = bojonegoro.present_value
    assert pv["mean"] == pytest.approx(pv["expected"], rel=0.01)
    assert pv["p5"] < pv["p50"] < pv["p95"]


def test_monte_carlo_is_fast():
    s = np.ones((23, 25))
    t0 = time.perf_counter()
    out = simulate(np.array([157_058 * 0.0028]), 0.05, np.array([1.0]), np.array([1.0]),
                   np.array([0.3, 0.25, 0.45]), np.ones(23) / 23, s, 42e6, 70e6, 25, 10_000)
    assert time.perf_counter() - t0 < 2
    assert out["kematian"].shape == (10_000, 1)


def test_figures_json_ready(bojonegoro):
    f = bojonegoro.figures()
    for key in ("contribution_per_participant_month", "apbd_budget_per_year",
                "expected_deaths_per_year", "expected_jkm_payout_per_year",
                "scholarship_payout_by_year", "deaths_p5", "deaths_p50", "deaths_p95",
                "payout_p5", "payout_p50", "payout_p95", "rule_version", "rule_dates"):
        assert key in f
    json.dumps(bojonegoro.to_dict())
    assert f["apbd_budget_per_year"]["2026"] == 31_662_892_800
    assert any("asumsi" in x for x in bojonegoro.assumptions)
    assert "kalibrasi" in f["death_rate_source"] and "139" in f["death_rate_source"]


def test_grant_comparison(bojonegoro):
    g = bojonegoro.grant.set_index("skema")
    assert g.loc["santunan_duka", "per_keluarga_idr"] == 2_500_000
    assert g.loc["santunan_duka", "keluarga_per_tahun"] == 7_500
    assert g.loc["jkm_jkk_apbd", "per_keluarga_idr"] > 42_000_000
    assert g.loc["jkm_jkk_apbd", "keluarga_per_tahun"] < 7_500
    assert "bukan peserta" in bojonegoro.grant_lines[-1]


def test_age_bands_and_user_rate():
    young = estimate_budget(1000, ages=[25] * 10, draws=100)
    old = estimate_budget(1000, ages=[65] * 10, draws=100)
    assert young.death_rate < old.death_rate
    assert estimate_budget(1000, death_rate=0.01, draws=100).death_rate == 0.01


@pytest.mark.parametrize("kwargs", [dict(horizon=10), dict(funding={"APBD": 0.5}),
                                    dict(start="2026-13"), dict(death_rate=2.0)])
def test_argument_errors(kwargs):
    with pytest.raises(ArgumentError):
        estimate_budget(1000, draws=10, **kwargs)


def test_a_kota_at_its_target_without_apbd_participants_budgets_nothing_and_says_so():
    """Kota Mojokerto's demo has no APBD-paid participants; with coverage above the target
    there is no gap cohort either: the budget is Rp 0 with a note, not an error (a report
    for such a kota failed at its budget step)."""
    from ucjlib import demo_dataset
    from ucjlib.projection import project

    ds = demo_dataset("35.76")
    assert not (ds.coverage["pendanaan"] == "APBD").any()
    proj = project(ds, target=0.2, draws=50, backtest_horizons=(3,))
    assert float(proj.pace["needed_total"]) == 0
    b = estimate_budget(dataset=ds, projection=proj, draws=50)
    assert set(b.figures()["apbd_budget_per_year"].values()) == {0.0}
    codes = [getattr(n, "code", None) for n in b.notes]
    assert "budget.no_cohort" in codes
    with pytest.raises(Exception, match="participants"):  # without a projection: still asked
        estimate_budget(dataset=ds, draws=50)


@pytest.mark.slow
def test_a_budget_of_nobody_draws_no_chart_and_its_report_publishes(tmp_path):
    """All-zero budget charts (a y axis of '0,0' ticks) are left out; the report still runs."""
    from ucjlib.render.budget import budget_figures
    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import run_report

    assert budget_figures(estimate_budget(0, draws=50)) == {}
    run = run_report("35.76", out_root=tmp_path, progress=QuietProgress())
    charts = sorted(p.name for p in (run / "charts").glob("*.png"))
    assert not [c for c in charts if c[:2] >= "09"], charts  # no budget chart
    assert "07-proyeksi-cakupan.png" in charts
