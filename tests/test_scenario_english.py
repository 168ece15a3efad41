"""Scenario names in English output (issue 18): built-in scenarios speak English, a user's
own file without English text keeps its own name in both languages."""

from __future__ import annotations

import pytest

from ucjlib.demo.generate import demo_dataset
from ucjlib.projection import project
from ucjlib.projection.scenario import (
    Renewal,
    Scenario,
    default_scenarios,
    load_scenarios,
    scenario_dir,
    scenarios_from_dict,
)
from ucjlib.render.csvout import projection_tables
from ucjlib.render.projection_text import projection_narrative, scenario_table

BUILT_IN_EN = ["baseline", "APBD not renewed", "APBD half renewed", "lapse stops"]
BUILT_IN_ID = ["dasar", "APBD tidak diperpanjang", "APBD diperpanjang separuh",
               "lapse berhenti"]


@pytest.fixture(scope="module")
def ds():
    return demo_dataset("35.22")


@pytest.fixture(scope="module")
def en(ds):
    return project(ds, draws=50, lang="en")


def test_every_committed_scenario_has_english_text():
    for path in sorted(scenario_dir().glob("*.yaml")):
        for s in load_scenarios(path):
            assert s.name_en and s.description_en, (path.name, s.name)
            assert s.name_in("id") == s.name and s.name_in("en") == s.name_en


def test_english_projection_of_built_in_scenarios_shows_english(en):
    assert list(en.scenarios["skenario"]) == BUILT_IN_ID  # identity: language-neutral
    assert en.scenario == "dasar" and en.figures()["scenario_name"] == "baseline"
    shown = en.shown()
    assert list(shown.scenarios["skenario"]) == BUILT_IN_EN
    assert set(shown.scenario_paths["skenario"]) == set(BUILT_IN_EN)
    assert shown.scenario == "baseline"
    assert shown.scenarios["deskripsi"].iloc[1] == (
        "The existing APBD cohorts leave in full the next January.")
    assert list(scenario_table(en).iloc[:, 0]) == BUILT_IN_EN
    table = next(t for t in projection_tables(en, "en") if t.name == "proyeksi-skenario")
    text = table.frame.to_csv()
    assert "APBD not renewed" in text and "tidak diperpanjang" not in text
    assert "Kohort" not in text
    assert not any("dasar" in line for line in projection_narrative(en))


def test_indonesian_projection_is_unchanged(ds):
    r = project(ds, draws=50)
    assert r.shown() is r
    assert list(r.scenarios["skenario"]) == BUILT_IN_ID
    assert r.scenario_name() == "dasar" and r.scenario_name(lang="en") == "baseline"
    assert list(scenario_table(r).iloc[:, 0]) == BUILT_IN_ID


def test_user_file_without_english_keeps_its_name(ds, tmp_path):
    f = tmp_path / "own.yaml"
    f.write_text("scenarios:\n  - name: APBD dihentikan 2026\n"
                 "    description: Kohort APBD keluar.\n"
                 "    parts:\n      - renewal: {funding: APBD, share: 0}\n", encoding="utf-8")
    (s,) = load_scenarios(f)
    assert (s.name_en, s.description_en) == ("", "")
    assert s.name_in("en") == "APBD dihentikan 2026"
    r = project(ds, scenario=f, draws=50, lang="en")
    shown = r.shown()
    assert shown.scenario == r.scenario == "APBD dihentikan 2026"
    assert list(shown.scenarios["skenario"]) == ["baseline", "APBD dihentikan 2026"]
    assert shown.scenarios["deskripsi"].iloc[1] == "Kohort APBD keluar."


def test_a_user_name_like_an_english_name_keeps_both_apart(ds):
    r = project(ds, scenario=Scenario("baseline", (Renewal("APBD", 0.0),)), draws=50,
                lang="en")
    shown = r.shown()
    assert list(shown.scenarios["skenario"]) == ["dasar", "baseline"]
    assert shown.scenario == "baseline"


def test_english_names_must_differ_within_a_file():
    doc = {"scenarios": [{"name": "a", "name_en": "x"}, {"name": "b", "name_en": "x"}]}
    from ucjlib.errors import InputValidationError

    with pytest.raises(InputValidationError, match="nama Inggris"):
        scenarios_from_dict(doc, "s.yaml")


def test_default_scenarios_carry_english(en):
    assert [s.name_in("en") for s in default_scenarios()] == BUILT_IN_EN
    assert en.to_dict()["scenario_text"]["dasar"]["name_en"] == "baseline"
