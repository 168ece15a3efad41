"""Tests for ucjlib.rules: the policy parameter files in data/rules/ and their loader.

Numbers are checked against independent arithmetic (components add up to totals) and,
when the reference mirror beside the checkout is available, against
``../shared/data/reference/benefit_rules.csv`` and ``published_figures.csv``.
"""

from __future__ import annotations

import io
import re
import shutil
import tokenize
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ucjlib.errors import UcjError
from ucjlib.rules import (
    ENV_VAR,
    RulesError,
    RuleSet,
    bpu_contribution,
    clear_rules_cache,
    contribution_discount,
    load_rules,
    segment_precedence,
    target_for,
)

REPO = Path(__file__).resolve().parents[1]
RULES_DIR = REPO / "data" / "rules"
RULE_FILES = sorted(RULES_DIR.rglob("*.yaml"))
REFERENCE = REPO.parent / "shared" / "data" / "reference"
LEVELS = ["tk", "sd", "smp", "sma", "higher_education"]


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules(RULES_DIR)


# --------------------------------------------------------------------------- benefits


def test_jkm_components_sum_to_total(rules):
    on = "2025-06"
    parts = ["death_lump_sum", "death_periodic", "funeral"]
    total = rules.value("benefit.jkm.death_total", on)
    assert sum(rules.value(f"benefit.jkm.{p}", on) for p in parts) == total
    assert total == 20_000_000 + 12_000_000 + 10_000_000 == 42_000_000
    assert rules.value("benefit.jkm.death_periodic", on) == 24 * 500_000


def test_jkk_death_components(rules):
    on = "2025-06"
    assert rules.value("benefit.jkk.death_income_multiple", on) == 48
    assert rules.get("benefit.jkk.death_income_multiple", on).unit == "month"
    assert rules.value("benefit.jkk.death_funeral", on) == 10_000_000
    assert rules.value("benefit.jkk.death_periodic", on) == 24 * 500_000


def test_scholarship_maxima_recomputed_from_levels(rules):
    on = "2025-06"
    per_child = sum(
        rules.value(f"benefit.scholarship.amount.{lvl}", on)
        * rules.value(f"benefit.scholarship.max_years.{lvl}", on)
        for lvl in LEVELS
    )
    assert per_child == 1.5e6 * 2 + 1.5e6 * 6 + 2e6 * 3 + 3e6 * 3 + 12e6 * 5 == 87_000_000
    assert rules.value("benefit.scholarship.max_per_child", on) == per_child
    children = rules.value("benefit.scholarship.children_max", on)
    assert children == 2
    assert rules.value("benefit.scholarship.max_two_children", on) == per_child * children
    assert per_child * children == 174_000_000
    assert set(rules.group("benefit.scholarship.amount")) == {
        f"benefit.scholarship.amount.{lvl}" for lvl in LEVELS
    }


def test_scholarship_conditions(rules):
    on = "2025-06"
    assert rules.value("benefit.scholarship.ends_at_age", on) == 23
    assert rules.value("benefit.scholarship.min_membership_years.jkm", on) == 3
    assert rules.value("benefit.scholarship.min_membership_years.jkk", on) == 0


def test_old_direct_grant(rules):
    grant = rules.get("grant.bojonegoro.santunan_duka", "2025-06")
    assert grant.value == 2_500_000
    assert grant.unit == "currency-IDR"
    assert "49 Tahun 2018" in grant.references[0].title
    assert rules.parameters["grant.bojonegoro.santunan_duka"].metadata["region"]["kode"] == "35.22"


# --------------------------------------------------------------------------- contributions


def test_bpu_lowest_bracket_is_rate_times_income_plus_jkm(rules):
    on = "2025-06"
    rate = rules.value("contribution.bpu.jkk_rate", on)
    income = rules.value("contribution.bpu.lowest_income", on)
    jkm = rules.value("contribution.bpu.jkm_monthly", on)
    assert (rate, income, jkm) == (0.01, 1_000_000, 6_800)
    assert rate * income + jkm == 16_800
    assert rules.value("contribution.bpu.monthly_lowest_bracket", on) == rate * income + jkm
    assert bpu_contribution(on, rules=rules).value == 16_800
    assert bpu_contribution(on, income_idr=2_000_000, rules=rules).value == 20_000 + 6_800
    with pytest.raises(RulesError, match="terendah"):
        bpu_contribution(on, income_idr=500_000, rules=rules)


def test_pu_rates(rules):
    on = "2025-06"
    groups = ["very_low", "low", "medium", "high", "very_high"]
    rates = [rules.value(f"contribution.pu.jkk_rate.{g}", on) for g in groups]
    assert rates == [0.0024, 0.0054, 0.0089, 0.0127, 0.0174]
    assert rates == sorted(rates)
    assert rules.value("contribution.pu.jkm_rate", on) == 0.003
    assert rules.get("contribution.pu.jkm_rate", "2015-07").effective_from == date(2015, 7, 1)


def test_discount_applies_to_mandiri_bpu_in_june_2026(rules):
    disc = contribution_discount("2026-06", "BPU", "mandiri", "other", rules=rules)
    assert disc.value == 0.5
    assert disc.name == "contribution.discount.pp50_2025.other"
    assert disc.effective_from == date(2026, 4, 1)
    assert any("50 Tahun 2025" in r.title for r in disc.references)
    paid = bpu_contribution("2026-06", funding="mandiri", sector="other", rules=rules)
    assert paid.value == 8_400 == 16_800 * (1 - 0.5)
    assert paid.effective_from == date(2026, 4, 1)


@pytest.mark.parametrize("funding", ["APBD", "APBDes", "apbd"])
def test_discount_not_for_government_paid(rules, funding):
    disc = contribution_discount("2026-06", "BPU", funding, "other", rules=rules)
    assert disc.value == 0
    assert disc.effective_from is None
    assert bpu_contribution("2026-06", funding=funding, rules=rules).value == 16_800


def test_discount_for_lainnya_funding(rules):
    assert contribution_discount("2026-06", "BPU", "lainnya", rules=rules).value == 0.5


@pytest.mark.parametrize(
    ("on", "sector", "expected"),
    [
        ("2025-12", "transport", 0),
        ("2026-01", "transport", 0.5),
        ("2026-03", "transport", 0.5),
        ("2026-03", "other", 0),
        ("2026-04", "other", 0.5),
        ("2026-12", "other", 0.5),
        ("2027-01", "other", 0),
        ("2027-03", "transport", 0.5),
        ("2027-04", "transport", 0),
    ],
)
def test_discount_periods_by_sector(rules, on, sector, expected):
    assert contribution_discount(on, "BPU", "mandiri", sector, rules=rules).value == expected


def test_discount_not_for_wage_earners_in_2026(rules):
    assert contribution_discount("2026-06", "PU", "mandiri", "other", rules=rules).value == 0


def test_covid_relief_2020(rules):
    disc = contribution_discount("2020-09", "PU", "mandiri", rules=rules)
    assert disc.value == 0.99
    assert contribution_discount("2021-02", "PU", rules=rules).value == 0


@pytest.mark.parametrize(("kwargs", "word"), [({"segment": "XYZ"}, "segmen"),
                                              ({"sector": "transportasi"}, "sektor")])
def test_discount_rejects_unknown_choices(rules, kwargs, word):
    with pytest.raises(RulesError, match=word) as info:
        contribution_discount("2026-06", rules=rules, **kwargs)
    assert info.value.suggestions


# --------------------------------------------------------------------------- targets


def test_target_own_kabupaten(rules):
    choice = target_for("35.22", "2025-06", rules=rules)
    assert choice.value == 0.60
    assert (choice.source_level, choice.source_kode, choice.year) == ("kabupaten", "35.22", 2025)
    assert choice.describe() == (
        "target 60% (Kabupaten Bojonegoro, 2025; SuaraBojonegoro.com, 2025-03-20)"
    )
    assert choice.describe("en").startswith("target 60% (Kabupaten Bojonegoro, 2025;")
    assert choice.version == rules.version


def test_target_falls_back_to_province(rules):
    choice = target_for("51.03", "2025-06", rules=rules)
    assert choice.value == 0.6728
    assert (choice.source_level, choice.source_kode) == ("provinsi", "51")
    assert "67,28%" in choice.describe() and "belum punya target sendiri" in choice.describe()
    assert "67.28%" in choice.describe("en") and "provincial" in choice.describe("en")


def test_target_falls_back_to_nation(rules):
    choice = target_for("32.71", "2025-06", rules=rules)
    assert choice.value == 0.5215
    assert (choice.source_level, choice.source_kode, choice.source_name) == (
        "nasional", None, "Indonesia")
    assert "52,15%" in choice.describe()


def test_target_for_kecamatan_walks_up_to_kabupaten(rules):
    choice = target_for("35.22.01", "2025-06", rules=rules)
    assert (choice.source_kode, choice.value) == ("35.22", 0.60)


def test_target_carried_forward_to_later_years(rules):
    choice = target_for("35.22", "2027-01", rules=rules)
    assert (choice.year, choice.value) == (2025, 0.60)
    assert "2025 target carried forward to 2027" in choice.describe("en")


def test_target_before_any_target_year_is_an_error(rules):
    with pytest.raises(RulesError) as info:
        target_for("35.22", "2020-01", rules=rules)
    text = str(info.value)
    assert "2020" in text and "2025" in text and "target/ucj.yaml" in text


def test_rpjmn_path_is_separate_and_not_default(rules):
    assert target_for("35.22", "2025-06", rules=rules).parameter == "target.ucj"
    rpjmn = "target.ucj_rpjmn"
    assert target_for("35.22", "2025-06", rules=rules, parameter=rpjmn).value == 0.3215
    mid = target_for("35.22", "2027-06", rules=rules, parameter=rpjmn)
    assert (mid.year, mid.value, mid.source_level) == (2025, 0.3215, "nasional")
    assert target_for("35.22", "2029-06", rules=rules, parameter=rpjmn).value == 0.4392


@pytest.mark.parametrize("kode", ["3522", "35.2", 35.22, "Bojonegoro", ""])
def test_target_rejects_malformed_codes(rules, kode):
    with pytest.raises(RulesError, match="kode wilayah"):
        target_for(kode, "2025-06", rules=rules)


def test_regional_parameter_is_not_a_scalar(rules):
    with pytest.raises(RulesError, match="target_for"):
        rules.value("target.ucj", "2025-06")


# --------------------------------------------------------------------------- lookups


def test_segment_precedence(rules):
    ranks = segment_precedence(rules)
    assert ranks == {"PU": 1, "PMI": 2, "JAKON": 3, "BPU": 4}
    assert list(ranks) == ["PU", "PMI", "JAKON", "BPU"]


def test_unknown_name_lists_close_matches_first(rules):
    with pytest.raises(RulesError) as info:
        rules.get("benefit.jkm.death_totl", "2025-06")
    err = info.value
    assert err.suggestions[0] == "benefit.jkm.death_total"
    assert set(err.suggestions) == set(rules.names())
    assert "benefit.jkm.death_total" in str(err)
    assert isinstance(err, UcjError) and err.exit_code == 7


def test_group_name_lists_its_members(rules):
    with pytest.raises(RulesError, match="grup") as info:
        rules.get("benefit.jkm", "2025-06")
    assert info.value.suggestions[0].startswith("benefit.jkm.")


def test_no_value_in_force_before_first_date(rules):
    with pytest.raises(RulesError, match="2019-12-02") as info:
        rules.get("benefit.jkm.death_total", "2019-11-30")
    assert info.value.file == "benefit/jkm/death_total.yaml"


def test_month_means_its_first_day(rules):
    # PP 82/2019 took effect on 2019-12-02: not in force on 2019-12-01
    with pytest.raises(RulesError):
        rules.get("benefit.jkm.death_total", "2019-12")
    assert rules.value("benefit.jkm.death_total", "2019-12-02") == 42_000_000
    assert rules.value("benefit.jkm.death_total", "2020-01") == 42_000_000


@pytest.mark.parametrize(
    "on", [date(2025, 6, 1), datetime(2025, 6, 15, 12), pd.Timestamp("2025-06-30"), "2025-06-30"]
)
def test_dates_accepted(rules, on):
    assert rules.value("benefit.jkm.death_total", on) == 42_000_000


@pytest.mark.parametrize("on", ["2025/06", "2025-13", "June 2025", "2025-02-30", 202506])
def test_bad_dates_rejected(rules, on):
    with pytest.raises(RulesError, match="YYYY-MM"):
        rules.value("benefit.jkm.death_total", on)


def test_rule_value_provenance(rules):
    v = rules.get("benefit.jkm.death_total", "2025-06")
    assert v.effective_from == date(2019, 12, 2)
    assert v.unit == "currency-IDR" and v.label and v.label_en
    assert v.version == rules.version
    assert "82 Tahun 2019" in v.references[0].title


def test_table_lists_every_parameter(rules):
    t = rules.table("2025-06")
    assert len(t) == len(rules.parameters)
    row = t.set_index("name").loc["benefit.jkm.death_total"]
    assert row["value"] == 42_000_000 and row["effective_from"] == date(2019, 12, 2)


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.relative_to(RULES_DIR).as_posix())
def test_every_file_has_unit_label_and_reference(path, rules):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta = doc["metadata"]
    for key in ("unit", "label", "label_en"):
        assert isinstance(meta.get(key), str) and meta[key].strip(), key
    assert meta.get("reference") and all(r.get("title") for r in meta["reference"])
    desc = " ".join(doc["description"].split())
    assert desc.endswith(".") and not re.search(r"\.\s+[A-Z]", desc), "one sentence"
    rel = path.relative_to(RULES_DIR).as_posix()
    loaded = [p for p in [*rules.parameters.values(), *rules.regional.values()] if p.file == rel]
    assert loaded, rel
    for param in loaded:
        assert param.unit and param.label and param.label_en and param.references


def test_version_is_newest_date_plus_hash(rules):
    newest = max(d for p in rules.parameters.values() for d, _ in p.values)
    assert re.fullmatch(rf"{newest.isoformat()}\+[0-9a-f]{{8}}", rules.version)
    assert load_rules(RULES_DIR).version == rules.version


def test_version_changes_when_a_file_changes(tmp_path, rules):
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy)
    assert load_rules(copy).version == rules.version  # same bytes, same version
    path = copy / "benefit" / "jkm" / "funeral.yaml"
    path.write_text(path.read_text().replace("\n", "\r\n"))
    assert load_rules(copy).version == rules.version  # line endings do not count
    path.write_text(path.read_text().replace("10000000", "10000001"))
    changed = load_rules(copy)
    assert changed.version != rules.version
    assert changed.value("benefit.jkm.funeral", "2025-06") == 10_000_001


def test_default_folder_env_var_and_cache(tmp_path, monkeypatch):
    clear_rules_cache()
    monkeypatch.delenv(ENV_VAR, raising=False)
    try:
        default = load_rules()
        assert Path(default.root) == RULES_DIR
        assert load_rules() is default  # cached
        copy = tmp_path / "rules"
        shutil.copytree(RULES_DIR, copy)
        monkeypatch.setenv(ENV_VAR, str(copy))
        assert Path(load_rules().root) == copy.resolve()
        monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing"))
        with pytest.raises(RulesError, match=ENV_VAR):
            load_rules()
    finally:
        clear_rules_cache()


# --------------------------------------------------------------------------- load errors

GOOD = """\
description: A toy rule.
values:
  2020-01-01: 1000
metadata:
  unit: currency-IDR
  label: Contoh
  label_en: Example
  reference:
    - title: Peraturan contoh
"""

BAD_FILES = {
    "missing unit": (GOOD.replace("  unit: currency-IDR\n", ""), "metadata.unit"),
    "missing label": (GOOD.replace("  label: Contoh\n", ""), "metadata.label"),
    "missing label_en": (GOOD.replace("  label_en: Example\n", ""), "metadata.label_en"),
    "missing reference": (GOOD.split("  reference:")[0], "metadata.reference"),
    "empty reference": (GOOD.split("  reference:")[0] + "  reference: []\n",
                        "metadata.reference"),
    "reference without title": (GOOD.replace("- title: Peraturan contoh", "- href: x"),
                                "metadata.reference[0].title"),
    "missing description": (GOOD.replace("description: A toy rule.\n", ""), "description"),
    "bad date": (GOOD.replace("2020-01-01", "2020-13-01"), "values.2020-13-01"),
    "not a date": (GOOD.replace("2020-01-01", "sejak 2020"), "values.sejak 2020"),
    "non-numeric value": (GOOD.replace(": 1000", ": seribu"), "values.2020-01-01"),
    "quoted number": (GOOD.replace(": 1000", ": '1000'"), "values.2020-01-01"),
    "boolean value": (GOOD.replace(": 1000", ": true"), "values.2020-01-01"),
    "share above 1": (GOOD.replace("currency-IDR", "/1").replace(": 1000", ": 60"),
                      "values.2020-01-01"),
    "duplicate date": (GOOD.replace("  2020-01-01: 1000\n",
                                    "  2020-01-01: 1000\n  2020-01-01: 2000\n"), "2020-01-01"),
    "unknown key": (GOOD + "valeu: 3\n", "valeu"),
    "no values": (GOOD.replace("values:\n  2020-01-01: 1000\n", ""), "values"),
    "group child typo": (GOOD.replace("values:\n  2020", "child:\n  valeus:\n    2020")
                         .replace("  2020-01-01: 1000", "    2020-01-01: 1000"), "child"),
    "unquoted region code": (
        GOOD.replace("values:\n  2020-01-01: 1000\n", "regions:\n  35.22:\n    name: X\n"
                     "    values: {2025: 0.6}\n    reference: [{title: Y}]\n"),
        "regions.35.22"),
    "region year not a year": (
        GOOD.replace("values:\n  2020-01-01: 1000\n", "regions:\n  '35.22':\n    name: X\n"
                     "    values: {2025-01-01: 0.6}\n    reference: [{title: Y}]\n"),
        "regions.35.22.values.2025-01-01"),
    "invalid yaml": ("description: [unclosed\n", None),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_load_errors_name_file_and_key(tmp_path, case):
    text, key = BAD_FILES[case]
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules(tmp_path)
    err = info.value
    assert err.file == "bad.yaml"
    assert str(err).startswith("bad.yaml")
    if key is not None:
        assert err.key == key, str(err)
        assert key in str(err)


def test_good_toy_file_loads(tmp_path):
    (tmp_path / "toy.yaml").write_text(GOOD, encoding="utf-8")
    rules = load_rules(tmp_path)
    assert rules.value("toy", "2020-01") == 1000
    assert rules.version.startswith("2020-01-01+")


def test_bad_file_name_and_empty_folder(tmp_path):
    with pytest.raises(RulesError, match="tidak ada berkas"):
        load_rules(tmp_path)
    (tmp_path / "35.22.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules(tmp_path)
    assert info.value.file == "35.22.yaml"
    with pytest.raises(RulesError, match="tidak ditemukan"):
        load_rules(tmp_path / "missing")


def test_conditions_need_their_facts(tmp_path, rules):
    with pytest.raises(RulesError, match="sector") as info:
        rules.matching("contribution.discount", "2026-06", segment="BPU", funding="mandiri")
    assert info.value.file == "contribution/discount/pp50_2025.yaml"


# --------------------------------------------------------------------------- no numbers in code


# named settings that are not policy: the CLI exit code and the version hash length
STRUCTURAL_LINES = ("exit_code = ", "_HASH_CHARS = ")


def _code_numbers(path: Path) -> set[float]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return {
        float(t.string.replace("_", ""))
        for t in tokens
        if t.type == tokenize.NUMBER and not t.line.strip().startswith(STRUCTURAL_LINES)
    }


def test_rules_module_has_no_policy_numbers(rules):
    modules = sorted((REPO / "ucjlib" / "rules").glob("*.py"))
    assert modules
    numbers = set().union(*(_code_numbers(m) for m in modules))
    # only structural literals in code: indexes, the 0-1 bounds of a share, percent
    assert numbers <= {0, 1, 100}
    policy = {v for p in rules.parameters.values() for _, v in p.values}
    policy |= {v for r in rules.regional.values() for t in r.regions.values() for _, v in t.values}
    assert not (numbers & policy) - {0, 1}
    # and no policy figure in docstrings or messages either
    text = "\n".join(m.read_text(encoding="utf-8") for m in modules)
    for literal in ["42000000", "42_000_000", "42.000.000", "16800", "16_800", "16.800", "6800",
                    "87000000", "174000000", "2500000", "0.6", "0.60", "0.6728", "0.5215",
                    "0.3215", "0.4392", "0.0174", "0.003", "60%", "52,15", "67,28"]:
        assert not re.search(rf"(?<![\d.,_]){re.escape(literal)}(?![\d_])", text), literal


# --------------------------------------------------------------------------- reference mirror

CSV_TO_RULE = {
    ("JKM", "BPU", "contribution_monthly"): "contribution.bpu.jkm_monthly",
    ("JKK", "BPU", "contribution_rate"): "contribution.bpu.jkk_rate",
    ("JKK+JKM", "BPU", "contribution_monthly_lowest_bracket"):
        "contribution.bpu.monthly_lowest_bracket",
    ("JKM", "PU", "contribution_rate"): "contribution.pu.jkm_rate",
    ("JKM", "all", "death_lump_sum"): "benefit.jkm.death_lump_sum",
    ("JKM", "all", "death_periodic"): "benefit.jkm.death_periodic",
    ("JKM", "all", "funeral"): "benefit.jkm.funeral",
    ("JKM", "all", "death_total"): "benefit.jkm.death_total",
    ("JKK", "all", "death_by_work_accident"): "benefit.jkk.death_income_multiple",
    ("JKK", "all", "death_by_work_accident_funeral"): "benefit.jkk.death_funeral",
    ("JKK", "all", "death_by_work_accident_periodic"): "benefit.jkk.death_periodic",
    ("scholarship", "all", "children_max"): "benefit.scholarship.children_max",
    ("scholarship", "all", "max_per_child"): "benefit.scholarship.max_per_child",
    ("scholarship", "all", "max_two_children"): "benefit.scholarship.max_two_children",
    ("scholarship", "all", "min_membership_years_jkm"):
        "benefit.scholarship.min_membership_years.jkm",
    ("scholarship", "all", "ends_at_age"): "benefit.scholarship.ends_at_age",
    **{("scholarship", "all", lvl): f"benefit.scholarship.amount.{lvl}" for lvl in LEVELS},
    ("JKK+JKM", "BPU", "contribution_discount"): "contribution.discount.pp50_2025.other",
    ("JKK+JKM", "all", "contribution_relief_covid"): "contribution.discount.pp49_2020",
}


def _reference(name: str) -> pd.DataFrame:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{name} not available (no reference mirror beside the checkout)")
    return pd.read_csv(path, dtype={"kode": str})


def test_rules_match_benefit_rules_csv(rules):
    csv = _reference("benefit_rules.csv")
    seen = set()
    for row in csv.itertuples():
        key = (row.program, row.participant_type, row.item)
        if key not in CSV_TO_RULE:
            continue
        name = CSV_TO_RULE[key]
        param = rules.parameters[name]
        peak = max(v for _, v in param.values)  # ended discounts end at 0
        assert peak == float(row.value), name
        seen.add(key)
    assert seen == set(CSV_TO_RULE)
    pu = csv.loc[csv["item"] == "contribution_rate_range", "value"].item()
    low, high = (float(x) for x in pu.split("-"))
    rates = [p.values[0][1] for p in rules.group("contribution.pu.jkk_rate").values()]
    assert (min(rates), max(rates)) == (low, high)


def test_targets_match_published_figures(rules):
    pub = _reference("published_figures.csv")
    targets = pub.loc[pub["indicator"].isin(["ucj_target", "ucj_target_kemendagri"])]
    for row in targets.itertuples():
        kode = row.kode if isinstance(row.kode, str) else None
        year = int(str(row.as_of)[:4])
        entry = rules.regional["target.ucj"].regions[kode or "nasional"]
        assert dict(entry.values)[year] == pytest.approx(row.value / 100), row.wilayah
    rpjmn = pub.loc[pub["indicator"] == "ucj_target_rpjmn"]
    path = dict(rules.regional["target.ucj_rpjmn"].regions["nasional"].values)
    assert path == {int(r.as_of): pytest.approx(r.value / 100) for r in rpjmn.itertuples()}
    grant = pub.loc[pub["indicator"] == "santunan_duka_per_death", "value"].item()
    assert rules.value("grant.bojonegoro.santunan_duka", "2025-01") == grant
