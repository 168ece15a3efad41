"""The explorer's map and the untrusted-notebook map in a real browser (issue 20).

Driven by Selenium with Debian's ``chromium`` and ``chromium-driver``, headless, from
``file://`` pages (offline), with real mouse moves (ActionChains) as in
tests/test_webmap_mouse.py.

* The map the explorer shows after a change of region answers the mouse: the tooltip names
  the unit under the pointer, a unit of the new region.
* An executed notebook's map output (``01-coverage``, run with papermill as ``ucj report``
  runs it) carries a still PNG as a data URI and the hint; as JupyterLab shows it while the
  notebook is untrusted (scripts and frames stripped, no JavaScript) the image and the hint
  show; where scripts run (a trusted notebook, report.html) the frame shows and the script
  hides the image and the hint.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import headless_chromium, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]
HINT = "Peta interaktif muncul setelah notebook dipercaya (JupyterLab: Ctrl+Shift+C → Trust"


@pytest.fixture(scope="module")
def browser():
    driver = headless_chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def browser_no_js():
    driver = headless_chromium(javascript=False)
    yield driver
    driver.quit()


def test_explorer_map_tooltip_names_the_unit_under_the_pointer(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    import ucjlib as ucj

    ex = ucj.explore("35.22", debounce=0)
    ex.region.value = "32.71"  # the map the explorer shows now: Kota Bogor
    assert ex.error == ""
    page = tmp_path / "peta.html"
    page.write_text(ex.map_html, encoding="utf-8")
    browser.get(page.resolve().as_uri())
    names = dict(zip(ex.result.table["kode"], ex.result.table["nama"], strict=True))
    paths = browser.find_elements(By.CSS_SELECTOR, "#units path[data-i]")
    assert len(paths) == len(names)
    for path in paths[:4]:
        ActionChains(browser).move_to_element(path).pause(0.2).move_by_offset(1, 1) \
            .pause(0.2).perform()
        tip = browser.find_element(By.ID, "tip")
        assert tip.is_displayed()
        first = tip.text.strip().splitlines()[0]
        kode = first.split()[-1]
        assert kode.startswith("32.71.") and first.startswith(names[kode])
        # the unit under the pointer is the one named
        hovered = browser.execute_script(
            "var r=arguments[0].getBoundingClientRect();"
            "var e=document.elementFromPoint(r.left+r.width/2+1,r.top+r.height/2+1);"
            "return e&&e.getAttribute('data-i');", path)
        if hovered is not None:
            assert hovered == path.get_attribute("data-i")
        assert "%" in tip.text


@pytest.fixture(scope="module")
def executed_map_output(tmp_path_factory):
    """The HTML output of the map cell of 01-coverage executed with papermill."""
    from ucjlib.report.notebooks import execute

    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("nb") / "01-coverage.ipynb"
    execute(root / "notebooks" / "01-coverage.ipynb", out, {"kabupaten": "32.71"}, out.parent)
    nb = json.loads(out.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "interactive_map" in "".join(cell["source"]):
            for o in cell.get("outputs", []):
                text = o.get("data", {}).get("text/html")
                if text:
                    return text if isinstance(text, str) else "".join(text)
    raise AssertionError("no map output in the executed notebook")


def _untrusted(html: str) -> str:
    """The output as JupyterLab shows it untrusted: scripts, styles and frames stripped."""
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S | re.I)
    html = re.sub(r"<style\b.*?</style>", "", html, flags=re.S | re.I)
    return re.sub(r"<iframe\b[^>]*>.*?</iframe>", "", html, flags=re.S | re.I)


def _page(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}'
                    "</body></html>", encoding="utf-8")
    return path.resolve().as_uri()


def test_executed_notebook_map_has_a_still_image_and_a_hint(executed_map_output):
    from ucjlib.report.html import offline_problems

    html = executed_map_output
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', html)
    assert HINT in html
    assert "<iframe" in html and "srcdoc=" in html  # the interactive map, once trusted
    assert offline_problems(html) == []


def test_hint_shows_without_javascript_and_hides_with_it(executed_map_output, browser,
                                                         browser_no_js, tmp_path):
    from selenium.webdriver.common.by import By

    # untrusted notebook: sanitized, no script runs
    browser_no_js.get(_page(tmp_path, "untrusted.html", _untrusted(executed_map_output)))
    hint = browser_no_js.find_element(By.CLASS_NAME, "ucj-map-hint")
    assert hint.is_displayed() and HINT in hint.text
    img = browser_no_js.find_element(By.CSS_SELECTOR, ".ucj-map-still img")
    assert img.is_displayed()
    assert int(img.get_attribute("naturalWidth") or 0) > 0  # the data URI decodes

    # the output as it is, JavaScript disabled: the hint still shows
    browser_no_js.get(_page(tmp_path, "nojs.html", executed_map_output))
    assert browser_no_js.find_element(By.CLASS_NAME, "ucj-map-hint").is_displayed()

    # trusted (scripts run): the frame shows, the still image and the hint are hidden
    browser.get(_page(tmp_path, "trusted.html", executed_map_output))
    assert not browser.find_element(By.CLASS_NAME, "ucj-map-hint").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".ucj-map-still img").is_displayed()
    assert browser.find_element(By.TAG_NAME, "iframe").is_displayed()
