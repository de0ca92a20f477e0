"""In real Chromium: a sanctions-list entry that a match merged into a document entity,
refused from the dossier, comes out at once (redes.sources.detach)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.resolve.parties import person
from tests.web.conftest import serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_store):
    """The workbench on the demo corpus with a list whose Ovidio Guzmán López entry is
    accepted without asking (both surnames, the given name and the a.k.a. agree)."""
    from redes.sources.importing import OFAC, import_list

    ovidio = person(13149, "Ovidio", "GUZMAN LOPEZ", program="SDNTK", alias="El Raton", topics="sanction")
    import_list(demo_store, OFAC, [ovidio], date(2024, 5, 3), "sdn.csv", b"browser list")
    with serving(demo_store) as url:
        yield url


def test_refusing_a_merged_entry_from_the_dossier(page):
    page.goto("/entity/ovidio-guzman-lopez")
    lists = page.locator("#lists")
    assert "SDNTK" in lists.inner_text()
    assert page.locator("header .sanctioned").count() == 1
    with page.expect_navigation():
        lists.locator("button.refuse-listed").click()
    assert page.locator("#lists").count() == 0
    assert page.locator("header .sanctioned").count() == 0
    # The party is a list entity again, with its entry and no button: it is the list's own.
    page.goto("/entity/ofac-sdn-13149")
    assert "SDNTK" in page.locator("#lists").inner_text()
    assert page.locator("#lists button.refuse-listed").count() == 0
    assert page.watch.problems() == []
