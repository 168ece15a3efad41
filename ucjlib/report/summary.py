"""The one-page summary (notebook ``00-summary``): headline numbers of the three analyses.

In a report the summary renders the results ``ucj report`` computed once
(:mod:`ucjlib.report.view`); on its own it computes them with the library's
defaults. It only renders those results.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

from ucjlib.fmt import fmt_int, fmt_pct, fmt_rupiah, fmt_target
from ucjlib.render import style
from ucjlib.text import say

__all__ = ["summary_figure", "summary_lines", "summary_sections", "summary_tiles"]


def summary_sections(kabupaten: Any, *, periode: str | None = None, target: Any = None,
                     deadline: str | None = None, data_dir: str | None = None,
                     lang: str = "id", output_dir: str | None = None,
                     draws: int = 2000) -> dict[str, Any]:
    """Return the coverage, projection and budget results to summarise.

    Parameters
    ----------
    kabupaten : str or Region
        Resolved once with :func:`ucjlib.resolve_region`.
    periode, target, deadline, data_dir, lang
        As in the other notebooks (``deadline`` None: from the rules,
        :func:`ucjlib.rules.default_deadline`).
    output_dir : str, optional
        A report folder: results kept there by notebooks 01-03 are used as they are.
    draws : int, default 2000
        Bootstrap paths of a projection computed here.

    Returns
    -------
    dict
        ``coverage``, ``projection`` and ``budget`` (any of them may be missing when it
        cannot be computed, e.g. a projection whose deadline is before the data's end).
    """
    from ucjlib.budget import estimate_budget, gap_projection
    from ucjlib.coverage import analyze_coverage
    from ucjlib.errors import ArgumentError
    from ucjlib.geo.wilayah import resolve
    from ucjlib.open import open_dataset
    from ucjlib.projection import project

    kept: dict[str, Any] = {}
    if output_dir:
        from ucjlib.report.view import load_sections

        kept = dict(load_sections(output_dir))
    out = {k: kept[k] for k in ("coverage", "projection", "budget") if k in kept}
    if len(out) == 3:
        return out
    region = resolve(kabupaten)
    ds = open_dataset(region, data_dir, periods=periode)
    if "coverage" not in out:
        out["coverage"] = analyze_coverage(ds, periode, level="kecamatan", target=target,
                                           lang=lang)
    if "projection" not in out:
        try:
            out["projection"] = project(ds, target=target, deadline=deadline or None,
                                        lang=lang, draws=draws)
        except ArgumentError:
            pass  # e.g. the deadline is already past: the summary shows the rest
    if "budget" not in out:
        try:
            out["budget"] = estimate_budget(
                dataset=ds, projection=out.get("projection") or gap_projection(ds, lang=lang),
                start="2026-01", years=3, lang=lang)
        except ArgumentError:
            pass
    return out


def summary_lines(sections: dict[str, Any], lang: str = "id") -> list[str]:
    """Headline sentences, one per question, from the kept results.

    Examples
    --------
    >>> summary_lines({})
    []
    """
    from ucjlib.render.narrative import headline_lines

    lines: list[str] = []
    cov, proj, bud = (sections.get(k) for k in ("coverage", "projection", "budget"))
    if cov is not None:
        lines += headline_lines(cov, detail=True)
    if proj is not None:
        from ucjlib.render.projection_text import projection_headline

        lines.append(projection_headline(proj, lang))
    if bud is not None:
        from ucjlib.render.budget import budget_lines

        b = budget_lines(bud)
        lines += [b[0], *[x for x in b[1:] if x.startswith(("Perkiraan", "Expected"))]]
        if len(bud.grant):
            lines.append(bud.grant_lines[1])
    return lines


def summary_tiles(sections: dict[str, Any], lang: str = "id") -> list[tuple[str, str, str]]:
    """Return the tiles :func:`summary_figure` draws, top to bottom, as (label, value, note).

    Coverage and the gap to the target (from ``sections["coverage"]``), the monthly pace
    needed (``"projection"``), the first year's contributions and the families reached
    (``"budget"``); a missing section gives no tiles.

    Examples
    --------
    >>> summary_tiles({})
    []
    """
    cov, proj, bud = (sections.get(k) for k in ("coverage", "projection", "budget"))
    tiles: list[tuple[str, str, str]] = []
    if cov is not None:
        f = cov.figures()
        tiles.append((say("summary.coverage", lang), fmt_pct(f["cakupan"], lang=lang),
                      say("summary.coverage_note", lang, target=f["target"],
                          month=cov.periode)))
        tiles.append((say("summary.gap", lang), fmt_int(f["gap_target"], lang),
                      say("summary.gap_note", lang, employed=f["pekerja"])))
    if proj is not None:
        f = proj.figures()
        tiles.append((say("summary.pace", lang),
                      fmt_int(f["required_monthly_net_additions"], lang),
                      say("summary.pace_note", lang, deadline=proj.deadline)))
    if bud is not None:
        y0 = bud.yearly.iloc[0]
        tiles.append((say("summary.contributions", lang, year=int(y0["tahun"])),
                      fmt_rupiah(float(y0["iuran_total_idr"]), lang=lang),
                      say("summary.participants", lang, n=bud.monthly["peserta"].iloc[0])))
        c0 = bud.claims.iloc[0]
        tiles.append((say("summary.families", lang), fmt_int(c0["kematian"], lang),
                      say("summary.families_note", lang)))
    return tiles


@style.styled
def summary_figure(sections: dict[str, Any], lang: str = "id") -> Figure:
    """One slide: the three headline numbers as tiles, with the coverage path to the target.

    Returns
    -------
    matplotlib.figure.Figure
        The tiles of :func:`summary_tiles` at the left, the projected path at the right.
    """
    from ucjlib.streams import month_index

    cov, proj, bud = (sections.get(k) for k in ("coverage", "projection", "budget"))
    fig = style.blank_figure()
    tiles = summary_tiles(sections, lang)
    demo = any(getattr(r, "demo", False) for r in (cov, proj, bud) if r is not None)
    for i, (label, value, note) in enumerate(tiles):
        y = 0.83 - i * 0.14
        fig.text(0.03, y, label, fontsize=13, color=style.MUTED, va="top")
        fig.text(0.03, y - 0.028, value, fontsize=24, fontweight="bold", va="top",
                 color=style.ACCENT)
        fig.text(0.03, y - 0.088, note, fontsize=11, color=style.MUTED, va="top")
    if proj is not None:
        p = proj.path
        ax = fig.add_axes((0.40, 0.16, 0.57, 0.64))
        hist = p.loc[p["jenis"] == "observasi"]
        fut = p.loc[(p["jenis"] == "proyeksi") | (p["periode"] == proj.periode)]
        xh = [month_index(m) for m in hist["periode"]]
        xf = [month_index(m) for m in fut["periode"]]
        from ucjlib.render.projection import BAND_ALPHA, BAND_COLOR

        ax.fill_between(xf, fut["cakupan_p5"] * 100, fut["cakupan_p95"] * 100,
                        color=BAND_COLOR, alpha=BAND_ALPHA, linewidth=0)
        ax.plot(xh, hist["cakupan"] * 100, color="#333333", linewidth=2.2,
                label=say("summary.observed", lang))
        ax.plot(xf, fut["cakupan"] * 100, color=style.ACCENT, linewidth=2.4,
                linestyle=(0, (5, 2)), label=say("summary.projection", lang))
        ax.axhline(proj.target.value * 100, color=style.TARGET_COLOR, linestyle="--",
                   linewidth=1.6, label="target " + fmt_target(proj.target.value, lang))
        ax.axvline(month_index(proj.deadline), color=style.MUTED, linestyle=":", linewidth=1.4)
        ticks = [m for m in [*hist["periode"], *fut["periode"]] if m.endswith("-01")]
        ax.set_xticks([month_index(m) for m in ticks], [m[:4] for m in ticks])
        ax.set_ylabel(say("summary.ylabel", lang))
        ax.grid(axis="y", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
        ax.legend(frameon=False, loc="lower right", fontsize=11)
        ax.set_title(say("summary.path_title", lang), fontsize=14)
    region = next((r.region for r in (cov, proj, bud) if r is not None and r.region), None)
    name = region.nama if region is not None else "UCJ"
    t = fig.text(0.01, 0.965, say("summary.title", lang, name=name),
                 fontsize=20, fontweight="bold", ha="left", va="top")
    periode = cov.periode if cov is not None else None
    source = cov.source if cov is not None and getattr(cov, "source", None) else ""
    style.add_footer(fig, source, periode, demo, lang,
                     [style.target_note(cov)] if cov is not None else [])
    from ucjlib.render.placement import fit_title

    fit_title(fig, t)
    return fig
