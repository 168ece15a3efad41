"""Shared fixtures: small hand-made datasets and boundaries, the demo, and one ``ucj`` runner.

The toy area is Kota Mojokerto (35.76): 3 kecamatan and 18 kelurahan in the
gazetteer. Numbers are made up by simple formulas so tests can recompute
them independently.

The command line is tested in-process through :func:`run_cli` (the ``ucj``
fixture): it calls :func:`ucjlib.cli.main`, the function the console entry point
runs (``run`` only adds ``sys.exit``, a SIGXFSZ handler and a quiet
``sys.unraisablehook``), with the stdout, stderr, exit code and warnings a user
would see. :func:`run_ucj_process` starts a real process, for the few tests where
a separate process matters (the entry point itself, signals and file-size
limits, kills, two runs at once, ``TMPDIR``).

Markers: ``slow`` for end-to-end tests (full reports, batch, notebooks, large
inputs); ``make check`` leaves them out. Notebooks collected by nbval are
marked ``slow`` here.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from ucjlib.dataset import Dataset  # noqa: E402
from ucjlib.geo.wilayah import children  # noqa: E402

TOY_KAB = "35.76"
TOY_MONTHS = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)
              if (y, m) <= (2025, 6)]
ZERO_DESA = "35.76.01.1003"      # workforce 0 but has coverage rows
NO_COVERAGE_DESA = "35.76.03.1006"  # workforce but no coverage rows at all


def pytest_collection_modifyitems(config, items):
    """Notebooks run by nbval are end-to-end: mark them ``slow``."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


def toy_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    desa = children(TOY_KAB, "desa")["kode"].tolist()
    cov_rows, wf_rows = [], []
    for i, kode in enumerate(desa):
        for year in (2024, 2025):
            pekerja = 0 if kode == ZERO_DESA else 1000 + 100 * i + (50 if year == 2025 else 0)
            formal = round(pekerja * 0.4)
            wf_rows.append((kode, year, pekerja, formal, pekerja - formal))
        if kode == NO_COVERAGE_DESA:
            continue
        for t, periode in enumerate(TOY_MONTHS):
            pu = 200 + 10 * i + 2 * t
            bpu = 100 + 7 * i + 3 * t
            apbd = 50 + 5 * (i % 4)
            cov_rows += [
                (kode, periode, "PU", "mandiri", pu),
                (kode, periode, "BPU", "mandiri", bpu),
                (kode, periode, "BPU", "APBD", apbd),
                (kode, periode, "JAKON", "mandiri", 5 + i % 3),
            ]
    cov = pd.DataFrame(cov_rows, columns=["kode", "periode", "segmen", "pendanaan",
                                          "peserta_aktif"])
    cov["peserta_aktif"] = cov["peserta_aktif"].astype("int64")
    wf = pd.DataFrame(wf_rows, columns=["kode", "tahun", "pekerja", "pekerja_formal",
                                        "pekerja_informal"])
    wf[["pekerja", "pekerja_formal", "pekerja_informal"]] = wf[
        ["pekerja", "pekerja_formal", "pekerja_informal"]].astype("int64")
    return cov, wf


@pytest.fixture
def toy_dataset() -> Dataset:
    """Desa-level coverage (Jan 2024 - Jun 2025) and workforce (2024, 2025) for 35.76."""
    cov, wf = toy_frames()
    return Dataset(TOY_KAB, cov, wf, demo=True, source="Data uji buatan tangan",
                   notes=["catatan uji"])


@pytest.fixture
def toy_real_dataset() -> Dataset:
    """Same numbers, flagged as real data (no demo label)."""
    cov, wf = toy_frames()
    return Dataset(TOY_KAB, cov, wf, demo=False, source="Data uji buatan tangan")


def toy_boundaries(level: str, missing: tuple[str, ...] = ()):
    """Square polygons in a grid for every unit of 35.76 at ``level``."""
    import geopandas as gpd
    from shapely.geometry import box

    units = children(TOY_KAB, level)
    rows = []
    for i, r in enumerate(units.itertuples(index=False)):
        x, y = 112.40 + (i % 6) * 0.01, -7.50 + (i // 6) * 0.01
        geom = None if r.kode in missing else box(x, y, x + 0.0095, y + 0.0095)
        rows.append({"kode": r.kode, "nama": r.nama, "parent": r.parent,
                     "area_km2": 1.0, "geometry": geom})
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    gdf = gdf.loc[gdf.geometry.notna()].reset_index(drop=True)
    gdf.attrs["source"] = "kotak uji"
    return gdf


@pytest.fixture
def toy_gdf_factory():
    return toy_boundaries


@pytest.fixture
def records_folder(tmp_path):
    """A data folder of participant records (the hand-worked fixture) and a kabupaten total."""
    fixtures = Path(__file__).parent / "fixtures"
    d = tmp_path / "data"
    d.mkdir()
    (d / "participants.csv").write_bytes((fixtures / "participants_small.csv").read_bytes())
    (d / "workforce.csv").write_text("kode;tahun;pekerja\n35.22;2025;820.388\n")
    return d


# --------------------------------------------------------------------- the demo, once

@pytest.fixture(scope="session")
def demo_bojonegoro() -> Dataset:
    """The demo dataset of Kabupaten Bojonegoro (35.22), built once per test process.

    Shared: a test that needs to change a table takes a copy first.
    """
    from ucjlib.demo.generate import demo_dataset

    return demo_dataset("35.22")


@pytest.fixture(scope="session")
def demo_kota_bogor() -> Dataset:
    """The demo dataset of Kota Bogor (32.71), built once per test process."""
    from ucjlib.demo.generate import demo_dataset

    return demo_dataset("32.71")


@pytest.fixture(scope="session")
def coverage_bojonegoro(demo_bojonegoro):
    """``analyze_coverage`` of the Bojonegoro demo at its latest month (kecamatan rows)."""
    from ucjlib.coverage import analyze_coverage

    return analyze_coverage(demo_bojonegoro)


@pytest.fixture(scope="session")
def bojonegoro_results(demo_bojonegoro) -> dict:
    """June 2025 results of the Bojonegoro demo, as a report keeps them (computed once).

    ``coverage`` and ``coverage_desa`` (June 2025), ``projection`` (100 draws) and
    ``budget`` (the 157,058 APBD participants, one year from January 2026, 300 draws).
    """
    from ucjlib.budget import estimate_budget
    from ucjlib.coverage import analyze_coverage
    from ucjlib.projection import project

    ds = demo_bojonegoro
    return {"coverage": analyze_coverage(ds, "2025-06"),
            "coverage_desa": analyze_coverage(ds, "2025-06", level="desa"),
            "projection": project(ds, draws=100),
            "budget": estimate_budget(157_058, start="2026-01", years=1, dataset=ds, draws=300)}


# --------------------------------------------------------------------- the command line

@dataclass(frozen=True)
class CliResult:
    """What a user sees after one ``ucj`` command (the shape of ``CompletedProcess``)."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


# what a plain ``python`` process does not print (its default warning filters)
_QUIET_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


@contextlib.contextmanager
def _environ(env: Mapping[str, str | None]) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in env}
    try:
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_cli(args: list[str | os.PathLike], cwd: str | os.PathLike | None = None,
            env: Mapping[str, str | None] | None = None) -> CliResult:
    """Run ``ucj ARGS`` in this process, the way the console entry point does.

    ``cwd`` is the working folder for the call; ``env`` adds (or, with ``None``,
    removes) environment variables. As in :func:`run_ucj_process`: no ``UCJ_DEBUG``, no
    ``UCJ_LANG`` and a 200-column terminal. Warnings a plain Python process would print land on
    stderr, first (where a user would see them).
    """
    from ucjlib.cli import main

    argv = [os.fspath(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    variables = {"UCJ_DEBUG": None, "UCJ_LANG": None, "COLUMNS": "200", **(env or {})}
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stack.enter_context(_environ(variables))
        caught = stack.enter_context(warnings.catch_warnings(record=True))
        warnings.simplefilter("default")
        for quiet in _QUIET_WARNINGS:
            warnings.filterwarnings("ignore", category=quiet)
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        code = main(argv)
    shown = "".join(warnings.formatwarning(w.message, w.category, w.filename, w.lineno, w.line)
                    for w in caught)
    return CliResult(argv, code, out.getvalue(), shown + err.getvalue())


@pytest.fixture
def ucj(tmp_path):
    """``ucj(args, cwd=None, env=None)``: :func:`run_cli`, in ``tmp_path`` unless told."""
    def call(args, cwd=None, env=None) -> CliResult:
        return run_cli(args, tmp_path if cwd is None else cwd, env)

    return call


UCJ_COMMAND = [sys.executable, "-c", "from ucjlib.cli import run; run()"]


def ucj_env(**extra: str) -> dict[str, str]:
    """The environment of a real ``ucj`` process: no ``UCJ_DEBUG`` or ``UCJ_LANG``, wide."""
    env = dict(os.environ, COLUMNS="200")
    env.pop("UCJ_LANG", None)  # a developer's own setting would make the help English
    env.update(extra)
    env.pop("UCJ_DEBUG", None)
    return env


def run_ucj_process(args: list[str | os.PathLike], cwd, env: Mapping[str, str] | None = None,
                    timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real ``ucj`` entry point in a subprocess (for where a process matters)."""
    return subprocess.run([*UCJ_COMMAND, *map(os.fspath, args)], capture_output=True,
                          text=True, cwd=cwd, env=ucj_env(**(env or {})), timeout=timeout)


def assert_one_paragraph(res, code: int, fragments: list[str]) -> None:
    """A user mistake: no traceback, the documented exit code, one message naming it."""
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout
    assert res.returncode == code, res.stderr
    assert res.stderr.startswith("Kesalahan"), res.stderr
    for f in fragments:
        assert f in res.stderr, (f, res.stderr)


# --- a real browser: Debian's chromium + chromium-driver (downloads fail here) -----------
CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
           "chromium-driver)")


def headless_chromium(javascript: bool = True):
    """Start headless Chromium under Selenium (offline pages, real mouse events)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(arg)
    if not javascript:
        options.add_argument("--blink-settings=scriptEnabled=false")
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.binary_location = CHROMIUM
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture
def opened(monkeypatch):
    """Make opening data an error; the list records any attempt (arguments come first)."""
    import ucjlib.open

    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise RuntimeError("the data were opened")

    monkeypatch.setattr(ucjlib.open, "open_dataset", refuse)
    return calls
