"""Run notebooks/01-coverage.ipynb with papermill for several kabupaten/kota.

Parameters are passed as strings (papermill ``-r`` style) so region codes
such as ``35.10`` never become floats. Each run happens in its own temporary
folder with the ``python3`` kernel.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01-coverage.ipynb"

pytestmark = pytest.mark.xdist_group("notebooks")


def _stream_text(nb) -> str:
    """Printed text and the plain text of displayed blocks (headline lines, notes)."""
    return "\n".join(o["text"] if o.get("output_type") == "stream"
                     else str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells for o in c.get("outputs", [])
                     if o.get("output_type") in ("stream", "execute_result", "display_data"))


def _run(tmp_path: Path, **params: str):
    import nbformat
    import papermill

    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), parameters=params,
                               kernel_name="python3", cwd=str(tmp_path), progress_bar=False)
    return nbformat.read(out, as_version=4)


def test_committed_notebook_shape():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    src = tagged[0].source
    for name in ("kabupaten: str", "periode: str", "target: float", "level: str",
                 "data_dir: str", "lang: str", "output_dir: str"):
        assert name in src
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert "__version__" in nb.cells[1].source
    # outputs are kept only where nbval checks them
    for c in nb.cells:
        if c.cell_type == "code" and c.outputs:
            assert c.source.startswith("# NBVAL_CHECK_OUTPUT")


@pytest.mark.slow
@pytest.mark.parametrize("kabupaten,nama", [
    ("35.22", "Kabupaten Bojonegoro"),
    ("35.24", "Kabupaten Lamongan"),
    ("32.71", "Kota Bogor"),
])
def test_notebook_runs_for(tmp_path, kabupaten, nama):
    nb = _run(tmp_path, kabupaten=kabupaten)
    text = _stream_text(nb)
    assert f"{nama} — Juni 2025 [data demo (sintetis)]" in text
    assert "Cakupan UCJ: " in text and "kecamatan" in text
    # the notebook prints what the library computes for the same parameters
    import ucjlib as ucj
    from ucjlib.render.narrative import headline_lines

    lib = ucj.analyze_coverage(ucj.open_dataset(ucj.resolve_region(kabupaten)))
    for line in headline_lines(lib):
        assert line in text
    if kabupaten == "35.22":
        # published figure: 42.29% in June 2025 (demo is calibrated to it)
        assert "Cakupan UCJ: 42,29% (target 60%)" in text
    figures = sum(1 for c in nb.cells for o in c.get("outputs", [])
                  if "image/png" in o.get("data", {}))
    assert figures == 5  # kecamatan map, desa map, ranking, segments, trend


@pytest.mark.slow
def test_notebook_english_kota_saves_charts(tmp_path):
    out_dir = tmp_path / "grafik"
    nb = _run(tmp_path, kabupaten="35.78", lang="en", periode="2025-03",
              output_dir=str(out_dir))
    text = _stream_text(nb)
    assert "Kota Surabaya — March 2025 [demo data (synthetic)]" in text
    names = sorted(p.name for p in (out_dir / "charts").iterdir())
    assert "01-peta-kecamatan.png" in names and "01-peta-kecamatan.svg" in names
    assert any(n.endswith("-tren-bulanan.png") for n in names)
    assert len([n for n in names if n.endswith(".png")]) == 5
    assert (out_dir / "maps" / "peta-kecamatan.html").is_file()
    # the results kept for the report's workbook and deck
    assert sorted(p.name for p in (out_dir / "results").glob("*.json")) == [
        "coverage.json", "coverage_desa.json", "report.index.json"]


@pytest.mark.slow
def test_notebook_with_participant_records(tmp_path, records_folder):
    """The notebook on a folder of participant records (DuckDB inside Jupyter), no NIK shown."""
    import json

    nb = _run(tmp_path, kabupaten="Bojonegoro", data_dir=str(records_folder), periode="2025-06")
    text = _stream_text(nb)
    assert "Kabupaten Bojonegoro — Juni 2025" in text and "data demo" not in text
    dump = json.dumps(nb)  # every output, including HTML tables and errors
    for secret in ("3522010101800001", "35220101018", "Budi Santoso", "Siti Aminah"):
        assert secret not in dump
