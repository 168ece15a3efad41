"""The one date rule (issue 17, item 2): day/month order per column, four-digit years, a floor.

Every reader goes through :mod:`ucjlib.inputs.dates`: coverage ``periode``
(pandas path for XLSX and names, DuckDB columnar path for CSV/Parquet with
codes), participant dates (DuckDB SQL, fast and general path) and
``ucj validate``. The examples of the issue and variants are fed through the
library and through ``ucj`` in-process; Hypothesis writes random dates in
every supported spelling, one day/month order per column, and reads them
back (and checks that the Python and SQL readers agree cell by cell).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ucjlib.errors import InputValidationError
from ucjlib.inputs import participant_fast
from ucjlib.inputs import values as values_mod
from ucjlib.inputs.dates import DMY, MDY, column_order, date_sql, parse_date
from ucjlib.inputs.loaders import load_coverage, validate_file, validate_with_report
from ucjlib.inputs.participants import load_participants
from ucjlib.inputs.values import period_column

COV = "kode;periode;segmen;pendanaan;peserta_aktif\n"
PAR = "nik;kode_desa;segmen;pendanaan;tgl_mulai;status;tgl_berhenti;tgl_lahir\n"
DESA = "35.22.16.2017"


@pytest.fixture(autouse=True)
def run_date(monkeypatch):
    """Pretend today is 15 July 2025."""
    monkeypatch.setattr(values_mod, "today", lambda: dt.date(2025, 7, 15))


def _cov(tmp_path: Path, periods: list, name: str = "c.csv") -> Path:
    p = tmp_path / name
    rows = [["35.22.01", v, "PU", "APBD", 5 + i] for i, v in enumerate(periods)]
    if name.endswith(".xlsx"):
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.append(COV.strip().split(";"))
        for r in rows:
            wb.active.append(r)
        wb.save(p)
    elif name.endswith(".parquet"):
        pd.DataFrame(rows, columns=COV.strip().split(";")).to_parquet(p)
    else:
        p.write_text(COV + "".join(";".join(map(str, r)) + "\n" for r in rows))
    return p


def _par(tmp_path: Path, rows: list[tuple[str, str, str]], name: str = "p.csv") -> Path:
    """Participant file: one person per (tgl_mulai, tgl_berhenti, tgl_lahir)."""
    p = tmp_path / name
    p.write_text(PAR + "".join(f"3522011111{i:05d}7;{DESA};BPU;APBD;{m};aktif;{b};{lahir}\n"
                               for i, (m, b, lahir) in enumerate(rows)))
    return p


def _cli(path: Path, kind: str) -> tuple[int, str]:
    res = run_cli(["validate", path, "--kind", kind, "--kabupaten", "35.22"])
    assert "Traceback" not in res.stdout + res.stderr
    return res.returncode, res.stdout + res.stderr


def _problems(path: Path, kind: str):
    try:
        return validate_file(path, kind, "35.22")
    except InputValidationError as exc:
        return exc.problems


# ------------------------------------------------------------ coverage months


@pytest.mark.parametrize("name", ["c.csv", "c.xlsx", "c.parquet"])
def test_two_digit_year_is_refused_everywhere(tmp_path, name):
    p = _cov(tmp_path, ["15/01/25", "2025-02"], name)
    (prob,) = _problems(p, "coverage")
    assert (prob.row, prob.column) == (2, "periode") and "dua digit" in prob.message
    rc, text = _cli(p, "coverage")
    assert rc == 3 and "dua digit" in text


@pytest.mark.parametrize("name", ["c.csv", "c.xlsx"])
def test_a_column_that_proves_month_day_year_is_read_so(tmp_path, name):
    # 01/13/2025 can only be M/D/Y, so 02/01/2025 in the same column is 1 February
    df, rep = load_coverage(_cov(tmp_path, ["01/13/2025", "02/01/2025", "6/30/2025"], name))
    assert df["periode"].tolist() == ["2025-01", "2025-02", "2025-06"]
    assert not any("hari/bulan/tahun" in n for n in map(str, rep.notes))


def test_ambiguous_column_is_day_month_year_with_a_note(tmp_path):
    df, rep = load_coverage(_cov(tmp_path, ["6/1/2025", "02/03/2025"]))
    assert df["periode"].tolist() == ["2025-01", "2025-03"]
    assert any("dibaca sebagai hari/bulan/tahun" in n for n in map(str, rep.notes))
    rc, text = _cli(_cov(tmp_path, ["6/1/2025", "7/2/2025"], "d.csv"), "coverage")
    assert rc == 0 and "dibaca sebagai hari/bulan/tahun" in text


@pytest.mark.parametrize("name", ["c.csv", "c.xlsx"])
def test_mixed_day_month_orders_are_an_error(tmp_path, name):
    p = _cov(tmp_path, ["13/01/2025", "01/13/2025", "02/02/2025"], name)
    probs = _problems(p, "coverage")
    assert [(x.row, x.column) for x in probs] == [(3, "periode")]
    assert "bercampur" in probs[0].message
    rc, text = _cli(p, "coverage")
    assert rc == 3 and "bercampur" in text and "baris 3" in text


def test_numeric_year_dot_month_is_refused(tmp_path):
    for name in ("c.xlsx", "c.parquet"):  # every month typed as a decimal number
        p = _cov(tmp_path, [2024.1, 2024.12], name)
        probs = _problems(p, "coverage")
        assert [x.row for x in probs] == [2, 3]
        assert "angka desimal" in probs[0].message and "teks" in probs[0].expected
    p = _cov(tmp_path, ["2024.1", "2024.11"])  # the same number exported to CSV
    assert [x.row for x in _problems(p, "coverage")] == [2]
    rc, text = _cli(p, "coverage")
    assert rc == 3 and "Januari atau Oktober" in text
    # a column that writes October as 2024.10 is text: 2024.1 is January there
    df, _ = load_coverage(_cov(tmp_path, ["2024.1", "2024.10"], "t.csv"))
    assert df["periode"].tolist() == ["2024-01", "2024-10"]


def test_bare_month_number_in_xlsx_is_not_january_1900(tmp_path):
    p = _cov(tmp_path, [6, 2025], "c.xlsx")
    probs = _problems(p, "coverage")
    assert [(x.row, x.message.split(":")[1].strip()) for x in probs] == [
        (2, "bulan tanpa tahun"), (3, "tahun tanpa bulan")]
    rc, text = _cli(p, "coverage")
    assert rc == 3 and "bulan tanpa tahun" in text and "1900" not in text


def test_real_date_cells_and_excel_serials_still_work(tmp_path):
    p = _cov(tmp_path, [dt.datetime(2025, 6, 1), 45839, "45778", "Juni 2024"], "c.xlsx")
    df, _ = load_coverage(p)
    assert sorted(df["periode"]) == ["2024-06", "2025-05", "2025-06", "2025-07"]


def test_year_before_the_floor_is_a_problem(tmp_path):
    p = _cov(tmp_path, ["15/01/0025", "0025-01", "2025-01"])
    assert [x.row for x in _problems(p, "coverage")] == [2, 3]


def test_pandas_and_columnar_paths_agree(tmp_path):
    """The same CSV through DuckDB (codes) and through pandas (a sheet: XLSX)."""
    vals = ["01/13/2025", "02/01/2025", "2024.1", "15/01/25", 6, "13/03/2025", "2099-01"]
    a = [(x.row, x.message.split(":")[0]) for x in _problems(_cov(tmp_path, vals), "coverage")]
    b = [(x.row, x.message.split(":")[0]) for x in _problems(_cov(tmp_path, vals, "c.xlsx"),
                                                              "coverage")]
    assert a == b and [r for r, _ in a] == [2, 4, 5, 6, 8]


# ------------------------------------------------------------ participants


def _loaded(path, **kw):
    return load_participants(path, "35.22", periods=["2025-01", "2025-02", "2025-06"], **kw)


def test_participant_two_digit_year_is_not_the_year_25(tmp_path):
    p = _par(tmp_path, [("17/03/25", "", ""), ("20/01/2025", "", "")])
    with pytest.raises(InputValidationError) as e:
        _loaded(p)
    (prob,) = e.value.problems
    assert (prob.row, prob.column) == (2, "tgl_mulai") and "dua digit" in prob.message
    rc, text = _cli(p, "participants")
    assert rc == 3 and "dua digit" in text and "17/03" not in text


def test_participant_mixed_order_names_rows_never_values(tmp_path):
    p = _par(tmp_path, [("13/01/2025", "", ""), ("14/01/2025", "", ""),
                        ("01/15/2025", "", "")])
    with pytest.raises(InputValidationError) as e:
        _loaded(p)
    (prob,) = e.value.problems
    assert (prob.row, prob.column) == (4, "tgl_mulai")
    assert "baris 2" in prob.message and "baris 4" in prob.message
    rc, text = _cli(p, "participants")
    assert rc == 3 and "bercampur" in text
    assert "2025" not in text.replace("2025-01-15", "")  # no participant date quoted


def test_participant_month_day_year_column_counts_the_right_months(tmp_path):
    # M/D/Y proven by 01/13/2025 and 06/30/2025: 02/01/2025 is 1 February
    p = _par(tmp_path, [("01/13/2025", "", ""), ("02/01/2025", "06/30/2025", "")])
    df, rep = _loaded(p)
    got = dict(zip(df["periode"], df["peserta_aktif"], strict=True))
    assert got == {"2025-01": 1, "2025-02": 2, "2025-06": 1}
    # the same people written D/M/Y: the same counts, through the fast path
    q = _par(tmp_path, [("13/01/2025", "", ""), ("01/02/2025", "30/06/2025", "")], "q.csv")
    assert _loaded(q)[0].equals(df)


def test_participant_ambiguous_dates_are_day_month_year_with_a_note(tmp_path):
    p = _par(tmp_path, [("06/01/2025", "", ""), ("02/01/2025", "", "")])
    df, rep = _loaded(p)
    assert dict(zip(df["periode"], df["peserta_aktif"], strict=True)) == {
        "2025-01": 2, "2025-02": 2, "2025-06": 2}
    assert any("tgl_mulai: tanggal dibaca sebagai hari/bulan/tahun" in str(n) for n in rep.notes)


def test_future_or_ancient_birth_date_is_a_counted_note(tmp_path):
    p = _par(tmp_path, [("2025-01-02", "", "2099-01-01"), ("2025-01-02", "", "1985-02-03"),
                        ("2025-01-02", "", "0085-02-03"), ("2025-01-02", "", "01/01/85")])
    df, rep = _loaded(p)
    assert df["peserta_aktif"].tolist() == [4, 4, 4]
    notes = " | ".join(map(str, rep.notes))
    assert "1 baris dengan tgl_lahir di masa depan" in notes
    assert "1 baris dengan tgl_lahir sebelum 1900" in notes
    assert "1 baris dengan tgl_lahir tidak terbaca" in notes
    rc, text = _cli(p, "participants")
    assert rc == 0 and "tgl_lahir di masa depan" in text


def test_typed_parquet_date_before_the_floor_is_a_problem(tmp_path):
    df = pd.DataFrame({"nik": ["3522011111100001", "3522011111100002"], "kode_desa": DESA,
                       "segmen": "BPU", "pendanaan": "APBD", "status": "aktif",
                       "tgl_mulai": [dt.date(25, 1, 15), dt.date(2025, 1, 15)]})
    p = tmp_path / "p.parquet"
    df.to_parquet(p)
    with pytest.raises(InputValidationError) as e:
        _loaded(p)
    assert [(x.row, x.column) for x in e.value.problems] == [(2, "tgl_mulai")]
    assert "sebelum 1900" in e.value.problems[0].message


def test_validate_reports_what_the_loader_reports(tmp_path):
    p = _par(tmp_path, [("06/01/2025", "", "2099-01-01")])
    probs, rep, _ = validate_with_report(p, "participants", "35.22")
    assert probs == []
    assert rep.notes[:2] == _loaded(p)[1].notes[:2]


def test_fast_path_leaves_on_any_date_doubt(tmp_path, monkeypatch):
    taken = []
    real = participant_fast.fast_aggregate

    def spy(*a, **k):
        out = real(*a, **k)
        taken.append(out is not None)
        return out

    monkeypatch.setattr(participant_fast, "fast_aggregate", spy)
    cases = {"proven": ([("13/01/2025", "", "")], True),
             "iso": ([("2025-01-13", "", "1980-01-01")], True),
             "ambiguous": ([("06/01/2025", "", "")], False),
             "future birth": ([("2025-01-13", "", "2099-01-01")], False)}
    for name, (rows, fast) in cases.items():
        _loaded(_par(tmp_path, rows, f"{name}.csv"))
        assert taken[-1] is fast, name


# ------------------------------------------------------------ properties

# up to the year before the pretended run date: a M/D/Y date read as D/M/Y (the documented
# reading of an all-ambiguous column) must not land in the future (1/8/2025 -> August 2025)
_day = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2024, 12, 31))


def _write(d: dt.date, order: str, sep: str, pad: bool) -> str:
    a, b = (d.day, d.month) if order == DMY else (d.month, d.day)
    f = "{:02d}" if pad else "{}"
    return sep.join([f.format(a), f.format(b), str(d.year)])


@given(st.lists(_day, min_size=1, max_size=12), st.sampled_from([DMY, MDY]),
       st.sampled_from("/-."), st.booleans(), st.booleans())
def test_any_spelling_one_order_per_column_reads_back_the_months(days, order, sep, pad, iso):
    texts = [d.isoformat() if iso and i % 2 else _write(d, order, sep, pad)
             for i, d in enumerate(days)]
    values, errors, how = period_column(pd.Series(texts))
    assert errors.isna().all()
    want = [f"{d.year:04d}-{d.month:02d}" for d in days]
    proven = any((d.day > 12 and d.day != d.month) for i, d in enumerate(days)
                 if not (iso and i % 2))
    if order == MDY and not proven:  # nothing shows M/D/Y: read as Indonesian D/M/Y, noted
        assert how.order == DMY and how.guessed == any(not (iso and i % 2) for i in
                                                       range(len(days)))
        return
    assert values.tolist() == want


@given(st.lists(_day, min_size=0, max_size=6), st.dates(dt.date(2015, 1, 13), dt.date(2025, 6, 30)),
       st.dates(dt.date(2015, 1, 13), dt.date(2025, 6, 30)), st.sampled_from("/-."))
def test_mixed_order_columns_are_always_an_error(days, d1, d2, sep):
    d1, d2 = d1.replace(day=max(d1.day, 13)), d2.replace(day=max(d2.day, 13))
    texts = [_write(d, DMY, sep, True) for d in days]
    texts += [_write(d1, DMY, sep, True), _write(d2, MDY, sep, False)]
    assert column_order(texts).mixed
    _, errors, _ = period_column(pd.Series(texts))
    assert "order" in set(errors)


_text = st.one_of(
    st.builds(_write, _day, st.sampled_from([DMY, MDY]), st.sampled_from("/-."), st.booleans()),
    st.builds(lambda d: d.isoformat(), _day),
    st.text(alphabet="0123456789/-. T:", max_size=16))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_text, min_size=1, max_size=20), st.sampled_from([DMY, MDY, "any"]))
@pytest.mark.slow
def test_sql_and_python_readers_agree(texts, order):
    import duckdb

    con = duckdb.connect()
    got = con.execute(f"SELECT {date_sql('x', order)} FROM (SELECT unnest(?) AS x)",
                      [texts]).fetchall()
    for t, (sql,) in zip(texts, got, strict=True):
        py = parse_date(t, DMY if order == "any" else order)
        if order == "any" and py[1] == "order":
            py = parse_date(t, MDY)
        if py[1] == "early":  # SQL keeps the date; the callers report it (early_sql)
            assert sql is not None and sql.year < 1900, t
        else:
            assert sql == py[0], (t, order, sql, py)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.dates(dt.date(2023, 1, 1), dt.date(2024, 12, 31)), min_size=1, max_size=8),
       st.sampled_from([DMY, MDY]), st.sampled_from("/-."))
@pytest.mark.slow
def test_participant_dates_in_either_order_count_the_same(tmp_path, days, order, sep):
    proven = any(d.day > 12 for d in days)
    rows = [(_write(d, order, sep, True), "", "") for d in days]
    iso = [(d.isoformat(), "", "") for d in days]
    got, rep = _loaded(_par(tmp_path, rows, f"w{order}.csv"))
    want, _ = _loaded(_par(tmp_path, iso, "iso.csv"))
    if order == DMY or proven:
        assert got.equals(want)
    else:
        assert any("hari/bulan/tahun" in n for n in map(str, rep.notes))
