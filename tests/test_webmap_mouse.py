"""The offline web map answers a real mouse (issue 20): hover shows the tooltip, once.

The map used to raise the hovered unit by moving its ``<path>`` to the end of its group;
moving the element under the pointer cancels the hover, so the tooltip never appeared and
``mouseenter`` fired hundreds of times. The highlight is now a non-interactive outline
drawn over the unit. Driven by Selenium with Debian's ``chromium`` and ``chromium-driver``
(browser downloads are not possible here), headless, from a ``file://`` page (offline).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import headless_chromium, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def browser():
    driver = headless_chromium()
    yield driver
    driver.quit()


@pytest.mark.parametrize("kode,level", [("51.71", "kecamatan"), ("35.22", "desa")])
def test_hovering_a_unit_shows_its_tooltip(browser, tmp_path, kode, level):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    from ucjlib.coverage import analyze_coverage
    from ucjlib.demo.generate import demo_dataset
    from ucjlib.render.webmap import write_webmap

    result = analyze_coverage(demo_dataset(kode), level=level)
    page = write_webmap(result, tmp_path / "peta.html")
    browser.get(Path(page).resolve().as_uri())
    browser.execute_script(
        "window.__enter = 0; document.querySelectorAll('#units path').forEach("
        "function (p) { p.addEventListener('mouseenter', function () { window.__enter++; }); });")
    names = dict(zip(result.table["kode"], result.table["nama"], strict=True))
    paths = browser.find_elements(By.CSS_SELECTOR, "#units path[data-i]")[:4]
    assert paths
    for path in paths:
        ActionChains(browser).move_to_element(path).pause(0.2).move_by_offset(1, 1) \
            .pause(0.2).perform()
        tip = browser.find_element(By.ID, "tip")
        assert tip.is_displayed()
        first = tip.text.strip().splitlines()[0]
        kode_shown = first.split()[-1]
        assert kode_shown in names and first.startswith(names[kode_shown])
        assert "%" in tip.text  # the unit's coverage is in it
    # one mouseenter per unit entered, not a loop of them
    assert browser.execute_script("return window.__enter") <= 2 * len(paths)


def test_the_map_inside_report_html_answers_the_mouse(browser, tmp_path):
    """The web map as a reader meets it: in the report's page, in its frame, offline."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import run_report
    from ucjlib.report.view import load

    run = run_report("35.22", out_root=tmp_path, progress=QuietProgress(), pdf=False)
    table = load(run).coverage.table
    names = dict(zip(table["kode"], table["nama"], strict=True))
    browser.get((run / "report.html").resolve().as_uri())
    frames = browser.find_elements(By.TAG_NAME, "iframe")
    assert len(frames) == 1
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", frames[0])
    browser.switch_to.frame(frames[0])
    try:
        paths = browser.find_elements(By.CSS_SELECTOR, "#units path[data-i]")
        assert len(paths) == len(names)  # every kecamatan is on the map
        # ten units from the left edge to the right one: the tooltip stays whole on the map
        by_x = sorted(paths, key=lambda p: p.rect["x"] + p.rect["width"] / 2)
        for path in by_x[::max(1, len(by_x) // 10)]:
            ActionChains(browser).move_to_element(path).pause(0.05).move_by_offset(1, 1) \
                .pause(0.05).perform()
            tip = browser.find_element(By.ID, "tip")
            assert tip.is_displayed()
            first = tip.text.strip().splitlines()[0]
            kode_shown = first.split()[-1]
            assert kode_shown in names and first.startswith(names[kode_shown])
            inside = browser.execute_script(
                "var t=document.getElementById('tip').getBoundingClientRect(),"
                "m=document.getElementById('tip').parentElement.getBoundingClientRect();"
                "return t.left>=m.left-0.5&&t.right<=m.right+0.5&&t.top>=m.top-0.5&&"
                "t.bottom<=m.bottom+0.5&&t.right<=window.innerWidth+0.5&&t.left>=-0.5;")
            assert inside, f"the tooltip of {kode_shown} runs off the map"
    finally:
        browser.switch_to.default_content()
