"""In real Chromium: ticking claims and accepting them at once on the review page, and a
note written on a dossier (shown as text, never as markup)."""

from __future__ import annotations

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
