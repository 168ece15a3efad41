"""Every mistake a user types ends in one paragraph and a documented exit code.

Each case runs the real ``ucj`` entry point in a subprocess (so the installed
typer/click, whichever click it bundles, is what is tested) and checks: no
"Traceback" on stderr, the exit code from the README table, and a message
that names the bad value and what would have been accepted.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from conftest import assert_one_paragraph
from conftest import run_ucj as _ucj

# (arguments, exit code, fragments the message must contain)
MISTAKES = [
    (["foo"], 2, ["'foo'", "ucj --help"]),
    (["coverage", "--levle", "desa"], 2, ["--levle", "--level"]),
    (["coverage", "Bojonegoro", "--lang", "fr"], 2, ["'fr'", "id, en"]),
    (["coverage", "Bojonegoro", "--format", "xlsx"], 2, ["'xlsx'", "table, csv, json"]),
    (["validate", "x.csv", "--kind", "cakupan"], 2,
     ["'cakupan'", "coverage, workforce, participants, population"]),
    (["coverage", "Bojonegoro", "--periode", "2030-01"], 2, ["'2030-01'", "2022-01 s.d. 2025-06"]),
    (["coverage", "Bojonegoro", "--periode", "2025-13"], 2, ["'2025-13'", "YYYY-MM"]),
    (["coverage", "Bojonegoro", "--target", "60"], 2, ["'60'", "0.60", "0.6?"]),
    (["coverage", "Bojonegoro", "--level", "foo"], 2, ["'foo'", "kabupaten, kecamatan, desa"]),
    (["coverage", "Bojonegoro", "--level", "provinsi"], 2,
     ["'provinsi'", "kabupaten, kecamatan, desa"]),
    (["coverage", "Bogor"], 2, ["32.01 Kabupaten Bogor", "32.71 Kota Bogor", "ambigu"]),
    (["coverage", "35.22.16"], 2, ["kecamatan Kalitidu", "35.22 Kabupaten Bojonegoro"]),
    (["coverage", "35.1"], 2, ["'35.1'", "-r"]),
    (["coverage", "Bojongoro Selatan Raya"], 2, ["Bojongoro Selatan Raya", "tidak dikenal"]),
    (["coverage", "Bojonegoro", "--provinsi", "Jawa Timur"], 2, ["--provinsi"]),
    (["coverage", "Bojonegoro", "--data", "/nonexistent/folder"], 3, ["/nonexistent/folder"]),
    (["demo", "--kabupaten", "Kabupaten Xyzzy", "--out", "{tmp}/d"], 2, ["Xyzzy"]),
    (["demo", "--format", "xls", "--out", "{tmp}/d"], 2, ["'xls'", "parquet, csv, xlsx"]),
    (["wilayah", "find", "kalitidu", "--level", "dusun"], 2,
     ["'dusun'", "provinsi, kabupaten, kecamatan, desa"]),
    (["wilayah", "find", "kalitidu", "--format", "xml"], 2, ["'xml'", "table, json"]),
    (["wilayah", "show", "35.99"], 2, ["35.99"]),
    (["coverage", "32.01"], 2, ["32.01 Kabupaten Bogor", "--data"]),
    (["coverage", "Bojonegoro", "--periode", "Juni-2025"], 2, ["'Juni-2025'", "YYYY-MM"]),
    (["coverage", "Bojonegoro", "--target", "nan"], 2, ["'nan'", "0.60"]),
    (["validate", "{tmp}/missing.csv", "--kind", "coverage"], 3, ["missing.csv"]),
    (["coverage", "Bojonegoro", "--charts", "{tmp}/a-file.txt"], 6, ["a-file.txt"]),
    (["coverage", "Bojonegoro", "--charts", "{tmp}/a-file.txt/sub"], 6, ["a-file.txt"]),
]



@pytest.mark.parametrize("args,code,fragments", MISTAKES,
                         ids=[" ".join(m[0]) for m in MISTAKES])
def test_mistake_is_one_paragraph_with_exit_code(tmp_path, args, code, fragments):
    (tmp_path / "a-file.txt").write_text("this is a file, not a folder\n")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    res = _ucj(args, tmp_path)
    assert_one_paragraph(res, code, fragments)
    assert (tmp_path / "a-file.txt").read_text() == "this is a file, not a folder\n"


def test_version_exits_zero(tmp_path):
    from ucjlib import __version__

    res = _ucj(["--version"], tmp_path)
    assert res.returncode == 0 and res.stdout.strip() == f"ucjlib {__version__}"


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root can write into read-only folders")
def test_unwritable_chart_folder(tmp_path):  # pragma: no cover - CI runs as root
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    res = _ucj(["coverage", "Bojonegoro", "--charts", str(ro)], tmp_path)
    assert res.returncode == 6 and "Traceback" not in res.stderr


def test_internal_error_is_one_paragraph_without_data(tmp_path, monkeypatch):
    """A bug still gives one paragraph (type and place, never the message: it may hold data)."""
    code = ("import ucjlib.coverage as c\n"
            "def boom(*a, **k):\n"
            "    raise KeyError('3522010101900003 Siti Rahayu')\n"
            "c.analyze_coverage = boom\n"
            "from ucjlib.cli import run; run()\n")
    res = subprocess.run([sys.executable, "-c", code, "coverage", "Bojonegoro"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300,
                         env={k: v for k, v in os.environ.items() if k != "UCJ_DEBUG"})
    assert res.returncode == 70
    assert "Traceback" not in res.stderr and "KeyError" in res.stderr
    assert "3522010101900003" not in res.stderr and "Siti" not in res.stderr


def test_another_kabupatens_folder_is_one_line(tmp_path):
    """A data folder of Lamongan opened as Bojonegoro: one problem, not 130,000 row errors."""
    res = _ucj(["demo", "--kabupaten", "35.24", "--out", str(tmp_path / "d"), "--format", "csv"],
               tmp_path)
    assert res.returncode == 0, res.stderr
    res = _ucj(["coverage", "Bojonegoro", "--data", str(tmp_path / "d" / "35.24")], tmp_path)
    assert res.returncode == 3 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert "35.24 Kabupaten Lamongan" in res.stderr and "35.22 Kabupaten Bojonegoro" in res.stderr


def test_count_in_exponent_notation_is_a_clear_error(tmp_path):
    """`1e20` in a count (silently -9.2e18 before): exit 3, file/row/column, readable examples."""
    d = tmp_path / "data"
    d.mkdir()
    (d / "coverage.csv").write_text("kode;periode;segmen;pendanaan;peserta_aktif\n"
                                    "35.22.16;2025-06;BPU;APBD;1e20\n")
    (d / "workforce.csv").write_text("kode;tahun;pekerja\n35.22;2025;820.388\n")
    res = _ucj(["coverage", "35.22", "--data", str(d)], tmp_path)
    assert res.returncode == 3 and "Traceback" not in res.stderr
    assert "baris 2" in res.stderr and "peserta_aktif" in res.stderr
    assert "157058, 157.058 atau 157,058" in res.stderr and "300.000.000" in res.stderr
