"""Projection: the Bojonegoro demo checked against independent arithmetic, and edge cases.

Bojonegoro (35.22) demo facts used here (data/demo.meta.yml): 42.29% in June 2025, 43.87%
in March 2025, 157,058 APBD-paid BPU participants since February 2025, 820,388 employed
persons in 2025. Small synthetic datasets use Kota Mojokerto (35.76, three kecamatan).
"""

from __future__ import annotations

import json
import math
import time

import numpy as np
import pytest

import ucjlib
from ucjlib.errors import ArgumentError, InputValidationError
from ucjlib.projection import (
    Campaign,
    Cohort,
    Lapse,
    Renewal,
    Scenario,
    WorkforceGrowth,
    fit_model,
    load_scenarios,
    project,
)
from ucjlib.projection.scenario import scenario_dir
from ucjlib.projection.simulate import simulate
from ucjlib.projection.uncertainty import bootstrap_paths

DRAWS = 300
W2025 = 820_388
APBD = 157_058


@pytest.fixture(scope="module")
def bojo_ds():
    return ucjlib.open_dataset("35.22")


@pytest.fixture(scope="module")
def bojo(bojo_ds):
    return project(bojo_ds, draws=DRAWS, seed=3)


def _stream(ds, seg, fund, periode):
    c = ds.coverage
    m = (c["segmen"] == seg) & (c["pendanaan"] == fund) & (c["periode"] == periode)
    return float(c.loc[m, "peserta_aktif"].sum())


def _total(ds, periode):
    return float(ds.coverage.loc[ds.coverage["periode"] == periode, "peserta_aktif"].sum())


# --- Bojonegoro demo -------------------------------------------------------------------

def test_bojonegoro_starting_point(bojo, bojo_ds):
    f = bojo.figures()
    assert f["periode"] == "2025-06" and f["deadline"] == "2025-12"
    assert f["target"] == 0.6 and "Bojonegoro" in f["target_source"]
    assert round(f["coverage_now"] * 100, 2) == 42.29
    assert f["workforce_at_deadline"] == W2025 == bojo_ds.workforce.query(
        "tahun == 2025")["pekerja"].sum()


def test_required_pace_matches_independent_calculation(bojo, bojo_ds):
    """Net = (ceil(60% x workforce Dec 2025) - participants Jun 2025) / 6 months; gross adds
    what lapses on the way: the BPU mandiri stock L decays as L(1 - rate) + enrolments."""
    p_now = _total(bojo_ds, "2025-06")
    net = (math.ceil(0.6 * W2025) - p_now) / 6
    f = bojo.figures()
    assert f["required_monthly_net_additions"] == pytest.approx(net, abs=1e-9)
    assert round(net) == 24_215
    rate, enrol = bojo.model["bpu_mandiri_lapse_rate"], bojo.model["bpu_mandiri_enrolments"]
    stock, lapsed = _stream(bojo_ds, "BPU", "mandiri", "2025-06"), 0.0
    for _ in range(6):
        lapsed += stock * rate
        stock = stock * (1 - rate) + enrol
    assert f["required_monthly_gross_enrolments"] == pytest.approx(net + lapsed / 6, rel=1e-9)
    assert f["required_monthly_gross_enrolments"] > net
    # the trend alone leaves a shortfall: coverage at the deadline below 60%
    assert f["coverage_at_deadline"] < 0.6 and f["target_reached_month"] is None
    assert f["shortfall_at_deadline"] == pytest.approx(
        math.ceil(0.6 * W2025) - f["coverage_at_deadline"] * W2025, abs=1e-6)


def test_estimated_lapse_reproduces_march_to_june_fall(bojo, bojo_ds):
    """Tolerance: the simulated June 2025 coverage within 0.2 pp of 42.29%, and the
    simulated fall within 10% of the observed 1.58 pp."""
    rate, enrol = bojo.model["bpu_mandiri_lapse_rate"], bojo.model["bpu_mandiri_enrolments"]
    assert bojo.model["lapse_since"] == "2025-03"
    assert 0.05 < rate < 0.2
    s = _stream(bojo_ds, "BPU", "mandiri", "2025-03")
    assert s == 76_497
    for _ in range(3):
        s = s * (1 - rate) + enrol
    june = (_total(bojo_ds, "2025-06") - 57_611 + s) / W2025
    march = _total(bojo_ds, "2025-03") / W2025
    assert round(march * 100, 2) == 43.87
    assert abs(june - 0.4229) < 0.002
    assert abs((march - june) - (0.4387 - 0.4229)) < 0.1 * 0.0158


def test_apbd_cohort_is_a_contract_not_a_trend(bojo_ds):
    fit = fit_model(bojo_ds)
    apbd = fit.stream("BPU", "APBD")
    assert apbd.kind == "kontrak" and apbd.level == APBD and apbd.enrolments == 0
    # the February 2025 jump of 51,085 is not extrapolated: the stream stays flat
    p = simulate(fit, Scenario("dasar", (Renewal("APBD", 1.0),)), 12)
    fit_pu = fit.stream("PU", "mandiri")
    assert fit_pu.kind == "tren" and 500 < fit_pu.enrolments < 1500  # ~1,000 per month
    assert p.exits.sum() == 0


def test_nonrenewal_drop_in_january_2026(bojo):
    sp = bojo.scenario_paths.set_index(["skenario", "periode"])
    base, non = "dasar", "APBD tidak diperpanjang"
    assert sp.loc[(base, "2025-12"), "cakupan"] == sp.loc[(non, "2025-12"), "cakupan"]
    w_jan = sp.loc[(base, "2026-01"), "pekerja"]
    assert w_jan > W2025  # the workforce keeps growing beyond the last Sakernas year
    drop = sp.loc[(base, "2026-01"), "cakupan"] - sp.loc[(non, "2026-01"), "cakupan"]
    assert drop == pytest.approx(APBD / w_jan, rel=1e-12)
    row = bojo.scenarios.set_index("skenario").loc[non]
    assert row["periode_januari"] == "2026-01" and row["cakupan_januari"] < 0.21
    half = bojo.scenarios.set_index("skenario").loc["APBD diperpanjang separuh"]
    assert (sp.loc[(base, "2026-01"), "cakupan"] - half["cakupan_januari"]) == pytest.approx(
        APBD / 2 / w_jan, rel=1e-9)


def test_example_yaml_scenario(bojo_ds):
    path = scenario_dir() / "bojonegoro-nonrenewal.yaml"
    r = project(bojo_ds, scenario=str(path), draws=50, backtest_horizons=(3,))
    assert r.scenario == "APBD tidak diperpanjang Januari 2026"
    assert list(r.scenarios["skenario"]) == ["dasar", r.scenario]
    jan = r.path.set_index("periode")
    assert jan.loc["2025-12", "cakupan"] - jan.loc["2026-01", "cakupan"] > 0.18


def test_band_probability_and_backtest(bojo):
    proj = bojo.path.loc[bojo.path["jenis"] == "proyeksi"]
    assert (proj["cakupan_p5"] <= proj["cakupan_p50"] + 1e-12).all()
    assert (proj["cakupan_p50"] <= proj["cakupan_p95"] + 1e-12).all()
    assert (proj["cakupan_p95"] - proj["cakupan_p5"]).iloc[-1] > (
        proj["cakupan_p95"] - proj["cakupan_p5"]).iloc[0] > 0
    f = bojo.figures()
    assert 0 <= f["probability_target_by_deadline"] <= 0.05
    assert set(f["backtest"]) == {"3", "6", "12"}
    for h in f["backtest"].values():
        assert h["origins"] > 10 and h["model_pp"] >= 0 and h["drift_pp"] >= 0
    if not all(h["beats_drift"] for h in f["backtest"].values()):
        assert any("drift" in n for n in map(str, bojo.notes))
    json.dumps(bojo.to_dict())


def test_bootstrap_is_vectorised_and_reproducible():
    central = np.linspace(1000, 2000, 31)
    res = np.random.default_rng(0).normal(0, 50, 24)
    t = time.perf_counter()
    a = bootstrap_paths(central, res, draws=5000, seed=7)
    assert time.perf_counter() - t < 1.0
    assert a.shape == (5000, 31)
    assert np.array_equal(a, bootstrap_paths(central, res, draws=5000, seed=7))
    assert abs(np.median(a[:, -1]) - 2000) < 100


# --- scenarios -------------------------------------------------------------------------

def test_cohort_and_campaign_add_what_they_say(bojo_ds):
    fit = fit_model(bojo_ds)
    base = Scenario("dasar", (Renewal("APBD", 1.0), Lapse(), WorkforceGrowth()), base=True)
    b = simulate(fit, base, 12, base)
    c = simulate(fit, Scenario("kohort", (Cohort(50_000, "2025-09", months=2,
                                                 renewal=0.0),)), 12, base)
    diff = c.peserta - b.peserta
    assert diff[2] == 0 and diff[3] == 25_000 and diff[4] == 50_000 and diff[6] == 50_000
    assert diff[7] == 0  # not renewed in January 2026
    k = simulate(fit, Scenario("kampanye", (Campaign(1000, "2025-07", "2025-12",
                                                     segment="PU"),)), 12, base)
    assert (k.peserta - b.peserta)[6] == pytest.approx(6000)
    assert (k.peserta - b.peserta)[12] == pytest.approx(6000)
    g = simulate(fit, Scenario("tumbuh", (WorkforceGrowth(0.0),)), 12, base)
    assert g.pekerja[-1] == W2025


def test_lapse_scenarios(bojo_ds):
    fit = fit_model(bojo_ds)
    stop = simulate(fit, Scenario("stop", (Lapse(0.0),)), 6)
    keep = simulate(fit, Scenario("keep", (Lapse("estimated"),)), 6)
    assert stop.lapses.sum() == 0 and keep.lapses.sum() > 0
    assert stop.peserta[6] > keep.peserta[6]


def test_yaml_errors_name_file_and_part(tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text("scenarios:\n  - name: x\n    parts:\n      - renewal: {share: 2}\n")
    with pytest.raises(InputValidationError) as e:
        load_scenarios(bad)
    assert "s.yaml" in str(e.value) and "parts[1]" in str(e.value)
    bad.write_text("scenarios:\n  - name: x\n    parts:\n      - bonus: {n: 1}\n")
    with pytest.raises(InputValidationError):
        load_scenarios(bad)
    bad.write_text("nothing: here\n")
    with pytest.raises(InputValidationError):
        load_scenarios(bad)


def test_argument_errors(bojo_ds):
    with pytest.raises(ArgumentError, match="deadline"):
        project(bojo_ds, deadline="2025-06", draws=10)
    with pytest.raises(ArgumentError, match="target"):
        project(bojo_ds, target=60, draws=10)
    with pytest.raises(ArgumentError, match="horizon"):
        project(bojo_ds, horizon=3, draws=10)
    with pytest.raises(ArgumentError, match="cohort.start"):
        project(bojo_ds, scenario=Scenario("x", (Cohort(10, "2025-05"),)), draws=10)
    with pytest.raises(ArgumentError):
        Renewal("APBD", 1.5)
    with pytest.raises(ArgumentError):
        Campaign(10, funding="APBD")
