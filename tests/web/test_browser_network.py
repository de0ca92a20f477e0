"""The link chart in real Chromium, on the demo database (the bundled corpus, ~150
people and groups): the most central nodes' labels are readable and apart at the
default zoom, a node expands, a path is marked and the view zooms to it, and the chart
exports as PNG and SVG."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.web.conftest import serving

pytestmark = pytest.mark.browser

TOP = 20  # the nodes whose labels must be readable and apart at once
MIN_PX = 10


@pytest.fixture(scope="module")
def server(demo_db):
    """The workbench on the demo database (overrides the test corpus' server here)."""
    from redes.store import open_store

    store = open_store(demo_db)
    with serving(store) as url:
        yield url
    store.close()


def _open(page, path: str = "/network") -> None:
    page.goto(path)
    page.wait_for_selector("#graph[data-ready]", timeout=60_000)


# The top nodes by the chart's measure, with their labels' boxes on screen and rendered
# font sizes; and the chart's box.
TOP_LABELS = """(n) => {
  const cy = document.getElementById('graph')._cyreg.cy;
  const top = redesGraph.ranked(cy, document.getElementById('size-by').value).slice(0, n);
  return {
    width: cy.width(), height: cy.height(), zoom: cy.zoom(),
    nodes: top.map((node) => ({
      name: node.data('name'),
      px: parseFloat(node.renderedStyle('font-size')),
      box: node.renderedBoundingBox({ includeLabels: true, includeOverlays: false }),
    })),
  };
}"""


def _overlapping(nodes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            p, q = a["box"], b["box"]
            if p["x1"] < q["x2"] and q["x1"] < p["x2"] and p["y1"] < q["y2"] and q["y1"] < p["y2"]:
                pairs.append((a["name"], b["name"]))
    return pairs


def test_the_most_central_labels_are_readable_and_apart(page):
    _open(page)
    assert int(page.get_attribute("#graph", "data-nodes")) >= 100
    found = page.evaluate(TOP_LABELS, TOP)
    assert len(found["nodes"]) == TOP
    small = [(n["name"], n["px"]) for n in found["nodes"] if n["px"] < MIN_PX]
    assert small == []
    assert _overlapping(found["nodes"]) == []
    # Less central nodes are not labelled at this zoom (min-zoomed-font-size).
    hidden = page.evaluate(
        "() => { const cy = document.getElementById('graph')._cyreg.cy;"
        " return cy.nodes().filter((n) => parseFloat(n.renderedStyle('font-size')) < 10).length; }"
    )
    assert hidden > 0
    # The legend names the entity types drawn; colouring by community names groups.
    assert page.locator("#legend li[data-type=person]").count() == 1
    assert page.locator("#legend li[data-type=criminal_group]").count() == 1
    assert page.locator("#legend li[data-type=state_body]").count() == 0  # the criminal network
    page.select_option("#colour-by", "community")
    assert page.locator("#legend li").first.inner_text().startswith("Group 1 · ")
    ROOT.joinpath("test-artefacts").mkdir(exist_ok=True)
    page.locator(".network-layout").screenshot(path=str(ROOT / "test-artefacts" / "network.png"))
    assert page.watch.problems() == []


def test_sizing_by_another_measure_keeps_the_top_labels_apart(page):
    _open(page, "/network?size=betweenness")
    found = page.evaluate(TOP_LABELS, TOP)
    assert all(n["px"] >= MIN_PX for n in found["nodes"])
    assert _overlapping(found["nodes"]) == []
    assert page.inner_text("#legend-size") == "betweenness"


def test_state_bodies_and_officials_are_one_switch_away(page):
    _open(page)
    criminal = int(page.get_attribute("#graph", "data-nodes"))
    page.check("#state-toggle")
    page.wait_for_url("**/network?*state=true*")
    page.wait_for_selector("#graph[data-ready]", timeout=60_000)
    assert int(page.get_attribute("#graph", "data-nodes")) > criminal
    assert page.locator("#legend li[data-type=state_body]").count() == 1
    assert page.is_checked("#state-toggle")
    page.wait_for_selector("#state-crime[data-ties]")
    assert page.watch.problems() == []


def test_expand_search_hide_and_pin(page):
    _open(page)
    before = int(page.get_attribute("#graph", "data-nodes"))
    page.fill("#find-form input[name=q]", "Cártel de Jalisco Nueva Generación")
    page.click("#find-form button")
    page.wait_for_selector("#node-info button.expand")
    selected = page.evaluate(
        "() => document.getElementById('graph')._cyreg.cy.$('node:selected').map((n) => n.data('name'))"
    )
    assert selected == ["Cártel de Jalisco Nueva Generación"]
    centred = page.evaluate(
        "() => { const cy = document.getElementById('graph')._cyreg.cy; const p = cy.$('node:selected').renderedPosition();"
        " return Math.abs(p.x - cy.width() / 2) < 2 && Math.abs(p.y - cy.height() / 2) < 2; }"
    )
    assert centred

    page.fill("#find-form input[name=q]", "Ismael Zambada García")
    page.click("#find-form button")
    page.wait_for_selector("#node-info button.expand")
    page.click("#node-info button.expand")
    page.wait_for_selector("#graph[data-expanded]")
    added = int(page.get_attribute("#graph", "data-expanded"))
    assert 0 < added <= 25
    assert int(page.get_attribute("#graph", "data-nodes")) == before + added

    page.click("#node-info button.pin")
    assert page.evaluate(
        "() => document.getElementById('graph')._cyreg.cy.$('node.pinned').every((n) => n.locked())"
    )
    page.click("#node-info button.hide")
    assert page.is_enabled("#show-hidden")
    gone = page.evaluate(
        "() => document.getElementById('graph')._cyreg.cy.nodes().filter((n) => n.data('name') === 'Ismael Zambada García').length"
    )
    assert gone == 0
    page.click("#show-hidden")
    assert page.is_disabled("#show-hidden")
    assert page.watch.problems() == []


def test_a_found_path_is_marked_and_the_view_zooms_to_it(page):
    _open(page)
    view = "() => { const cy = document.getElementById('graph')._cyreg.cy; return {zoom: cy.zoom(), extent: cy.extent()}; }"
    before = page.evaluate(view)
    page.fill("#path-form input[name=a]", "Ovidio Guzmán López")
    page.fill("#path-form input[name=b]", "Cártel de Jalisco Nueva Generación")
    page.click("#path-form button[type=submit]")
    page.wait_for_selector("#graph[data-path]")
    after = page.evaluate(view)
    assert after["zoom"] != before["zoom"]
    assert after["extent"]["w"] < before["extent"]["w"]
    marked = page.evaluate(
        "() => { const cy = document.getElementById('graph')._cyreg.cy; const s = cy.$(':selected');"
        " return {nodes: s.nodes().length, edges: s.edges().length, path: cy.$('.path').length,"
        " inView: s.nodes().every((n) => { const p = n.renderedPosition(); return p.x >= 0 && p.y >= 0 && p.x <= cy.width() && p.y <= cy.height(); })}; }"
    )
    hops = page.locator("#paths .path").first.locator("ol > li").count()
    assert marked["edges"] == hops and marked["nodes"] == hops + 1
    assert marked["path"] == marked["nodes"] + marked["edges"] and marked["inView"]
    # The evidence is beside the chart, with links to the documents.
    assert page.locator("aside #paths .path").first.locator("blockquote a.cite").count() >= hops
    assert page.watch.problems() == []


def test_the_chart_exports_as_png_and_svg(page):
    _open(page)
    with page.expect_download() as png:
        page.click("#export-png")
    data = open(png.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.value.suggested_filename.endswith(".png")
    with page.expect_download() as svg:
        page.click("#export-svg")
    text = open(svg.value.path(), encoding="utf-8").read()
    assert "<svg" in text[:500] and "Sinaloa Cartel" in text
    # Well-formed XML with one circle per node shown and one line per edge shown.
    import xml.etree.ElementTree as ET

    drawing = ET.fromstring(text.encode("utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    shown = page.evaluate(
        "() => { const cy = document.getElementById('graph')._cyreg.cy;"
        " return [cy.nodes(':visible').length, cy.edges(':visible').length]; }"
    )
    assert [len(drawing.findall(f"{ns}circle")), len(drawing.findall(f"{ns}line"))] == shown
    assert page.watch.problems() == []


def test_a_saved_investigation_opens_the_chart_on_its_entities(page):
    page.goto("/network?focus=los-zetas,gulf-cartel")
    page.wait_for_selector("#graph[data-ready]", timeout=60_000)
    selected = page.evaluate(
        "() => document.getElementById('graph')._cyreg.cy.$('node:selected').map((n) => n.data('slug')).sort()"
    )
    assert selected == ["gulf-cartel", "los-zetas"]
    assert page.watch.problems() == []
