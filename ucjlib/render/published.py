"""Render the published UCJ figures (:mod:`ucjlib.published`): screen table, CSV, map.

The figures are real, published ones: every output says "angka publikasi" and cites its
sources; nothing here reads or shows demo numbers.
"""

from __future__ import annotations

import io
from typing import Any

from ucjlib.fmt import fmt_target
from ucjlib.published import NATIONAL_TARGETS, PublishedView
from ucjlib.text import say

#: label codes of the indicators the view shows
_INDICATOR = {
    "ucj_coverage_pct": "published.ind.ucj_coverage_pct",
    "ucj_coverage_pct_lower_bound": "published.ind.ucj_coverage_pct_lower_bound",
    "coverage_pct_pu": "published.ind.coverage_pct_pu",
    "ucj_target_pct": "published.ind.ucj_target_pct",
    "ucj_target_pct_kemendagri": "published.ind.ucj_target_pct_kemendagri",
    "ucj_target_pct_rpjmn": "published.ind.ucj_target_pct_rpjmn",
    "ucj_target_pct_rkp": "published.ind.ucj_target_pct_rkp",
    "ucj_target_pct_rpjpn": "published.ind.ucj_target_pct_rpjpn",
}
assert set(NATIONAL_TARGETS) <= set(_INDICATOR)


def value_text(indicator: str, value: float, lang: str = "id") -> str:
    """Return a published percent as printed (``42,29%``; a lower bound as ``> 50%``).

    Examples
    --------
    >>> value_text("ucj_coverage_pct", 42.29), value_text("ucj_coverage_pct", 42.29, "en")
    ('42,29%', '42.29%')
    >>> value_text("ucj_coverage_pct_lower_bound", 50)
    '> 50%'
    """
    text = fmt_target(value / 100, lang)
    return "> " + text if indicator.endswith("_lower_bound") else text


def source_text(row: Any) -> str:
    """Return ``publisher, date`` of a figure (the date only when the source names one)."""
    return f"{row.publisher}, {row.source_date}" if row.source_date else row.publisher


def _section_title(view: PublishedView, section: str, lang: str) -> str:
    if section == "provinsi":
        latest = view.provinsi is None
        return say("published.section.provinsi_latest" if latest else
                   "published.section.provinsi", lang)
    return say(f"published.section.{section}", lang)


def _aligned(columns: list[str], rows: list[tuple[str, ...]]) -> list[str]:
    """Return text rows in columns: text left-aligned, the value (4th column) right-aligned."""
    widths = [max(len(str(x)) for x in col) for col in zip(columns, *rows, strict=True)]
    out = []
    for row in [tuple(columns), *rows]:
        cells = [str(x).rjust(w) if i == 3 else str(x).ljust(w)
                 for i, (x, w) in enumerate(zip(row, widths, strict=True))]
        out.append("  ".join(cells).rstrip())
    return out


def published_table(view: PublishedView, lang: str = "id", caveats_only: bool = False) -> str:
    """Return the screen text of ``ucj published``: sections, sources, caveat lines.

    With ``caveats_only``, only the caveat lines (printed on stderr beside ``--format csv``).
    """
    caveats = [say(c, lang) for c in view.caveats]
    if caveats_only:
        return "\n".join(caveats)
    where = (say("published.where.indonesia", lang) if view.provinsi is None
             else f"{view.provinsi[0]} {view.provinsi[1]}")
    lines = [say("published.title", lang, where=where, label=say("published.label", lang)), ""]
    figures = view.figures
    if figures.empty:
        lines += [say("published.none", lang, where=where), ""]
    else:
        columns = say("published.columns", lang).split("|")
        for section in dict.fromkeys(figures["section"]):
            part = figures.loc[figures["section"] == section]
            rows = [(r.kode or "-", r.wilayah, say(_INDICATOR[r.indicator], lang),
                     value_text(r.indicator, r.value, lang), r.as_of, source_text(r))
                    for r in part.itertuples()]
            lines += [_section_title(view, section, lang), *_aligned(columns, rows), ""]
    lines += caveats + [say("published.source_file", lang)]
    return "\n".join(lines)


def published_csv(view: PublishedView) -> str:
    """Return the figures of a view as CSV: ``section`` and every column of the data file.

    Values stay as published (percent: ``42.29``), in a language-neutral file.
    """
    buf = io.StringIO()
    view.figures.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def province_polygons() -> Any:
    """Return the province polygons of all of Indonesia from the boundary store.

    Raises
    ------
    ucjlib.errors.BoundaryError
        When the store has no provinces for all of Indonesia (``ucj boundaries build``).
    """
    from ucjlib.geo.boundaries import load_boundaries

    return load_boundaries("provinsi", build=False)


def check_map_file(path: str, provinsi: str | None) -> None:
    """Check ``--map`` before anything is printed.

    A ``.png`` in an existing folder, no ``--provinsi`` (the map is national), and province
    polygons for all of Indonesia in the boundary store.
    """
    from pathlib import Path

    from ucjlib.errors import ArgumentError

    if provinsi is not None:
        raise ArgumentError("--map", path, "peta nasional: tanpa --provinsi")
    if not path.lower().endswith(".png") or Path(path).is_dir():
        raise ArgumentError("--map", path, "nama berkas .png, mis. peta_publikasi.png")
    if not Path(path).resolve().parent.is_dir():
        raise ArgumentError("--map", path, "berkas di folder yang sudah ada")
    province_polygons()


def draw_map(path: str, lang: str = "id", gdf: Any = None) -> None:
    """Draw the national choropleth of the latest published province coverage to ``path``.

    Classes are drawn around the national Kemendagri target of the latest figures' year;
    provinces without a published figure are grey and hatched. Labelled "angka publikasi":
    only published figures, never demo numbers.
    """
    from matplotlib.patches import Patch

    from ucjlib.files import atomic_path
    from ucjlib.published import latest_province_coverage
    from ucjlib.render.style import (
        MUTED,
        add_footer,
        add_titles,
        class_labels,
        coverage_cmap,
        new_figure,
    )
    from ucjlib.rules import load_rules

    gdf = province_polygons() if gdf is None else gdf
    latest = latest_province_coverage()
    year = max(int(a[:4]) for a in latest["as_of"])
    national = load_rules().regional_parameter("target.ucj").regions["nasional"]
    hit = national.value_for(year) or national.values[0]
    target = hit[1]
    cmap, norm, breaks = coverage_cmap(target)
    shares = dict(zip(latest["kode"], latest["value"], strict=True))
    gdf = gdf.assign(value=gdf["kode"].map(shares))
    fig, ax = new_figure()
    missing = gdf.loc[gdf["value"].isna()]
    if not missing.empty:
        missing.plot(ax=ax, color="#d9d9d9", hatch="///", edgecolor="white", linewidth=0.4)
    gdf.loc[gdf["value"].notna()].plot(ax=ax, column="value", cmap=cmap, norm=norm,
                                       edgecolor="white", linewidth=0.4)
    ax.set_axis_off()
    ax.set_aspect("equal")
    handles = [Patch(facecolor=cmap(i), label=label)
               for i, label in enumerate(class_labels(breaks, lang))]
    handles.append(Patch(facecolor="#d9d9d9", hatch="///", edgecolor=MUTED,
                         label=say("published.map.no_data", lang)))
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.06), fontsize=10,
               frameon=False, alignment="left",
               title=say("published.map.legend", lang, target=target))
    add_titles(fig, say("published.map.title", lang), say("published.map.subtitle", lang))
    add_footer(fig, "", None, demo=False, lang=lang,
               extra=[say("published.map.footnote", lang)])
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=150)
