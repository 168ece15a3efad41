"""Budget charts, tables and sentences render the result's numbers (checked through data)."""

from __future__ import annotations

import pytest

from ucjlib.budget import estimate_budget
from ucjlib.render import budget as rb
from ucjlib.render.style import figure_texts


@pytest.fixture(scope="module")
def cohort():
    # a Feb-2025 cohort of 157,058 insured for 4 years, as in Bojonegoro
    return estimate_budget(157_058, start="2025-02", years=4, membership_since="2025-02",
                           draws=2000)


def test_payout_chart_draws_the_cash_flow_and_its_band(cohort):
    d = rb.payout_chart_data(cohort)
    cf = cohort.cashflow
    assert (d["parts"]["jkm"] == cf["manfaat_jkm_idr"]).all()
    assert (d["parts"]["beasiswa"] == cf["beasiswa_idr"]).all()
    total = d["parts"][["jkm", "jkk", "beasiswa"]].sum(axis=1).to_numpy()
    assert ((d["p5"] <= total + 1) & (total <= d["p95"] + 1))[:4].all()
    # no JKM scholarship before 2028 for a February 2025 cohort (3 years of membership)
    jkm_school = cf.set_index("tahun")["beasiswa_jkm_idr"]
    assert jkm_school[2027] == 0 and jkm_school[2028] > 0
    assert "beasiswa JKM mulai 2028" in d["panel"]


def test_contribution_chart_and_lines(cohort):
    fig = rb.contribution_chart(cohort)
    d = rb.contribution_chart_data(cohort)
    assert round(d["yearly"].set_index("tahun").loc[2026, "iuran_apbd_idr"]) == 31_662_892_800
    assert "Rp 31,7 miliar" in " ".join(figure_texts(fig))
    lines = rb.budget_lines(cohort)
    # 11 months of 2025: 157,058 x 16,800 x 11
    assert "Rp 29.024.318.400" in lines[0]
    assert "DATA DEMO" not in " ".join(figure_texts(fig)).upper()  # a plain count is not demo


def test_grant_chart_states_the_ratio(cohort):
    d = rb.grant_chart_data(cohort)
    old, new = d["table"].iloc[0], d["table"].iloc[1]
    assert old["keluarga_per_tahun"] == 7500 and old["per_keluarga_idr"] == 2_500_000
    assert d["times"] == pytest.approx(new["per_keluarga_idr"] / 2_500_000)
    assert f"{round(d['times'])}×" in d["title"]


def test_sensitivity_is_linear_in_the_death_rate_and_ordered(cohort):
    s = cohort.sensitivity.set_index("asumsi")
    base = s["nilai_kini_dasar_idr"].iloc[0]
    assert base == pytest.approx(cohort.present_value["expected"])
    from ucjlib.budget import load_assumptions

    lo, hi = load_assumptions().sensitivity["death_rate_factor"]
    # every payout is proportional to the number of deaths: PV scales with the rate
    assert s.loc["death_rate", "nilai_kini_rendah_idr"] == pytest.approx(base * lo)
    assert s.loc["death_rate", "nilai_kini_tinggi_idr"] == pytest.approx(base * hi)
    # fewer children or a higher discount rate: a lower present value
    for key in ("children", "discount_rate"):
        assert s.loc[key, "nilai_kini_rendah_idr"] < base < s.loc[key, "nilai_kini_tinggi_idr"]
    d = rb.sensitivity_chart_data(cohort)
    assert d["table"]["asumsi"].iloc[0] == "death_rate"  # widest bar first


def test_english_and_the_figures_bundle():
    b = estimate_budget(1000, start="2026-01", draws=200, lang="en")
    figs = rb.budget_figures(b)
    assert list(figs) == ["anggaran-iuran", "pembayaran-manfaat", "perbandingan-santunan",
                          "sensitivitas-manfaat"]
    text = " ".join(figure_texts(figs["pembayaran-manfaat"]))
    assert "IDR" in text and "Children's scholarships" in text and "Rp " not in text
    assert rb.budget_lines(b)[0].startswith("Contributions 2026 for 1,000 participants")


def test_demo_label_on_every_budget_chart():
    import ucjlib as ucj

    ds = ucj.open_dataset(ucj.resolve_region("35.22"))
    b = estimate_budget(dataset=ds, draws=200)
    for fig in rb.budget_figures(b).values():
        assert "DATA DEMO (SINTETIS)" in figure_texts(fig)
