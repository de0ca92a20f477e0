"""A dossier line's quotes in Chromium: none in the page, a page of them when the line is
opened, the rest with "more quotes", every one shown as text."""

from __future__ import annotations

import pytest

from tests.web.conftest import build_store, screenshot, serving

pytestmark = pytest.mark.browser

MENCHO = "nemesio-oseguera-cervantes"
EXTRA = 24  # quotes added to the line "leads CJNG", which has 2 already


@pytest.fixture(scope="module")
def quotes_server(tmp_path_factory):
    """The test workbench with many quotes for one claim, served in a thread."""
    from sqlalchemy import select

    from redes.store.models import Claim, Document, Entity, Evidence

    store = build_store(tmp_path_factory.mktemp("quotes"))
    with store.session() as s:
        mencho = s.scalar(select(Entity.id).where(Entity.slug == MENCHO))
        claim = s.scalar(select(Claim).where(Claim.subject_id == mencho, Claim.predicate == "leads"))
        doc = s.scalar(select(Document.id).order_by(Document.id))
        for i in range(EXTRA):
            quote = f"Quote {i:02d} <b>about</b> the leader"
            s.add(Evidence(claim_id=claim.id, document_id=doc, start=10_000 + i, end=10_010 + i, quote=quote))
    with serving(store) as url:
        yield url
    store.close()


def test_quotes_load_a_page_at_a_time(browser, quotes_server):
    context = browser.new_context(base_url=quotes_server, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
    html = pg.goto(f"/entity/{MENCHO}").text()
    assert "Quote 00" not in html  # no quote in the page itself
    line = pg.locator("#relations li.claim:has(> a.ent[href='/entity/cjng'])")
    assert line.locator("details.evidence summary").inner_text() == f"{EXTRA + 2} quotes"
    line.locator("details.evidence summary").click()
    quotes = line.locator("details.evidence blockquote")
    quotes.nth(19).wait_for()
    assert quotes.count() == 20
    more = line.locator("button.more-quotes")
    more.click()
    quotes.nth(EXTRA + 1).wait_for()
    assert quotes.count() == EXTRA + 2 and more.count() == 0
    # Hostile-looking text stays text, and every quote links to its highlighted sentence.
    assert "Quote 00 <b>about</b> the leader" in line.inner_text()
    assert line.locator("details.evidence b").count() == 0
    hrefs = line.locator("details.evidence a.cite").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) == EXTRA + 2 and all("/document/" in h and "#hl" in h for h in hrefs)
    screenshot(pg, "dossier-quotes")
    assert errors == []
    context.close()
