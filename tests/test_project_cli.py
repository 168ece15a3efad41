"""``ucj project``: the mistakes users make end in one paragraph and a documented exit code,
and the outputs (table, JSON, CSV, XLSX, charts) carry the library's numbers.

Subprocess runs like ``tests/test_cli_errors.py`` (the real entry point, no traceback);
``--draws 50`` keeps the bootstrap fast.
"""

from __future__ import annotations

import json

import pytest
from conftest import assert_one_paragraph
from conftest import run_ucj as _ucj

FAST = ["--draws", "50"]

# (arguments, exit code, fragments the message must contain)
MISTAKES = [
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
]



def _files(tmp_path) -> None:
    (tmp_path / "a-file.txt").write_text("this is a file, not a folder\n")
    (tmp_path / "rusak.yaml").write_text("scenarios:\n  - name: [tidak ditutup\n")
    (tmp_path / "tanpa-nama.yaml").write_text("scenarios:\n  - parts: []\n")
    (tmp_path / "bagian-salah.yaml").write_text(
        "scenarios:\n  - name: x\n    parts:\n      - kampanye: {per_month: 10}\n")


@pytest.mark.parametrize("args,code,fragments", MISTAKES,
                         ids=[" ".join(m[0]) for m in MISTAKES])
def test_project_mistake_is_one_paragraph(tmp_path, args, code, fragments):
    _files(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    args += [] if "--draws" in args else FAST
    res = _ucj(args, tmp_path)
    assert_one_paragraph(res, code, fragments)
    assert res.stdout == ""
    assert (tmp_path / "a-file.txt").read_text() == "this is a file, not a folder\n"


def test_help_is_indonesian_with_examples(tmp_path):
    res = _ucj(["project", "--help"], tmp_path)
    assert res.returncode == 0
    assert "Contoh" in res.stdout and "ucj project Bojonegoro" in res.stdout
    assert "target-sheets.xlsx" in res.stdout


def _library(kode: str, **kw):
    import ucjlib as ucj
    from ucjlib.projection import project

    return project(ucj.open_dataset(ucj.resolve_region(kode)), draws=50, **kw)


def test_json_carries_the_library_figures(tmp_path):
    res = _ucj(["project", "35.22", "--format", "json", *FAST], tmp_path)
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    f = doc["figures"]
    for key in ("target_reached_month", "coverage_at_deadline",
                "probability_target_by_deadline", "required_monthly_net_additions",
                "shortfall_at_deadline", "backtest"):
        assert key in f
    lib = _library("35.22").figures()
    assert f == json.loads(json.dumps(lib))
    # published-figure anchors of the demo: 42.29% in June 2025, 60% target
    assert round(f["coverage_now"], 4) == 0.4229 and f["target"] == 0.6
    assert round(f["required_monthly_net_additions"]) == 24215
    assert set(f["backtest"]["3"]) >= {"model_pp", "naive_pp", "drift_pp", "beats_drift"}
    assert len(doc["allocation"]) == 28  # kecamatan of Bojonegoro
    assert sum(r["kuota_tambahan"] for r in doc["allocation"]) == 145291


def test_table_csv_xlsx_and_charts(tmp_path):
    res = _ucj(["project", "Bojonegoro", *FAST], tmp_path)
    assert res.returncode == 0, res.stderr
    assert "Tambahan bersih per bulan" in res.stdout and "24.215" in res.stdout
    assert "data demo (sintetis)" in res.stdout and "Kalitidu" in res.stdout
    res = _ucj(["project", "32.71", "--format", "csv", "--table", "jalur", "--lang", "en",
                *FAST], tmp_path)
    assert res.returncode == 0, res.stderr
    head = res.stdout.splitlines()[0]
    assert head.startswith("Period,Kind,UCJ coverage,Coverage 5th percentile")
    res = _ucj(["project", "Bojonegoro", "--format", "xlsx", "--level", "desa",
                "--charts", str(tmp_path / "grafik"), *FAST], tmp_path)
    assert res.returncode == 0, res.stderr
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "35.22-target-sheets.xlsx")
    assert wb.sheetnames == ["Kecamatan", "Desa", "Keterangan"]
    names = sorted(p.name for p in (tmp_path / "grafik").iterdir())
    assert names == ["proyeksi-cakupan.png", "proyeksi-cakupan.svg", "skenario-cakupan.png",
                     "skenario-cakupan.svg"]


def test_scenario_file_makes_it_the_main_scenario(tmp_path):
    from ucjlib.projection.scenario import scenario_dir

    f = scenario_dir() / "bojonegoro-nonrenewal.yaml"
    res = _ucj(["project", "35.22", "--scenario", str(f), "--format", "json", *FAST], tmp_path)
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["meta"]["scenario"] == "APBD tidak diperpanjang Januari 2026"
    lib = _library("35.22", scenario=f)
    assert doc["figures"] == json.loads(json.dumps(lib.figures()))
