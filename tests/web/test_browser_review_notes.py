"""In real Chromium: ticking claims and accepting them at once on the review page, and a
note written on a dossier (shown as text, never as markup)."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import screenshot

pytestmark = pytest.mark.browser


def test_accept_selected_claims_and_write_a_note(page):
    page.goto("/review")
    page.wait_for_selector("tr[data-claim]")
    rows = page.locator("tr[data-claim]")
    keys = [rows.nth(i).get_attribute("data-claim") for i in range(2)]
    for key in keys:
        page.check(f"tr[data-claim='{key}'] input.pick")
    page.click("#bulk button[data-bulk=accept]")
    page.wait_for_selector("#review-message.ok")
    assert "2 claims accepted" in page.inner_text("#review-message")
    for key in keys:
        assert page.inner_text(f"tr[data-claim='{key}'] .claim-status") == "accepted"
    # The decisions are stored: they hold after a reload (accepted claims leave the queue).
    page.goto("/review?status=accepted")
    page.wait_for_selector("tr[data-claim]")
    shown = {
        page.locator("tr[data-claim]").nth(i).get_attribute("data-claim")
        for i in range(page.locator("tr[data-claim]").count())
    }
    assert set(keys) <= shown

    page.goto("/entity/cjng")
    page.wait_for_selector("section.notes[data-kind=entity] .note-list")
    text = "Check <b>this</b> against the 2019 indictment."
    page.fill("section.notes[data-kind=entity] textarea[name=text]", text)
    page.click("section.notes[data-kind=entity] button[type=submit]")
    page.wait_for_selector("section.notes[data-kind=entity] li.note")
    assert page.inner_text("section.notes[data-kind=entity] li.note .note-text") == text
    assert page.locator("section.notes[data-kind=entity] li.note b").count() == 0
    page.wait_for_load_state("networkidle")
    screenshot(page, "dossier-note")
    assert page.watch.problems() == []


def test_save_an_investigation_and_reopen_the_network_on_it(page):
    page.goto("/investigations")
    page.fill("#new-investigation input[name=name]", "Mencho's family")
    page.fill("#new-investigation input[name=entities]", "El Mencho, Rosalinda González Valencia")
    page.fill("#new-investigation input[name=types]", "person,criminal_group")
    page.click("#new-investigation button[type=submit]")
    page.wait_for_url(re.compile(r"/investigations/\d+$"))
    assert page.locator("ul.entities li").count() == 2
    page.click("a.open-network")
    page.wait_for_selector("#graph[data-ready]", timeout=30_000)
    assert "focus=nemesio-oseguera-cervantes%2Crosalinda-gonzalez-valencia" in page.url
    assert "types=person%2Ccriminal_group" in page.url
    assert page.watch.problems() == []
