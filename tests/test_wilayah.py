"""Gazetteer and name matching, checked against the Kemendagri source file."""

import re

import pytest

from ucjlib.errors import AmbiguousRegionError, ArgumentError, UnknownRegionError
from ucjlib.geo import wilayah as w
from ucjlib.geo.names import match_names
from ucjlib.geo.sources import source_file


@pytest.fixture(scope="module")
def raw_rows():
    """Count rows straight from the SQL text, independently of the parser."""
    text = source_file("wilayah/db/wilayah.sql").read_text(encoding="utf-8")
    return re.findall(r"^\('([0-9.]+)','", text, flags=re.M)


def test_gazetteer_matches_source_row_count(raw_rows):
    g = w.gazetteer()
    assert len(g) == len(set(raw_rows))
    assert g["kode"].is_unique


def test_levels_and_parents():
    g = w.gazetteer()
    assert (g["level"] == "provinsi").sum() == 38
    assert (g["level"] == "kabupaten").sum() == 514
    # every non-province unit has a parent that exists
    codes = set(g["kode"])
    assert set(g.loc[g["level"] != "provinsi", "parent"]) <= codes


def test_bojonegoro_counts_from_readme():
    # ../shared/data/README.md: 28 kecamatan and 430 desa/kelurahan
    assert len(w.children("35.22", "kecamatan")) == 28
    assert len(w.children("35.22", "desa")) == 430
    assert len(w.children("35", "kabupaten")) == 38
    assert len(w.children("32.71", "kecamatan")) == 6


def test_kelurahan_vs_desa_by_code():
    g = w.gazetteer().set_index("kode")
    for code, row in g.loc[g["level"] == "desa"].head(2000).iterrows():
        assert row["jenis"] == ("kelurahan" if code.split(".")[-1].startswith("1") else "desa")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("BOJONEGORO", "35.22"),
        ("Kab. Bojonegoro", "35.22"),
        ("  kabupaten   bojonegoro ", "35.22"),
        ("Kota Bogor", "32.71"),
        ("kab bogor", "32.01"),
        ("Surabaya", "35.78"),
        ("35.22", "35.22"),
    ],
)
def test_resolve_kabupaten(query, expected):
    assert w.resolve(query).kode == expected


@pytest.mark.parametrize("query", ["bojonegor", "Bojonegro", "Bojo negoro"])
def test_misspelt_name_is_never_corrected_silently(query):
    with pytest.raises(UnknownRegionError) as exc:
        w.resolve(query)
    assert exc.value.suggestions[0] == "35.22 Kabupaten Bojonegoro"
    assert "Mungkin maksud Anda: 35.22 Kabupaten Bojonegoro" in str(exc.value)
    assert exc.value.exit_code == 2


def test_ambiguous_name_is_an_error_with_both_choices():
    with pytest.raises(AmbiguousRegionError) as exc:
        w.resolve("Bogor")
    assert exc.value.candidates == ["32.01 Kabupaten Bogor", "32.71 Kota Bogor"]
    assert "ambigu" in str(exc.value) and "tidak dikenal" not in str(exc.value)
    assert exc.value.exit_code == 2


@pytest.mark.parametrize("query,expected", [("3522", "35.22"), ("352216", "35.22.16"),
                                             (3522, "35.22"), (" 35.22 ", "35.22")])
def test_resolve_accepts_code_shapes(query, expected):
    assert w.resolve(query, level=None).kode == expected


@pytest.mark.parametrize("query", [35.1, "35.1", "35,10"])
def test_float_code_says_to_pass_text(query):
    with pytest.raises(ArgumentError) as exc:
        w.resolve(query)
    assert "-r" in str(exc.value)


def test_resolve_region_passthrough_and_within():
    r = w.resolve("Kalitidu", level="kecamatan", within="35.22")
    assert r.kode == "35.22.16" and w.resolve(r, level="kecamatan") is r
    with pytest.raises(UnknownRegionError, match="tidak berada"):
        w.resolve("35.22.16", level="kecamatan", within="35.24")
    # a name found at several levels: the highest wins when no level is given
    assert w.resolve("Bojonegoro", level=None).kode == "35.22"


def test_region_of_never_matches_names():
    assert w.region_of("35.22").nama == "Kabupaten Bojonegoro"
    with pytest.raises(ArgumentError, match="resolve_region"):
        w.region_of("Bojonegoro")
    with pytest.raises(UnknownRegionError, match="bukan kabupaten"):
        w.region_of("35.22.16", level="kabupaten")


def test_unknown_name_has_suggestions():
    with pytest.raises(UnknownRegionError) as exc:
        w.resolve("Bojonegoroo xx", level="kabupaten")
    assert exc.value.suggestions and exc.value.suggestions[0].startswith("35.22")


def test_unknown_code():
    with pytest.raises(UnknownRegionError):
        w.get_region("35.99")


def test_wrong_level_code():
    with pytest.raises(UnknownRegionError) as exc:
        w.resolve("35.22.01", level="kabupaten")
    assert "adalah kecamatan" in str(exc.value)
    assert exc.value.suggestions == ["35.22 Kabupaten Bojonegoro"]


def test_match_names_within_parent():
    names = ["KEC. KALITIDU", "Kalitidu ", "Kalitdu", "Ngasm", "Zzzz", "Kec Ngraho"]
    m = match_names(names, "kecamatan", "35.22")
    t = m.table.set_index("input")
    assert t.loc["KEC. KALITIDU", "status"] == "matched"
    assert t.loc["Kalitidu ", "kode"] == t.loc["KEC. KALITIDU", "kode"]
    assert t.loc["Kalitdu", "status"] == "guessed"
    assert t.loc["Kalitdu", "kode"] == t.loc["KEC. KALITIDU", "kode"]
    assert t.loc["Zzzz", "status"] == "unmatched" and t.loc["Zzzz", "kode"] is None
    assert t.loc["Kec Ngraho", "kode"] == "35.22.01"
    assert m.counts()["unmatched"] == 1
    assert "1 tidak cocok" in m.summary()
    # the guess stays inside the parent: Kalitidu exists only once under 35.22
    assert all(k.startswith("35.22.") for k in m.mapping.values())


def test_desa_name_with_prefix():
    m = match_names(["Ds Mojodelik", "DESA MOJODELIK"], "desa", "35.22.28")
    assert set(m.table["status"]) == {"matched"}
    assert set(m.table["kode"]) == {"35.22.28.2004"}


def test_same_name_twice_in_parent_is_not_guessed():
    g = w.gazetteer()
    des = g.loc[(g["level"] == "desa") & g["kode"].str.startswith("35.22.")]
    dup = des["nama_norm"].value_counts()
    dup = dup[dup > 1]
    if dup.empty:
        pytest.skip("no duplicate desa names in Bojonegoro")
    name = des.loc[des["nama_norm"] == dup.index[0], "nama"].iloc[0]
    m = match_names([name], "desa", "35.22")
    assert m.table.iloc[0]["status"] == "unmatched"


@pytest.mark.parametrize(
    "text, kind, rest",
    [("KEC. KALITIDU", "kecamatan", "KALITIDU"), ("Ds Mojodelik", "desa", "Mojodelik"),
     ("Kel. Ledok Kulon", "kelurahan", "Ledok Kulon"), ("Kota Bogor", "kota", "Bogor"),
     ("Kabupaten", None, "Kabupaten"), ("Desaku", None, "Desaku")],
)
def test_split_prefix(text, kind, rest):
    assert w.split_prefix(text) == (kind, rest)


def test_level_helpers():
    assert w.level_of("35") == "provinsi"
    assert w.parent_code("35.22.01.2001") == "35.22.01"
    assert w.parent_code("35") is None
    with pytest.raises(ValueError):
        w.level_of("35.2")
    with pytest.raises(ArgumentError, match="provinsi, kabupaten, kecamatan, desa"):
        w.normalize_level("dusun")
