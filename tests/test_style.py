"""The package look is a context: drawing a chart never changes the user's matplotlib settings.

Every chart function draws inside :func:`ucjlib.render.style.ucj_style`; a researcher's own
``rcParams`` are the same after drawing every kind of chart as before, and the charts look
the same whatever the researcher set.
"""

from __future__ import annotations

import matplotlib
import pytest
from conftest import toy_boundaries

from ucjlib.budget import estimate_budget
from ucjlib.coverage import analyze_coverage
from ucjlib.projection import project
from ucjlib.render import style
from ucjlib.render.budget import budget_figures
from ucjlib.render.charts import ranked_bars, segment_chart, series_chart
from ucjlib.render.maps import coverage_map
from ucjlib.render.projection import fan_chart, scenario_chart
from ucjlib.report.summary import summary_figure

#: A researcher's own settings, each different from the package style and the defaults.
USER = {
    "font.size": 7.0,
    "font.sans-serif": ["Liberation Sans"],
    "axes.titlesize": 9.0,
    "axes.titleweight": "normal",
    "axes.titlelocation": "center",
    "axes.spines.top": True,
    "axes.spines.right": True,
    "axes.edgecolor": "#123456",
    "text.color": "#aa0000",
    "axes.labelcolor": "#00aa00",
    "xtick.labelsize": 5.0,
    "legend.fontsize": 6.0,
    "savefig.dpi": 42.0,
    "svg.hashsalt": "mine",
    "svg.fonttype": "path",
    "hatch.linewidth": 2.5,
    "hatch.color": "#00ff00",
}


@pytest.fixture(scope="module")
def results():
    from conftest import toy_frames

    from ucjlib.dataset import Dataset

    cov, wf = toy_frames()
    ds = Dataset("35.76", cov, wf)
    coverage = analyze_coverage(ds, level="kecamatan", target=0.6)
    projection = project(ds, draws=20, seed=1, backtest_horizons=(3,))
    budget = estimate_budget(10_000, start="2025-02", years=2, membership_since="2025-02",
                             draws=50, seed=1)
    return coverage, projection, budget


def _every_chart(results) -> dict:
    coverage, projection, budget = results
    figs = {
        "ranked_bars": ranked_bars(coverage),
        "segment_chart": segment_chart(coverage),
        "series_chart": series_chart(coverage),
        "coverage_map": coverage_map(coverage, toy_boundaries("kecamatan")),
        "fan_chart": fan_chart(projection),
        "scenario_chart": scenario_chart(projection),
        "summary_figure": summary_figure({"coverage": coverage, "projection": projection,
                                          "budget": budget}),
    }
    figs.update({f"budget:{k}": f for k, f in budget_figures(budget).items()})
    return figs


def test_drawing_every_chart_leaves_the_users_settings_alone(results, tmp_path):
    with matplotlib.rc_context(USER):
        before = dict(matplotlib.rcParams)
        figs = _every_chart(results)
        assert len(figs) >= 10
        for name, fig in figs.items():
            style.save_figure(fig, tmp_path / name.replace(":", "-"))
            fig.savefig(tmp_path / f"{name.replace(':', '-')}-own.png")  # as a user would
            assert dict(matplotlib.rcParams) == before, name
        fig, ax = style.new_figure()
        assert dict(matplotlib.rcParams) == before


def test_the_charts_look_the_same_whatever_the_user_set(results, tmp_path):
    coverage = results[0]
    plain = style.save_figure(ranked_bars(coverage), tmp_path / "plain", ("svg",))[0]
    with matplotlib.rc_context(USER):
        fig = ranked_bars(coverage)
        mine = style.save_figure(fig, tmp_path / "mine", ("svg",))[0]
        ax = fig.axes[0]
        assert ax.title.get_fontsize() == style.STYLE["axes.titlesize"] or \
            not ax.get_title()
        assert not ax.spines["top"].get_visible()
    assert plain.read_bytes() == mine.read_bytes()


def test_ucj_style_is_the_package_look_inside_and_nothing_outside():
    with matplotlib.rc_context(USER):
        with style.ucj_style():
            assert matplotlib.rcParams["svg.hashsalt"] == "ucjlib"
            assert matplotlib.rcParams["font.size"] == style.STYLE["font.size"]
        assert matplotlib.rcParams["svg.hashsalt"] == "mine"
        assert matplotlib.rcParams["font.size"] == USER["font.size"]


def test_demo_label_is_the_datasets_label():
    """The catalogue's demo label is the label the demo files carry (ucjlib.dataset)."""
    from ucjlib.dataset import DEMO_LABEL, DEMO_LABEL_EN
    from ucjlib.render.style import demo_text

    assert (demo_text(True, "id"), demo_text(True, "en")) == (DEMO_LABEL, DEMO_LABEL_EN)
    assert demo_text(False, "en") == ""
