"""validate of a coverage file keeps the key columns as categoricals (less memory), same result.

``validate_with_report`` without a workforce file does not keep the table,
so the column-wise check leaves kode, periode, segmen and pendanaan as
categoricals instead of ``str`` columns (most of its peak memory on a
province file); the values, the report and every problem stay those of the
load.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ucjlib.demo.generate import demo_dataset
from ucjlib.inputs.loaders import load_coverage, validate_file, validate_with_report
from ucjlib.inputs.validation import check_table

pytestmark = pytest.mark.slow  # end-to-end output files / large inputs

KEY = ["kode", "periode", "segmen", "pendanaan"]


def _write(tmp_path, df: pd.DataFrame):
    p = tmp_path / "coverage.csv"
    df.to_csv(p, sep=";", index=False)
    return p


def test_validate_keeps_categoricals_with_the_loaded_values(tmp_path):
    cov = demo_dataset("35.22").coverage
    p = _write(tmp_path, cov)
    problems, report, df = validate_with_report(p, "coverage")
    loaded, lrep = load_coverage(p)
    assert problems == []
    assert all(isinstance(df[c].dtype, pd.CategoricalDtype) for c in KEY)
    assert all(not isinstance(loaded[c].dtype, pd.CategoricalDtype) for c in KEY)
    as_text = df.assign(**{c: df[c].astype(str) for c in KEY})
    pd.testing.assert_frame_equal(as_text, loaded, check_dtype=False)
    assert (report.rows_read, report.rows_loaded, report.notes) == (
        lrep.rows_read, lrep.rows_loaded, lrep.notes)


def test_validate_reports_the_same_problems_as_the_text_check(tmp_path):
    cov = demo_dataset("35.22").coverage.astype({"peserta_aktif": object})
    cov.loc[3, "segmen"] = "bukan segmen"
    cov.loc[10, "periode"] = "2025-13"
    cov.loc[11, "peserta_aktif"] = "12e3"
    cov.loc[12, "kode"] = "35.22.99.9999"
    p = _write(tmp_path, cov)
    problems = validate_file(p, "coverage")
    _, text_problems, _ = check_table(p, "coverage", None, False)
    _, general, _ = check_table(p, "coverage", None, False, sheet=0)  # the pandas path
    assert problems and [str(x) for x in problems] == [str(x) for x in text_problems]
    assert [str(x) for x in problems] == [str(x) for x in general]
    assert {x.row for x in problems} >= {5, 12, 13, 14}


def test_duplicate_keys_found_on_the_sorted_key_as_the_general_path_does(tmp_path):
    cov = demo_dataset("35.22").coverage
    # rows 7 and 40 repeat row 3's key, row 899 repeats row 502's (spreadsheet rows)
    dup = cov.iloc[[1, 1, 498]].assign(peserta_aktif=[5, 6, 7])
    parts = [cov.iloc[:5], dup.iloc[[0]], cov.iloc[5:37], dup.iloc[[1]], cov.iloc[37:895],
             dup.iloc[[2]], cov.iloc[895:]]
    p = _write(tmp_path, pd.concat(parts, ignore_index=True))
    problems = validate_file(p, "coverage")
    _, general, _ = check_table(p, "coverage", None, False, sheet=0)  # the pandas path
    assert [x.row for x in problems] == [7, 40, 899]
    assert "sama dengan baris 3" in problems[0].message
    assert "sama dengan baris 502" in problems[2].message
    assert [str(x) for x in problems] == [str(x) for x in general]
