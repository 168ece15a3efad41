"""The region index: read once per process, Regions made on demand, same answers.

The lookups are checked against an independent reading of the gazetteer file
(a regular expression over the SQL text, then pandas), not against the parser.
"""

import re

import pandas as pd
import pytest

from ucjlib.errors import AmbiguousRegionError, UnknownRegionError
from ucjlib.geo import gazetteer as gz
from ucjlib.geo import wilayah as w
from ucjlib.geo.sources import source_file


@pytest.fixture(scope="module")
def raw():
    """Codes and names straight from the SQL text: ``kode``, ``nama``, ``depth``."""
    text = source_file("wilayah/db/wilayah.sql").read_text(encoding="utf-8")
    rows = re.findall(r"\('([0-9.]+)','((?:[^'\\]|\\.|'')*)'\)", text)
    df = pd.DataFrame(rows, columns=["kode", "nama"]).drop_duplicates("kode", keep="last")
    df["nama"] = df["nama"].str.replace("\\'", "'").str.replace("''", "'")
    df["depth"] = df["kode"].str.count(r"\.")
    return df.set_index("kode")


@pytest.fixture
def fresh_index():
    """Empty the per-process caches, so a test sees the index built from nothing."""
    def clear():
        for f in (gz.cached_gazetteer, w._index, w._region_at, w._subtree):
            f.cache_clear()

    clear()
    yield
    clear()  # the caches may hold objects made under a monkeypatched Region


@pytest.fixture
def region_count(monkeypatch):
    """Count every :class:`Region` constructed while the test runs."""
    calls = {"n": 0}
    init = w.Region.__init__

    def counting(self, *args, **kwargs):
        calls["n"] += 1
        init(self, *args, **kwargs)

    monkeypatch.setattr(w.Region, "__init__", counting)
    return calls


def test_counter_sees_every_region_made(fresh_index, region_count):
    # the counter sits in the constructor every path goes through, so a return to
    # building the whole gazetteer (91,599 Regions) would be counted in full
    w.Region("35.22", "Kabupaten Bojonegoro", "kabupaten", "kabupaten", "35")
    assert region_count["n"] == 1
    kab = w.children(None, "kabupaten")
    made = [w.Region(k, n, lv, j, p) for k, n, lv, j, p in
            kab[["kode", "nama", "level", "jenis", "parent"]].itertuples(index=False)]
    assert len(made) == 514 and region_count["n"] == 1 + 514


def test_resolving_builds_few_regions(fresh_index, region_count):
    assert w.resolve("35.22").kode == "35.22"
    assert region_count["n"] >= 1  # the counter is in the path resolve takes
    assert w.resolve("Kabupaten Bojonegoro").kode == "35.22"
    kec = w.children("35.22", "kecamatan")
    assert len(kec) == 28
    assert [w.get_region(k).level for k in kec["kode"]] == ["kecamatan"] * 28
    assert w.resolve("KEC. KALITIDU", level="kecamatan", within="35.22").kode == "35.22.16"
    assert region_count["n"] < 1000


def test_misspelt_name_builds_no_regions(fresh_index, region_count):
    with pytest.raises(UnknownRegionError) as exc:
        w.resolve("Bojonegro")
    assert exc.value.suggestions[0] == "35.22 Kabupaten Bojonegoro"
    with pytest.raises(AmbiguousRegionError):
        w.resolve("Bogor")
    assert region_count["n"] == 0


def test_same_code_same_region_object(fresh_index):
    a = w.get_region("35.22")
    assert w.resolve("Bojonegoro") is a and w.region_of("35.22") is a


def test_gazetteer_is_read_once_per_process(fresh_index, monkeypatch):
    calls = {"n": 0}
    load = gz._load_gazetteer

    def counting(mirror):
        calls["n"] += 1
        return load(mirror)

    monkeypatch.setattr(gz, "_load_gazetteer", counting)
    w.resolve("35.22")
    w.resolve("Kabupaten Bojonegoro")
    w.resolve("Kalitidu", level="kecamatan", within="35.22")
    with pytest.raises(UnknownRegionError):
        w.resolve("Bojonegro")
    w.children("35.22")
    w.children("35.22", "desa")
    w.subtree("35.22.16")
    w.find_regions("kalitdu", level="kecamatan")
    w.get_region("35.22.16.2006")
    w.gazetteer()
    assert calls["n"] == 1


def test_level_counts_match_the_file(raw):
    assert (raw["depth"] == 0).sum() == 38
    assert (raw["depth"] == 1).sum() == 514
    for depth, level in enumerate(w.LEVELS):
        assert len(w.children(None, level)) == (raw["depth"] == depth).sum()
    assert len(w.gazetteer()) == len(raw)


def test_children_of_bojonegoro_match_the_file(raw):
    kids = raw.loc[raw.index.str.startswith("35.22.") & (raw["depth"] == 2)]
    got = w.children("35.22")
    assert got["kode"].tolist() == sorted(kids.index)
    assert got["nama"].tolist() == kids.loc[sorted(kids.index), "nama"].tolist()
    assert len(kids) == 28
    desa = raw.loc[raw.index.str.startswith("35.22.") & (raw["depth"] == 3)]
    assert w.children("35.22", "desa")["kode"].tolist() == sorted(desa.index)
    assert len(w.subtree("35.22")) == 1 + len(kids) + len(desa)


@pytest.mark.parametrize("code", ["11", "35", "35.22", "35.22.16", "92.01", "94"])
def test_direct_children_match_the_file(raw, code):
    want = sorted(k for k in raw.index if k.rsplit(".", 1)[0] == code and k != code)
    assert w.children(code)["kode"].tolist() == want


@pytest.mark.parametrize("code", ["11", "35.22", "35.22.16", "35.22.16.2006", "91.03"])
def test_get_region_matches_the_file(raw, code):
    r = w.get_region(code)
    assert (r.kode, r.nama) == (code, raw.at[code, "nama"])
    assert r.level == w.LEVELS[raw.at[code, "depth"]]
    assert r.parent == w.parent_code(code)


def test_exact_names_match_the_file(raw):
    # every kabupaten/kota of Jawa Timur by its full name, and every kecamatan of
    # Bojonegoro by its name within the kabupaten
    jatim = raw.loc[raw.index.str.startswith("35.") & (raw["depth"] == 1)]
    for kode, nama in jatim["nama"].items():
        assert w.resolve(nama).kode == kode
    kec = raw.loc[raw.index.str.startswith("35.22.") & (raw["depth"] == 2)]
    for kode, nama in kec["nama"].items():
        assert w.resolve(nama.upper(), level="kecamatan", within="35.22").kode == kode


def test_unknown_code_suggests_siblings(raw):
    with pytest.raises(UnknownRegionError) as exc:
        w.get_region("35.22.99")
    sib = sorted(k for k in raw.index if k.startswith("35.22.") and raw.at[k, "depth"] == 2)[:5]
    assert exc.value.suggestions == [f"{k} {raw.at[k, 'nama']}" for k in sib]


def test_same_desa_name_in_many_places_is_ambiguous():
    g = w.gazetteer()
    desa = g.loc[g["level"] == "desa", "nama_norm"].value_counts()
    name = desa.index[0]  # the most common desa name of Indonesia
    with pytest.raises(AmbiguousRegionError) as exc:
        w.resolve(name, level="desa")
    want = g.loc[(g["level"] == "desa") & (g["nama_norm"] == name)].head(8)
    assert exc.value.candidates == [f"{k} {n}" for k, n in zip(want["kode"], want["nama"],
                                                               strict=True)]
