"""Merge candidates on the web: GET /api/review/merges, POST /api/review/no-merge, and the
section of the review page (redes.kb.merges)."""

import pytest

from tests.web.conftest import make_client


@pytest.fixture(scope="module")
def client(demo_store):
    with make_client(demo_store) as c:
        yield c


ALFREDO = {"Jesús Alfredo Guzmán Salazar", "Alfredo Guzman-Salazar"}


def _pair(c) -> set[str]:
    return {c["keep"]["name"], c["other"]["name"]}


def test_the_api_lists_candidates_with_their_reasons(client):
    r = client.get("/api/review/merges")
    assert r.status_code == 200
    found = r.json()
    alfredo = next(c for c in found if _pair(c) == ALFREDO)
    assert alfredo["score"] == 0.88 and alfredo["because"] == "same surnames, given-name subset"
    assert alfredo["keep"]["name"] == "Jesús Alfredo Guzmán Salazar"
    assert alfredo["keep"]["mentions"] >= alfredo["other"]["mentions"]
    assert client.get("/api/review/merges?limit=0").status_code == 422


def test_the_review_page_shows_the_candidates(client):
    page = client.get("/review").text
    assert 'id="merges"' in page
    assert "same surnames, given-name subset" in page
    assert 'data-merge="no-merge"' in page


def test_refusing_and_accepting_candidates(client):
    found = client.get("/api/review/merges").json()
    norte = next(c for c in found if "Norte del Valle Cartel" in _pair(c))
    r = client.post("/api/review/no-merge", json={"keep": norte["keep"]["id"], "other": norte["other"]["id"]})
    assert r.status_code == 200 and r.json()["kind"] == "no-merge"
    alfredo = next(c for c in found if _pair(c) == ALFREDO)
    r = client.post("/api/review/merge", json={"keep": alfredo["keep"]["id"], "other": alfredo["other"]["id"]})
    assert r.status_code == 200 and r.json()["kind"] == "merge"
    left = [_pair(c) for c in client.get("/api/review/merges").json()]
    assert not any("Norte del Valle Cartel" in p or "Jesús Alfredo Guzmán Salazar" in p for p in left)
    page = client.get("/review").text
    assert f"{norte['other']['name']} is not {norte['keep']['name']}" in page
    # The same entity twice is refused with a reason.
    r = client.post("/api/review/no-merge", json={"keep": "Gulf Cartel", "other": "gulf-cartel"})
    assert r.status_code == 400 and "one entity already" in r.text
