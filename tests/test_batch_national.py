"""``ucj batch --nasional`` on a restricted set: province pages and a national index.

The national batch is restricted to two provinces (``NATIONAL_PROVINCES``, monkeypatched)
and one kota each (``--kabupaten``), with the small notebooks of ``test_report_run``: the
real cost of 514 reports is measured in ``benchmarks/bench_batch_national.py``.
"""

from __future__ import annotations

import re

import pytest
from test_report_run import check_offline, fast_notebooks

pytestmark = [pytest.mark.slow]


def test_batch_nasional_writes_province_pages_and_a_national_index(tmp_path, monkeypatch,
                                                                  capsys):
    from ucjlib.cli import main
    from ucjlib.report import national

    monkeypatch.setattr(national, "NATIONAL_PROVINCES", ("34", "65"))
    monkeypatch.setenv("UCJ_NOTEBOOKS", str(fast_notebooks(tmp_path / "nb")))
    out = tmp_path / "reports"
    code = main(["batch", "--nasional", "--workers", "2", "-k", "34.71", "-k", "65.71",
                 "--out", str(out)])
    cap = capsys.readouterr()
    assert code == 0, cap.err
    index = out / "index-nasional-2025-06.html"
    assert cap.out.strip() == str(index.resolve())
    for page in ("index-34-2025-06.html", "index-65-2025-06.html"):
        html = (out / page).read_text(encoding="utf-8")
        check_offline(html)
    assert "Kota Yogyakarta" in (out / "index-34-2025-06.html").read_text()
    assert "Kota Tarakan" in (out / "index-65-2025-06.html").read_text()
    html = index.read_text(encoding="utf-8")
    check_offline(html)
    links = re.findall(r'href="([^"]+)"', html)
    assert sorted(links) == ["index-34-2025-06.html", "index-65-2025-06.html"]
    assert "DATA DEMO (SINTETIS)" in html and "Indonesia: provinsi dibandingkan" in html
    assert html.count("<tr>") == 1 + 2  # the header and one row per province in scope


def test_nasional_and_provinsi_are_exclusive(ucj):
    res = ucj(["batch", "--nasional", "--provinsi", "34"])
    assert res.returncode == 2 and "--nasional" in res.stderr
    assert ucj(["batch", "--workers", "2"]).returncode == 2  # neither
