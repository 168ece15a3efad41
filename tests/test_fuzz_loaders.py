"""Property-based fuzzing of the coverage and workforce loaders (Hypothesis).

Hypothesis writes coverage and workforce tables for Kota Mojokerto (35.76, 18
kelurahan) as CSV (any separator, BOM or not, Indonesian or English number
grouping, aliases, title lines ...) or XLSX, then corrupts some of them
(wrong types, negative, huge, empty cells, duplicated rows, mixed levels,
unknown codes, future months, a wrong separator, extra or missing columns).
Each folder goes through :func:`ucjlib.inputs.loaders.load_dataset`.

The only allowed outcomes are a documented :class:`InputValidationError`
(exit 3) / :class:`ArgumentError`, or a dataset whose totals equal an
independent pandas computation over the rows as generated. Corruptions that
can never be valid (a duplicate key, a negative count, an unknown code ...)
must be errors. The command line (``ucj validate``, ``ucj coverage --data``)
is checked in-process against the same outcome.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ucjlib.errors import ArgumentError, InputValidationError, Problem

KAB = "35.76"
DESA = ['35.76.01.1003', '35.76.01.1004', '35.76.01.1005', '35.76.01.1006', '35.76.01.1007',
        '35.76.01.1008', '35.76.02.1001', '35.76.02.1003', '35.76.02.1004', '35.76.02.1008',
        '35.76.02.1009', '35.76.02.1010', '35.76.03.1001', '35.76.03.1002', '35.76.03.1003',
        '35.76.03.1004', '35.76.03.1005', '35.76.03.1006']
MONTHS = ["2025-01", "2025-03", "2025-06"]
SEGMEN = ["PU", "BPU", "JAKON", "PMI"]
DANA = ["mandiri", "APBD", "APBDes", "lainnya"]
COV_COLS = ["kode", "periode", "segmen", "pendanaan", "peserta_aktif"]
ALIASES = {"kode": ["kode", "Kode Wilayah", "KODE_DESA"], "periode": ["periode", "Bulan"],
           "segmen": ["segmen", "Segment"], "pendanaan": ["pendanaan", "Sumber Dana"],
           "peserta_aktif": ["peserta_aktif", "Jumlah Peserta", "TK Aktif"]}
BIG_WORKFORCE = "kode;tahun;pekerja\n35.76;2025;10.000.000\n35.76;2024;10.000.000\n"
FAST = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# corruptions that can never be a valid file: the loader must refuse them
MUST_FAIL = {"negative", "text", "fraction", "exponent", "huge", "duplicate", "duplicate_alias",
             "unknown_code", "outside", "future", "bad_segment", "empty_count",
             "empty_key_cell", "wrong_separator", "drop_required"}


def render_count(n: int, style: str) -> str:
    return {"plain": str(n), "id": f"{n:,}".replace(",", "."), "en": f"{n:,}",
            "float": f"{n}.0", "space": f"{n:,}".replace(",", " "), "pad": f"  {n} "}[style]


def render_month(m: str, style: str) -> str:
    y, mo = m.split("-")
    names = ["Januari", "Februari", "Maret", "April", "Mei", "Juni"]
    return {"iso": m, "slash": f"{y}/{mo}", "mon-first": f"{mo}-{y}",
            "name": f"{names[int(mo) - 1]} {y}", "date": f"{m}-15"}[style]


@st.composite
def coverage_case(draw):
    keys = draw(st.lists(st.tuples(st.sampled_from(DESA), st.sampled_from(MONTHS),
                                   st.sampled_from(SEGMEN), st.sampled_from(DANA)),
                         min_size=1, max_size=10, unique=True))
    counts = draw(st.lists(st.integers(0, 2_000_000), min_size=len(keys), max_size=len(keys)))
    rows = [[*k, c] for k, c in zip(keys, counts, strict=True)]
    style = draw(st.sampled_from(["plain", "id", "en", "float", "space", "pad"]))
    mstyle = draw(st.sampled_from(["iso", "slash", "mon-first", "name", "date"]))
    corruptions = draw(st.lists(st.sampled_from([
        "negative", "text", "fraction", "exponent", "huge", "empty_count", "empty_key_cell",
        "duplicate", "duplicate_alias", "unknown_code", "outside", "future", "bad_segment",
        "kab_row", "kec_row", "complete_subtotal", "extra_column", "drop_pendanaan",
        "drop_required", "wrong_separator", "title", "blank_lines", "lowercase"]),
        max_size=2, unique=True))
    return {"rows": rows, "style": style, "mstyle": mstyle, "corruptions": corruptions,
            "sep": draw(st.sampled_from([";", ",", "\t", "|"])), "bom": draw(st.booleans()),
            "alias": draw(st.integers(0, 2)), "fmt": draw(st.sampled_from(["csv", "xlsx"])),
            "pick": draw(st.integers(0, 10_000)), "value": draw(st.integers(1, 10_000))}


def effective(case: dict) -> set[str]:
    """The corruptions applied.

    An empty cell in a one-row table empties a whole column: that is the known
    bug of ``empty-column`` in tests/test_bad_input_table.py (an xfail there),
    so it is not generated here.
    """
    corr = set(case["corruptions"])
    if len(case["rows"]) < 2 and "complete_subtotal" not in corr:
        corr -= {"empty_count", "empty_key_cell"}
    return corr


def build_coverage(case: dict) -> tuple[list[str], list[list], pd.DataFrame]:
    """Header and cells to write, and the intended rows (what a correct load must give)."""
    rows = [list(r) for r in case["rows"]]
    corr = effective(case)
    pick = case["pick"] % len(rows)
    if "complete_subtotal" in corr:  # every kelurahan for one key, plus the exact total
        _, m, s, f, _ = rows[pick]
        have = {r[0] for r in rows if r[1:4] == [m, s, f]}
        rows += [[d, m, s, f, 7 + i] for i, d in enumerate(DESA) if d not in have]
    intended = pd.DataFrame(rows, columns=COV_COLS)
    header = [ALIASES[c][case["alias"] % len(ALIASES[c])] for c in COV_COLS]
    cells: list[list] = []
    for kode, m, s, f, n in rows:
        cells.append([kode, render_month(m, case["mstyle"]), s, f,
                      render_count(n, case["style"])])
    if "complete_subtotal" in corr:
        _, m, s, f, _ = rows[pick]
        total = int(intended.loc[(intended["periode"] == m) & (intended["segmen"] == s)
                                 & (intended["pendanaan"] == f), "peserta_aktif"].sum())
        cells.append([KAB, render_month(m, case["mstyle"]), s, f, render_count(total, "plain")])
    v = case["value"]
    bad = {"negative": (4, f"-{v}"), "text": (4, "banyak"), "fraction": (4, "1,5"),
           "exponent": (4, "12e3"), "huge": (4, str(300_000_001 + v)), "empty_count": (4, ""),
           "unknown_code": (0, "35.76.99.9999"), "outside": (0, "35.22.16"),
           "future": (1, "2099-01"), "bad_segment": (2, "PBI")}
    for name, (col, text) in bad.items():
        if name in corr:
            cells[pick][col] = text
    if "empty_key_cell" in corr:
        cells[pick][case["value"] % 3] = ""
    if "lowercase" in corr:
        for r in cells:
            r[2], r[3] = r[2].lower(), r[3].lower()
    if "duplicate" in corr:
        cells.append(list(cells[pick]))
    if "duplicate_alias" in corr:
        dup = list(cells[pick])
        dup[1] = render_month(rows[pick][1], "name" if case["mstyle"] != "name" else "iso")
        dup[2] = dup[2].lower()
        cells.append(dup)
    if "kab_row" in corr or "kec_row" in corr:
        _, m, s, f, _ = rows[pick]
        code = KAB if "kab_row" in corr else rows[pick][0][:8]
        cells.append([code, render_month(m, "iso"), s, f, str(v)])
    if "extra_column" in corr:
        header.append("catatan")
        for i, r in enumerate(cells):
            r.append(f"catatan {i}")
    drop = []
    if "drop_pendanaan" in corr:
        drop.append(header[3])
    if "drop_required" in corr:
        drop.append(header[[0, 1, 2, 4][case["value"] % 4]])
    for name in drop:
        i = header.index(name)
        header.pop(i)
        for r in cells:
            r.pop(i)
    return header, cells, intended


def write_table(folder: Path, stem: str, header: list[str], cells: list[list], case: dict) -> Path:
    corr = set(case["corruptions"])
    if case["fmt"] == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        if "title" in corr:
            ws.append(["Rekap kepesertaan BPJS Ketenagakerjaan"])
            ws.append([])
        ws.append(header)
        for r in cells:
            ws.append([_excel(x) for x in r])
            if "blank_lines" in corr:
                ws.append([])
        path = folder / f"{stem}.xlsx"
        wb.save(path)
        return path
    sep = case["sep"]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    if "title" in corr:
        buf.write("Rekap kepesertaan BPJS Ketenagakerjaan\n\n")
    w.writerow(header)
    other = "," if sep != "," else ";"
    for r in cells:
        if "wrong_separator" in corr:
            buf.write(other.join(str(x) for x in r) + "\n")
        else:
            w.writerow(r)
        if "blank_lines" in corr:
            buf.write("\n")
    data = buf.getvalue().encode("utf-8")
    path = folder / f"{stem}.csv"
    path.write_bytes((b"\xef\xbb\xbf" if case["bom"] else b"") + data)
    return path


def _excel(x):
    """Excel cells: plain counts as numbers (as Excel stores them), the rest as text."""
    if isinstance(x, str) and x.isdigit() and len(x) < 12:
        return int(x)
    return x


def load_outcome(folder: Path):
    """``("ok", dataset)`` or ``("error", problems)``; anything else propagates."""
    from ucjlib.inputs.loaders import load_dataset

    try:
        return "ok", load_dataset(folder, KAB)
    except InputValidationError as exc:
        assert exc.problems and all(isinstance(p, Problem) for p in exc.problems)
        assert exc.exit_code == 3 and str(exc)
        for p in exc.problems:
            assert p.file and p.message and str(p)
        return "error", exc.problems
    except ArgumentError as exc:
        assert exc.exit_code == 2
        return "error", [str(exc)]


def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="ucj-fuzz-"))


def carried(rows: pd.DataFrame) -> pd.DataFrame:
    """The documented reporting-gap rule written out naively (data/BAD_INPUT.md).

    A unit with no row in a later month of the file, while no unit above or below it has
    one there, keeps the rows of its latest earlier month (a missing report is not 0).
    """
    months = sorted(set(rows["periode"]))
    out = [rows]
    for kode in set(rows["kode"]):
        mine = rows.loc[rows["kode"] == kode]
        for m in months:
            if m <= mine["periode"].min() or (mine["periode"] == m).any():
                continue
            there = rows.loc[rows["periode"] == m, "kode"]
            if any(o.startswith(kode + ".") or kode.startswith(o + ".") for o in there):
                continue
            last = max(p for p in mine["periode"] if p < m)
            out.append(mine.loc[mine["periode"] == last].assign(periode=m))
    return pd.concat(out, ignore_index=True)


def check_coverage_totals(ds, intended: pd.DataFrame, corr: set[str]) -> None:
    key = ["kode", "periode", "segmen"] + ([] if "drop_pendanaan" in corr else ["pendanaan"])
    got = ds.coverage.groupby(key)["peserta_aktif"].sum().sort_index()
    want = carried(intended).groupby(key)["peserta_aktif"].sum().sort_index()
    pd.testing.assert_series_equal(got.astype("int64"), want.astype("int64"), check_names=False)
    if "drop_pendanaan" in corr:
        assert set(ds.coverage["pendanaan"]) == {"lainnya"}


@FAST
@given(case=coverage_case())
@pytest.mark.slow
def test_coverage_files_load_correctly_or_fail_clearly(case):
    corr = effective(case)
    folder = _folder()
    try:
        header, cells, intended = build_coverage(case)
        write_table(folder, "coverage", header, cells, case)
        (folder / "workforce.csv").write_text(BIG_WORKFORCE)
        outcome, value = load_outcome(folder)
        if corr & MUST_FAIL:
            assert outcome == "error", (corr, case)
        if outcome == "ok":
            check_coverage_totals(value, intended, corr)
            assert not value.demo
        elif not corr:
            pytest.fail(f"a valid file was refused: {value[:3]}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@st.composite
def workforce_case(draw):
    pekerja = draw(st.lists(st.integers(1, 500_000), min_size=2 * len(DESA),
                            max_size=2 * len(DESA)))
    corruptions = draw(st.lists(st.sampled_from([
        "drop_row", "duplicate", "negative", "text", "future_year", "kab_total", "kab_wrong",
        "formal_over", "unknown_code", "year_text"]), max_size=2, unique=True))
    return {"pekerja": pekerja, "corruptions": corruptions,
            "style": draw(st.sampled_from(["plain", "id", "en", "space"])),
            "fmt": draw(st.sampled_from(["csv", "xlsx"])), "sep": draw(st.sampled_from([";", ","])),
            "bom": draw(st.booleans()), "pick": draw(st.integers(0, 2 * len(DESA) - 1)),
            "year_style": draw(st.sampled_from(["plain", "agustus", "month"]))}


WF_MUST_FAIL = {"drop_row", "duplicate", "negative", "text", "future_year", "kab_wrong",
                "formal_over", "unknown_code"}


@FAST
@given(case=workforce_case())
@pytest.mark.slow
def test_workforce_files_load_correctly_or_fail_clearly(case):
    corr = set(case["corruptions"])
    rows = [(d, y, n) for (d, y), n in zip([(d, y) for y in (2024, 2025) for d in DESA],
                                           case["pekerja"], strict=True)]
    intended = pd.DataFrame(rows, columns=["kode", "tahun", "pekerja"])
    ys = {"plain": str, "agustus": lambda y: f"Agustus {y}", "month": lambda y: f"{y}-08"}
    ystyle = ys[case["year_style"]]
    header = ["kode", "tahun", "pekerja", "pekerja_formal"]
    cells = [[d, ystyle(y), render_count(n, case["style"]), render_count(n // 3, case["style"])]
             for d, y, n in rows]
    p = case["pick"]
    if "negative" in corr:
        cells[p][2] = "-" + cells[p][2]
    if "text" in corr:
        cells[p][2] = "n/a"
    if "future_year" in corr:
        cells[p][1] = "2099"
    if "year_text" in corr:
        cells[p][1] = "tahun lalu"
    if "formal_over" in corr:
        cells[p][3] = str(rows[p][2] + 1)
    if "unknown_code" in corr:
        cells[p][0] = "35.76.09.9999"
    if "duplicate" in corr:
        cells.append(list(cells[p]))
    year = rows[p][1]
    total = int(intended.loc[intended["tahun"] == year, "pekerja"].sum())
    if "kab_total" in corr:  # an exact subtotal: dropped with a note
        cells.append([KAB, str(year), str(total), ""])
    if "kab_wrong" in corr:
        cells.append([KAB, str(year), str(total + 1), ""])
    if "drop_row" in corr:
        cells.pop(p)
    case = {**case, "corruptions": []}
    folder = _folder()
    try:
        write_table(folder, "workforce", header, cells, case)
        (folder / "coverage.csv").write_text("kode;periode;segmen;pendanaan;peserta_aktif\n"
                                             f"{KAB}.01.1003;2025-06;PU;mandiri;0\n")
        outcome, value = load_outcome(folder)
        if corr & WF_MUST_FAIL:
            assert outcome == "error", (corr, value)
        if outcome == "ok":
            got = value.workforce.groupby("tahun")["pekerja"].sum()
            want = intended.groupby("tahun")["pekerja"].sum()
            assert got.to_dict() == want.to_dict()
            assert set(value.workforce["kode"]) == set(DESA)
        else:
            assert corr & (WF_MUST_FAIL | {"year_text"}), value[:3]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------ through the command line

def _run(argv: list[str]) -> tuple[int, str, str]:
    res = run_cli(argv)
    return res.returncode, res.stdout, res.stderr


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=coverage_case())
@pytest.mark.slow
def test_cli_agrees_with_the_library(case):
    """``ucj validate`` and ``ucj coverage --data`` exit 0 with the right total, or 3."""
    corr = effective(case)
    folder = _folder()
    try:
        header, cells, intended = build_coverage(case)
        path = write_table(folder, "coverage", header, cells, case)
        (folder / "workforce.csv").write_text(BIG_WORKFORCE)
        outcome, _ = load_outcome(folder)
        rc, out, err = _run(["validate", str(path), "--kind", "coverage", "--kabupaten", KAB])
        assert rc in (0, 3), (rc, err)
        assert "Traceback" not in out + err and "internal" not in err
        if rc == 3:
            assert err.startswith("Kesalahan"), err
        rc, out, err = _run(["coverage", KAB, "--data", str(folder), "--format", "json",
                             "--level", "kabupaten"])
        assert "Traceback" not in out + err
        if outcome == "error":
            assert rc == 3 and err.startswith("Kesalahan"), (rc, err)
            return
        assert rc == 0, err
        figures = json.loads(out)["figures"]
        latest = max(intended["periode"])
        assert figures["periode"] == latest
        full = carried(intended)
        want = int(full.loc[full["periode"] == latest, "peserta_aktif"].sum())
        assert figures["peserta_aktif"] == want
        assert figures["pekerja"] == 10_000_000
        assert not corr & MUST_FAIL
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_today_is_after_the_generated_months():
    """The generated months must not be "in the future" for the property to hold."""
    assert dt.date.today().isoformat()[:7] > max(MONTHS)


def test_semicolon_csv_with_a_title_line_is_read(tmp_path):
    """Found by the fuzzing above; fixed by the one reading rule (readers.sniff_separator)."""
    from ucjlib.inputs.loaders import load_coverage

    p = tmp_path / "coverage.csv"
    p.write_text("Rekap kepesertaan BPJS Ketenagakerjaan\n\n"
                 "kode;periode;segmen;pendanaan;peserta_aktif\n35.76.01.1003;2025-06;PU;mandiri;5\n")
    df, _ = load_coverage(p, KAB)
    assert df["peserta_aktif"].tolist() == [5]
