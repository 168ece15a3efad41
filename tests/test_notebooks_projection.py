"""Run notebooks/02-projection.ipynb with papermill: the printed figures are the library's.

Parameters go as strings (papermill ``-r`` style) so codes such as ``35.10`` stay text;
``interaktif`` is False (no sliders) and ``draws`` small to keep the runs fast. Each run
happens in its own temporary folder with the ``python3`` kernel.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02-projection.ipynb"
DRAWS = 200

pytestmark = pytest.mark.xdist_group("notebooks")


def _stream_text(nb) -> str:
    """Printed text and the plain text of displayed blocks (headline lines, notes)."""
    return "\n".join(o["text"] if o.get("output_type") == "stream"
                     else str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells for o in c.get("outputs", [])
                     if o.get("output_type") in ("stream", "execute_result", "display_data"))


def _images(nb) -> int:
    return sum(1 for c in nb.cells for o in c.get("outputs", [])
               if "image/png" in o.get("data", {}))


def _run(tmp_path: Path, **params):
    import nbformat
    import papermill

    out = tmp_path / "out.ipynb"
    params = {"interaktif": False, "draws": DRAWS, **params}
    papermill.execute_notebook(str(NOTEBOOK), str(out), parameters=params,
                               kernel_name="python3", cwd=str(tmp_path), progress_bar=False)
    return nbformat.read(out, as_version=4)


def _library(kabupaten: str, **kw):
    import ucjlib as ucj
    from ucjlib.projection import project

    ds = ucj.open_dataset(ucj.resolve_region(kabupaten))
    return project(ds, draws=DRAWS, seed=0, **kw)


def test_committed_notebook_shape():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    src = tagged[0].source
    for name in ("kabupaten: str", "target: float", "deadline: str", "skenario_file: str",
                 "perpanjangan_apbd: float", "kohort_baru: int", "kampanye_per_bulan: int",
                 "laju_lapse: float", "level: str", "data_dir: str", "lang: str",
                 "draws: int", "seed: int", "output_dir: str", "interaktif: bool"):
        assert name in src
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# 02")
    assert "__version__" in nb.cells[1].source
    checked = [c for c in nb.cells if c.cell_type == "code" and c.outputs]
    assert checked and all(c.source.startswith("# NBVAL_CHECK_OUTPUT") for c in checked)
    assert "Tambahan bersih per bulan: 24.215" in checked[0].outputs[0]["data"]["text/plain"]


@pytest.mark.slow
@pytest.mark.parametrize("kabupaten,lang", [("35.22", "id"), ("35.78", "en"), ("32.71", "id")])
def test_notebook_prints_the_library_figures(tmp_path, kabupaten, lang):
    from ucjlib.render.projection import pace_lines, projection_narrative

    nb = _run(tmp_path, kabupaten=kabupaten, lang=lang)
    text = _stream_text(nb)
    lib = _library(kabupaten, lang=lang)
    for line in pace_lines(lib):
        assert line in text
    for sentence in projection_narrative(lib):
        assert sentence in text
    assert _images(nb) == 2  # fan chart, scenario chart
    if kabupaten == "35.22":
        assert "Tambahan bersih per bulan: 24.215" in text
    if lang == "en":
        assert "Net additions per month" in text and "demo data (synthetic)" in text


@pytest.mark.slow
def test_notebook_scenario_settings_and_saving(tmp_path):
    """Parameters make a scenario (APBD not renewed), and output_dir gets charts and XLSX."""
    from ucjlib.projection import Renewal, Scenario
    from ucjlib.render.projection import pace_lines

    out_dir = tmp_path / "hasil"
    nb = _run(tmp_path, kabupaten="35.22", perpanjangan_apbd=0.0, output_dir=str(out_dir),
              level="desa")
    text = _stream_text(nb)
    s = Scenario("pengaturan notebook", (Renewal("APBD", 0.0),),
                 "Skenario dari parameter notebook.")
    lib = _library("35.22", scenario=s, level="desa")
    assert lib.scenario == "pengaturan notebook"
    for line in pace_lines(lib):
        assert line in text
    names = sorted(p.name for p in (out_dir / "charts").iterdir())
    assert [n.split("-", 1)[1] for n in names] == [
        "proyeksi-cakupan.png", "proyeksi-cakupan.svg", "skenario-cakupan.png",
        "skenario-cakupan.svg"]
    from ucjlib.report.outputs import load_sections

    kept = load_sections(out_dir)["projection"]
    assert kept.figures() == lib.figures()
