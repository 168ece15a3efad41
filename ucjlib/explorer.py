"""An explorer for JupyterLab: pick a region, a level, a target and a deadline, and see.

``ucj.explore()`` returns an :class:`Explorer`: ipywidgets controls (kabupaten/kota or
province, level, target, deadline, language, data folder) above three outputs that follow
them: the headline (coverage, gap to the target, monthly pace needed), the offline web map
of :mod:`ucjlib.render.webmap` (with its hover tooltip) and the ranking chart of
:func:`ucjlib.render.charts.ranked_bars`. Everything shown is computed by the library
(:func:`ucjlib.geo.wilayah.resolve`, :func:`ucjlib.open.open_dataset`,
:func:`ucjlib.coverage.analyze_coverage`, :func:`ucjlib.projection.project`); the explorer
only keeps what it opened (datasets, boundaries, results) so that going back is instant.

Changes are debounced when a kernel's event loop runs (a slider dragged over several values
draws once); without a running loop (a script, a test) each change draws at once. A
mistake (an unknown or ambiguous region, a level without boundaries, a bad data folder)
is a readable message in the explorer, never a traceback.

Examples
--------
>>> ex = explore("35.22")  # doctest: +SKIP
>>> ex.region.value = "32.71"  # doctest: +SKIP
>>> ex.figures["cakupan"]  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import functools
import html
import re
import time
from collections import OrderedDict
from typing import Any

from ucjlib.errors import UcjError
from ucjlib.text import check_lang, say

__all__ = ["Explorer", "explore"]

_CODE = re.compile(r"^\s*(\d{2}(?:\.\d{2})?)(?:\s|$)")
_KEEP = 24  # results kept per kind (datasets, boundaries, analyses)


class _Cache(OrderedDict):
    """A small least-recently-used store."""

    def get_or(self, key: Any, make: Any) -> Any:
        """Return the value kept for ``key``, or make it with ``make()`` and keep it."""
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = make()
        self[key] = value
        while len(self) > _KEEP:
            self.popitem(last=False)
        return value


def _esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


@functools.lru_cache(maxsize=2)
def region_choices(lang: str = "id") -> tuple[str, ...]:
    """Return the picker's choices: every province and kabupaten/kota, by code.

    Examples
    --------
    >>> c = region_choices()
    >>> "35.22 Kabupaten Bojonegoro" in c, "35 Jawa Timur (provinsi)" in c
    (True, True)
    """
    from ucjlib.geo.gazetteer import gazetteer

    g = gazetteer()
    g = g.loc[g["level"].isin(("provinsi", "kabupaten"))].sort_values("kode")
    word = say("level.provinsi", lang)
    return tuple(f"{k} {n} ({word})" if lv == "provinsi" else f"{k} {n}"
                 for k, n, lv in zip(g["kode"], g["nama"], g["level"], strict=True))


def pick_region(text: Any, lang: str = "id") -> Any:
    """Return the province or kabupaten/kota that ``text`` names (a choice, a code, a name).

    Raises
    ------
    UnknownRegionError, AmbiguousRegionError
        As :func:`ucjlib.geo.wilayah.resolve` does, or when ``text`` names a kecamatan or
        desa.
    """
    from ucjlib.errors import AmbiguousRegionError, UnknownRegionError
    from ucjlib.geo.wilayah import Region, is_code, resolve

    if isinstance(text, Region):
        region = text
    elif (m := _CODE.match(str(text))) or is_code(str(text).strip()):
        region = resolve(m.group(1) if m else str(text).strip(), level=None)
    else:  # a name: a kabupaten/kota first (suggestions among them), else a province
        try:
            region = resolve(str(text).strip(), level="kabupaten")
        except AmbiguousRegionError:
            raise
        except UnknownRegionError as exc:
            try:
                region = resolve(str(text).strip(), level="provinsi")
            except UnknownRegionError:
                raise exc from None
    if region.level not in ("provinsi", "kabupaten"):
        raise UnknownRegionError(str(text), [], message=say(
            "explore.not_region", lang, name=region.label,
            level=say(f"level.{region.level}", lang)))
    return region


class Explorer:
    """The widgets of :func:`explore` and what they show now.

    Attributes
    ----------
    region : ipywidgets.Combobox
        Province or kabupaten/kota: a choice of the list, a code or a name.
    level : ipywidgets.Dropdown
        ``kecamatan`` or ``desa`` for a kabupaten/kota, ``kabupaten`` for a province.
    target : ipywidgets.FloatSlider
        0-1; 0 is the region's own target from ``data/rules``.
    deadline : ipywidgets.Text
        ``YYYY-MM``; empty is the default deadline from ``data/rules``.
    lang : ipywidgets.Dropdown
        ``id`` or ``en``.
    data_dir : ipywidgets.Text
        Folder of input files; empty is the demo.
    message, headline, map, ranking, status
        The outputs (HTML, HTML, HTML holding the map in a frame, Image, HTML); the map
        and the ranking are the two tabs of ``tabs``.
    map_html : str
        The web map page shown (``""`` when it cannot be drawn).
    ranking_png : bytes
        The ranking chart (drawn when its tab is opened, or when this is read).
    widget : ipywidgets.VBox
        Everything, as shown in a notebook.
    result : CoverageResult or None
        The analysis shown.
    projection : ProjectionResult or None
        The projection the pace comes from.
    figures : dict
        The headline numbers shown (``cakupan``, ``target``, ``gap_target``,
        ``net_per_month``, ``deadline`` ...).
    error : str
        The message shown, ``""`` when there is none.
    timings : dict
        Seconds taken by the last update, in total and per step.
    """

    def __init__(self, region: Any = "35.22", level: str | None = None, target: float = 0.0,
                 deadline: str = "", lang: str = "id", data_dir: str = "",
                 debounce: float = 0.3) -> None:
        import ipywidgets as w

        lang = check_lang(lang)
        self.debounce = float(debounce)
        self._quiet = False
        self._pending: Any = None
        self._datasets, self._bounds, self._results = _Cache(), _Cache(), _Cache()
        self._maps, self._paces, self._ranks = _Cache(), _Cache(), _Cache()
        self.result: Any = None
        self.projection: Any = None
        self.figures: dict[str, Any] = {}
        self.error = ""
        self.timings: dict[str, float] = {}
        self.map_html = ""
        self._ranked: tuple[Any, Any] | None = None  # (key, result) of the ranking to draw
        self._ranking_png = b""
        self._shown: Any = None  # the region drawn

        wide = w.Layout(width="420px")
        self.region = w.Combobox(options=region_choices(lang), ensure_option=False,
                                 continuous_update=False, layout=wide)
        self.level = w.Dropdown(layout=w.Layout(width="260px"))
        self.target = w.FloatSlider(value=float(target or 0.0), min=0.0, max=1.0, step=0.01,
                                    readout_format=".0%", continuous_update=False,
                                    layout=wide)
        self.deadline = w.Text(value=deadline or "", placeholder="YYYY-MM",
                               continuous_update=False, layout=w.Layout(width="260px"))
        self.lang = w.Dropdown(options=[(say("explore.lang_id", lang), "id"),
                                        (say("explore.lang_en", lang), "en")], value=lang,
                               layout=w.Layout(width="220px"))
        self.data_dir = w.Text(value=data_dir or "", continuous_update=False,
                               layout=w.Layout(width="360px"))
        self.message = w.HTML()
        self.status = w.HTML()
        self.headline = w.HTML()
        self.map_title = w.HTML()
        self.map = w.HTML(layout=w.Layout(width="100%"))
        self.ranking_title = w.HTML()
        self.ranking = w.Image(format="png", layout=w.Layout(width="auto", max_width="100%"))
        # the ranking is drawn when its tab is opened (or :attr:`ranking_png` is read)
        self.tabs = w.Tab(children=[w.VBox([self.map_title, self.map]),
                                    w.VBox([self.ranking_title, self.ranking])])
        self.target_note = w.HTML()
        self.widget = w.VBox([
            w.HBox([self.region, self.level]),
            w.HBox([self.target, self.target_note, self.deadline]),
            w.HBox([self.data_dir, self.lang, self.status]),
            self.message, self.headline, self.tabs])

        first = region if region is not None else "35.22"
        with self._hush():
            self.region.value = first.label if hasattr(first, "label") else str(first)
            if level:
                self.level.options = [(level, level)]
                self.level.value = level
        for control in (self.region, self.level, self.target, self.deadline, self.lang,
                        self.data_dir):
            control.observe(self._changed, names="value")
        self.tabs.observe(self._tab, names="selected_index")
        self.update()

    # --- display ------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        shown = self._shown.label if self._shown is not None else "-"
        return f"Explorer({shown!r}, level={self.level.value!r}, lang={self.lang.value!r})"

    @property
    def headline_html(self) -> str:
        """Return the headline as HTML (what :attr:`headline` shows)."""
        return self.headline.value

    # --- changes ------------------------------------------------------------------------
    def _hush(self) -> Any:
        explorer = self

        class _Hush:
            def __enter__(self) -> None:
                explorer._quiet = True

            def __exit__(self, *exc: Any) -> None:
                explorer._quiet = False

        return _Hush()

    def _changed(self, change: Any) -> None:
        if self._quiet:
            return
        if self.debounce > 0:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # no kernel loop (a script, a test): draw now
                loop = None
            if loop is not None:
                if self._pending is not None:
                    self._pending.cancel()
                self._pending = loop.call_later(self.debounce, self._later)
                self.status.value = f"<i>{_esc(say('explore.busy', self.lang.value))}</i>"
                return
        self.update()

    def _later(self) -> None:
        self._pending = None
        self.update()

    # --- the one update -----------------------------------------------------------------
    def update(self) -> None:
        """Recompute and redraw from the widgets' values now (errors become the message)."""
        t0 = time.perf_counter()
        lang = self.lang.value
        self.timings = {}
        self.error = ""
        self._relabel(lang)
        try:
            self._update(lang)
        except Exception as exc:  # noqa: BLE001 - shown in the explorer, never a traceback
            self._fail(exc, lang)
        else:
            self.message.value = ""  # a map that cannot be drawn says so in the map's place
        self.timings["total"] = time.perf_counter() - t0
        self.status.value = _esc(say("explore.updated", lang, seconds=self.timings["total"]))

    def _lap(self, step: str, t: float) -> float:
        now = time.perf_counter()
        self.timings[step] = now - t
        return now

    def _update(self, lang: str) -> None:
        from ucjlib.open import open_dataset

        t = time.perf_counter()
        region = pick_region(self.region.value, lang)
        self._set_levels(region, lang)
        with self._hush():
            self.region.value = self._choice(region, lang)
        data = self.data_dir.value.strip()
        ds = self._datasets.get_or((region.kode, data),
                                   lambda: open_dataset(region, data or None))
        t = self._lap("open", t)
        level = self.level.value
        goal = round(float(self.target.value), 4) or None
        key = (region.kode, data, level, goal, lang)
        result = self._results.get_or(key, lambda: self._analyze(ds, level, goal, lang))
        t = self._lap("analyze", t)
        proj, pace_error = self._pace(ds, result, key)
        self.error = pace_error  # said in the headline's pace row
        t = self._lap("pace", t)
        self.result, self.projection, self._shown = result, proj, region
        self._headline(result, proj, pace_error, lang)
        self._draw_map(result, key, lang)
        t = self._lap("map", t)
        self._ranked = (key, result)
        if self.tabs.selected_index == 1:
            self._draw_ranking()
            self._lap("ranking", t)

    def _analyze(self, ds: Any, level: str, goal: float | None, lang: str) -> Any:
        from ucjlib.coverage import analyze_coverage

        return analyze_coverage(ds, level=level, target=goal, lang=lang)

    def _pace(self, ds: Any, result: Any, key: tuple) -> tuple[Any, str]:
        """Return the projection behind the pace (or None) and why there is none."""
        from ucjlib.projection import project

        deadline = self.deadline.value.strip() or None
        # only the pace is read (the central path): few bootstrap draws, one backtest horizon
        try:
            proj = self._paces.get_or((*key, deadline), lambda: project(
                ds, target=result.target, deadline=deadline, level="kabupaten",
                lang=result.lang, draws=50, backtest_horizons=(3,)))
        except UcjError as exc:  # e.g. a deadline not after the data: the rest still shows
            return None, str(exc)
        return proj, ""

    def _rank_png(self, result: Any) -> bytes:
        from ucjlib.render.charts import ranked_bars
        from ucjlib.render.webmap import still_png

        return still_png(ranked_bars(result), width=1000)

    def _draw_ranking(self) -> None:
        """Draw the ranking chart of the result shown, once."""
        if self._ranked is None:
            return
        key, result = self._ranked
        self._ranked = None
        self._ranking_png = self._ranks.get_or(key, lambda: self._rank_png(result))
        self.ranking.value = self._ranking_png

    def _tab(self, change: Any) -> None:
        if change["new"] == 1:
            try:
                self._draw_ranking()
            except Exception as exc:  # noqa: BLE001 - shown in the explorer
                self._fail(exc, self.lang.value)

    @property
    def ranking_png(self) -> bytes:
        """Return the ranking chart of the result shown, as PNG (drawn now if not yet)."""
        self._draw_ranking()
        return self._ranking_png

    # --- outputs ------------------------------------------------------------------------
    def _headline(self, result: Any, proj: Any, pace_error: str, lang: str) -> None:
        from ucjlib.render.style import demo_text

        f = result.figures()
        rows = [(say("explore.coverage", lang), say("explore.coverage_value", lang,
                                                    coverage=f["cakupan"])),
                (say("explore.target", lang), say("explore.target_value", lang,
                                                  target=f["target"]))]
        gap = f.get("gap_target")
        rows.append((say("explore.gap", lang),
                     say("explore.gap_value", lang, gap=gap) if gap else
                     say("explore.reached", lang)))
        figures = {k: f.get(k) for k in ("kode", "nama", "periode", "cakupan", "target",
                                         "gap_target", "peserta_aktif", "pekerja")}
        if proj is not None:
            pace = proj.pace
            figures.update(net_per_month=pace["net_per_month"], deadline=proj.deadline,
                           gross_per_month=pace["gross_per_month"])
            value = (say("explore.pace_value", lang, pace=pace["net_per_month"],
                         gross=pace["gross_per_month"], deadline=proj.deadline)
                     if pace["needed_total"] > 0 else
                     say("explore.reached_by", lang, deadline=proj.deadline))
            rows.append((say("explore.pace", lang), value))
        else:
            rows.append((say("explore.pace", lang), say("explore.no_pace", lang,
                                                       message=pace_error)))
        self.figures = figures
        self.target_note.value = _esc(
            say("explore.target_rules", lang, target=f["target"]) if not self.target.value
            else say("explore.target_hint", lang))
        label = demo_text(result.demo, lang)
        badge = (f'<span class="ucj-demo" style="background:#b35c00;color:#fff;'
                 f'font-weight:bold;padding:2px 8px;border-radius:4px;margin-left:8px">'
                 f"{_esc(label)}</span>" if label else "")
        from ucjlib.fmt import month_name

        title = f"{result.region.nama} — {month_name(result.periode, lang=lang)}"
        body = "".join(f'<tr><td style="padding:2px 16px 2px 0;color:#555;white-space:nowrap">'
                       f"{_esc(k)}</td>"
                       f'<td style="padding:2px 0;font-weight:bold">{_esc(v)}</td></tr>'
                       for k, v in rows)
        self.headline.value = (
            f'<div class="ucj-headline"><div style="font-size:1.35em;font-weight:bold">'
            f"{_esc(title)}{badge}</div><table>{body}</table>"
            f'<div style="color:#555;font-size:0.9em">{_esc(result.target.source)}</div></div>')

    def _draw_map(self, result: Any, key: tuple, lang: str) -> None:
        from ucjlib.render.webmap import webmap_html

        lvl = say(f"level.{result.level}", lang)
        self.map_title.value = f"<h3>{_esc(say('explore.map_heading', lang, level=lvl))}</h3>"
        self.ranking_title.value = (
            f"<h3>{_esc(say('explore.ranking_heading', lang, level=lvl))}</h3>")
        try:
            gdf = self._bounds.get_or((result.level, result.region.kode),
                                      lambda: self._load(result.level, result.region.kode))
            page = self._maps.get_or(key, lambda: webmap_html(result, gdf))
        except UcjError as exc:  # e.g. no desa polygons: the table and headline still show
            text = exc.text(lang) if hasattr(exc, "text") else str(exc)
            self.map_html = ""
            self.map.value = _box(say("explore.no_map", lang, message=text))
            self.error = text
            return
        self.map_html = page
        self.map.value = (f'<iframe title="{_esc(result.region.nama)}" srcdoc="{_esc(page)}" '
                          'style="width:100%;height:720px;border:1px solid #ddd;'
                          'box-sizing:border-box"></iframe>')

    @staticmethod
    def _load(level: str, kode: str) -> Any:
        from ucjlib.geo.boundaries import load_boundaries

        return load_boundaries(level, within=kode)

    def _fail(self, exc: Exception, lang: str) -> None:
        if isinstance(exc, UcjError):
            text = exc.text(lang) if hasattr(exc, "text") else str(exc)
        else:
            text = say("explore.failed", lang, kind=type(exc).__name__, message=str(exc))
        self.error = text
        self.message.value = _box(text)

    # --- controls -----------------------------------------------------------------------
    def _choice(self, region: Any, lang: str) -> str:
        if region.level == "provinsi":
            return f"{region.kode} {region.nama} ({say('level.provinsi', lang)})"
        return f"{region.kode} {region.nama}"

    def _set_levels(self, region: Any, lang: str) -> None:
        levels = ["kabupaten"] if region.level == "provinsi" else ["kecamatan", "desa"]
        options = [(say(f"level.{lv}", lang), lv) for lv in levels]
        if list(self.level.options) != options:
            keep = self.level.value if self.level.value in levels else levels[0]
            with self._hush():
                self.level.options = options
                self.level.value = keep

    def _relabel(self, lang: str) -> None:
        with self._hush():
            self.region.description = say("explore.region", lang)
            self.region.placeholder = say("explore.region_hint", lang)
            self.level.description = say("explore.level", lang)
            self.target.description = say("explore.target", lang)
            self.target.tooltip = say("explore.target_hint", lang)
            self.deadline.description = say("explore.deadline", lang)
            self.deadline.placeholder = say("explore.deadline_hint", lang)
            self.lang.description = say("explore.lang", lang)
            self.data_dir.description = say("explore.data_dir", lang)
            self.data_dir.placeholder = say("explore.data_hint", lang)
            self.tabs.titles = (say("explore.map_tab", lang), say("explore.ranking_tab", lang))
            choices = region_choices(lang)
            if tuple(self.region.options) != choices:
                self.region.options = choices
        for control in (self.region, self.level, self.target, self.deadline, self.lang,
                        self.data_dir):
            control.style.description_width = "initial"


def _box(text: str) -> str:
    return (f'<div class="ucj-message" style="border-left:4px solid #b42318;background:#fef3f2;'
            f'padding:6px 10px;margin:4px 0">{_esc(text)}</div>')


def explore(region: Any = "35.22", level: str | None = None, target: float = 0.0,
            deadline: str = "", lang: str = "id", data_dir: str = "",
            debounce: float = 0.3) -> Explorer:
    """Explore a kabupaten/kota or a province in JupyterLab: map, ranking and headline.

    The first view is drawn at once; each change of a control redraws (debounced by
    ``debounce`` seconds while a kernel runs).

    Parameters
    ----------
    region : str or Region, default "35.22"
        Kabupaten/kota or province: a code, a name, or a choice of the list.
    level : str, optional
        ``kecamatan`` (default) or ``desa`` for a kabupaten/kota; ``kabupaten`` for a
        province.
    target : float, default 0
        0-1 share; 0 is the region's own target from ``data/rules``.
    deadline : str, default ""
        ``YYYY-MM``; empty is the default deadline from ``data/rules``.
    lang : {"id", "en"}
    data_dir : str, default ""
        Folder of input files; empty is the demo ("data demo (sintetis)").
    debounce : float, default 0.3
        Seconds to wait for further changes before redrawing (in a kernel).

    Returns
    -------
    Explorer
        Shows itself in a notebook; its attributes are the widgets and what they show.

    Examples
    --------
    >>> ex = explore("Bojonegoro")  # doctest: +SKIP
    >>> ex.target.value = 0.7  # doctest: +SKIP
    """
    return Explorer(region, level, target, deadline, lang, data_dir, debounce)
