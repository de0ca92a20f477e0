"""The dossier's timeline chart and the as-of year on the demo corpus: its layout, the
API's ``as_of``, the page's SVG (escaped), and the chart drawn in Chromium."""

from __future__ import annotations

from datetime import date

import pytest

from redes.web.timeline_chart import layout
from tests.web.conftest import make_client, screenshot, serving

MENCHO = "nemesio-oseguera-cervantes"


def _span(start, end, precision=None, basis=None, **kw):
    return {
        "predicate": "leads",
        "direction": "out",
        "other": {"id": "g", "name": "<b>G</b>", "type": "criminal_group"},
        "value": None,
        "detail": None,
        "details": [],
        "years": [],
        "start": start,
        "end": end,
        "end_precision": precision,
        "end_basis": basis,
        "span": kw.get("span", "x"),
        "citations": [1],
    }


def test_layout_draws_bars_over_the_years_and_points():
    d = {
        "as_of": None,
        "spans": [
            _span("2014", "2019", "year", "text"),
            _span("2020", None),  # open: runs to the present
            _span(None, "2026-02-22", "day", "death"),
            _span(None, None, "unknown", "text"),  # "former" without a date: not drawn
        ],
        "timeline": [{**_span(None, None), "when": "2016-05", "predicate": "action_against"}],
    }
    chart = layout(d, today=date(2026, 6, 1))
    bars = [r for r in chart["rows"] if r["kind"] == "bar"]
    (point,) = [r for r in chart["rows"] if r["kind"] == "point"]
    assert len(bars) == 3
    assert bars[0]["x1"] < bars[0]["x2"] <= bars[1]["x1"] and bars[1]["open_end"]
    assert bars[2]["open_start"] and bars[2]["death"]
    assert bars[0]["x1"] < point["x"] < bars[0]["x2"]
    assert [t["year"] for t in chart["ticks"]][0] == 2014 and chart["now"]["year"] == 2026
    assert layout({"as_of": None, "spans": [], "timeline": []}) is None


@pytest.fixture(scope="module")
def client(demo_store):
    return make_client(demo_store)


def test_api_dossier_as_of(client):
    later = client.get(f"/api/entities/{MENCHO}", params={"as_of": 2027}).json()
    assert later["as_of"] == 2027 and "leads" not in later["relations"]
    (past,) = [g for g in later["past"]["leads"] if g["other"]["id"] == "cjng"]
    assert past["current"] is False and past["span"].endswith("(death)")
    earlier = client.get(f"/api/entities/{MENCHO}", params={"as_of": 2020}).json()
    assert any(g["other"]["id"] == "cjng" and g["current"] for g in earlier["relations"]["leads"])
    assert client.get(f"/api/entities/{MENCHO}", params={"as_of": 20}).status_code == 422


def test_page_shows_spans_past_relations_and_the_chart(client):
    html = client.get(f"/entity/{MENCHO}").text
    assert 'id="past"' in html and "until 2026 (death)" in html
    assert 'svg class="timeline-chart"' in html and 'class="span-bar open-start death"' in html
    assert "<b>" not in html.split('<section id="timeline">')[1].split("</section>")[0]
    then = client.get(f"/entity/{MENCHO}", params={"as_of": 2020}).text
    assert 'id="past"' not in then and 'value="2020"' in then


@pytest.fixture(scope="module")
def demo_server(demo_store):
    with serving(demo_store) as url:
        yield url


@pytest.mark.browser
def test_timeline_chart_renders_in_chromium(browser, demo_server):
    context = browser.new_context(base_url=demo_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        page.goto(f"/entity/{MENCHO}")
        chart = page.locator("#timeline svg.timeline-chart")
        chart.wait_for(timeout=30_000)
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 40
        bar = page.locator("rect.span-bar").first.bounding_box()
        assert bar and bar["width"] > 5
        assert page.locator("circle.event").count() >= 1
        labels = page.locator("#timeline svg text").all_text_contents()
        assert any(t.startswith("leads Cártel de Jalisco") for t in labels)
        assert not any(MENCHO in t for t in labels)  # plain words, no ids
        chart.scroll_into_view_if_needed()
        screenshot(page, "timeline-chart")
        # The as-of form: in 2020 his leadership holds, nothing is past.
        page.fill("form.as-of input[name=as_of]", "2020")
        page.click("form.as-of button")
        page.wait_for_url("**as_of=2020")
        assert page.locator("#past").count() == 0
        assert page.locator("#relations li.claim:has(> a.ent[href='/entity/cjng'])").count() >= 1
        assert errors == []
    finally:
        context.close()
