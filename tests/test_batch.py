"""``ucj batch`` on a Dask LocalCluster started by the test.

Three small kota of Jawa Timur: Kota Mojokerto (35.76) and Kota Batu (35.79)
with good data folders (``write_demo``), Kota Blitar (35.72) with a broken
one. The batch must finish the two, report the third as failed, and write an
offline index linking the two reports. The notebooks are the small ones of
``test_report_run`` (``UCJ_NOTEBOOKS``), so the test takes seconds per
kabupaten rather than a full report each.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from test_report_run import check_offline, fast_notebooks

pytestmark = [pytest.mark.slow]

GOOD = ("35.76", "35.79")
BROKEN = "35.72"


@pytest.fixture
def batch_data(tmp_path):
    from ucjlib.demo.generate import write_demo

    data = tmp_path / "data"
    write_demo(data, kabupaten=list(GOOD), fmt="csv")
    broken = data / BROKEN
    broken.mkdir()
    (broken / "coverage.csv").write_text("kode;periode;segmen;pendanaan;peserta_aktif\n"
                                         "35.72.01.1001;2025-06;PU;mandiri;rusak\n")
    (broken / "workforce.csv").write_text("kode;tahun;pekerja\n35.72;2025;100.000\n")
    return data


@pytest.fixture
def cluster(tmp_path, monkeypatch):
    import logging

    import distributed

    # the workers inherit the environment: they run the small notebooks
    monkeypatch.setenv("UCJ_NOTEBOOKS", str(fast_notebooks(tmp_path / "nb")))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None,
                                  silence_logs=logging.ERROR) as c:
        yield c


def test_batch_on_a_local_cluster_continues_past_a_failure(tmp_path, batch_data, cluster):
    from ucjlib.report import QuietProgress, run_batch

    out = tmp_path / "reports"
    res = run_batch("Jawa Timur", scheduler=cluster.scheduler_address,
                    kabupaten=[*GOOD, BROKEN], data=batch_data, out_root=out,
                    progress=QuietProgress())
    assert [i.kode for i in res.items] == sorted([*GOOD, BROKEN])
    ok = {i.kode: i for i in res.items if i.ok}
    assert set(ok) == set(GOOD), [(i.kode, i.exit_code, i.error[:500]) for i in res.failed]
    (bad,) = res.failed
    assert bad.kode == BROKEN and bad.exit_code == 3 and "coverage.csv" in bad.error
    for kode, item in ok.items():
        run = Path(item.path)
        assert run.parent.parent.parent == out.resolve()
        assert run.parent.parent.name.startswith(kode + "-")
        m = json.loads((run / "manifest.json").read_text())
        assert m["status"] == "complete" and m["kabupaten"]["kode"] == kode
        assert m["parameters"]["data"].endswith(kode)
        assert (run.parent / "LATEST").read_text().strip() == run.name
        assert (run / "report.pdf").stat().st_size > 0  # a batch writes the PDF by default
    # the index: offline, a link to each report through latest, the failure listed
    assert res.index == out.resolve() / "index-35-2025-06.html"
    html = res.index.read_text(encoding="utf-8")
    check_offline(html)
    links = re.findall(r'<a href="([^"]+)">', html)
    assert len(links) == 2
    for link in links:
        assert "/latest/report.html" in link and not link.startswith(("/", "http"))
        assert (res.index.parent / link).is_file()
    assert "Kota Mojokerto" in html and "Kota Batu" in html
    assert "Kota Blitar" in html and "coverage.csv" in html  # in the failed list
    assert html.count('src="data:image/png;base64,') == 1  # the province map
    assert "1 gagal" in html


def test_batch_command_local_processes_exits_nonzero_listing_failures(tmp_path, batch_data,
                                                                     monkeypatch, capsys):
    """Without --scheduler the command runs its own worker processes (forked, warm)."""
    from ucjlib.cli import main

    monkeypatch.setenv("UCJ_NOTEBOOKS", str(fast_notebooks(tmp_path / "nb")))
    out = tmp_path / "reports"
    code = main(["batch", "--provinsi", "35", "--workers", "2", "-k", GOOD[0], "-k", BROKEN,
                 "--data", str(batch_data), "--out", str(out), "--lang", "en", "--no-pdf"])
    cap = capsys.readouterr()
    assert code == 3  # the one failure is a bad data file: its own exit code
    assert "Traceback" not in cap.err
    # --lang en: the failure summary and the progress lines are English
    assert "Error: 1 of 2 regencies/cities failed" in cap.err and "35.72 Kota Blitar" in cap.err
    index = out / "index-35-2025-06.html"
    assert cap.out.strip() == str(index.resolve())
    # plain progress lines, one per kabupaten (stderr is not a terminal here)
    assert re.search(r"\[\d/2\] 35\.76 Kota Mojokerto done", cap.err)
    assert re.search(r"\[\d/2\] 35\.72 Kota Blitar FAILED", cap.err)
    html = index.read_text()
    check_offline(html)
    assert "Regencies and cities compared" in html and os.path.isdir(out / "35.76-kota-mojokerto")
    # --no-pdf: the report is there, its PDF is not
    assert list(out.glob("35.76-*/*/latest/report.html"))
    assert not list(out.rglob("report.pdf"))
