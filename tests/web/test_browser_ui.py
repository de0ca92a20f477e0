"""The smaller UI items in real Chromium: the disruption chart's scales and legend, one
continuous evidence highlight, and pages usable on a 375 px phone."""

from __future__ import annotations

import pytest

from tests.web.conftest import screenshot

pytestmark = pytest.mark.browser

MENCHO = "nemesio-oseguera-cervantes"


def test_the_disruption_chart_fills_its_height_with_swatches_and_ticks(page):
    page.goto("/network")
    page.click("#disrupt-form button")
    page.wait_for_selector("#disrupt-out[data-runs='4'] svg polyline")
    chart = page.evaluate(
        """() => {
          const svg = document.querySelector('#disrupt-out svg');
          const grid = [...svg.querySelectorAll('line.grid')].map((l) => Number(l.getAttribute('y1')));
          const ys = [...svg.querySelectorAll('polyline')].flatMap((p) =>
            p.getAttribute('points').trim().split(/\\s+/).map((xy) => Number(xy.split(',')[1])));
          return {
            top: Math.min(...grid), bottom: Math.max(...grid), highest: Math.min(...ys),
            swatches: [...svg.querySelectorAll('rect.swatch')].map((r) => r.getAttribute('fill')),
            lines: [...svg.querySelectorAll('polyline')].map((p) => p.getAttribute('stroke')),
            xticks: [...svg.querySelectorAll('text.x-tick')].map((t) => t.textContent),
          };
        }"""
    )
    # The highest curve reaches the top tenth of the plot (it sat in the bottom fifth).
    assert chart["highest"] <= chart["top"] + 0.1 * (chart["bottom"] - chart["top"])
    assert chart["swatches"] == chart["lines"] and len(chart["swatches"]) == 4
    assert chart["xticks"][0] == "0" and len(chart["xticks"]) >= 3
    screenshot(page, "network-disruption-scales")


def test_an_evidence_highlight_with_mention_links_is_one_mark(page):
    page.goto("/document/1")
    link = page.locator("#text a.m").first
    box = page.evaluate(
        """() => {
          const text = document.getElementById('text');
          const a = text.querySelector('a.m');
          const before = document.createRange();
          before.setStart(text, 0);
          before.setEndBefore(a);
          const start = before.toString().length;
          return [Math.max(0, start - 10), start + a.textContent.length + 10];
        }"""
    )
    assert link.is_visible()
    page.goto(f"/document/1?hl={box[0]}-{box[1]}")
    assert page.locator("mark.ev").count() == 1
    assert page.locator("mark#hl a.m").count() >= 1


PHONE_PAGES = {
    "home": "/",
    "dossier": f"/entity/{MENCHO}",
    "search": "/search?q=Mencho",
    "documents": "/documents",
}


@pytest.mark.parametrize("name", list(PHONE_PAGES))
def test_no_horizontal_scroll_on_a_phone(browser, server, name):
    context = browser.new_context(
        base_url=server, viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(PHONE_PAGES[name])
        page.wait_for_load_state("networkidle")
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] == 375
        # The search box and the navigation stay on the screen.
        box = page.locator("header .quick input").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        screenshot(page, f"phone-{name}")
    finally:
        context.close()


def test_switching_the_language_from_the_navigation_bar(page):
    page.goto(f"/entity/{MENCHO}")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("#aliases h2").inner_text() == "Aliases"
    page.click("header nav.lang a[hreflang='es']")
    page.wait_for_url(f"**/entity/{MENCHO}")
    assert page.get_attribute("html", "lang") == "es"
    assert page.locator("#aliases h2").inner_text() == "Alias"
    assert page.locator("header nav a[href='/search']").inner_text() == "Buscar"
    # The choice is kept: the next page is in Spanish too, and the scripts speak it.
    page.goto("/network")
    page.click("#disrupt-form button")
    page.wait_for_selector("#disrupt-out[data-runs='4'] svg polyline")
    assert page.locator("#disrupt-out th").first.inner_text() == "estrategia"
    assert "nodos retirados" in page.locator("#disrupt-out svg").text_content()
    page.click("header nav.lang a[hreflang='en']")
    page.wait_for_url("**/network")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("header nav a[href='/search']").inner_text() == "Search"
