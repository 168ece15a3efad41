"""Kept results as data (ucjlib.report.store): JSON + Parquet, no pickles, exact round trip.

Real results of the Bojonegoro (35.22) demo — kecamatan and desa coverage (small-cell
protected), a protected desa projection and a budget built on it — are saved and read
back, and compared field by field (tables with their dtypes). A file that was tampered
with, or a table that went missing, gives a UcjError naming the file, never a traceback,
and no name read from a file is ever imported.
"""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
import sys
import time

import numpy as np
import pandas as pd
import pytest

from ucjlib.errors import ArgumentError, OutputError, UcjError
from ucjlib.geo.wilayah import Region
from ucjlib.report.store import SCHEMA, ResultsFileError, load_results, save_results
from ucjlib.smallcells import Suppression, suppress_small_cells

NAMES = ["coverage", "coverage_desa", "projection", "budget"]


@pytest.fixture(scope="module")
def results():
    import ucjlib as ucj
    from ucjlib.budget import estimate_budget
    from ucjlib.projection import project

    reg = ucj.resolve_region("35.22")
    ds = ucj.open_dataset(reg)
    cov = ucj.analyze_coverage(ds, level="kecamatan")
    desa = ucj.analyze_coverage(ds, level="desa")
    proj = suppress_small_cells(project(ds, deadline="2025-12", level="desa", draws=200), 10)
    bud = estimate_budget(None, start="2026-01", years=3, dataset=ds, projection=proj,
                          draws=500)
    return {"coverage": cov, "coverage_desa": suppress_small_cells(desa, 10),
            "projection": proj, "budget": bud, "_desa": desa}


@pytest.fixture(scope="module")
def saved(results, tmp_path_factory):
    folder = tmp_path_factory.mktemp("store") / ".results"
    written = save_results({k: results[k] for k in NAMES}, folder)
    return folder, written, load_results(folder)


@pytest.fixture
def copy(saved, tmp_path):
    """A fresh copy of the saved folder, to tamper with."""
    return shutil.copytree(saved[0], tmp_path / "r")


def assert_same(a, b, where="hasil"):
    """Walk dataclass fields, dicts and sequences; tables equal with their dtypes."""
    if isinstance(a, np.generic):  # numpy scalars may come back as Python numbers
        a = a.item()
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, obj=where)
        for col in [c for c in a.columns if a[c].dtype == object]:  # None stays None, NaN stays NaN
            assert [type(v) for v in a[col]] == [type(v) for v in b[col]], f"{where}.{col}"
    elif dataclasses.is_dataclass(a):
        assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(b)]
        for f in dataclasses.fields(a):
            assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            assert_same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}[{i}]")
    elif a is pd.NA:
        assert b is pd.NA, where
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b), where
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def no_constant(name):
    pytest.fail(f"JSON holds {name}")


def same_json(a, b) -> bool:
    """Equal as JSON-ready data, NaN equal to NaN."""
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True,
                                                                     default=str)


# --- round trip --------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_round_trip_every_field(results, saved, name):
    loaded = saved[2]
    assert list(loaded) == NAMES  # the report's reading order
    assert type(loaded[name]) is type(results[name])
    assert_same(results[name], loaded[name], name)


@pytest.mark.parametrize("name", NAMES)
def test_figures_and_to_dict_equal(results, saved, name):
    orig, back = results[name], saved[2][name]
    assert same_json(orig.figures(), back.figures())
    assert same_json(orig.to_dict(), back.to_dict())
    assert orig.label == back.label


def test_region_target_and_tuples_restored(results, saved):
    cov = saved[2]["coverage"]
    assert isinstance(cov.region, Region) and cov.region == results["coverage"].region
    assert cov.target == results["coverage"].target
    assert isinstance(cov.notes, tuple) and isinstance(cov.cohorts, tuple)
    assert isinstance(cov.cohorts[0], dict)
    proj = saved[2]["projection"]
    assert isinstance(proj.model["streams"], list) and isinstance(proj.pace, dict)
    assert isinstance(proj.suppressed, Suppression)
    bud = saved[2]["budget"]
    assert bud.gap == results["budget"].gap and bud.renewal == results["budget"].renewal


def test_folder_holds_only_data(saved):
    folder, written, _ = saved
    files = sorted(p.name for p in folder.iterdir())
    assert files == sorted(p.name for p in written)
    assert not any(f.endswith(".pkl") or f.startswith(".") for f in files)
    assert {f.rsplit(".", 1)[1] for f in files} == {"json", "parquet"}
    assert "coverage.table.parquet" in files and "budget.monthly.parquet" in files
    for name in NAMES:
        assert written.index(folder / f"{name}.json") > max(
            i for i, p in enumerate(written)
            if p.name.startswith(f"{name}.") and p.suffix == ".parquet")
        # strict JSON: no NaN/Infinity literals, and a schema number
        doc = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"),
                         parse_constant=no_constant)
        assert doc["schema"] == SCHEMA and doc["name"] == name


def test_suppressed_result_keeps_its_codes(results, tmp_path):
    desa = suppress_small_cells(results["_desa"], 200)  # the demo has no desa below 10
    assert desa.suppressed.primary and desa.suppressed.complementary
    save_results({"coverage_desa": desa}, tmp_path)
    back = load_results(tmp_path)["coverage_desa"]
    assert back.suppressed == desa.suppressed
    assert back.suppressed.hidden == desa.suppressed.hidden
    hidden = back.table["kode"].isin(back.suppressed.hidden)
    assert back.table.loc[hidden, "peserta_aktif"].isna().all()
    assert back.notes == desa.notes
    assert_same(desa, back)
    # applying the protection again is a no-op on the loaded result too
    assert suppress_small_cells(back, 200) is back


def test_mixed_tables_and_nested_frames(results, tmp_path):
    from ucjlib.smallcells import count_cells

    desa = suppress_small_cells(results["_desa"], 200)
    shown = desa.table[["kode"]].assign(peserta=count_cells(desa.table, desa))
    assert set(shown["peserta"].map(type)) >= {str, int}
    mixed = pd.DataFrame({
        "sel": pd.Series(["<10", 12, None, np.nan, 3.5, np.int64(7), True, pd.NA],
                         dtype=object),
        "teks": pd.Series(["a", None, "c", "d", "e", "f", "g", "h"], dtype=object),
        "kosong": pd.Series([None] * 8, dtype=object),
        "kat": pd.Categorical(list("xyxyxyxy"), categories=["y", "x", "z"], ordered=True),
        "n": pd.array([1, None, 3, 4, 5, 6, 7, 8], dtype="Int64"),
        "ok": pd.array([True, None, False, True, True, False, True, None], dtype="boolean"),
        "f": [0.5, np.nan, np.inf, -np.inf, -0.0, 1e300, 2.0, 3.0],
        "s": pd.Series(["a", None, "c", "d", "e", "f", "g", "h"], dtype="str"),
    }, index=pd.RangeIndex(10, 18))
    numbered = pd.DataFrame({0: [1, 2], 1: ["a", "b"]})
    extra = {"tampil": shown, "campur": mixed, "bernomor": numbered,
             "kunci_angka": {2025: 1.5, 2026: np.float64("nan")}, ("a", 1): "tuple-key",
             "dalam": {"__type__": "bukan tipe", "tabel": mixed.head(2), "na": pd.NA},
             "tak_hingga": [math.inf, -math.inf, math.nan], "np": np.int32(4),
             "kosong": pd.DataFrame(), "target": results["coverage"].target}
    bud = dataclasses.replace(results["budget"], extra=extra)
    proj = results["projection"]
    proj = dataclasses.replace(proj, model={**proj.model, "tabel": mixed},
                               pace={**proj.pace, "tabel": shown})
    written = save_results({"budget": bud, "projection": proj}, tmp_path)
    assert (tmp_path / "budget.extra.campur.parquet") in written
    assert (tmp_path / "budget.extra.dalam.tabel.parquet") in written
    assert (tmp_path / "projection.model.tabel.parquet") in written
    back = load_results(tmp_path)
    assert_same(bud, back["budget"], "budget")
    assert_same(proj, back["projection"], "projection")
    assert back["budget"].extra["tampil"]["peserta"].tolist() == shown["peserta"].tolist()
    assert back["budget"].extra["np"] == 4 and type(back["budget"].extra["np"]) is int


def test_none_result_and_stale_tables(results, tmp_path):
    save_results({"budget": results["budget"]}, tmp_path)
    assert len(list(tmp_path.glob("budget.*.parquet"))) == 8
    assert save_results({"budget": None}, tmp_path) == [tmp_path / "budget.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["budget.json"]
    assert load_results(tmp_path) == {"budget": None}


def test_missing_folder_is_empty(tmp_path):
    assert load_results(tmp_path / "nothing") == {}


def test_fast_enough(results, tmp_path):
    best = math.inf
    for _ in range(3):
        t0 = time.perf_counter()
        save_results({k: results[k] for k in NAMES}, tmp_path)
        load_results(tmp_path)
        best = min(best, time.perf_counter() - t0)
    assert best < 0.5, f"save + load took {best:.2f} s"


# --- files that cannot be read back --------------------------------------------------------

def tamper(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_type_is_refused_and_never_imported(copy):
    tamper(copy / "coverage.json", '"__type__": "ucjlib.results.Target"',
           '"__type__": "ucjlib_evil_module.Payload"')
    with pytest.raises(ResultsFileError) as e:
        load_results(copy)
    assert isinstance(e.value, OutputError) and isinstance(e.value, UcjError)
    assert "coverage.json" in str(e.value) and "ucjlib_evil_module.Payload" in str(e.value)
    assert "ucjlib.results.Target" in e.value.expected
    assert "ucjlib_evil_module" not in sys.modules


def test_missing_parquet_names_the_file(copy):
    (copy / "projection.allocation.parquet").unlink()
    with pytest.raises(ResultsFileError, match=r"projection\.allocation\.parquet") as e:
        load_results(copy)
    assert "projection.json" in str(e.value)


def test_changed_parquet_is_refused(copy):
    shutil.copy(copy / "coverage.series.parquet", copy / "coverage.table.parquet")
    with pytest.raises(ResultsFileError, match=r"coverage\.table\.parquet.*SHA-256"):
        load_results(copy)


def test_not_a_parquet_file(copy):
    path = copy / "budget.monthly.parquet"
    path.write_bytes(b"not parquet")
    import hashlib

    doc = json.loads((copy / "budget.json").read_text(encoding="utf-8"))
    old = next(v["sha256"] for v in [doc["result"]["fields"]["monthly"]])
    tamper(copy / "budget.json", old, hashlib.sha256(b"not parquet").hexdigest())
    with pytest.raises(ResultsFileError, match=r"budget\.monthly\.parquet.*Parquet"):
        load_results(copy)


@pytest.mark.parametrize("old,new,says", [
    ('"schema": 1', '"schema": 99', "skema 99"),
    ('"schema": 1', '"schema": "1"', "skema"),
    ('"name": "coverage"', '"name": "budget"', "'budget'"),
    ('"file": "coverage.table.parquet"', '"file": "../../etc/passwd.parquet"', "passwd"),
    ('"file": "coverage.table.parquet"', '"file": "budget.monthly.parquet"', "nama berkas"),
    ('"periode": "2025-06",', '', "kolom hilang 'periode'"),
    ('"periode": "2025-06"', '"periode_baru": "2025-06"', "kolom tak dikenal"),
    ('"kode": "35.22"', '"kode": "99.99"', "99.99"),
    ('"kode": "35.22"', '"kode": 35.22', "kode"),
    ('"value": 0.6', '"value": NaN', "JSON"),
    ('"__type__": "tuple"', '"__type__": "builtins.eval"', "builtins.eval"),
    ('"__type__": "DataFrame"', '"__type__": "pandas.read_pickle"', "pandas.read_pickle"),
    ('"file": "coverage.table.parquet"', '"file": 7', "'file'"),
])
def test_malformed_json_names_the_file(copy, old, new, says):
    tamper(copy / "coverage.json", old, new)
    with pytest.raises(ResultsFileError) as e:
        load_results(copy)
    assert "coverage.json" in str(e.value) or "coverage.table" in str(e.value)
    assert says in str(e.value)


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", '{"schema": 1}', "\xff\xfe",
                                  '{"schema": 1, "name": "coverage", "result": '
                                  + "[" * 100_000 + "]" * 100_000 + "}"])
def test_garbage_json(copy, text):
    (copy / "coverage.json").write_text(text, encoding="latin-1")
    with pytest.raises(ResultsFileError, match=r"coverage\.json"):
        load_results(copy)


# --- what cannot be saved ------------------------------------------------------------------

def test_values_that_are_not_data_are_refused(results, tmp_path):
    bud = dataclasses.replace(results["budget"], extra={"kapan": pd.Timestamp("2025-01-01")})
    with pytest.raises(OutputError, match=r"budget\.json.*Timestamp.*extra\.kapan"):
        save_results({"budget": bud}, tmp_path)

    @dataclasses.dataclass(frozen=True)
    class Other:
        x: int = 1

    with pytest.raises(OutputError, match="Other"):
        save_results({"lain": Other()}, tmp_path)
    assert not list(tmp_path.iterdir())  # nothing half written


@pytest.mark.parametrize("name", ["../x", "a.b", "", "a/b", 3])
def test_bad_names(tmp_path, name):
    with pytest.raises(ArgumentError):
        save_results({name: None}, tmp_path)
