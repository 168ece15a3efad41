"""Workforce denominator: largest-remainder allocation and population files."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ucjlib.errors import InputValidationError
from ucjlib.inputs.loaders import load_workforce
from ucjlib.inputs.workforce import allocate_workforce, largest_remainder

FIX = Path(__file__).parent / "fixtures"


def test_largest_remainder_hand_examples():
    # 10 / 3 = 3 rem 1 -> the first unit (tie broken by order) gets the extra one
    assert largest_remainder([1, 1, 1], 10).tolist() == [4, 3, 3]
    # quotas 3.5, 2.1, 1.4 -> floors 3, 2, 1 (sum 6), the one left goes to the 0.5
    assert largest_remainder([50, 30, 20], 7).tolist() == [4, 2, 1]
    # quotas 0.3, 0.3, 0.4 of 1 -> the largest remainder wins
    assert largest_remainder([3, 3, 4], 1).tolist() == [0, 0, 1]
    assert largest_remainder([0, 5], 3).tolist() == [0, 3]
    assert largest_remainder([0, 0], 0).tolist() == [0, 0]
    with pytest.raises(ValueError):
        largest_remainder([0, 0], 5)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=40).filter(lambda w: sum(w) > 0),
       st.integers(0, 10**7))
def test_largest_remainder_properties(weights, total):
    out = largest_remainder(weights, total)
    assert int(out.sum()) == total
    s = sum(weights)
    for w, n in zip(weights, out, strict=True):
        quota = Fraction(total * w, s)
        assert quota - 1 < n < quota + 1  # floor or ceil of the exact quota


def test_allocate_bojonegoro_kecamatan():
    from ucjlib.geo.wilayah import children

    kec = children("35.22", "kecamatan")["kode"].tolist()
    rng = np.random.default_rng(1)
    pop = pd.DataFrame({"kode": kec, "penduduk_15": rng.integers(20_000, 90_000, len(kec))})
    wf, note = allocate_workforce(pop, 692_456, 2021)
    assert len(wf) == 28 and int(wf["pekerja"].sum()) == 692_456
    assert wf["pekerja_estimasi"].all() and set(wf["tahun"]) == {2021}
    share = wf.set_index("kode")["pekerja"] / 692_456
    expected = pop.set_index("kode")["penduduk_15"] / pop["penduduk_15"].sum()
    assert (share - expected).abs().max() < 1 / 692_456 + 1e-12
    assert "estimasi" in note and "692.456" in note and "Kabupaten Bojonegoro" in note
    assert "Sakernas Agustus 2021" in note and "15 tahun ke atas" in note
    _, note_en = allocate_workforce(pop, 692_456, 2021, lang="en")
    assert "estimated" in note_en and "692,456" in note_en


def test_allocate_rejects_bad_population():
    with pytest.raises(InputValidationError, match="kode ganda"):
        allocate_workforce(pd.DataFrame({"kode": ["35.22.01", "35.22.01"],
                                         "penduduk_15": [1, 2]}), 10, 2024)
    with pytest.raises(InputValidationError, match="campuran"):
        allocate_workforce(pd.DataFrame({"kode": ["35.22.01", "35.22.01.2001"],
                                         "penduduk_15": [1, 2]}), 10, 2024)
    with pytest.raises(InputValidationError, match="negatif"):
        allocate_workforce(pd.DataFrame({"kode": ["35.22.01"], "penduduk_15": [-1]}), 10, 2024)


def _full_population(tmp_path):
    from ucjlib.geo.wilayah import children

    kec = children("35.22", "kecamatan")["kode"].tolist()
    pop = [100, 200, 700] + [1000] * (len(kec) - 3)
    path = tmp_path / "penduduk.csv"
    path.write_text("kode,penduduk_15\n" + "".join(f"{k},{p}\n" for k, p in zip(kec, pop,
                                                                             strict=True)))
    return path, sum(pop)


def test_load_workforce_from_population_file(tmp_path):
    path, total = _full_population(tmp_path)
    with pytest.raises(InputValidationError, match="penduduk 15"):
        load_workforce(path, "35.22")
    wf, rep = load_workforce(path, "35.22", employed_total=total, tahun=2024)
    # one worker per resident aged 15+: the allocation is the population itself
    assert wf["pekerja"].tolist()[:3] == [100, 200, 700] and int(wf["pekerja"].sum()) == total
    assert any("estimasi" in n for n in map(str, rep.notes))


def test_partial_population_file_is_an_error_naming_missing_units():
    """Population for 3 of 28 kecamatan: never allocate the kabupaten total to them alone."""
    with pytest.raises(InputValidationError) as e:
        load_workforce(FIX / "penduduk.csv", "35.22", employed_total=1000, tahun=2024)
    msg = str(e.value)
    assert "3 dari 28 kecamatan" in msg and "35.22.04 Ngasem" in msg and "25 lagi" not in msg
    assert "(15 lagi)" in msg
