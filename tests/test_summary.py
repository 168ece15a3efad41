"""The one-page summary (00-summary) repeats the three analyses' numbers, kept or computed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ucjlib.report.summary import (
    summary_figure,
    summary_lines,
    summary_sections,
    summary_tiles,
)

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "00-summary.ipynb"


@pytest.fixture(scope="module")
def sections():
    return summary_sections("35.22", draws=200)


def test_lines_are_the_analyses_lines(sections):
    from ucjlib.render.budget import budget_lines
    from ucjlib.render.narrative import headline_lines

    lines = summary_lines(sections)
    assert lines[: len(headline_lines(sections["coverage"]))] == \
        headline_lines(sections["coverage"])
    assert budget_lines(sections["budget"])[0] in lines
    pace = round(sections["projection"].figures()["required_monthly_net_additions"])
    assert any(f"{pace:,}".replace(",", ".") in x for x in lines)
    assert "Cakupan UCJ: 42,29% (target 60%)" in lines


def test_figure_tiles_show_the_same_numbers(sections):
    tiles = {label: value for label, value, _ in summary_tiles(sections)}
    assert tiles["Cakupan UCJ"] == "42,29%"
    assert tiles["Kekurangan peserta"] == "145.291"
    assert tiles["Iuran 2026"] == "Rp 31,7 miliar"
    # the figure draws those tiles
    from ucjlib.render.style import figure_texts

    texts = figure_texts(summary_figure(sections))
    assert all(x in texts for tile in summary_tiles(sections) for x in tile)


def test_kept_results_are_used_as_they_are(tmp_path, sections):
    from ucjlib.report.outputs import save_section

    for name in ("coverage", "projection", "budget"):
        save_section(name, sections[name], tmp_path, figures={})
    kept = summary_sections("35.22", output_dir=str(tmp_path))
    assert summary_lines(kept) == summary_lines(sections)
    assert kept["budget"].draws == sections["budget"].draws


@pytest.mark.slow
def test_notebook_runs_for_a_kota(tmp_path):
    import nbformat
    import papermill

    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), parameters={"kabupaten": "32.71"},
                               kernel_name="python3", cwd=str(tmp_path), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    text = "\n".join(o["text"] if o.get("output_type") == "stream"
                     else str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells for o in c.get("outputs", []))
    assert "Kota Bogor — Juni 2025 [data demo (sintetis)]" in text
    assert "target 52,15%" in text
