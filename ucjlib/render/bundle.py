"""The chart bundle of a coverage result: one list, used by the CLI, notebooks and reports.

Names are the file stems the charts are saved under (``peta-kecamatan``,
``peringkat-kecamatan``, ``segmen``, ``tren-bulanan``, and ``peta-desa`` when
a desa-level result is given).
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from ucjlib.results import CoverageResult


def coverage_figures(result: CoverageResult,
                     desa: CoverageResult | None = None) -> dict[str, Figure]:
    """Draw every chart of a coverage result: map, ranking, segments and monthly trend.

    Parameters
    ----------
    result : CoverageResult
        From :func:`ucjlib.coverage.analyze_coverage`.
    desa : CoverageResult, optional
        The same analysis at desa level, for a desa map as well (none where the store
        has no desa polygons for the region: the report's notes say why).

    Returns
    -------
    dict of str to matplotlib.figure.Figure
        File stem -> figure, in reading order.

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> sorted(coverage_figures(analyze_coverage(demo_dataset("35.22"))))
    ['peringkat-kecamatan', 'peta-kecamatan', 'segmen', 'tren-bulanan']
    """
    from ucjlib.geo.boundaries import no_desa_reason
    from ucjlib.render.charts import ranked_bars, segment_chart, series_chart
    from ucjlib.render.maps import coverage_map

    figs = {f"peta-{result.level}": coverage_map(result)}
    if desa is not None and desa.level != result.level and (
            desa.level != "desa" or no_desa_reason(desa.region.kode) is None):
        # no desa polygons: no desa map at all (the desa table and a note say why)
        figs[f"peta-{desa.level}"] = coverage_map(desa)
    figs[f"peringkat-{result.level}"] = ranked_bars(result)
    figs["segmen"] = segment_chart(result)
    figs["tren-bulanan"] = series_chart(result)
    return figs


def save_coverage_figures(result: CoverageResult, out_dir: str | Path,
                          desa: CoverageResult | None = None) -> list[Path]:
    """Draw the bundle and save each chart as PNG and SVG in ``out_dir``.

    Raises
    ------
    OutputError
        When ``out_dir`` cannot be written (a file in the way, no permission,
        a full disk); charts already there are left as they were.
    """
    import matplotlib.pyplot as plt

    from ucjlib.files import ensure_dir
    from ucjlib.render.style import save_figure

    out = ensure_dir(out_dir)
    written: list[Path] = []
    for name, fig in coverage_figures(result, desa).items():
        written += save_figure(fig, out / name)
        plt.close(fig)
    return written
