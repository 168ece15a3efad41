"""The output folder (issue 17, item 7): output paths, report pointers, the batch index,
and inputs read once.

* ``--out``/``--charts`` checked once (``ucjlib.commands._common``): blank is exit 2,
  the extension and ``--format`` agree (or the format comes from the extension), never
  over a folder, a symbolic link or an input;
* a ``.lock`` (or any file ucj creates) that is a planted link is refused (exit 6),
  its target never created; a ``latest`` that is a real folder or file is left alone
  and the run says so;
* a failed or partial batch keeps the good reports in the index (marked "run
  sebelumnya") and never links a missing report;
* a data folder that changes while a report runs: the run fails (exit 3), nothing is
  published, the manifest keeps the checksums of what was read, and every section was
  computed from that one version.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from ucjlib.errors import InputValidationError, OutputError

# ---------------------------------------------------------------- output paths (CLI)

BLANKS = [
    (["project", "35.22", "--out", ""], 2, ["--out", "kosong"]),
    (["budget", "35.22", "--format", "json", "--out", "  "], 2, ["--out", "kosong"]),
    (["coverage", "35.22", "--charts", ""], 2, ["--charts", "kosong"]),
    (["report", "35.22", "--out", ""], 2, ["--out", "kosong"]),
    (["batch", "--provinsi", "35", "--out", " "], 2, ["--out", "kosong"]),
    (["budget", "35.22", "--format", "json", "--out", "{tmp}/x.xlsx"], 2,
     ["--format json", "x.xlsx", "xlsx"]),
    (["project", "35.22", "--format", "csv", "--out", "{tmp}/x.json"], 2,
     ["--format csv", "x.json"]),
    (["project", "35.22", "--out", "{tmp}/x.txt"], 2, ["--out", ".xlsx"]),
    (["project", "35.22", "--format", "table", "--out", "{tmp}/x.csv"], 2, ["hanya ke layar"]),
    (["project", "35.22", "--format", "xlsx", "--out", "{tmp}/folder.xlsx"], 6,
     ["folder.xlsx", "folder"]),
    (["budget", "35.22", "--out", "{tmp}/link.json"], 6, ["link.json", "tautan simbolik"]),
    (["project", "35.22", "--data", "{tmp}/data", "--out", "{tmp}/data/coverage.csv"], 2,
     ["coverage.csv", "masukan"]),
    (["report", "35.22", "--data", "{tmp}/data", "--out", "{tmp}/data/laporan"], 2,
     ["laporan", "masukan"]),
]


@pytest.mark.parametrize(("argv", "code", "words"), BLANKS,
                         ids=[" ".join(a[:1] + a[-2:]) for a, _, _ in BLANKS])
def test_output_path_mistakes(tmp_path, monkeypatch, capsys, argv, code, words):
    from ucjlib.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "link.json").symlink_to(tmp_path / "target.json")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "coverage.csv").write_text("asli\n")
    rc = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    err = capsys.readouterr().err
    assert rc == code, err
    assert "Traceback" not in err
    for w in words:
        assert w in err, (w, err)
    # nothing written: not in the current folder, not through the link, not over the input
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "folder.xlsx", "link.json"]
    assert (tmp_path / "data" / "coverage.csv").read_text() == "asli\n"


def test_format_comes_from_the_extension(tmp_path, capsys):
    from ucjlib.cli import main

    out = tmp_path / "proyeksi.JSON"
    assert main(["project", "35.76", "--draws", "10", "--out", str(out)]) == 0, \
        capsys.readouterr().err
    assert json.loads(out.read_text())["meta"]["kode"] == "35.76"


# ---------------------------------------------------------------- report folder pointers

def _fake_run(period_dir: Path, text: str = "laporan") -> tuple[str, Path]:
    from ucjlib.report import layout

    rid, tmp = layout.make_temp(period_dir)
    (tmp / layout.OWNER).unlink()
    (tmp / "report.html").write_text(f"<html>{text}</html>")
    return rid, tmp


@pytest.fixture
def period_dir(tmp_path):
    from ucjlib.geo.wilayah import get_region
    from ucjlib.report import layout

    return layout.period_folder(tmp_path / "reports", get_region("35.76"), "2025-06")


def test_lock_planted_as_a_link_is_refused_not_followed(tmp_path, period_dir):
    from ucjlib.report import layout

    target = tmp_path / "elsewhere" / "target"
    target.parent.mkdir()
    (period_dir / ".lock").symlink_to(target)
    rid, tmp = _fake_run(period_dir)
    with pytest.raises(OutputError) as e:
        layout.publish(tmp, period_dir, rid)
    assert e.value.exit_code == 6 and ".lock" in str(e.value)
    assert not target.exists()                    # never created through the link
    assert tmp.is_dir() and not (period_dir / rid).exists()  # nothing moved
    # the owner record of a new temp folder is created exclusively, never through a link
    with pytest.raises(OutputError):
        from ucjlib.files import write_new_text

        write_new_text(period_dir / ".lock", "{}")


@pytest.mark.parametrize("kind", ["folder", "file", "link"])
def test_latest_that_is_not_ours_is_left_and_reported(tmp_path, period_dir, kind):
    from ucjlib.report import layout

    first, tmp = _fake_run(period_dir, "pertama")
    layout.publish(tmp, period_dir, first)
    latest = period_dir / "latest"
    latest.unlink()
    if kind == "folder":  # a sync tool or a copy turned the link into a folder
        latest.mkdir()
        (latest / "report.html").write_text("<html>salinan lama</html>")
    elif kind == "file":
        latest.write_text("catatan pengguna\n")
    else:
        latest.symlink_to(tmp_path)
    _, tmp = _fake_run(period_dir, "kedua")
    second = "29991231T000000-ffff"  # later than the first, even within the same second
    layout.publish(tmp, period_dir, second)
    # left as it was, never deleted nor written through ...
    if kind == "folder":
        assert (latest / "report.html").read_text() == "<html>salinan lama</html>"
    elif kind == "file":
        assert latest.read_text() == "catatan pengguna\n"
    else:
        assert os.readlink(latest) == str(tmp_path)
    # ... the other pointer moved, and the run says so, in both languages
    assert (period_dir / "LATEST").read_text().strip() == second
    assert layout.latest(period_dir) == second
    msg = layout.foreign_pointer(period_dir, second)
    assert msg and str(latest) in msg and second in msg and "tidak diperbarui" in msg
    assert "not updated" in layout.foreign_pointer(period_dir, second, "en")


def test_latest_text_pointer_that_is_a_folder_does_not_fail_the_run(period_dir):
    from ucjlib.report import layout

    (period_dir / "LATEST").mkdir()
    rid, tmp = _fake_run(period_dir)
    dest = layout.publish(tmp, period_dir, rid)
    assert dest.is_dir() and os.readlink(period_dir / "latest") == rid
    assert "LATEST" in layout.foreign_pointer(period_dir, rid)


# ---------------------------------------------------------------- the batch index

def test_failed_or_partial_batch_keeps_the_good_reports_in_the_index(tmp_path):
    """38 kabupaten ran last night; tonight 35.76 fails and only 35.76 and 35.79 ran."""
    from ucjlib.geo.wilayah import get_region
    from ucjlib.report import layout
    from ucjlib.report.batch import BatchItem, BatchResult, earlier_reports
    from ucjlib.report.index import write_index

    root = tmp_path / "reports"
    prov = get_region("35")
    good = {}
    for kode in ("35.76", "35.72"):  # last night's good reports
        pd_ = layout.period_folder(root, get_region(kode), "2025-06")
        rid, tmp = _fake_run(pd_)
        (tmp / "manifest.json").write_text(json.dumps({
            "finished": "2025-07-01T20:00:00+00:00", "figures": {"coverage": {
                "cakupan": 0.4, "target": 0.6, "pekerja": 100, "peserta_aktif": 40}}}))
        good[kode] = layout.publish(tmp, pd_, rid)
    # a run folder whose report is gone (deleted by hand) is never linked
    pd_ = layout.period_folder(root, get_region("35.73"), "2025-06")
    rid, tmp = _fake_run(pd_)
    (tmp / "report.html").unlink()
    layout.publish(tmp, pd_, rid)
    # tonight: 35.79 succeeds, 35.76 fails
    pd_ = layout.period_folder(root, get_region("35.79"), "2025-06")
    rid, tmp = _fake_run(pd_)
    new = layout.publish(tmp, pd_, rid)
    items = [BatchItem("35.76", "KOTA MOJOKERTO", ok=False, error="coverage.csv: rusak",
                       exit_code=3),
             BatchItem("35.79", "KOTA BATU", ok=True, path=str(new), periode="2025-06")]
    members = [get_region(k) for k in ("35.72", "35.73", "35.76", "35.79")]
    res = BatchResult(prov, "2025-06", items)
    res.earlier = earlier_reports(root, members, "2025-06", {"35.79"})
    assert sorted(i.kode for i in res.earlier) == ["35.72", "35.76"]  # not 35.73: no report
    html = write_index(root, res).read_text()
    import re

    links = re.findall(r'<a href="([^"]+)">', html)
    assert len(links) == 3 and all((root / link).is_file() for link in links)
    assert html.count("(run sebelumnya, 2025-07-01)") == 2 and "(2 dari run sebelumnya)" in html
    assert "coverage.csv: rusak" in html and "laporan sebelumnya tetap ditautkan" in html
    assert "1 gagal" in html


# ---------------------------------------------------------------- inputs read once

@pytest.fixture(scope="module")
def data_copy(tmp_path_factory):
    from ucjlib.demo.generate import write_demo

    base = tmp_path_factory.mktemp("data")
    write_demo(base / "run", kabupaten="35.76", fmt="csv")
    write_demo(base / "original", kabupaten="35.76", fmt="csv")
    return base / "run" / "35.76", base / "original" / "35.76"


@pytest.mark.slow
def test_data_changed_midway_fails_the_run_and_keeps_what_was_read(tmp_path, monkeypatch,
                                                                     data_copy):
    from test_report_run import fast_notebooks

    import ucjlib.report.analysis as analysis
    from ucjlib.report import QuietProgress, layout, run_report

    data, original = data_copy
    monkeypatch.setenv("UCJ_NOTEBOOKS", str(fast_notebooks(tmp_path / "nb")))
    out = tmp_path / "reports"
    first = run_report("35.76", data=data, out_root=out, progress=QuietProgress())

    cov = data / "coverage.csv"
    before = cov.read_bytes()
    head, *rows = before.decode("utf-8").splitlines()
    rows = [";".join(f if i != 4 else str(int(f) // 2) for i, f in enumerate(r.split(";")))
            for r in rows]  # half the participants: another version of the data
    changed = "\n".join([head, *rows, ""]).encode()
    seen = {}
    real = analysis.analyse

    def analyse(params, ds, coverage_done=None):
        def hook(sections):  # between the coverage and the projection/budget
            cov.write_bytes(changed)
            if coverage_done is not None:
                coverage_done(sections)

        seen["results"] = real(params, ds, coverage_done=hook)
        return seen["results"]

    monkeypatch.setattr(analysis, "analyse", analyse)
    try:
        with pytest.raises(InputValidationError) as e:
            run_report("35.76", data=data, out_root=out, progress=QuietProgress())
    finally:
        cov.write_bytes(before)
    assert e.value.exit_code == 3 and "coverage.csv" in str(e.value)
    assert "berubah selama run" in str(e.value)
    # nothing published: the good run is still the latest
    period_dir = first.parent
    assert layout.latest(period_dir) == first.name
    assert sorted(p.name for p in period_dir.iterdir() if layout.is_run_id(p.name)) == \
        [first.name]
    (failed,) = (period_dir / "failed").iterdir()
    m = json.loads((failed / "manifest.json").read_text())
    assert m["status"] == "failed"
    entry = next(i for i in m["inputs"] if Path(i["path"]).name == "coverage.csv")
    assert entry["sha256"] == hashlib.sha256(before).hexdigest()   # the version read
    assert entry["sha256_now"] == hashlib.sha256(changed).hexdigest()
    assert entry["changed"] is True
    wf = next(i for i in m["inputs"] if Path(i["path"]).name == "workforce.csv")
    assert "changed" not in wf
    # every section came from the version read: the same as an untouched copy
    import shutil

    res = seen["results"]
    _, ds = analysis.prepare("35.76", data=original)
    ref = real(res.params, ds)
    assert json.dumps(res.figures(), default=str, sort_keys=True) == \
        json.dumps(ref.figures(), default=str, sort_keys=True)
    # ... and the change would have shown: the other version gives other figures
    other = tmp_path / "changed" / "35.76"
    shutil.copytree(original, other)
    (other / "coverage.csv").write_bytes(changed)
    _, ds = analysis.prepare("35.76", data=other)
    assert real(res.params, ds).figures()["coverage"] != res.figures()["coverage"]
