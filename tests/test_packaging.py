"""The package installs, exposes its version and keeps its dependency lists in step."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import ucjlib

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {"python-duckdb": "duckdb"}


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[]", req, maxsplit=1)[0].strip().lower()


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_reqs = {_name(r): r for r in py["dependencies"] + py["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and _name(dep) not in ("python", "pip"):
            name = _name(dep)
            conda[CONDA_TO_PYPI.get(name, name)] = dep
    assert set(conda) == set(pip_reqs), (
        f"only in environment.yml: {set(conda) - set(pip_reqs)}; "
        f"only in pyproject.toml: {set(pip_reqs) - set(conda)}")
    for name, req in pip_reqs.items():
        lower = re.search(r">=\s*([\d.]+)", req)
        conda_lower = re.search(r">=\s*([\d.]+)", conda[name])
        assert lower and conda_lower and lower.group(1) == conda_lower.group(1), name


def test_version_from_metadata():
    assert re.match(r"\d+\.\d+", ucjlib.__version__)


def test_public_names_resolve():
    for name in ucjlib.__all__:
        assert getattr(ucjlib, name) is not None, name


def test_import_is_light():
    code = "import sys, ucjlib; print('geopandas' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_upstream_manifest_is_pinned():
    from ucjlib.geo.sources import upstream_files

    files = upstream_files()
    assert "wilayah/db/wilayah.sql" in files
    commits = {f.repo: f.commit for f in files.values()}
    assert commits["cahyadsn/wilayah"].startswith("b7ad440a13")
    assert commits["cahyadsn/wilayah_boundaries"].startswith("3c5a7960f4")
    assert all(re.fullmatch(r"[0-9a-f]{64}", f.sha256) for f in files.values())


def test_no_reference_data_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout
    assert not re.search(r"\.(sql|gpkg|shp)$", tracked, flags=re.M)


@pytest.mark.slow
def test_jupyterlab_runs_from_the_environment():
    """Researchers start JupyterLab from the installed environment (README set-up)."""
    jupyter = Path(sys.executable).parent / "jupyter"
    res = subprocess.run([str(jupyter), "lab", "--version"], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    assert re.match(r"\d+\.\d+", res.stdout.strip())
    import ipywidgets  # noqa: F401 - the sliders of the notebooks need it


def test_notebook_kernel_starts_and_imports_ucjlib():
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        reply = kc.execute_interactive("import ucjlib; print(ucjlib.__version__)", timeout=60,
                                       output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
