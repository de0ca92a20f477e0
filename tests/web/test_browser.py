"""The workbench in real Chromium: every page loads cleanly, an analyst can go from a
search to a dossier to the evidence in its document, the territory slider redraws the
map, review decisions persist, and hostile text never runs."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import screenshot
from tests.web.corpus import XSS_IMG, XSS_SCRIPT

pytestmark = pytest.mark.browser

MENCHO = "nemesio-oseguera-cervantes"

# name -> (path, selector that shows the page's scripts have finished)
PAGES = {
    "home": ("/", "section.stats"),
    "search": ("/search?q=Mencho", "ol.hits li"),
    "dossier": (f"/entity/{MENCHO}", "#ego[data-nodes]"),
    "dossier-group": ("/entity/cjng", "#places-map[data-markers]"),
    "document": ("/document/1", "#text a.m"),
    "documents": ("/documents", "table.list tbody tr"),
    "network": ("/network", "#graph[data-nodes]"),
    "territory": ("/territory?group=CJNG&from=2009&to=2023", "#muni-map[data-ready]"),
    "contradictions": ("/contradictions", "li.contradiction"),
    "review": ("/review", "tr[data-claim]"),
    "data": ("/data", "#upload-form"),
}


def _clean(page) -> None:
    assert page.watch.problems() == []


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_without_errors(page, name):
    path, ready = PAGES[name]
    response = page.goto(path)
    assert response.status == 200
    page.wait_for_selector(ready, timeout=30_000)
    if name == "territory":
        page.wait_for_selector("#presence-map[data-ready]", timeout=30_000)
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    _clean(page)


def test_search_to_dossier_to_highlighted_evidence(page):
    page.goto("/")
    page.fill("header .quick input[name=q]", "Mencho")
    page.press("header .quick input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Mencho"))
    page.click(f"ul.entity-results a[href='/entity/{MENCHO}']")
    page.wait_for_url(f"**/entity/{MENCHO}")
    assert "Oseguera Cervantes" in page.inner_text("h1")

    leads = page.locator("#relations li.claim:has(> a.ent[href='/entity/cjng'])")
    leads.locator("details.evidence summary").click()
    cite = leads.locator("details.evidence a.cite").first
    quote = leads.locator("details.evidence blockquote").first.inner_text()
    assert cite.is_visible()
    cite.click()
    page.wait_for_url(re.compile(r"/document/\d+\?hl=\d+-\d+#hl$"))
    mark = page.locator("mark#hl")
    assert mark.is_visible()
    # The highlighted sentence is the quote, and the browser has scrolled to it.
    highlighted = "".join(page.locator("mark.ev").all_inner_texts())
    assert " ".join(quote.split()) in " ".join(highlighted.split())
    assert page.evaluate(
        "() => { const r = document.getElementById('hl').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
    screenshot(page, "evidence")
    # ...and on to the map: the group's dossier maps the places it operates in.
    page.click("#text a.m[href='/entity/cjng']")
    page.wait_for_selector("#places-map[data-markers]")
    assert int(page.get_attribute("#places-map", "data-markers")) == 3  # Jalisco, Michoacán, Guanajuato
    page.click("header a.territory-link")
    page.wait_for_selector("#presence-map[data-ready]", timeout=30_000)
    assert "14" in page.get_attribute("#presence-map", "data-states").split(",")  # Jalisco
    _clean(page)


def test_territory_year_slider_redraws_the_map(page):
    page.goto("/territory?group=CJNG&from=2009&to=2023")
    page.wait_for_selector("#presence-map[data-ready]", timeout=30_000)
    assert page.get_attribute("#presence-map", "data-year") == "2023"
    late = set(page.get_attribute("#presence-map", "data-states").split(","))

    page.locator("#year").fill("2010")
    page.wait_for_selector("#presence-map[data-year='2010']")
    assert page.inner_text("#year-label") == "2010"
    early = set(page.get_attribute("#presence-map", "data-states").split(",")) - {""}
    assert f"{len(early)} states with evidence" in page.inner_text("#presence-count")
    # The CJNG was in far fewer states in 2010 than in 2023 (UCDP GED 24.1), and
    # Jalisco (14) is among them in both years.
    assert len(early) < len(late)
    assert "14" in early and "14" in late
    screenshot(page, "territory-2010")
    _clean(page)


def test_network_path_finder_shows_evidence_for_every_hop(page):
    page.goto("/network")
    page.wait_for_selector("#graph[data-nodes]")
    assert int(page.get_attribute("#graph", "data-nodes")) >= 5
    page.wait_for_selector("#brokers tbody tr td a")
    page.fill("#path-form input[name=a]", "Juan Carlos Valencia González")
    page.fill("#path-form input[name=b]", "CJNG")
    page.click("#path-form button")
    page.wait_for_selector("#paths .path")
    first = page.locator("#paths .path").first
    hops = first.locator("ol > li")
    assert hops.count() == 2  # stepson of El Mencho, who leads the CJNG
    for i in range(hops.count()):
        assert hops.nth(i).locator("blockquote a.cite").count() >= 1
    first.locator("blockquote a.cite").first.click()
    page.wait_for_selector("mark#hl")
    _clean(page)


def test_network_filters_by_type_corroboration_and_community(page):
    page.goto("/network")
    page.wait_for_selector("#graph[data-nodes]")
    everyone = int(page.get_attribute("#graph", "data-nodes"))

    page.uncheck("#graph-filters input[name=types][value=person]")
    page.click("#graph-filters button[type=submit]")
    page.wait_for_url("**/network?*types=*")
    page.wait_for_selector("#graph[data-nodes]")
    groups = int(page.get_attribute("#graph", "data-nodes"))
    assert 0 < groups < everyone
    assert page.is_checked("#graph-filters input[name=types][value=criminal_group]")
    assert not page.is_checked("#graph-filters input[name=types][value=person]")

    page.goto("/network?min_corroboration=2")
    page.wait_for_selector("#graph[data-nodes='2']")  # El Mencho leads the CJNG: two sources

    page.goto("/network")
    page.wait_for_selector("#community option[value='1']", state="attached")
    page.select_option("#community", "1")
    page.click("#graph-filters button[type=submit]")
    page.wait_for_url("**community=1*")
    page.wait_for_selector("#graph[data-nodes]")
    assert 0 < int(page.get_attribute("#graph", "data-nodes")) < everyone
    _clean(page)


def test_network_centrality_and_disruption(page):
    page.goto("/network")
    page.wait_for_selector("#centrality tbody tr")
    page.select_option("#centrality-form select", "betweenness")
    page.wait_for_function(
        "() => { const rows = [...document.querySelectorAll('#centrality tbody tr td:nth-child(4)')];"
        " return rows.length > 1 && Number(rows[0].textContent) >= Number(rows[1].textContent); }"
    )
    page.click("#disrupt-form button")
    page.wait_for_selector("#disrupt-out[data-runs='4'] svg polyline")
    assert page.locator("#disrupt-out svg polyline").count() == 4
    assert page.locator("#disrupt-out tbody tr").count() == 4
    screenshot(page, "network-disruption")
    _clean(page)


def test_territory_tables(page):
    page.goto("/territory?group=CJNG&from=2011&to=2019")
    first = page.locator("#opponents tbody tr").first.locator("td").first.inner_text()
    assert first == "Sinaloa Cartel"  # GED 24.1: 741 events, the most of any opponent
    assert page.locator("#states tbody tr").count() > 10
    assert page.locator("#contested tbody tr").count() > 0


def test_upload_a_document_from_the_browser(page):
    from tests.web.corpus import DOCUMENTS

    page.goto("/data")
    text = DOCUMENTS["en_field_note.txt"][-1].encode()
    page.set_input_files(
        "#upload-form input[name=files]",
        files=[{"name": "again.txt", "mimeType": "text/plain", "buffer": text}],
    )
    page.click("#upload-form button")
    page.wait_for_selector("#upload-results[data-done]")
    # The same bytes are already in the public collection: recognised, not stored twice.
    assert page.inner_text("#upload-results").startswith("again.txt: duplicate")
    page.click("#upload-results a")
    assert "Field note with hostile markup" in page.inner_text("h1")
    _clean(page)


def test_accepting_a_claim_persists_after_reload(page):
    page.goto("/review?status=machine")
    row = page.locator("tr[data-claim]").first
    key = row.get_attribute("data-claim")
    row.locator("button.accept").click()
    page.wait_for_selector(f"tr[data-claim='{key}'] td.claim-status:text('accepted')")
    assert "accepted" in page.inner_text("#review-message")

    page.reload()
    assert page.locator(f"tr[data-claim='{key}']").count() == 0  # gone from the machine queue
    page.goto("/review?status=accepted")
    accepted = page.locator(f"tr[data-claim='{key}']")
    assert accepted.count() == 1
    assert accepted.locator("td.claim-status").inner_text() == "accepted"
    assert page.locator("#history li", has_text="accept").count() >= 1
    screenshot(page, "review-accepted")
    _clean(page)


def test_undoing_a_decision_from_the_review_page(page, client):
    """Accept a claim, then take it back with the Undo button of the recent decisions: the
    claim is machine again, and the decision is marked undone after a reload."""
    key = client.get("/api/claims", params={"status": "machine", "limit": 1}).json()[0]["key"]
    judgement = client.post(f"/api/claims/{key}/accept").json()["judgement"]
    page.goto("/review")
    page.locator(f"#history button[data-undo='{judgement}']").click()
    page.wait_for_selector(f"#history li[data-judgement='{judgement}'] .undone")
    assert "machine again" in page.inner_text("#review-message")
    assert client.get(f"/api/claims/{key}").json()["status"] == "machine"
    page.reload()
    assert page.locator(f"#history li[data-judgement='{judgement}'] .undone").count() == 1
    assert page.locator(f"#history button[data-undo='{judgement}']").count() == 0
    _clean(page)


def test_the_dialog_watch_catches_an_alert(page):
    """The guard for the next test: an alert that does run is seen."""
    page.goto("/")
    page.evaluate("() => alert('probe')")
    assert page.watch.dialogs == ["dialog alert: probe"]


def test_hostile_text_is_shown_never_run(page, client):
    doc = next(d for d in client.get("/api/documents").json() if d["file_name"] == "en_field_note.txt")
    page.goto(f"/document/{doc['id']}")
    page.wait_for_load_state("networkidle")
    text = page.inner_text("#text")
    assert XSS_SCRIPT in text and XSS_IMG in text
    screenshot(page, "hostile-document")

    # The entity whose name is the markup: its dossier, search, review and the network.
    page.click("#text a.m")
    page.wait_for_url("**/entity/**")
    assert page.inner_text("h1") == XSS_IMG
    page.wait_for_selector("#ego[data-nodes]")
    for path in ("/search?q=informant", "/search?q=onerror", "/review?status=all", "/network", "/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    page.goto(f"/document/{doc['id']}?hl=0-60#hl")
    page.wait_for_load_state("networkidle")

    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("() => [...document.scripts].every(s => s.src && !s.textContent.trim())")
    assert XSS_SCRIPT in page.inner_text("#text")
    assert page.watch.problems() == []


# --- accounts, grants and the tip line (a server of its own, with users) -------------------


@pytest.fixture(scope="module")
def team_server(tmp_path_factory, monkeypatch_module):
    """A workbench with accounts: an admin (ana), a viewer (vera), a confidential
    collection (the hostile field note moved there), and nobody granted the tips."""
    from sqlalchemy import select

    from redes.access import users
    from redes.store.models import Collection, Document
    from redes.web import tip
    from redes.web.auth import RateLimiter
    from tests.web.conftest import build_store, serving

    monkeypatch_module.setattr(tip, "SUBMISSIONS", RateLimiter(30, 600))
    store = build_store(tmp_path_factory.mktemp("team"))
    with store.session() as s:
        users.create_collection(s, "secret", "confidential")
        secret = s.scalar(select(Collection.id).where(Collection.name == "secret"))
        doc = s.scalar(select(Document).where(Document.file_name == "en_field_note.txt"))
        doc.collection_id = secret
        for name, role in (("ana", "admin"), ("vera", "viewer")):
            users.set_password(s, users.create_user(s, name, role), TEAM_PASSWORD)
    with serving(store, access_log=False) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


TEAM_PASSWORD = "correct horse battery staple"


def _team_page(browser, team_server):
    context = browser.new_context(base_url=team_server, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: m.type == "error" and "401" not in m.text and errors.append(m.text))
    return context, pg, errors


def _sign_in(pg, name):
    pg.goto("/documents")
    pg.wait_for_url("**/login?next=/documents")
    pg.fill("#login-form input[name=username]", name)
    pg.fill("#login-form input[name=password]", TEAM_PASSWORD)
    pg.click("#login-form button[type=submit]")
    pg.wait_for_url("**/documents")


def test_sign_in_and_see_only_granted_collections(browser, team_server):
    context, pg, errors = _team_page(browser, team_server)
    _sign_in(pg, "vera")
    rows = pg.locator("table.list tbody tr")
    rows.first.wait_for()
    listing = pg.inner_text("table.list")
    assert "public" in listing and "secret" not in listing
    assert "Field note with hostile markup" not in listing
    pg.goto("/account")
    assert pg.inner_text("#my-collections").split() == ["public"]
    screenshot(pg, "account")
    pg.click("header form.logout button")
    pg.wait_for_url("**/login")
    pg.goto("/")
    pg.wait_for_url("**/login?next=/")
    assert errors == []
    context.close()


def test_a_source_sends_a_tip_and_an_admin_with_a_grant_reads_it(browser, team_server, tmp_path):
    from PIL import Image

    photo = tmp_path / "IMG_0042.jpg"
    exif = Image.Exif()
    exif[0x013B] = "Source Name"
    Image.new("RGB", (32, 24), (10, 120, 10)).save(photo, "JPEG", exif=exif)

    source, pg, errors = _team_page(browser, team_server)
    pg.goto("/tip")
    pg.fill(
        "#tip-form textarea[name=text]", "Tip-canary-9931: the warehouse in Las Juntas opens on Tuesdays."
    )
    pg.set_input_files("#tip-form input[name=files]", str(photo))
    pg.click("#tip-form button[type=submit]")
    receipt = pg.wait_for_selector("#receipt").inner_text()
    assert len(receipt) == 29
    assert source.cookies() == []  # the tip line set no cookie
    screenshot(pg, "tip-receipt")
    source.close()

    context, pg, errors = _team_page(browser, team_server)
    _sign_in(pg, "ana")
    pg.goto("/tips")
    assert "No tips you may read" in pg.inner_text("#tips")  # confidential: admins need a grant
    pg.goto("/admin")
    pg.select_option("#add-grant select[name=collection]", "tips")
    pg.fill("#add-grant input[name=grantee]", "ana")
    pg.click("#add-grant button[type=submit]")
    pg.wait_for_url("**/admin?done=grant")
    pg.goto("/tips")
    pg.wait_for_selector("#tips .attachments img")
    assert pg.evaluate("() => document.querySelector('#tips .attachments img').naturalWidth") == 32
    pg.click("#tips a[href^='/document/']:has-text('Tip-canary-9931')")
    pg.wait_for_url("**/document/*")
    assert "Tip-canary-9931" in pg.inner_text("#text")
    screenshot(pg, "tip-read-by-admin")
    pg.goto("/admin/audit?action=tip")
    assert "tip.receive" in pg.inner_text("#audit")
    assert errors == []
    context.close()
