"""``ucj budget``: the outputs (table, JSON, CSV, XLSX, charts) carry the library's numbers.

In-process runs through the ``ucj`` fixture; the mistakes users make are in the one
table of ``tests/test_cli_errors.py``. ``--draws 500`` keeps the Monte Carlo fast.
"""

from __future__ import annotations

import json

import pytest

FAST = ["--draws", "500"]


def _library(kode: str, **kw):
    import ucjlib as ucj
    from ucjlib.budget import estimate_budget
    from ucjlib.projection import project

    ds = ucj.open_dataset(ucj.resolve_region(kode))
    return estimate_budget(dataset=ds, projection=project(ds, draws=100), draws=500, **kw)


def test_json_has_the_issue_keys_and_equals_the_library(ucj):
    res = ucj(["budget", "35.22", "--format", "json", *FAST])
    assert res.returncode == 0, res.stderr
    f = json.loads(res.stdout)["figures"]
    for key in ("contribution_per_participant_month", "apbd_budget_per_year",
                "expected_deaths_per_year", "expected_jkm_payout_per_year",
                "scholarship_payout_by_year", "payout_p5", "payout_p50", "payout_p95",
                "deaths_p5", "deaths_p95", "rule_version"):
        assert key in f, key
    # the demo's 157,058 APBD participants at Rp 16,800 a month: the published Rp 31.66 bn
    assert f["apbd_budget_per_year"] == {"2026": 31_662_892_800.0}
    assert f["contribution_per_participant_month"] == {"apbd": 16_800.0}
    # 24,215 a month to 60% by December 2025 (the projection issue's figure)
    assert round(f["gap"]["net_per_month"]) == 24_215
    assert f == json.loads(json.dumps(_library("35.22").figures()))
    assert f["demo"] is True and f["label"] == "data demo (sintetis)"


def test_mandiri_june_2026_pays_half_apbd_does_not(ucj):
    out = {}
    for funding in ("mandiri", "APBD"):
        res = ucj(["budget", "35.22", "--participants", "157.058", "--start", "2026-06",
                "--funding", funding, "--format", "json", *FAST])
        assert res.returncode == 0, res.stderr
        out[funding] = json.loads(res.stdout)["figures"]["contribution_per_participant_month"]
    assert out == {"mandiri": {"pekerja": 8_400.0}, "APBD": {"apbd": 16_800.0}}


@pytest.mark.slow
def test_table_csv_xlsx_and_charts(ucj, tmp_path):
    res = ucj(["budget", "Bojonegoro", "--years", "3", *FAST])
    assert res.returncode == 0, res.stderr
    assert "DATA DEMO (SINTETIS)" in res.stdout
    assert "Rp 31,7 miliar" in res.stdout and "157.058" in res.stdout
    assert "Santunan duka lama" in res.stdout and "Tidak lagi terjangkau" in res.stdout
    res = ucj(["budget", "35.22", "--format", "csv", "--table", "arus-kas", *FAST])
    assert res.returncode == 0, res.stderr
    rows = res.stdout.splitlines()
    assert rows[0].startswith("tahun,kematian,manfaat_jkm_idr") and len(rows) == 26
    res = ucj(["budget", "35.22", "--format", "xlsx", "--charts",
               str(tmp_path / "grafik"), *FAST])
    assert res.returncode == 0, res.stderr
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "35.22-anggaran.xlsx")
    assert len(wb.sheetnames) >= 4
    names = sorted(p.name for p in (tmp_path / "grafik").iterdir())
    assert names == sorted(f"{s}.{e}" for s in ("anggaran-iuran", "pembayaran-manfaat",
                                                "perbandingan-santunan",
                                                "sensitivitas-manfaat")
                           for e in ("png", "svg"))


def test_kota_without_apbd_prices_the_gap_and_has_no_grant(ucj):
    res = ucj(["budget", "Kota Bogor", "--format", "json", *FAST])
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    gap = doc["figures"]["gap"]["needed_total"]
    # the cohort priced is the gap to the target, said so in the notes
    assert doc["monthly"][0]["peserta"] == round(gap)
    assert any("kesenjangan" in n for n in doc["meta"]["notes"])
    assert doc["figures"]["grant"] == []
    assert "Kabupaten Bojonegoro" in doc["meta"]["grant_lines"][0]


def test_help_is_indonesian_with_examples(ucj):
    res = ucj(["budget", "--help"])
    assert res.returncode == 0
    assert "Contoh" in res.stdout and "ucj budget Bojonegoro" in res.stdout
