"""One set of defaults for every analysis: the deadline from the rules, the month to project
from, and a target that keeps its provenance from one level to the next.

Bojonegoro (35.22) demo facts used here (data/demo.meta.yml): data January 2022 to June 2025,
43.87% in March 2025 (published), target 60% for 2025 (data/rules/target/ucj.yaml). Kota Bogor
(32.71) has no target of its own, nor has Jawa Barat: the national one applies. Small
synthetic datasets use Kota Mojokerto (35.76, three kecamatan of 1,000 workers each).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ucjlib.budget import estimate_budget, gap_projection
from ucjlib.budget.contributions import months_from
from ucjlib.coverage import analyze_coverage
from ucjlib.dataset import Dataset
from ucjlib.errors import ArgumentError
from ucjlib.geo.wilayah import children
from ucjlib.open import open_dataset
from ucjlib.projection import load_scenarios, project
from ucjlib.projection.engine import deadline_source
from ucjlib.results import Target
from ucjlib.rules import DeadlineChoice, default_deadline, load_rules, target_for

ROOT = Path(__file__).resolve().parents[1]
NONRENEWAL = ROOT / "data" / "scenarios" / "bojonegoro-nonrenewal.yaml"
DRAWS = 50
MARCH = "2025-03"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return open_dataset("35.22")


@pytest.fixture(scope="module")
def march(ds):
    return project(ds, periode=MARCH, draws=DRAWS)


def mojokerto(months: list[str], level: float = 300.0) -> Dataset:
    """Kota Mojokerto, PU mandiri participants flat at ``level`` per kecamatan."""
    kec = children("35.76", "kecamatan")["kode"].tolist()
    cov = pd.DataFrame([(k, m, "PU", "mandiri", level) for k in kec for m in months],
                       columns=["kode", "periode", "segmen", "pendanaan", "peserta_aktif"])
    wf = pd.DataFrame({"kode": kec, "tahun": 2025, "pekerja": 1000})
    return Dataset("35.76", cov, wf)


# --------------------------------------------------------------------- default_deadline


@pytest.mark.parametrize("last,deadline,rule", [
    ("2025-06", "2025-12", "target_year"),
    ("2025-11", "2025-12", "target_year"),
    ("2025-12", "2026-12", "next_december"),   # December of the target year has passed
    ("2026-03", "2026-12", "next_december"),
    ("2026-11", "2026-12", "next_december"),
    ("2026-12", "2027-12", "next_december"),
])
def test_default_deadline_bojonegoro(last, deadline, rule):
    d = default_deadline("35.22", last)
    assert isinstance(d, DeadlineChoice)
    assert (d.deadline, d.rule, d.last_month) == (deadline, rule, last)
    assert d.deadline > last
    # the target in force for the last month is Bojonegoro's own, of 2025
    assert d.target_year == target_for("35.22", last).year == 2025
    assert d.target.source_kode == "35.22"
    assert "akhir tahun target 2025 (target Kabupaten Bojonegoro)" in d.reason
    assert "end of target year 2025 (Kabupaten Bojonegoro target)" in d.reason_en
    assert d.describe("en") == d.reason_en and d.describe() == d.reason
    if rule == "target_year":
        assert d.reason == "akhir tahun target 2025 (target Kabupaten Bojonegoro)"
    else:
        assert d.reason.startswith(f"Desember pertama sesudah data terakhir ({last})")
        assert d.reason.endswith("sudah lewat") and d.reason_en.endswith("has passed")


def test_default_deadline_kota_with_only_the_national_target():
    d = default_deadline("32.71", "2025-06")
    assert (d.deadline, d.rule) == ("2025-12", "target_year")
    assert d.target.source_level == "nasional" and d.target.source_kode is None
    assert "target nasional" in d.reason and "32.71 belum punya target sendiri" in d.reason
    assert "national target" in d.reason_en
    later = default_deadline("32.71", "2025-12")
    assert (later.deadline, later.rule) == ("2026-12", "next_december")


def test_default_deadline_before_the_first_target_year():
    # no target for 2024 anywhere: the first later target year (as coverage does)
    d = default_deadline("35.22", "2024-05")
    assert (d.deadline, d.rule, d.target_year) == ("2025-12", "target_year", 2025)
    assert "belum ada target untuk 2024, dipakai target 2025" in d.reason
    assert "no target for 2024 yet" in d.reason_en


def test_default_deadline_reads_the_target_year_from_the_rules(tmp_path):
    # give Bojonegoro a 2027 target: data of 2026 now aim at December 2027
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "data" / "rules", copy)
    f = copy / "target" / "ucj.yaml"
    doc = yaml.safe_load(f.read_text())
    doc["regions"]["35.22"]["values"][2027] = 0.7
    f.write_text(yaml.safe_dump(doc, allow_unicode=True))
    rules = load_rules(copy)
    assert default_deadline("35.22", "2026-03", rules).deadline == "2026-12"  # 2025 in force
    d = default_deadline("35.22", "2027-02", rules)
    assert (d.deadline, d.rule, d.target_year) == ("2027-12", "target_year", 2027)


@pytest.mark.parametrize("bad", ["2025-13", "Desember", "2025"])
def test_default_deadline_rejects_a_bad_month(bad):
    from ucjlib.rules import RulesError

    with pytest.raises(RulesError, match="YYYY-MM"):
        default_deadline("35.22", bad)


# --------------------------------------------------------------------- Dataset.until


def test_until_drops_later_rows_and_keeps_provenance(ds):
    old = ds.until(MARCH)
    assert old.latest_period == MARCH and old.periods == [p for p in ds.periods if p <= MARCH]
    assert old.workforce["tahun"].max() == 2025
    assert (old.kode, old.demo, old.source, old.notes, old.files, old.source_en) == (
        ds.kode, ds.demo, ds.source, ds.notes, ds.files, ds.source_en)
    assert len(ds.until(ds.latest_period).coverage) == len(ds.coverage)
    # coverage of a month up to periode is the same as in the whole dataset
    assert analyze_coverage(old).total == analyze_coverage(ds, MARCH).total


def test_until_workforce_years():
    cov = pd.DataFrame({"kode": "35.76.01", "periode": ["2024-11", "2024-12", "2025-01"],
                        "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [1, 2, 3]})
    wf = pd.DataFrame({"kode": ["35.76.01", "35.76.01", "35.76.02", "35.76.02"],
                       "tahun": [2024, 2025, 2025, 2026], "pekerja": [10, 11, 20, 21]})
    old = Dataset("35.76", cov, wf).until("2024-12")
    assert old.coverage["periode"].tolist() == ["2024-11", "2024-12"]
    # 35.76.01 keeps 2024; 35.76.02 has no year up to 2024 and keeps its earliest (2025)
    assert old.workforce[["kode", "tahun"]].values.tolist() == [["35.76.01", 2024],
                                                                ["35.76.02", 2025]]


@pytest.mark.parametrize("bad", ["2025-09", "2021-12", "2025-13", "Maret"])
def test_until_and_project_reject_a_month_not_in_the_data(ds, bad):
    with pytest.raises(ArgumentError, match="periode"):
        ds.until(bad)
    with pytest.raises(ArgumentError, match="periode"):
        project(ds, periode=bad, draws=DRAWS)


# --------------------------------------------------------------------- project


def test_project_default_deadline_as_before_and_says_why(ds):
    r = project(ds, draws=DRAWS)
    assert (r.periode, r.deadline) == ("2025-06", "2025-12")
    src = deadline_source(r)
    assert str(src) == ("Tenggat Desember 2025: akhir tahun target 2025 "
                        "(target Kabupaten Bojonegoro).")
    assert r.notes[0] == src and str(src) in r.meta()["notes"]
    en = project(ds, draws=DRAWS, lang="en")
    assert deadline_source(en).text("en") == ("Deadline December 2025: end of target year 2025 "
                                   "(Kabupaten Bojonegoro target).")


def test_project_explicit_deadline_is_the_users(ds):
    r = project(ds, deadline="2026-06", draws=DRAWS)
    assert r.deadline == "2026-06"
    assert str(deadline_source(r)) == "Tenggat Juni 2026: ditetapkan pengguna."
    with pytest.raises(ArgumentError, match="bulan sesudah bulan data terakhir"):
        project(ds, deadline="2025-06", draws=DRAWS)


def test_project_from_march(ds, march):
    cov = analyze_coverage(ds, MARCH)
    assert march.periode == MARCH and march.deadline == "2025-12"
    obs = march.path.loc[march.path["jenis"] == "observasi"]
    assert obs["periode"].iloc[-1] == MARCH
    assert round(obs["cakupan"].iloc[-1], 4) == 0.4387  # published: 43,87% in March 2025
    assert obs["cakupan"].iloc[-1] == pytest.approx(cov.total["cakupan"], abs=1e-12)
    proj = march.path.loc[march.path["jenis"] == "proyeksi"]
    assert proj["periode"].iloc[0] == "2025-04"
    # the pace starts from March's participants and runs April..December
    assert march.pace["peserta_now"] == cov.total["peserta_aktif"]
    assert march.pace["months"] == 9
    assert march.figures()["coverage_now"] == pytest.approx(cov.total["cakupan"])
    assert any("Proyeksi dari Maret 2025" in n and "Juni 2025" in n for n in map(str, march.notes))
    # the allocation stands in March too
    assert march.allocation["peserta_aktif"].sum() == cov.table["peserta_aktif"].sum()
    # backtest only on months up to March: fewer origins than on the whole data
    full = project(ds, draws=DRAWS)
    assert (march.backtest["origins"] < full.backtest["origins"]).all()


def test_project_periode_equals_project_of_until(ds, march):
    same = project(ds.until(MARCH), draws=DRAWS)
    assert same.periode == MARCH
    assert same.figures() == march.figures()
    pd.testing.assert_frame_equal(same.path, march.path)
    pd.testing.assert_frame_equal(same.allocation, march.allocation)


# --------------------------------------------------------------------- budget


def test_budget_gap_and_participants_refer_to_the_projection_periode(ds, march):
    b = estimate_budget(dataset=ds, projection=march, draws=200, sensitivity=False)
    assert b.gap["start"] == months_from(MARCH, 2)[1] == "2025-04"
    assert b.gap["periode"] == MARCH and b.gap["deadline"] == "2025-12"
    assert b.gap["months"] == 9 and b.gap["scenario"] == march.scenario
    assert b.gap["deadline_source"] == str(deadline_source(march))
    assert deadline_source(march) in b.notes
    # default participants: the APBD-paid of March, not of June
    cov = ds.coverage
    apbd = cov.loc[(cov["pendanaan"] == "APBD") & (cov["periode"] == MARCH), "peserta_aktif"]
    assert int(b.monthly["peserta"].iloc[0]) == int(apbd.sum())
    assert any("Maret 2025" in n for n in map(str, b.notes) if n.startswith("Peserta:"))
    assert b.membership_since <= MARCH
    # January 2025, before the whole cohort was enrolled: fewer than in June
    jan = estimate_budget(dataset=ds, projection=project(ds, periode="2025-01", draws=DRAWS),
                          draws=200, sensitivity=False)
    by_month = cov.loc[cov["pendanaan"] == "APBD"].groupby("periode")["peserta_aktif"].sum()
    assert int(jan.monthly["peserta"].iloc[0]) == by_month["2025-01"] < by_month["2025-06"]
    assert jan.gap["periode"] == "2025-01" and jan.gap["start"] == "2025-02"


def test_budget_gap_names_the_scenario_file(ds):
    name = next(s.name for s in load_scenarios(NONRENEWAL) if not s.base)
    p = project(ds, periode=MARCH, scenario=str(NONRENEWAL), draws=DRAWS)
    b = estimate_budget(dataset=ds, projection=p, draws=200, sensitivity=False)
    assert p.scenario == name and b.gap["scenario"] == name
    assert b.gap["start"] == "2025-04"


@pytest.mark.slow
def test_gap_projection_uses_the_same_rule(ds):
    p = gap_projection(ds, draws=DRAWS)
    assert p.deadline == project(ds, draws=DRAWS).deadline == "2025-12"
    assert gap_projection(ds, draws=DRAWS, periode=MARCH).periode == MARCH
    # data to December 2025: the target year has passed, the gap is priced to Dec 2026
    late = mojokerto([f"2025-{m:02d}" for m in range(7, 13)])
    p = gap_projection(late, target=0.6, draws=DRAWS)
    assert p is not None and p.deadline == "2026-12"
    assert "Desember pertama sesudah data terakhir (2025-12)" in str(deadline_source(p))
    b = estimate_budget(1000, dataset=late, projection=p, draws=200, sensitivity=False)
    assert b.gap["deadline"] == "2026-12" and b.gap["start"] == "2026-01"


# --------------------------------------------------------------------- target provenance


@pytest.mark.slow
def test_target_instance_keeps_its_source_across_levels(ds):
    cov = analyze_coverage(ds)
    assert cov.target.source_level == "kabupaten"
    desa = analyze_coverage(ds, level="desa", target=cov.target)
    assert desa.target == cov.target  # value, source and source_level as given
    assert "pengguna" not in desa.target.source
    # a plain number is still the user's
    assert analyze_coverage(ds, target=cov.target.value).target.source_level == "pengguna"
    r = project(ds, target=cov.target, draws=DRAWS)
    assert r.target == cov.target
    own = Target(0.5, "target dari lapisan lain", "provinsi")
    assert project(ds, target=own, draws=DRAWS).target == own
    with pytest.raises(ArgumentError, match="target"):
        analyze_coverage(ds, target=Target(60.0, "x", "pengguna"))


# --------------------------------------------------------------------- command line


def test_cli_project_default_deadline_and_where_it_came_from(ucj):
    res = ucj(["project", "35.22", "--draws", str(DRAWS)])
    assert res.returncode == 0, res.stderr
    first = res.stdout.splitlines()[0]
    assert "data s.d. Juni 2025" in first and "pada Desember 2025" in first
    assert ("* Tenggat Desember 2025: akhir tahun target 2025 (target Kabupaten Bojonegoro)."
            in res.stdout.splitlines())


def test_cli_project_periode_json(ucj):
    res = ucj(["project", "35.22", "--periode", MARCH, "--format", "json",
               "--draws", str(DRAWS)])
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["meta"]["periode"] == MARCH and doc["meta"]["deadline"] == "2025-12"
    assert round(doc["figures"]["coverage_now"], 4) == 0.4387
    assert doc["meta"]["notes"][0].startswith("Tenggat Desember 2025: akhir tahun target 2025")


def test_cli_budget_periode_and_deadline_source(ucj):
    res = ucj(["budget", "35.22", "--periode", MARCH, "--format", "json",
               "--draws", "500"])
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    gap = doc["figures"]["gap"]
    assert (gap["start"], gap["deadline"], gap["periode"]) == ("2025-04", "2025-12", MARCH)
    assert ("Tenggat Desember 2025: akhir tahun target 2025 (target Kabupaten Bojonegoro)."
            in doc["meta"]["notes"])
