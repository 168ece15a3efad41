"""Hypothesis: participant exports, clean or damaged, through ``ucj coverage --data``.

Every generated file ends in a documented exit (0, 2, 3 or 6), never an internal error or
a traceback, and no NIK or name from the file reaches the terminal, in any form (as
written, without its separators, or as Excel's number). A clean file gives exactly the
counts of the naive reference of tests/test_participants.py.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_participants import as_dict, reference_counts

DESA = ["35.22.16.2017", "35.22.16.2006", "35.22.04.2001"]
NIKS = [f"3522{i:02d}0101{i:06d}" for i in range(11, 41)]
NAMES = [f"Zulkarnaen{chr(65 + i)}qx Wibowo" for i in range(26)]
JUNK = ["#N/A", "#REF!", "=1+1", "@SUM(A1)", "\x1b[2J", "-", "", " ", "n/a", "9" * 30]

FAST = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _date(day: pd.Timestamp, style: str) -> str:
    return day.strftime({"iso": "%Y-%m-%d", "dmy": "%d/%m/%Y", "dots": "%d.%m.%Y"}[style])


@st.composite
def participant_file(draw):
    n = draw(st.integers(3, 40))
    style = draw(st.sampled_from(["iso", "dmy", "dots"]))
    rows = []
    for _ in range(n):
        start = pd.Timestamp("2023-01-01") + pd.Timedelta(days=draw(st.integers(0, 880)))
        stopped = draw(st.booleans())
        stop = start + pd.Timedelta(days=draw(st.integers(1, 500)))
        rows.append({
            "nik": draw(st.sampled_from(NIKS)),
            "nama": draw(st.sampled_from(NAMES)),
            "kode_desa": draw(st.sampled_from(DESA)),
            "segmen": draw(st.sampled_from(["PU", "BPU", "JAKON", "PMI"])),
            "pendanaan": draw(st.sampled_from(["mandiri", "APBD", "APBDes", "lainnya"])),
            "tgl_mulai": _date(start, style),
            "status": "nonaktif" if stopped else "aktif",
            "tgl_berhenti": _date(stop, style) if stopped else "",
        })
    df = pd.DataFrame(rows)
    clean = df.copy()
    damage = draw(st.lists(st.tuples(st.integers(0, n - 1),
                                     st.sampled_from(list(df.columns)),
                                     st.sampled_from(JUNK + ["nik-spaces", "nik-number"])),
                           max_size=4))
    for row, col, what in damage:
        if what == "nik-spaces":
            df.at[row, "nik"] = " ".join(re.findall("....", df.at[row, "nik"]))
        elif what == "nik-number":
            df.at[row, "nik"] = f"{float(df.at[row, 'nik']):.14E}"
        else:
            df.at[row, col] = what
    fmt = draw(st.sampled_from(["csv;", "csv,", "xlsx"]))
    return df, clean, bool(damage), fmt, style


def _write(df: pd.DataFrame, folder, fmt: str):
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("participants.*"):
        old.unlink()
    if fmt == "xlsx":
        path = folder / "participants.xlsx"
        df.to_excel(path, index=False)
    else:
        path = folder / "participants.csv"
        df.to_csv(path, sep=fmt[-1], index=False)
    (folder / "workforce.csv").write_text("kode;tahun;pekerja\n35.22;2025;820.388\n")
    return path


def _forms(nik: str) -> list[str]:
    return [nik, " ".join(re.findall("....", nik)), nik[:15], f"{float(nik):.14E}"]


@FAST
@given(case=participant_file())
@pytest.mark.slow
def test_participant_files_end_in_a_documented_exit_without_personal_data(
        tmp_path_factory, capsys, case):
    from ucjlib.cli import main

    df, clean, damaged, fmt, style = case
    folder = tmp_path_factory.mktemp("p")
    _write(df, folder, fmt)
    capsys.readouterr()
    rc = main(["coverage", "35.22", "--data", str(folder), "--level", "desa", "--periode",
               "2025-03"])
    out, err = capsys.readouterr()
    text = out + err
    assert rc in (0, 2, 3, 6), (rc, err)
    assert "Traceback" not in text and "internal" not in err
    for nik in NIKS:
        for form in _forms(nik):
            assert form not in text, "a NIK reached the terminal"
    for name in NAMES:
        assert name.split()[0] not in text, "a name reached the terminal"
    assert "\x1b" not in text
    if not damaged and style == "iso":
        assert rc == 0, err


@FAST
@given(case=participant_file())
@pytest.mark.slow
def test_clean_participant_files_give_the_reference_counts(tmp_path_factory, case):
    from ucjlib.inputs.participants import load_participants

    _, clean, _, fmt, style = case
    folder = tmp_path_factory.mktemp("c")
    path = _write(clean, folder, fmt)
    try:
        cov, _ = load_participants(path, "35.22", periods=["2024-06", "2025-03"])
    except Exception as exc:  # a clean file is never refused
        pytest.fail(f"{type(exc).__name__}: {exc}")
    iso = clean.rename(columns={"kode_desa": "kode"})
    for col in ("tgl_mulai", "tgl_berhenti"):
        iso[col] = [pd.to_datetime(v, dayfirst=style != "iso").strftime("%Y-%m-%d") if v
                    else "" for v in clean[col]]
    for m in ("2024-06", "2025-03"):
        assert as_dict(cov, m) == reference_counts(iso, m), m
