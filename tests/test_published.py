"""The published UCJ figures as data (issue 19): data/published/, the targets, ``ucj published``.

``data/published/ucj_published.csv`` is the project's copy of the reference mirror's
``reference/ucj_published_indonesia.csv``: every row has a resolved source, and its values
equal the reference file's (checked when the mirror is present). Every published province
and kabupaten/kota target is in ``data/rules/target/ucj.yaml`` for its own year, and a
kabupaten/kota without a target of its own gets its province's, cited.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import assert_one_paragraph

from ucjlib.published import PUBLISHED_FILE, latest_province_coverage, load_published
from ucjlib.rules import load_rules, target_for

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "data" / "reference" / "ucj_published_indonesia.csv"
KEYS = ["kode", "wilayah", "indicator", "as_of"]


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return load_published()


@pytest.fixture(scope="module")
def rules():
    return load_rules()


# --------------------------------------------------------------------------- the data


def test_every_row_has_a_resolved_source(published):
    assert len(published) > 200
    for row in published.itertuples():
        assert row.source.strip() and row.publisher.strip(), row
        assert not re.match(r"(?i)same\b", row.source), row  # "same (as above)" resolved
        assert row.link == "" or row.link.startswith("https://"), row
        assert row.source_date == "" or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", row.source_date)
    resolved = published.loc[published["source_resolved"] != ""]
    assert len(resolved) >= 10
    bali = published.set_index(["kode", "indicator"]).loc[("51", "ucj_target_pct")]
    assert bali["source"] == "bali.antaranews.com/berita/376813"  # was "same"


def test_values_match_the_reference_file(published):
    if not REFERENCE.exists():
        pytest.skip("reference mirror not available beside the checkout")
    ref = pd.read_csv(REFERENCE, dtype=str, keep_default_na=False)
    ref = ref.loc[~ref["wilayah"].str.startswith("(")]  # the garbled Lampung row, left out
    assert len(ref) == len(published)
    for ours, theirs in zip(published.itertuples(), ref.itertuples(), strict=True):
        for col in ["kode", "wilayah", "indicator", "unit", "as_of", "note"]:
            assert getattr(ours, col) == getattr(theirs, col), (col, ours)
        assert ours.value == float(theirs.value), ours
        if not theirs.source.lower().startswith("same"):
            assert ours.source == theirs.source


def test_the_data_file_is_packaged_and_documented():
    assert PUBLISHED_FILE.exists()
    readme = (PUBLISHED_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "ucj_published_indonesia.csv" in readme and "Caveats" in readme
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "published/*.csv" in pyproject


def test_latest_province_coverage(published):
    latest = latest_province_coverage(published).set_index("kode")
    assert latest.index.is_unique and len(latest) == 35
    assert {"32", "76", "95"}.isdisjoint(latest.index)  # none published
    assert latest.loc["51", "value"] == pytest.approx(0.5088)
    assert latest.loc["71", "as_of"] == "2025-12-16"  # the later of 2024 and 2025-12-16
    assert latest.loc["65", "as_of"] == "2025"  # a bare year sorts at its end


# --------------------------------------------------------------------------- the targets


def test_every_published_target_is_a_rule_for_its_year(published, rules):
    regions = rules.regional["target.ucj"].regions
    targets = published.loc[(published["indicator"] == "ucj_target_pct")
                            & (published["kode"] != "")]
    assert len(targets) >= 25
    for row in targets.itertuples():
        year = int(row.as_of[:4])
        entry = regions[row.kode]
        assert dict(entry.values)[year] == pytest.approx(row.value / 100), row
        assert entry.references, row
    national = published.loc[published["indicator"] == "ucj_target_pct_kemendagri"]
    assert dict(regions["nasional"].values) == {
        int(r.as_of): pytest.approx(r.value / 100) for r in national.itertuples()}


def test_target_attainment_is_not_a_target(published, rules):
    attained = published.loc[published["indicator"] == "ucj_target_attainment_pct"]
    assert not attained.empty
    regions = rules.regional["target.ucj"].regions
    for row in attained.itertuples():
        values = dict(regions[row.kode].values) if row.kode in regions else {}
        assert pytest.approx(row.value / 100) not in list(values.values())


@pytest.mark.parametrize(("kode", "province", "value", "cited"), [
    ("52.01", "52", 0.6222, "ANTARA Mataram"),
    ("52.71", "52", 0.6222, "Bangda"),
    ("31.71", "31", 0.66, "jakartanews.id"),
    ("73.71", "73", 0.6293, "harian.fajar.co.id"),
])
def test_a_kabupaten_gets_its_province_target_cited(rules, kode, province, value, cited):
    choice = target_for(kode, "2025-06", rules=rules)
    assert (choice.value, choice.source_kode, choice.source_level) == (value, province,
                                                                         "provinsi")
    assert cited in choice.reference and cited in choice.describe()
    assert "target provinsi" in choice.describe() and "provincial target" in choice.describe("en")


def test_years_are_kept_apart(rules):
    riau = [target_for("14.71", f"{y}-06", rules=rules) for y in (2025, 2028, 2029, 2030)]
    assert [(t.year, t.value) for t in riau] == [(2025, 0.5505), (2025, 0.5505),
                                                 (2029, 0.85), (2029, 0.85)]
    assert "2025 target carried forward to 2028" in riau[1].describe("en")
    jambi = target_for("15.03", "2025-03", rules=rules)  # Jambi's 2024 target, said so
    assert (jambi.year, jambi.value) == (2024, 0.53)
    assert "carried forward" in jambi.describe("en")
    kalbar = [target_for("61.71", f"{y}-06", rules=rules).value for y in (2025, 2026, 2027)]
    assert kalbar == [0.5956, 0.6080, 0.6080]
    lampung = [target_for("18.71", f"{y}-06", rules=rules).value for y in (2024, 2025)]
    assert lampung == [0.3262, 0.3839]


def test_existing_targets_stay(rules):
    assert target_for("35.22", "2025-06", rules=rules).value == 0.60  # own, not Jatim's
    assert target_for("35.22", "2025-06", rules=rules).reference.startswith("SuaraBojonegoro")
    assert target_for("51.03", "2025-06", rules=rules).value == 0.6728
    bogor = target_for("32.71", "2025-06", rules=rules)  # Jawa Barat: no published target
    assert (bogor.value, bogor.source_level) == (0.5215, "nasional")
    own = target_for("35.23", "2025-06", rules=rules)  # Tuban's own beats Jawa Timur's
    assert (own.source_kode, own.value) == ("35.23", 0.3436)
    jatim = target_for("35.76", "2025-06", rules=rules)
    assert (jatim.source_kode, jatim.value) == ("35", 0.40)


# --------------------------------------------------------------------------- ucj published


def test_cli_shows_every_section_with_sources_and_caveats(ucj):
    res = ucj(["published"])
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "angka publikasi" in out and "bukan data demo" in out
    for heading in ["Nasional", "Cakupan UCJ terbaru per provinsi", "Cakupan UCJ kabupaten/kota",
                    "Target UCJ provinsi dan kabupaten/kota"]:
        assert heading in out
    assert re.search(r"51\s+Bali\s+cakupan UCJ\s+50,88%\s+2025-03-31\s+bali\.antaranews\.com",
                     out)
    assert "target Kemendagri  52,15%" in out
    assert "Catatan: penyebut berbeda antarsumber" in out
    assert "data demo (sintetis)" not in out


def test_cli_one_province_by_name(ucj):
    res = ucj(["published", "--provinsi", "Nusa Tenggara Barat"])
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "52 Nusa Tenggara Barat" in out and "62,22%" in out and "mataram.antaranews.com" in out
    assert "Nasional" not in out and "Bali" not in out
    assert "Catatan: penyebut" in out


def test_cli_province_without_figures(ucj):
    res = ucj(["published", "--provinsi", "95"])
    assert res.returncode == 0, res.stderr
    assert "Tidak ada angka publikasi untuk 95 Papua Pegunungan." in res.stdout


def test_cli_csv_and_json(ucj, published):
    res = ucj(["published", "--format", "csv"])
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert {r["section"] for r in rows} == {"nasional", "provinsi", "kabupaten", "target"}
    assert all(r["source"] for r in rows)
    assert "penyebut" in res.stderr  # the caveat, beside the file
    res = ucj(["published", "--provinsi", "51", "--format", "json", "--lang", "en"])
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["label"] == "published figures (not demo data)"
    assert data["provinsi"] == {"kode": "51", "nama": "Bali"}
    assert [r["value"] for r in data["figures"]["target"]] == [67.28]
    assert data["caveats"][0].startswith("Note: denominators differ")


def test_cli_english_table(ucj):
    res = ucj(["published", "--provinsi", "31", "--lang", "en"])
    assert res.returncode == 0, res.stderr
    assert "Published UCJ figures — 31 Daerah Khusus Ibukota Jakarta" in res.stdout
    assert "66%" in res.stdout and "Note: denominators differ" in res.stdout


@pytest.mark.parametrize(("args", "fragments"), [
    (["published", "--provinsi", "Narnia"], ["Narnia"]),
    (["published", "--provinsi", "35.22"], ["35.22"]),
    (["published", "--format", "xlsx"], ["--format"]),
])
def test_cli_mistakes_are_one_paragraph(ucj, args, fragments):
    res = ucj(args)
    assert_one_paragraph(res, 2, fragments)
    assert res.stdout == ""
    assert "\n\n" not in res.stderr.strip()


# --------------------------------------------------------------------------- the map


def _squares(codes):
    import geopandas as gpd
    from shapely.geometry import box

    return gpd.GeoDataFrame({"kode": codes}, geometry=[box(i, 0, i + 0.9, 1)
                                                       for i in range(len(codes))], crs=4326)


def test_cli_map_of_published_figures(ucj, tmp_path, monkeypatch):
    import matplotlib.figure

    import ucjlib.render.published as rp

    monkeypatch.setattr(rp, "province_polygons", lambda: _squares(["11", "32", "51", "95"]))
    texts = []
    real_save = matplotlib.figure.Figure.savefig

    def spy(fig, *args, **kwargs):
        from ucjlib.render.style import figure_texts

        texts.extend(figure_texts(fig))
        return real_save(fig, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", spy)
    out = tmp_path / "peta.png"
    res = ucj(["published", "--map", str(out)])
    assert res.returncode == 0, res.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    joined = "\n".join(texts)
    assert "angka publikasi" in joined and "tidak ada angka publikasi" in joined
    assert "data demo (sintetis)" not in joined.lower() and "52,15%" in joined


def test_cli_map_mistakes(ucj, tmp_path, monkeypatch):
    import ucjlib.render.published as rp
    from ucjlib.errors import BoundaryError

    res = ucj(["published", "--map", str(tmp_path / "peta.pdf")])
    assert_one_paragraph(res, 2, ["--map", ".png"])
    res = ucj(["published", "--provinsi", "51", "--map", str(tmp_path / "peta.png")])
    assert_one_paragraph(res, 2, ["--provinsi"])

    def no_store():
        raise BoundaryError("Penyimpanan batas wilayah belum berisi provinsi untuk seluruh "
                            "Indonesia; jalankan `ucj boundaries build`.")

    monkeypatch.setattr(rp, "province_polygons", no_store)
    res = ucj(["published", "--map", str(tmp_path / "peta.png")])
    assert_one_paragraph(res, 5, ["ucj boundaries build"])
    assert res.stdout == "" and not (tmp_path / "peta.png").exists()
