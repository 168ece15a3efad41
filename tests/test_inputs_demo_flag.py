"""The demo label is a value the loaders return, not a DataFrame attribute (issue 18).

``LoadReport.demo`` (and ``ReadResult.demo`` for Parquet metadata) carry it;
pandas operations that drop ``attrs`` (the population allocation, a concat)
can no longer lose it.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from ucjlib.demo.generate import write_demo
from ucjlib.errors import InputValidationError
from ucjlib.inputs.loaders import load_coverage, load_dataset, load_population
from ucjlib.inputs.readers import read_input


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo")
    write_demo(d, "35.22", fmt="parquet")
    return d / "35.22"


def _population(demo_dir, path, label: bool) -> int:
    wf = pd.read_parquet(demo_dir / "workforce.parquet")
    w25 = wf[wf["tahun"] == 2025]
    pop = pd.DataFrame({"kode": w25["kode"],
                        "penduduk_15": (w25["pekerja"] * 1.4).round().astype(int)})
    if label:
        pop["label_data"] = "data demo (sintetis)"
    pop.to_parquet(path)
    return int(w25["pekerja"].sum())


def test_loaders_return_the_demo_label(demo_dir, tmp_path):
    assert read_input(demo_dir / "coverage.parquet").demo is True
    cov, rep = load_coverage(demo_dir / "coverage.parquet", "35.22")
    assert rep.demo is True and "demo" not in cov.attrs
    plain = tmp_path / "c.csv"
    plain.write_text("kode;periode;segmen;pendanaan;peserta_aktif\n35.22;2025-06;PU;mandiri;5\n",
                     encoding="utf-8")
    assert load_coverage(plain, "35.22")[1].demo is False
    ds = load_dataset(demo_dir, "35.22")
    assert ds.demo is True and ds.coverage.attrs == {} and ds.workforce.attrs == {}


@pytest.mark.parametrize("with_workforce", [False, True])
def test_demo_population_keeps_the_label_through_the_allocation(demo_dir, tmp_path,
                                                                 with_workforce):
    """A demo penduduk file: the allocated workforce is demo too (attrs used to be lost)."""
    shutil.copy(demo_dir / "coverage.parquet", tmp_path / "coverage.parquet")
    if with_workforce:
        shutil.copy(demo_dir / "workforce.parquet", tmp_path / "workforce.parquet")
    total = _population(demo_dir, tmp_path / "penduduk.parquet", label=True)
    assert load_population(tmp_path / "penduduk.parquet", "35.22")[1].demo is True
    ds = load_dataset(tmp_path, "35.22", employed_total=total, tahun=2025)
    assert ds.demo is True


def test_real_population_with_demo_files_is_refused(demo_dir, tmp_path):
    shutil.copy(demo_dir / "coverage.parquet", tmp_path / "coverage.parquet")
    shutil.copy(demo_dir / "workforce.parquet", tmp_path / "workforce.parquet")
    total = _population(demo_dir, tmp_path / "penduduk.parquet", label=False)
    with pytest.raises(InputValidationError) as e:
        load_dataset(tmp_path, "35.22", employed_total=total, tahun=2025)
    (p,) = e.value.problems
    assert p.message.startswith("coverage.parquet, workforce.parquet adalah data demo")
    assert "penduduk.parquet data sungguhan" in p.message
