"""ucjlib runs from a built wheel: the packaged files travel with it (issue 18).

The rules, scenarios, assumptions, data dictionary and notebooks stay in ``data/`` and
``notebooks/`` of the checkout and ship as ``ucjlib.data`` / ``ucjlib.notebooks``
(``pyproject.toml``), read through :mod:`ucjlib.paths`. The fast tests check that the
package list and the package-data patterns miss nothing; the slow one builds the wheel,
installs it with its dependencies into a fresh virtual environment and runs ``ucj``
from a folder outside the checkout, as a user who installed the wheel would.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from ucjlib import paths

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
MAPPED = {"ucjlib.data": "data", "ucjlib.notebooks": "notebooks"}


def _git_files(*where: str) -> list[str]:
    """Tracked and new (not ignored) files of the checkout, as git lists them."""
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "--", *where],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [f for f in out.splitlines() if (ROOT / f).is_file()]


def test_package_list_names_every_folder_of_ucjlib():
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "ucjlib").rglob("__init__.py")}
    assert set(SETUPTOOLS["packages"]) == found | set(MAPPED)
    assert SETUPTOOLS["package-dir"] == MAPPED


@pytest.mark.parametrize("package", sorted(MAPPED))
def test_package_data_covers_every_committed_file(package):
    folder = ROOT / MAPPED[package]
    shipped = {p for pattern in SETUPTOOLS["package-data"][package] for p in folder.glob(pattern)}
    committed = {ROOT / f for f in _git_files(MAPPED[package])} - {folder / "__init__.py"}
    assert committed - shipped == set(), "committed but left out of the wheel"
    generated = [p for p in shipped if p.relative_to(folder).parts[0] in ("demo", "cache")]
    assert generated == [], "generated files would ship in the wheel"


def test_paths_come_from_the_package():
    assert paths.DATA_DIR == ROOT / "data" and paths.RULES_DIR == ROOT / "data" / "rules"
    assert paths.notebook_dir() == ROOT / "notebooks"
    assert paths.REPO_ROOT == ROOT  # an editable checkout
    assert paths.shown(paths.RULES_DIR / "target" / "ucj.yaml") == "data/rules/target/ucj.yaml"


def test_store_and_mirror_defaults(monkeypatch, tmp_path):
    monkeypatch.delenv("UCJ_STORE_DIR", raising=False)
    assert paths.default_store_dir() == ROOT / "shapefiles"
    monkeypatch.setenv("UCJ_STORE_DIR", str(tmp_path))
    assert paths.default_store_dir() == tmp_path
    # installed from a wheel: a per-user folder, and no mirror unless one is named
    monkeypatch.delenv("UCJ_STORE_DIR")
    monkeypatch.setattr(paths, "REPO_ROOT", None)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform not in ("win32", "darwin"):
        assert paths.default_store_dir() == tmp_path / "xdg" / "ucjlib" / "shapefiles"
    assert paths.default_mirror_dir() is None


def _run(cmd: list, cwd: Path, env: dict, timeout: float = 900) -> subprocess.CompletedProcess:
    res = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                         text=True, timeout=timeout)
    assert res.returncode == 0, (f"{cmd}: exit {res.returncode}\n"
                                 f"{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return res


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_checkout(tmp_path):
    # a copy of the working tree without generated or ignored files, so the build
    # writes nothing into the checkout (build/, egg-info) and uses nothing stale from it
    src = tmp_path / "src"
    for f in _git_files():
        (src / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, src / f)
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("UCJ_", "PYTHON", "VIRTUAL_ENV", "PIP_"))}
    base["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path / "dist", src],
         tmp_path, base)
    (wheel,) = (tmp_path / "dist").glob("ucjlib-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path, base)
    bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    python, ucj = bindir / "python", bindir / "ucj"
    _run([python, "-m", "pip", "install", "-q", wheel], tmp_path, base, timeout=1800)

    # a user's folder outside the checkout; generated files go to the per-user folder
    # (here XDG_DATA_HOME); the reference files come from a mirror the user names
    # (without one they are downloaded at their pinned commits)
    work = tmp_path / "work"
    work.mkdir()
    env = dict(base, XDG_DATA_HOME=str(tmp_path / "xdg"),
               PATH=f"{bindir}{os.pathsep}{base['PATH']}")
    mirror = paths.default_mirror_dir()
    if mirror is not None:
        env["UCJ_DATA_MIRROR"] = str(mirror)

    where = _run([python, "-c", "import ucjlib, ucjlib.paths as p; ucjlib.load_rules(); "
                  "print(p.REPO_ROOT); print(p.DATA_DIR); print(p.notebook_dir())"], work, env)
    repo_root, data_dir, nb_dir = where.stdout.split("\n")[:3]
    assert repo_root == "None"
    assert Path(data_dir).is_relative_to(venv) and Path(nb_dir).is_relative_to(venv)

    cov = _run([ucj, "coverage", "Bojonegoro"], work, env)
    assert "42,29%" in cov.stdout  # the demo's published Bojonegoro figure, June 2025

    _run([ucj, "report", "Bojonegoro", "--out", tmp_path / "reports"], work, env)
    assert list((tmp_path / "reports").rglob("report.html"))
    if sys.platform not in ("win32", "darwin"):  # the per-user store, built on first use
        assert (tmp_path / "xdg" / "ucjlib" / "shapefiles" / "ucj_boundaries.gpkg").is_file()
    assert sorted(p.name for p in work.iterdir()) == []  # nothing written in the user's folder
