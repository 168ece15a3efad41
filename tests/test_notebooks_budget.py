"""Run notebooks/03-budget.ipynb with papermill: what it prints is the library's.

Parameters go as strings where codes are concerned (papermill ``-r`` style); ``draws`` is
small to keep the runs fast. Each run happens in its own temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03-budget.ipynb"
DRAWS = 500

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
    papermill.execute_notebook(str(NOTEBOOK), str(out), parameters={"draws": DRAWS, **params},
                               kernel_name="python3", cwd=str(tmp_path), progress_bar=False)
    return nbformat.read(out, as_version=4)


def _library(kabupaten: str, lang: str = "id", **kw):
    import ucjlib as ucj
    from ucjlib.budget import estimate_budget, gap_projection

    ds = ucj.open_dataset(ucj.resolve_region(kabupaten))
    # the notebook's years default is the library's (tahun = 0), as `ucj budget`'s is
    return estimate_budget(start="2026-01", dataset=ds,
                           projection=gap_projection(ds, lang=lang), draws=DRAWS, seed=0,
                           lang=lang, **kw)


def test_committed_notebook_shape():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for name in ("kabupaten: str", "peserta: int", "mulai: str", "tahun: int",
                 "pendanaan: str", "sektor: str", "penghasilan: int", "target: float",
                 "deadline: str", "data_dir: str", "lang: str", "draws: int", "seed: int",
                 "output_dir: str"):
        assert name in tagged[0].source
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# 03")
    assert "__version__" in nb.cells[1].source
    checked = [c for c in nb.cells if c.cell_type == "code" and c.outputs]
    assert checked and all(c.source.startswith("# NBVAL_CHECK_OUTPUT") for c in checked)
    assert "Rp 31,7 miliar (Rp 31.662.892.800)" in checked[0].outputs[0]["data"]["text/plain"]


@pytest.mark.slow
@pytest.mark.parametrize("kabupaten,lang", [("35.22", "id"), ("32.71", "id"), ("35.78", "en")])
def test_notebook_prints_the_library_figures(tmp_path, kabupaten, lang):
    from ucjlib.render.budget import budget_figures, budget_lines, budget_narrative

    nb = _run(tmp_path, kabupaten=kabupaten, lang=lang)
    text = _stream_text(nb)
    lib = _library(kabupaten, lang)
    for line in [*budget_lines(lib), *budget_narrative(lib)]:
        assert line in text
    assert _images(nb) == len(budget_figures(lib))


@pytest.mark.slow
def test_mandiri_shares_and_output_dir(tmp_path):
    nb = _run(tmp_path, kabupaten="35.22", pendanaan="APBD=0.5,mandiri=0.5",
              mulai="2026-06", tahun=1, output_dir=str(tmp_path / "keluaran"))
    text = _stream_text(nb)
    # PP 50/2025: the workers' half pays Rp 8.400 in June 2026, the APBD half Rp 16.800
    assert "APBD Rp 16.800; pekerja (mandiri) Rp 8.400" in text
    charts = sorted(p.name for p in (tmp_path / "keluaran" / "charts").iterdir())
    assert len(charts) == 8 and all(n.endswith((".png", ".svg")) for n in charts)
    assert (tmp_path / "keluaran" / "results" / "budget.json").is_file()
