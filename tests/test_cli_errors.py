"""Every mistake a user types ends in one paragraph and a documented exit code.

One table of command-line mistakes for every command (``coverage``, ``demo``,
``wilayah``, ``validate``, ``project``, ``budget``, ``report``, ``batch``,
``boundaries``), run in-process through the ``ucj`` fixture (``tests/conftest.py``:
:func:`ucjlib.cli.main`, what the console entry point runs). Each case checks: no
"Traceback", the exit code from the README table, a message that names the bad
value and what would have been accepted, one paragraph on stderr and nothing on
stdout, and that nothing was written (the file in the way is untouched, no
notebook, no report folder). The console entry point itself is run as a real
process in ``tests/test_cli.py::test_console_script_exit_code``.
"""

from __future__ import annotations

import os
import stat

import pytest
from conftest import assert_one_paragraph

from ucjlib.geo.sources import mirror_dir

# (arguments, exit code, fragments the message must contain); {tmp} is the working folder,
# which holds a-file.txt (a file where a folder is expected), three broken scenario files
# and rusak.geojson (not GeoJSON)
MISTAKES = [
    # --- the root, coverage, demo, wilayah, validate
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
    # every kabupaten/kota has a demo now (issue 19): a kecamatan code is the mistake
    (["coverage", "35.22.01"], 2, ["'35.22.01'", "kecamatan Ngraho", "35.22 Kabupaten Bojonegoro"]),
    (["coverage", "Bojonegoro", "--periode", "Juni-2025"], 2, ["'Juni-2025'", "YYYY-MM"]),
    (["coverage", "Bojonegoro", "--target", "nan"], 2, ["'nan'", "0.60"]),
    (["validate", "{tmp}/missing.csv", "--kind", "coverage"], 3, ["missing.csv"]),
    (["coverage", "Bojonegoro", "--charts", "{tmp}/a-file.txt"], 6, ["a-file.txt"]),
    (["coverage", "Bojonegoro", "--charts", "{tmp}/a-file.txt/sub"], 6, ["a-file.txt"]),
    # --- project (--draws 50 added unless given)
    (["project", "Bojonegoro", "--deadline", "2025-13"], 2, ["'2025-13'", "YYYY-MM"]),
    (["project", "Bojonegoro", "--deadline", "Desember"], 2, ["'Desember'", "YYYY-MM"]),
    (["project", "Bojonegoro", "--deadline", "2025-03"], 2, ["'2025-03'", "2025-06"]),
    (["project", "Bojonegoro", "--scenario", "{tmp}/tidak-ada.yaml"], 2,
     ["tidak-ada.yaml", "--scenario"]),
    (["project", "Bojonegoro", "--scenario", "{tmp}/rusak.yaml"], 3, ["rusak.yaml"]),
    (["project", "Bojonegoro", "--scenario", "{tmp}/tanpa-nama.yaml"], 3,
     ["tanpa-nama.yaml", "name"]),
    (["project", "Bojonegoro", "--scenario", "{tmp}/bagian-salah.yaml"], 3,
     ["bagian-salah.yaml", "scenarios[1].parts[1]"]),
    (["project", "Bojonegoro", "--target", "60"], 2, ["'60'", "0.60"]),
    (["project", "Bojonegoro", "--format", "xml"], 2, ["'xml'", "table, csv, json, xlsx"]),
    (["project", "Bojonegoro", "--level", "provinsi"], 2, ["'provinsi'", "kecamatan, desa"]),
    (["project", "Bojonegoro", "--lang", "fr"], 2, ["'fr'", "id, en"]),
    (["project", "Bojonegoro", "--table", "peta"], 2, ["'peta'", "alokasi, jalur"]),
    (["project", "Bojonegoro", "--out", "{tmp}/x.txt"], 2, ["--out", "xlsx"]),
    (["project", "Bojonegoro", "--draws", "1"], 2, ["--draws", "10"]),
    (["project", "Bogor"], 2, ["32.01 Kabupaten Bogor", "32.71 Kota Bogor"]),
    (["project", "35.22.16"], 2, ["Kalitidu", "35.22 Kabupaten Bojonegoro"]),
    (["project", "Bojonegoro", "--data", "/nonexistent/folder"], 3, ["/nonexistent/folder"]),
    (["project", "Bojonegoro", "--format", "xlsx", "--out", "{tmp}/a-file.txt/lembar.xlsx"], 6,
     ["a-file.txt"]),
    (["project", "Bojonegoro", "--charts", "{tmp}/a-file.txt"], 6, ["a-file.txt"]),
    # --- budget (--draws 500 added unless given)
    (["budget", "Bojonegoro", "--participants", "1e20"], 2, ["'1e20'", "bilangan bulat"]),
    (["budget", "Bojonegoro", "--participants", "-5"], 2, ["'-5'", "bilangan bulat"]),
    (["budget", "Bojonegoro", "--participants", "banyak"], 2, ["'banyak'"]),
    (["budget", "Bojonegoro", "--income-bracket", "1,5 juta"], 2, ["'1,5 juta'"]),
    (["budget", "Bojonegoro", "--funding", "APBN"], 2, ["'APBN'", "APBD, APBDes, mandiri"]),
    (["budget", "Bojonegoro", "--funding", "APBD=0.8,mandiri=0.3"], 2,
     ["APBD=0.8,mandiri=0.3", "berjumlah 1"]),
    (["budget", "Bojonegoro", "--funding", "APBD=delapan"], 2, ["APBD=delapan"]),
    (["budget", "Bojonegoro", "--start", "2026-13"], 2, ["'2026-13'", "YYYY-MM"]),
    (["budget", "Bojonegoro", "--start", "Januari"], 2, ["'Januari'", "YYYY-MM"]),
    (["budget", "Bojonegoro", "--years", "0"], 2, ["--years", "1 sampai 20"]),
    (["budget", "Bojonegoro", "--horizon", "5"], 2, ["--horizon", "20 sampai 60"]),
    (["budget", "Bojonegoro", "--death-rate", "2.8"], 2, ["'2.8'", "bukan per 1.000"]),
    (["budget", "Bojonegoro", "--discount-rate", "6%"], 2, ["'6%'", "0.06"]),
    (["budget", "Bojonegoro", "--target", "60"], 2, ["'60'", "0.60"]),
    (["budget", "Bojonegoro", "--deadline", "2025-03"], 2, ["'2025-03'", "2025-06"]),
    (["budget", "Bojonegoro", "--sector", "ojek"], 2, ["'ojek'", "other, transport"]),
    (["budget", "Bojonegoro", "--format", "pdf"], 2, ["'pdf'", "table, csv, json, xlsx"]),
    (["budget", "Bojonegoro", "--table", "peta"], 2, ["'peta'", "anggaran, arus-kas"]),
    (["budget", "Bojonegoro", "--lang", "fr"], 2, ["'fr'", "id, en"]),
    (["budget", "Bojonegoro", "--out", "{tmp}/x.txt"], 2, ["--out", "xlsx"]),
    (["budget", "Bojonegoro", "--draws", "5"], 2, ["--draws", "100"]),
    (["budget", "Bogor"], 2, ["32.01 Kabupaten Bogor", "32.71 Kota Bogor"]),
    (["budget", "Bojonegro"], 2, ["'Bojonegro'", "35.22 Kabupaten Bojonegoro"]),
    (["budget", "Bojonegoro", "--data", "/nonexistent/folder"], 3, ["/nonexistent/folder"]),
    (["budget", "Bojonegoro", "--charts", "{tmp}/a-file.txt"], 6, ["a-file.txt"]),
    (["budget", "Bojonegoro", "--format", "xlsx", "--out", "{tmp}/a-file.txt/a.xlsx"], 6,
     ["a-file.txt"]),
    # --- report and batch: every check happens before any notebook runs
    (["report", "Bogor"], 2, ["ambigu", "32.01 Kabupaten Bogor", "32.71 Kota Bogor"]),
    (["report", "Bojo negoro kidul"], 2, ["tidak dikenal", "35.22 Kabupaten Bojonegoro"]),
    (["report", "Bojonegoro", "--lang", "fr"], 2, ["'fr'", "id, en"]),
    (["report", "Bojonegoro", "--csv-locale", "de"], 2, ["'de'", "id, en"]),
    (["report", "Bojonegoro", "--out", "{tmp}/a-file.txt"], 6, ["a-file.txt", "berkas"]),
    (["report", "Bojonegoro", "--target", "60"], 2, ["'60'", "0.6?"]),
    (["report", "Bojonegoro", "--periode", "2030-01", "--out", "{tmp}/r"], 2,
     ["'2030-01'", "2022-01 s.d. 2025-06"]),
    (["report", "Bojonegoro", "--deadline", "2025-03", "--out", "{tmp}/r"], 2,
     ["--deadline", "'2025-03'", "2025-06"]),
    (["report", "Bojonegoro", "--skenario", "{tmp}/tidak-ada.yaml"], 2,
     ["--skenario", "tidak-ada.yaml"]),
    (["report", "Bojonegoro", "--data", "/nonexistent/folder", "--out", "{tmp}/r"], 3,
     ["/nonexistent/folder"]),
    (["report", "35.22.01", "--out", "{tmp}/r"], 2, ["kecamatan Ngraho", "35.22 Kabupaten"]),
    (["batch", "--provinsi", "Jawa"], 2, ["Jawa Timur", "Jawa Barat"]),
    (["batch", "--provinsi", "35", "--workers", "0"], 2, ["--workers", "0"]),
    (["batch", "--provinsi", "35", "--out", "{tmp}/a-file.txt"], 6, ["a-file.txt"]),
    (["batch", "--provinsi", "35", "--data", "{tmp}/tidak-ada"], 2, ["--data", "tidak-ada"]),
    (["batch", "--provinsi", "35", "-k", "Kota Bogor"], 2, ["Kota Bogor"]),
    (["batch", "--provinsi", "35.22"], 2, ["35.22", "provinsi"]),
    (["batch"], 2, ["--provinsi"]),
    (["batch", "--provinsi", "35", "--scheduler", "foo"], 2, ["--scheduler", "'foo'"]),
    # --- boundaries (a store of their own in {tmp}/store; need the local data mirror)
    (["boundaries", "info", "Atlantis"], 2, ["tidak dikenal"]),
    (["boundaries", "info", "Bogor"], 2, ["32.71"]),
    (["boundaries", "import", "{tmp}/tidak_ada.shp", "-l", "kecamatan", "-p", "35.22"], 5,
     ["tidak ditemukan"]),
    (["boundaries", "import", "{tmp}/rusak.geojson", "-l", "kecamatan", "-p", "35.22"], 5,
     ["Tidak dapat membaca"]),
    (["boundaries", "import", "{tmp}/rusak.geojson", "-l", "rt", "-p", "35.22"], 2, ["--level"]),
    (["boundaries", "import", "{tmp}/rusak.geojson", "-l", "desa", "-p", "Atlantis"], 2,
     ["tidak dikenal"]),
    (["boundaries", "import", "{tmp}/rusak.geojson", "-l", "kabupaten", "-p", "35.22"], 5,
     ["kabupaten"]),
    (["boundaries", "build", "-l", "kota-kecil"], 2, ["--level"]),
    (["boundaries", "build", "-l", "desa", "-p", "11"], 5, ["Tidak ada berkas"]),
    (["boundaries", "build", "--mirror", "{tmp}/tidak_ada"], 4, ["mirror"]),
]

# the smallest draws counts that keep the Monte Carlo fast
DRAWS = {"project": ["--draws", "50"], "budget": ["--draws", "500"]}
IN_THE_WAY = "this is a file, not a folder\n"


def _files(tmp_path) -> None:
    (tmp_path / "a-file.txt").write_text(IN_THE_WAY)
    (tmp_path / "rusak.yaml").write_text("scenarios:\n  - name: [tidak ditutup\n")
    (tmp_path / "tanpa-nama.yaml").write_text("scenarios:\n  - parts: []\n")
    (tmp_path / "bagian-salah.yaml").write_text(
        "scenarios:\n  - name: x\n    parts:\n      - kampanye: {per_month: 10}\n")
    (tmp_path / "rusak.geojson").write_text("{ ini bukan geojson", encoding="utf-8")


@pytest.mark.parametrize("args,code,fragments", MISTAKES,
                         ids=[" ".join(m[0]) for m in MISTAKES])
def test_mistake_is_one_paragraph_with_exit_code(ucj, tmp_path, args, code, fragments):
    env = {}
    if args[0] == "boundaries":
        if mirror_dir() is None:
            pytest.skip("no local data mirror")
        env["UCJ_STORE_DIR"] = str(tmp_path / "store")
    _files(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if args[0] in DRAWS and "--draws" not in args:
        args += DRAWS[args[0]]
    res = ucj(args, env=env)
    assert_one_paragraph(res, code, fragments)
    if args != ["batch"]:  # no arguments: the command's help follows "Kesalahan: Usage:"
        assert "\n\n" not in res.stderr.strip(), "one paragraph"
    if args[0] != "validate":  # validate lists the problems it found on stdout
        assert res.stdout == ""
    # a mistake writes nothing: the file in the way is untouched, no report, no notebook
    assert (tmp_path / "a-file.txt").read_text() == IN_THE_WAY
    assert not list(tmp_path.rglob("*.ipynb"))
    assert not (tmp_path / "reports").exists()
    if args[0] != "boundaries":  # a boundary command may set up its (empty) store first
        assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_version_exits_zero(ucj):
    from ucjlib import __version__

    res = ucj(["--version"])
    assert res.returncode == 0 and res.stdout.strip() == f"ucjlib {__version__}"


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root can write into read-only folders")
def test_unwritable_chart_folder(ucj, tmp_path):  # pragma: no cover - CI runs as root
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    res = ucj(["coverage", "Bojonegoro", "--charts", str(ro)])
    assert res.returncode == 6 and "Traceback" not in res.stderr


def test_internal_error_is_one_paragraph_without_data(ucj, monkeypatch):
    """A bug still gives one paragraph (type and place, never the message: it may hold data)."""
    import ucjlib.coverage as c

    def boom(*a, **k):
        raise KeyError("3522010101900003 Siti Rahayu")

    monkeypatch.setattr(c, "analyze_coverage", boom)
    res = ucj(["coverage", "Bojonegoro"])
    assert res.returncode == 70
    assert "Traceback" not in res.stderr and "KeyError" in res.stderr
    assert "3522010101900003" not in res.stderr and "Siti" not in res.stderr


def test_another_kabupatens_folder_is_one_line(ucj, tmp_path):
    """A data folder of Lamongan opened as Bojonegoro: one problem, not 130,000 row errors."""
    res = ucj(["demo", "--kabupaten", "35.24", "--out", tmp_path / "d", "--format", "csv"])
    assert res.returncode == 0, res.stderr
    res = ucj(["coverage", "Bojonegoro", "--data", tmp_path / "d" / "35.24"])
    assert res.returncode == 3 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert "35.24 Kabupaten Lamongan" in res.stderr and "35.22 Kabupaten Bojonegoro" in res.stderr


def test_count_in_exponent_notation_is_a_clear_error(ucj, tmp_path):
    """`1e20` in a count (silently -9.2e18 before): exit 3, file/row/column, readable examples."""
    d = tmp_path / "data"
    d.mkdir()
    (d / "coverage.csv").write_text("kode;periode;segmen;pendanaan;peserta_aktif\n"
                                    "35.22.16;2025-06;BPU;APBD;1e20\n")
    (d / "workforce.csv").write_text("kode;tahun;pekerja\n35.22;2025;820.388\n")
    res = ucj(["coverage", "35.22", "--data", d])
    assert res.returncode == 3 and "Traceback" not in res.stderr
    assert "baris 2" in res.stderr and "peserta_aktif" in res.stderr
    assert "157058, 157.058 atau 157,058" in res.stderr and "300.000.000" in res.stderr


@pytest.mark.slow
def test_unreachable_scheduler_is_one_paragraph(ucj, tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = ucj(["batch", "--provinsi", "35", "-k", "35.76", "--scheduler",
               f"tcp://127.0.0.1:{port}", "--out", tmp_path / "r"])
    assert_one_paragraph(res, 2, ["--scheduler", f"tcp://127.0.0.1:{port}"])
