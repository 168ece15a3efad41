"""``ucj report``: the run folder, the offline HTML, the manifest, ``latest``, failures, races.

The full report of Bojonegoro runs the real notebooks (``notebooks/``) on the
demo data in a real ``ucj`` process, and two runs at once are two processes. The other
tests run ``ucj`` in-process (the ``ucj`` fixture) and point ``UCJ_NOTEBOOKS`` at small
notebooks written here (one coverage cell that keeps its result the way the
real notebooks do, one figure, optionally a failing cell), so that failure
handling, races and cleanup are tested in seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import UCJ_COMMAND, run_ucj_process, ucj_env

PARAMS = '''kabupaten: str = "35.22"  # kode Kemendagri
periode: str = ""  # YYYY-MM
data_dir: str = ""  # folder data; kosong: demo
lang: str = "id"  # id | en
output_dir: str = ""  # folder keluaran
'''

COVERAGE = '''import os, pickle
import ucjlib as ucj
from ucjlib.render.narrative import headline_lines
ds = ucj.open_dataset(ucj.resolve_region(kabupaten), data_dir or None)
hasil = ucj.analyze_coverage(ds, periode or None, level="kecamatan", lang=lang)
print("\\n".join(headline_lines(hasil)))
'''

KEEP = '''if output_dir:
    try:
        from ucjlib.report.outputs import save_section
    except ImportError:
        os.makedirs(os.path.join(output_dir, ".results"), exist_ok=True)
        with open(os.path.join(output_dir, ".results", "coverage.pkl"), "wb") as fh:
            pickle.dump(hasil, fh)
    else:
        save_section("coverage", hasil, output_dir, figures={})
'''

FIGURE = '''%matplotlib inline
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(4, 2))
ax.bar(["a", "b"], [1, 2])
ax.set_title("grafik uji")
plt.show()
'''


def _nb(cells: list[tuple[str, str]], title: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {title}\n\nUji laporan."))
    p = nbformat.v4.new_code_cell(PARAMS)
    p.metadata["tags"] = ["parameters"]
    nb.cells.append(p)
    for kind, src in cells:
        nb.cells.append(nbformat.v4.new_markdown_cell(src) if kind == "md"
                        else nbformat.v4.new_code_cell(src))
    return nb


def fast_notebooks(folder: Path, fail: str | None = None) -> Path:
    """Write a small 01-coverage and 02-projection into ``folder``.

    ``fail``: ``"runtime"`` makes 02 raise a RuntimeError whose text looks like
    personal data (it must not be repeated); ``"ucj"`` makes it raise an
    ArgumentError (a ucjlib error: its text is shown, its exit code used).
    """
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(_nb([("code", COVERAGE), ("code", FIGURE), ("code", KEEP)],
                       "01 — Cakupan uji"), folder / "01-coverage.ipynb")
    cells = [("md", "## Proyeksi"), ("code", 'print("proyeksi", kabupaten)')]
    if fail == "runtime":
        cells.append(("code", 'raise RuntimeError("NIK 3522010101900001 tidak cocok")'))
    elif fail == "ucj":
        cells.append(("code", "from ucjlib.errors import ArgumentError\n"
                              "raise ArgumentError('deadline', '2020-01', 'sesudah data')"))
    nbformat.write(_nb(cells, "02 — Proyeksi uji"), folder / "02-projection.ipynb")
    return folder


def _runs(period_dir: Path) -> list[Path]:
    return sorted(p for p in period_dir.iterdir()
                  if p.is_dir() and re.fullmatch(r"\d{8}T\d{6}-[0-9a-f]{4,}", p.name))


def check_offline(html: str) -> None:
    """The HTML loads nothing from the network or from another file."""
    assert 'src="http' not in html and "src='http" not in html
    assert not re.search(r"<script[^>]*\bsrc=", html, re.I)
    assert not re.search(r"<link[^>]*\bhref=", html, re.I)
    # href="http..." only on ordinary links a reader may click, never a resource
    for m in re.finditer(r'href="https?://', html):
        start = html.rfind("<", 0, m.start())
        assert html[start:start + 2].lower() == "<a", html[start:m.end() + 40]
    assert "cdn." not in html and "require.js" not in html and "MathJax" not in html


# -- the real thing -------------------------------------------------------------------

@pytest.mark.slow
def test_full_report_bojonegoro_demo(tmp_path):
    out = tmp_path / "reports"
    t0 = time.monotonic()
    res = run_ucj_process(["report", "35.22", "--out", out], tmp_path)
    took = time.monotonic() - t0
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    period_dir = out / "35.22-bojonegoro" / "2025-06"
    runs = _runs(period_dir)
    assert len(runs) == 1
    run = runs[0]
    assert res.stdout.strip() == str(run / "report.html")
    # progress: plain lines (stderr is not a terminal), one per notebook
    assert "01-coverage selesai" in res.stderr and "02-projection selesai" in res.stderr
    # layout: complete run, no temp folder, no kept pickles, latest names the run
    assert not [p for p in period_dir.iterdir() if p.name.startswith(".tmp-")]
    assert not (run / ".results").exists() and not (run / ".logs").exists()
    assert not list(run.rglob(".part-*")) and not (run / ".owner.json").exists()
    assert (period_dir / "LATEST").read_text().strip() == run.name
    assert (period_dir / "latest").resolve() == run.resolve()
    nbs = sorted(p.name for p in (run / "notebooks").glob("*.ipynb"))
    assert {"01-coverage.ipynb", "02-projection.ipynb"} <= set(nbs)
    assert list((run / "charts").glob("*.png")) and list((run / "charts").glob("*.svg"))
    # notebooks run side by side, each kernel in the run folder: nothing lands in the cwd
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]
    # HTML: one page, no code, images embedded, nothing from the network
    html = (run / "report.html").read_text(encoding="utf-8")
    check_offline(html)
    assert html.count('src="data:image/png;base64,') >= 5
    assert "Kabupaten Bojonegoro" in html and "Juni 2025" in html
    assert "data demo (sintetis)".upper() in html
    assert "ucj.analyze_coverage(" not in html and "resolve_region(kabupaten)" not in html
    assert "42,29%" in html  # the published figure the demo is calibrated to
    assert html.index('id="sec-01-coverage"') < html.index('id="sec-02-projection"')
    # manifest
    m = json.loads((run / "manifest.json").read_text())
    assert m["status"] == "complete" and m["run_id"] == run.name
    assert m["kabupaten"] == {"kode": "35.22", "nama": "Kabupaten Bojonegoro"}
    assert m["periode"] == "2025-06" and m["demo"] is True
    assert m["parameters"]["deadline"] == "2025-12" and m["parameters"]["lang"] == "id"
    import ucjlib

    assert m["rule_version"] == ucjlib.load_rules().version
    repo = Path(ucjlib.__file__).resolve().parents[1]
    pk = m["environment"]["packages"]
    for name in ("ucjlib", "pandas", "geopandas", "matplotlib", "papermill", "duckdb"):
        assert pk[name], name
    assert m["environment"]["python"] == sys.version.split()[0]
    names = [n["name"] for n in m["notebooks"]]
    assert names[:3] == ["00-summary", "01-coverage", "02-projection"]
    for n in m["notebooks"]:
        assert n["seconds"] > 0 and n["start"] <= n["end"]
        assert n["parameters"]["kabupaten"] == "35.22"  # a string, never 35.22 the float
    assert "interaktif" in m["notebooks"][2]["parameters"]
    assert all(n["parameters"]["results_dir"] == "../results" for n in m["notebooks"])
    # the headline numbers on the title page come from the kept results
    if "coverage" in m["figures"]:
        assert m["figures"]["coverage"]["cakupan"] == pytest.approx(0.4229, abs=5e-5)
        assert '<div class="value">42,29%</div>' in html
    if (repo / "notebooks" / "03-budget.ipynb").is_file():
        assert "03-budget" in names and "budget" in m["figures"]
    demo = [i for i in m["inputs"] if i["role"] == "demo"]
    assert demo, m["inputs"]
    for i in demo + [i for i in m["inputs"] if i["role"] in ("notebook", "rules")]:
        assert hashlib.sha256((repo / i["path"]).read_bytes()).hexdigest() == i["sha256"]
    for o in m["outputs"]:
        assert hashlib.sha256((run / o["path"]).read_bytes()).hexdigest() == o["sha256"]
    assert m["duration_seconds"] <= took + 1
    print(f"full report: {took:.1f} s")


# -- failures keep the good report -----------------------------------------------------

@pytest.mark.slow
def test_failing_notebook_kept_under_failed_previous_untouched(ucj, tmp_path):
    out = tmp_path / "reports"
    good = fast_notebooks(tmp_path / "good")
    res = ucj(["report", "35.76", "--out", out], env={"UCJ_NOTEBOOKS": str(good)})
    assert res.returncode == 0, res.stderr
    period_dir = out / "35.76-kota-mojokerto" / "2025-06"
    (first,) = _runs(period_dir)
    before = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    assert (period_dir / "LATEST").read_text().strip() == first.name

    bad = fast_notebooks(tmp_path / "bad", fail="runtime")
    res = ucj(["report", "35.76", "--out", out], env={"UCJ_NOTEBOOKS": str(bad)})
    assert res.returncode == 1
    assert "Traceback" not in res.stderr and res.stderr.count("Kesalahan") == 1
    err = res.stderr
    assert "02-projection" in err and "RuntimeError" in err
    assert re.search(r"sel In \[\d+\]", err) and "raise RuntimeError(\"…\")" in err
    assert "3522010101900001" not in err  # the error text may hold data: not repeated
    # the partial notebook is kept, with the failing cell's error, under failed/<run id>/
    failed = list((period_dir / "failed").iterdir())
    assert len(failed) == 1
    assert str(failed[0] / "notebooks" / "02-projection.ipynb") in " ".join(err.split())
    nb = nbformat.read(failed[0] / "notebooks" / "02-projection.ipynb", as_version=4)
    assert any(o.get("ename") == "RuntimeError" for c in nb.cells for o in c.get("outputs", []))
    fm = json.loads((failed[0] / "manifest.json").read_text())
    assert fm["status"] == "failed" and fm["error"]["notebook"] == "02-projection"
    assert not (failed[0] / ".results").exists()
    # the notebooks ran in the report's process (no kernel, so no kernel log): the
    # error is in the kept notebook above
    # the good report and latest are untouched
    assert _runs(period_dir) == [first]
    assert (period_dir / "LATEST").read_text().strip() == first.name
    assert (period_dir / "latest").resolve() == first.resolve()
    after = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in period_dir.iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.slow
def test_ucj_error_in_notebook_is_shown_with_its_exit_code(ucj, tmp_path):
    nb = fast_notebooks(tmp_path / "nb", fail="ucj")
    res = ucj(["report", "35.76", "--out", tmp_path / "r"], env={"UCJ_NOTEBOOKS": str(nb)})
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "ArgumentError: Nilai deadline tidak valid: '2020-01'" in res.stderr
    assert "02-projection" in res.stderr


def test_corrupt_data_folder_is_an_input_error_before_any_notebook(ucj, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "coverage.csv").write_text("kode;periode;segmen;pendanaan;peserta_aktif\n"
                                       "35.22.01.2001;2025-06;PU;mandiri;banyak\n")
    (data / "workforce.csv").write_text("kode;tahun;pekerja\n35.22;2025;820.388\n")
    out = tmp_path / "reports"
    res = ucj(["report", "35.22", "--data", data, "--out", out])
    assert res.returncode == 3 and "Traceback" not in res.stderr
    assert "coverage.csv" in res.stderr
    assert not list(out.rglob("*.ipynb"))


# -- two runs at once, a killed run ----------------------------------------------------

@pytest.mark.slow
def test_two_concurrent_runs_do_not_clobber(tmp_path):
    nbdir = fast_notebooks(tmp_path / "nb")
    out = tmp_path / "reports"
    env = ucj_env(UCJ_NOTEBOOKS=str(nbdir))
    cmd = [*UCJ_COMMAND, "report", "35.76", "--out", str(out)]
    procs = [subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=240) for p in procs]
    for p, (_so, se) in zip(procs, outs, strict=True):
        assert p.returncode == 0, se
    period_dir = out / "35.76-kota-mojokerto" / "2025-06"
    runs = _runs(period_dir)
    assert len(runs) == 2 and runs[0].name != runs[1].name
    assert {Path(so.strip()).parent for so, _ in outs} == set(runs)
    for r in runs:
        m = json.loads((r / "manifest.json").read_text())
        assert m["status"] == "complete" and m["run_id"] == r.name
        assert (r / "report.html").is_file()
        assert len(list((r / "notebooks").glob("*.ipynb"))) == 2
    # latest names the newest complete run
    assert (period_dir / "LATEST").read_text().strip() == runs[-1].name
    assert os.readlink(period_dir / "latest") == runs[-1].name
    assert not [p for p in period_dir.iterdir() if p.name.startswith((".tmp-", ".latest-"))]


@pytest.mark.slow
def test_killed_run_leaves_a_temp_folder_the_next_run_cleans(tmp_path, monkeypatch):
    from ucjlib.geo.wilayah import get_region
    from ucjlib.report import layout

    monkeypatch.setenv("UCJ_NOTEBOOKS", str(fast_notebooks(tmp_path / "nb")))
    out = tmp_path / "reports"
    period_dir = layout.period_folder(out, get_region("35.76"), "2025-06")
    # a run killed mid-way: its process is gone
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    killed = period_dir / ".tmp-20260101T000000-dead"
    (killed / "notebooks").mkdir(parents=True)
    (killed / ".owner.json").write_text(json.dumps({"pid": dead.pid, "host": layout._host(),
                                                    "started": 0}))
    # a run still going in this process: never touched
    alive = period_dir / ".tmp-20260101T000001-beef"
    alive.mkdir()
    (alive / ".owner.json").write_text(json.dumps({"pid": os.getpid(), "host": layout._host(),
                                                   "started": time.time()}))
    from ucjlib.report import QuietProgress, run_report

    run = run_report("35.76", out_root=out, progress=QuietProgress())
    assert run.parent == period_dir and run.is_dir()
    assert not killed.exists() and alive.exists()
    assert layout.latest(period_dir) == run.name


# -- names never leave the output root ---------------------------------------------------

def test_crafted_names_stay_inside_the_output_root(tmp_path):
    from ucjlib.errors import OutputError
    from ucjlib.geo.wilayah import Region
    from ucjlib.report import layout

    root = tmp_path / "reports"
    evil = Region("35.22", "../../../etc/passwd", "kabupaten", "kabupaten", "35")
    p = layout.period_folder(root, evil, "2025-06")
    assert root.resolve() in p.parents
    assert p.relative_to(root.resolve()).parts == ("35.22-etc-passwd", "2025-06")
    for kode in ("../x", "/etc", "35.22/../..", "35.22\\.."):
        with pytest.raises(OutputError):
            layout.period_folder(root, Region(kode, "X", "kabupaten", "kabupaten", None),
                                 "2025-06")
    for periode in ("../2025-06", "2025-06/../../x", "/tmp"):
        with pytest.raises(OutputError):
            layout.period_folder(root, evil, periode)
    assert not (tmp_path / "etc").exists()
    # a link planted inside the root that points outside is refused too
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "35.76-kota-mojokerto").symlink_to(outside, target_is_directory=True)
    from ucjlib.geo.wilayah import get_region

    with pytest.raises(OutputError):
        layout.period_folder(root, get_region("35.76"), "2025-06")
    assert not list(outside.iterdir())


@pytest.mark.slow
def test_manifest_lists_data_folder_files_with_checksums(tmp_path, monkeypatch):
    from ucjlib.demo.generate import write_demo
    from ucjlib.report import QuietProgress, run_report

    monkeypatch.setenv("UCJ_NOTEBOOKS", str(fast_notebooks(tmp_path / "nb")))
    write_demo(tmp_path / "data", kabupaten="35.76", fmt="csv")
    run = run_report("Kota Mojokerto", data=tmp_path / "data" / "35.76",
                     out_root=tmp_path / "r", lang="en", progress=QuietProgress())
    m = json.loads((run / "manifest.json").read_text())
    data = [i for i in m["inputs"] if i["role"] == "data"]
    assert {Path(i["path"]).name for i in data} >= {"coverage.csv", "workforce.csv"}
    for i in data:
        assert hashlib.sha256(Path(i["path"]).read_bytes()).hexdigest() == i["sha256"]
        if Path(i["path"]).suffix == ".csv":
            assert i["used"] is True
    assert m["parameters"]["data"] == str((tmp_path / "data" / "35.76").resolve())
    assert m["parameters"]["lang"] == "en"
    html = (run / "report.html").read_text()
    check_offline(html)
    assert "Kota Mojokerto" in html and "UCJ coverage" in html  # headline card, in English
    assert m["figures"]["coverage"]["kode"] == "35.76"
