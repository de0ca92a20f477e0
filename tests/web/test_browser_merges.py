"""In real Chromium: the merge candidates of the review page, on the demo corpus (its
"Norte del Valle Cartel" twice, its "Alfredo Guzman-Salazar" for Jesús Alfredo Guzmán Salazar)."""

from __future__ import annotations

import pytest

from tests.web.conftest import screenshot, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_store):
    """The workbench on the demo corpus (overrides the shared test corpus's server)."""
    with serving(demo_store) as url:
        yield url


def _row(page, name: str):
    return page.locator("table.merges tr.merge-candidate", has_text=name)


def test_merge_one_candidate_and_refuse_another(page):
    page.goto("/review")
    page.wait_for_selector("table.merges tr.merge-candidate")
    alfredo = _row(page, "Alfredo Guzman-Salazar")
    assert "same surnames, given-name subset" in alfredo.inner_text()
    alfredo.locator("button[data-merge=merge]").click()
    page.wait_for_selector("#review-message.ok")
    assert "decided" in (alfredo.get_attribute("class") or "")
    norte = _row(page, "Colombian Norte Valle Cartel")
    norte.locator("button[data-merge=no-merge]").click()
    page.locator("table.merges tr.decided").nth(1).wait_for()
    page.wait_for_selector("#review-message.ok")
    message = page.inner_text("#review-message")
    assert "Norte Valle Cartel" in message and "undefined" not in message
    screenshot(page, "review-merges")
    # Both decisions hold: neither pair is offered after a reload.
    page.goto("/review")
    page.wait_for_selector("table.merges")
    assert _row(page, "Alfredo Guzman-Salazar").count() == 0
    assert _row(page, "Colombian Norte Valle Cartel").count() == 0
    assert page.watch.problems() == []
