"""One analysis per report (issue 16): one period, target, deadline and scenario in every section.

Each report here runs in this process (``run_report``), so call counters see every
notebook too: they run in-process (:mod:`ucjlib.report.engine`), not in kernels.
"""

from __future__ import annotations

import functools
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "data" / "scenarios" / "bojonegoro-nonrenewal.yaml"
BEFORE = ROOT / "tests" / "fixtures" / "report-35.22-figures-808e06b.json"


class Counter:
    """Wrap a callable and count its calls."""

    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, *a, **kw):
        self.calls += 1
        return self.fn(*a, **kw)


def _report(tmp: Path, **kw):
    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import run_report

    return run_report("35.22", out_root=tmp, progress=QuietProgress(), **kw)


def _notebook_text(run: Path, name: str) -> str:
    nb = nbformat.read(run / "notebooks" / f"{name}.ipynb", as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            data = out.get("data", {})
            parts.append(str(data.get("text/plain", "")))
            parts.append(str(data.get("text/html", "")))
    return "\n".join(parts)


def _deck_text(run: Path) -> str:
    with zipfile.ZipFile(run / "deck.pptx") as z:
        return " ".join(re.sub(r"<[^>]+>", " ", z.read(n).decode("utf-8"))
                        for n in z.namelist() if n.startswith("ppt/slides/slide"))


@pytest.fixture(scope="module")
def march(tmp_path_factory):
    """``ucj report 35.22 --periode 2025-03`` with call counters on the expensive steps."""
    import matplotlib.backends.backend_agg as agg

    import ucjlib.open
    import ucjlib.projection
    from ucjlib.geo import wilayah

    mp = pytest.MonkeyPatch()
    opened = Counter(ucjlib.open.open_dataset)
    projected = Counter(ucjlib.projection.project)
    png = Counter(agg.FigureCanvasAgg.print_png)
    mp.setattr(ucjlib.open, "open_dataset", opened)
    mp.setattr(ucjlib.projection, "project", projected)
    mp.setattr(agg.FigureCanvasAgg, "print_png",
               functools.wraps(png.fn)(lambda self, *a, **k: png(self, *a, **k)))
    # the region index and the gazetteer: built at most once in this process
    index_before = wilayah._index.cache_info().misses
    gaz_before = wilayah.cached_gazetteer.cache_info().misses
    try:
        # parallel=1: every chart in this process, where the counter sees it (the
        # other reports here draw the coverage charts in a forked process)
        run = _report(tmp_path_factory.mktemp("maret"), periode="2025-03", parallel=1)
    finally:
        mp.undo()
    return {"run": run, "opened": opened.calls, "projected": projected.calls,
            "png": png.calls,
            "index": wilayah._index.cache_info().misses - index_before,
            "gazetteer": wilayah.cached_gazetteer.cache_info().misses - gaz_before}


@pytest.mark.slow
def test_march_is_now_in_every_section(march):
    from ucjlib.report.view import load

    run = march["run"]
    man = json.loads((run / "manifest.json").read_text())
    assert man["periode"] == "2025-03"
    figs = man["figures"]
    # 43,87% is the published Bojonegoro figure for March 2025 the demo reproduces
    assert round(figs["coverage"]["cakupan"], 4) == 0.4387
    assert figs["coverage"]["periode"] == figs["projection"]["periode"] == "2025-03"
    assert round(figs["projection"]["coverage_now"], 4) == 0.4387
    view = load(run / "results")
    assert view.projection.periode == "2025-03"
    observed = view.projection.path.loc[view.projection.path["jenis"] == "observasi"]
    assert observed["periode"].max() == "2025-03"
    assert view.coverage.series["periode"].max() == "2025-03"
    # the gap budget starts the month after the report's month (July for June data)
    assert view.budget.gap["start"] == "2025-04"
    # June 2025 (42,29%) is after the report's month: it must appear nowhere
    texts = {name: _notebook_text(run, name)
             for name in ("00-summary", "01-coverage", "02-projection", "03-budget")}
    texts["report.html"] = (run / "report.html").read_text(encoding="utf-8")
    texts["deck"] = _deck_text(run)
    for name, text in texts.items():
        assert "42,29%" not in text, name
    for name in ("00-summary", "01-coverage", "report.html", "deck"):
        assert "43,87%" in texts[name], name
    for name in ("00-summary", "01-coverage", "02-projection", "deck"):
        assert "Maret 2025" in texts[name], name


@pytest.mark.slow
def test_one_open_one_projection_one_raster_per_chart(march):
    run = march["run"]
    assert march["opened"] == 1
    assert march["projected"] == 1
    pngs = sorted((run / "charts").glob("*.png"))
    assert len(pngs) >= 10
    assert march["png"] == len(pngs)
    assert march["index"] <= 1 and march["gazetteer"] <= 1


@pytest.mark.slow
def test_report_html_shows_the_chart_files(march):
    import base64

    run = march["run"]
    html = (run / "report.html").read_text(encoding="utf-8")
    shown = set(re.findall(r'data:image/png;base64,([A-Za-z0-9+/=]+)', html))
    files = {base64.b64encode(p.read_bytes()).decode("ascii")
             for p in (run / "charts").glob("*.png")}
    assert shown, "no image in report.html"
    assert shown <= files  # every image of the report is a file of charts/, byte for byte


@pytest.mark.slow
def test_run_folder_has_nothing_that_runs_code(march):
    run = march["run"]
    names = [p.name for p in run.rglob("*") if p.is_file()]
    assert not [n for n in names if n.endswith((".pkl", ".pickle", ".py", ".npy", ".npz"))]
    results = sorted(p.suffix for p in (run / "results").iterdir())
    assert set(results) == {".json", ".parquet"}


@pytest.fixture(scope="module")
def scenario_run(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("skenario"), scenario_file=SCENARIO)


@pytest.mark.slow
def test_scenario_reaches_every_section(scenario_run):
    from ucjlib.projection.scenario import load_scenarios
    from ucjlib.report.view import load

    name = next(s.name for s in load_scenarios(SCENARIO) if not s.base)
    run = scenario_run
    view = load(run)
    assert view.projection.scenario == name
    assert view.budget.gap["scenario"] == name
    man = json.loads((run / "manifest.json").read_text())
    assert man["figures"]["projection"]["scenario"] == name
    assert man["figures"]["budget"]["gap"]["scenario"] == name
    assert man["parameters"]["skenario"] == str(SCENARIO)
    for nb in ("00-summary", "02-projection", "03-budget"):
        assert name in _notebook_text(run, nb), nb
    assert name in _deck_text(run)


@pytest.mark.slow
def test_default_report_keeps_the_headline_figures(tmp_path):
    """The compute-once report gives the figures the notebook-computed report gave."""
    before = json.loads(BEFORE.read_text())["figures"]
    run = _report(tmp_path)
    after = json.loads((run / "manifest.json").read_text())["figures"]
    assert after["coverage"]["target_source"] == after["coverage_desa"]["target_source"]
    assert "ditetapkan pengguna" not in after["coverage_desa"]["target_source"]

    def same(a, b, path=""):
        if path in ("/coverage_desa/target_source",):  # was wrongly "set by the user"
            return
        if path == "/budget/rule_version":  # any rules file added since changes it
            from ucjlib.rules import load_rules

            assert b == load_rules().version, path
            return
        if isinstance(a, dict):
            for k in a:
                assert k in b, f"{path}/{k} missing"
                same(a[k], b[k], f"{path}/{k}")
        elif isinstance(a, float):
            assert b == pytest.approx(a, rel=1e-9, abs=1e-12), path
        else:
            assert a == b, path

    same(before, after)
    man = json.loads((run / "manifest.json").read_text())
    assert man["parameters"]["deadline"] == "2025-12"
    assert "2025" in man["parameters"]["deadline_source"]


def test_theil_sen_equals_scipy():
    import numpy as np
    from scipy.stats import theilslopes

    from ucjlib.projection.model import theil_sen

    rng = np.random.default_rng(7)
    for n in range(2, 25):
        y = rng.normal(size=n).cumsum()
        for x in (np.arange(n, dtype=float), rng.integers(0, 6, size=n).astype(float)):
            if len(set(x)) > 1:
                assert theil_sen(y, x) == pytest.approx(theilslopes(y, x)[0], abs=1e-12)


def test_worker_count_never_exceeds_reports_or_cpus():
    from ucjlib.report.batch import worker_count

    assert worker_count(1000, 38, cpus=2) == 2
    assert worker_count(40, 1, cpus=2) == 1
    assert worker_count(None, 38, cpus=2) == 2
    assert worker_count(1, 38, cpus=2) == 1


def test_bounded_minimum_equals_scipy_bit_for_bit():
    import numpy as np
    from scipy.optimize import minimize_scalar

    from ucjlib.projection.model import bounded_minimum

    rng = np.random.default_rng(3)
    for _ in range(100):
        y = np.cumsum(rng.normal(size=12)) * 100 + 5000
        enrol = rng.uniform(0, 500)

        def loss(rate, y=y, enrol=enrol):
            s, err = y[0], 0.0
            for obs in y[1:]:
                s = s * (1 - rate) + enrol
                err += (s - obs) ** 2
            return err

        want = minimize_scalar(loss, bounds=(0.0, 0.9), method="bounded",
                               options={"xatol": 1e-9}).x
        assert bounded_minimum(loss, 0.0, 0.9, xatol=1e-9) == want


def test_batch_starts_no_more_workers_than_reports(monkeypatch, tmp_path):
    from ucjlib.errors import UcjError
    from ucjlib.report import batch
    from ucjlib.report.progress import QuietProgress

    seen = {}

    def fake_pool(n):
        seen["n"] = n
        raise UcjError("berhenti di sini (uji)")

    monkeypatch.setattr(batch, "_local_pool", fake_pool)
    with pytest.raises(UcjError, match="uji"):
        batch.run_batch("35", workers=40, kabupaten=["35.22"], out_root=tmp_path,
                        progress=QuietProgress())
    assert seen["n"] == 1


def test_in_process_engine_outputs_and_errors(tmp_path):
    """The engine gives papermill the outputs a kernel would, and a failing cell's place."""
    from ucjlib.report.notebooks import NotebookFailedError, execute

    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "language": "python",
                              "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print('halo', x)\nimport pandas as pd\n"
                                  "pd.DataFrame({'a': [x]})"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport matplotlib.pyplot as plt\n"
                                  "plt.plot([1, 2])"),
        nbformat.v4.new_code_cell("input('NIK? ')"),
    ]
    src = tmp_path / "uji.ipynb"
    nbformat.write(nb, src)
    with pytest.raises(NotebookFailedError) as err:
        execute(src, tmp_path / "hasil.ipynb", {"x": 3}, cwd=tmp_path, in_process=True)
    assert "EOFError" in str(err.value) and "baris 1" in str(err.value)
    assert "NIK" not in str(err.value)  # literals of the failing line are masked
    out = nbformat.read(tmp_path / "hasil.ipynb", as_version=4)
    code = {c.source.split("\n")[0][:14]: c for c in out.cells if c.cell_type == "code"}
    assert code["print('halo', "].outputs[0]["text"] == "halo 3\n"
    assert "text/html" in code["print('halo', "].outputs[1]["data"]
    assert code["print('halo', "].outputs[1]["output_type"] == "execute_result"
    assert any("image/png" in o.get("data", {}) for o in code["%matplotlib in"].outputs)
    assert code["input('NIK? ')"].outputs[-1]["output_type"] == "error"
    # the next notebook starts with a fresh namespace
    nb2 = nbformat.v4.new_notebook()
    nb2.metadata.kernelspec = nb.metadata.kernelspec
    nb2.cells = [nbformat.v4.new_code_cell("print('x' in dir())")]
    nbformat.write(nb2, tmp_path / "dua.ipynb")
    execute(tmp_path / "dua.ipynb", tmp_path / "dua-hasil.ipynb", {}, cwd=tmp_path,
            in_process=True)
    out2 = nbformat.read(tmp_path / "dua-hasil.ipynb", as_version=4)
    assert out2.cells[0].outputs[0]["text"] == "False\n"


@pytest.mark.slow
def test_a_warm_process_pays_rules_and_gazetteer_once(march, tmp_path):
    """A second report in the same process (a batch worker) re-reads no rules or gazetteer."""
    from ucjlib.geo import wilayah
    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import run_report
    from ucjlib.rules import api

    before = (wilayah._index.cache_info().misses, wilayah.cached_gazetteer.cache_info().misses,
              api._load_cached.cache_info().misses)
    run = run_report("35.79", out_root=tmp_path, progress=QuietProgress(), parallel=1)
    after = (wilayah._index.cache_info().misses, wilayah.cached_gazetteer.cache_info().misses,
             api._load_cached.cache_info().misses)
    assert (run / "report.html").is_file()
    assert after == before


@pytest.mark.slow
def test_a_stuck_chart_process_is_killed_and_the_charts_drawn_here(monkeypatch, tmp_path):
    """A forked chart process that never answers costs a timeout, not the report."""
    import time

    from ucjlib.report import charts as report_charts
    from ucjlib.report.analysis import analyse, prepare

    params, ds = prepare("35.79")
    sections = analyse(params, ds).sections()

    def stuck(*a, **k):
        time.sleep(60)

    monkeypatch.setattr(report_charts, "_forked_group", stuck)
    monkeypatch.setattr(report_charts, "_FORK_TIMEOUT", 2)
    t0 = time.monotonic()
    charts = report_charts.draw_charts(sections, tmp_path, workers=2)
    assert time.monotonic() - t0 < 40
    assert "peta-kecamatan" in charts["coverage"]
    assert (tmp_path / charts["coverage"]["peta-kecamatan"]).is_file()
