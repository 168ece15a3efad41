"""``ucj budget``: mistakes end in one paragraph; outputs carry the library's numbers.

Subprocess runs of the real entry point (like ``tests/test_cli_errors.py``);
``--draws 500`` keeps the Monte Carlo fast.
"""

from __future__ import annotations

import json

import pytest
from conftest import assert_one_paragraph
from conftest import run_ucj as _ucj

FAST = ["--draws", "500"]

# (arguments, exit code, fragments the message must contain)
MISTAKES = [
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
]


@pytest.mark.parametrize("args,code,fragments", MISTAKES,
                         ids=[" ".join(m[0]) for m in MISTAKES])
def test_budget_mistake_is_one_paragraph(tmp_path, args, code, fragments):
    (tmp_path / "a-file.txt").write_text("this is a file, not a folder\n")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    args += [] if "--draws" in args else FAST
    res = _ucj(args, tmp_path)
    assert_one_paragraph(res, code, fragments)
    assert res.stdout == ""
    assert (tmp_path / "a-file.txt").read_text() == "this is a file, not a folder\n"


def _library(kode: str, **kw):
    import ucjlib as ucj
    from ucjlib.budget import estimate_budget
    from ucjlib.projection import project

    ds = ucj.open_dataset(ucj.resolve_region(kode))
    return estimate_budget(dataset=ds, projection=project(ds, draws=100), draws=500, **kw)


def test_json_has_the_issue_keys_and_equals_the_library(tmp_path):
    res = _ucj(["budget", "35.22", "--format", "json", *FAST], tmp_path)
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


def test_mandiri_june_2026_pays_half_apbd_does_not(tmp_path):
    out = {}
    for funding in ("mandiri", "APBD"):
        res = _ucj(["budget", "35.22", "--participants", "157.058", "--start", "2026-06",
                    "--funding", funding, "--format", "json", *FAST], tmp_path)
        assert res.returncode == 0, res.stderr
        out[funding] = json.loads(res.stdout)["figures"]["contribution_per_participant_month"]
    assert out == {"mandiri": {"pekerja": 8_400.0}, "APBD": {"apbd": 16_800.0}}


def test_table_csv_xlsx_and_charts(tmp_path):
    res = _ucj(["budget", "Bojonegoro", "--years", "3", *FAST], tmp_path)
    assert res.returncode == 0, res.stderr
    assert "DATA DEMO (SINTETIS)" in res.stdout
    assert "Rp 31,7 miliar" in res.stdout and "157.058" in res.stdout
    assert "Santunan duka lama" in res.stdout and "Tidak lagi terjangkau" in res.stdout
    res = _ucj(["budget", "35.22", "--format", "csv", "--table", "arus-kas", *FAST], tmp_path)
    assert res.returncode == 0, res.stderr
    rows = res.stdout.splitlines()
    assert rows[0].startswith("tahun,kematian,manfaat_jkm_idr") and len(rows) == 26
    res = _ucj(["budget", "35.22", "--format", "xlsx", "--charts",
                str(tmp_path / "grafik"), *FAST], tmp_path)
    assert res.returncode == 0, res.stderr
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "35.22-anggaran.xlsx")
    assert len(wb.sheetnames) >= 4
    names = sorted(p.name for p in (tmp_path / "grafik").iterdir())
    assert names == sorted(f"{s}.{e}" for s in ("anggaran-iuran", "pembayaran-manfaat",
                                                "perbandingan-santunan",
                                                "sensitivitas-manfaat")
                           for e in ("png", "svg"))


def test_kota_without_apbd_prices_the_gap_and_has_no_grant(tmp_path):
    res = _ucj(["budget", "Kota Bogor", "--format", "json", *FAST], tmp_path)
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    gap = doc["figures"]["gap"]["needed_total"]
    # the cohort priced is the gap to the target, said so in the notes
    assert doc["monthly"][0]["peserta"] == round(gap)
    assert any("kesenjangan" in n for n in doc["meta"]["notes"])
    assert doc["figures"]["grant"] == []
    assert "Kabupaten Bojonegoro" in doc["meta"]["grant_lines"][0]


def test_help_is_indonesian_with_examples(tmp_path):
    res = _ucj(["budget", "--help"], tmp_path)
    assert res.returncode == 0
    assert "Contoh" in res.stdout and "ucj budget Bojonegoro" in res.stdout
