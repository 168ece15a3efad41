"""``ucj project``: the outputs (table, JSON, CSV, XLSX, charts) carry the library's numbers.

In-process runs through the ``ucj`` fixture; the mistakes users make are in the one
table of ``tests/test_cli_errors.py``. ``--draws 50`` keeps the bootstrap fast.
"""

from __future__ import annotations

import json

FAST = ["--draws", "50"]


def test_help_is_indonesian_with_examples(ucj):
    res = ucj(["project", "--help"])
    assert res.returncode == 0
    assert "Contoh" in res.stdout and "ucj project Bojonegoro" in res.stdout
    assert "target-sheets.xlsx" in res.stdout


def _library(kode: str, **kw):
    import ucjlib as ucj
    from ucjlib.projection import project

    return project(ucj.open_dataset(ucj.resolve_region(kode)), draws=50, **kw)


def test_json_carries_the_library_figures(ucj):
    res = ucj(["project", "35.22", "--format", "json", *FAST])
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


def test_table_csv_xlsx_and_charts(ucj, tmp_path):
    res = ucj(["project", "Bojonegoro", *FAST])
    assert res.returncode == 0, res.stderr
    assert "Tambahan bersih per bulan" in res.stdout and "24.215" in res.stdout
    assert "data demo (sintetis)" in res.stdout and "Kalitidu" in res.stdout
    res = ucj(["project", "32.71", "--format", "csv", "--table", "jalur", "--lang", "en",
               *FAST])
    assert res.returncode == 0, res.stderr
    head = res.stdout.splitlines()[0]
    assert head.startswith("Period,Kind,UCJ coverage,Coverage 5th percentile")
    # the kind of month in English too, as the report's CSV says it (observed/projected)
    kinds = {line.split(",")[1] for line in res.stdout.splitlines()[1:]}
    assert kinds == {"observed", "projected"}
    res = ucj(["project", "32.71", "--format", "csv", "--table", "jalur", *FAST])
    assert {line.split(",")[1] for line in res.stdout.splitlines()[1:]} == {"observasi",
                                                                           "proyeksi"}
    res = ucj(["project", "Bojonegoro", "--format", "xlsx", "--level", "desa",
               "--charts", str(tmp_path / "grafik"), *FAST])
    assert res.returncode == 0, res.stderr
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "35.22-target-sheets.xlsx")
    assert wb.sheetnames == ["Kecamatan", "Desa", "Keterangan"]
    names = sorted(p.name for p in (tmp_path / "grafik").iterdir())
    assert names == ["proyeksi-cakupan.png", "proyeksi-cakupan.svg", "skenario-cakupan.png",
                     "skenario-cakupan.svg"]


def test_scenario_file_makes_it_the_main_scenario(ucj):
    from ucjlib.projection.scenario import scenario_dir

    f = scenario_dir() / "bojonegoro-nonrenewal.yaml"
    res = ucj(["project", "35.22", "--scenario", str(f), "--format", "json", *FAST])
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["meta"]["scenario"] == "APBD tidak diperpanjang Januari 2026"
    lib = _library("35.22", scenario=f)
    assert doc["figures"] == json.loads(json.dumps(lib.figures()))
