"""List matches on the web: GET /api/review/xref, POST /api/review/no-xref, the section of
the review page (redes.kb.xref)."""

from datetime import date

import pytest

from tests.resolve.parties import person
from tests.web.conftest import make_client


@pytest.fixture(scope="module")
def client(demo_store):
    from redes.sources.importing import OFAC, import_list

    parties = [person(6861, "Joaquin", "GUZMAN LOERA", program="SDNTK"), person(11726, "Hector", "BELTRAN LEYVA", program="SDNTK")]
    import_list(demo_store, OFAC, parties, date(2024, 5, 3), "sdn.csv", b"web test list")
    with make_client(demo_store) as c:
        yield c


def test_the_api_and_the_page_list_matches_with_their_features(client):
    found = client.get("/api/review/xref").json()
    chapo = next(c for c in found if c["list_id"] == "ofac-sdn-6861")
    assert chapo["entity"]["name"] == "Joaquín Guzmán Loera" and chapo["features"] == {"name": "same name"}
    assert client.get("/api/review/xref?source=nothing").json() == []
    page = client.get("/review").text
    assert 'id="xref"' in page and "Joaquin GUZMAN LOERA" in page and "ofac-sdn-6861" in page


def test_refusing_and_accepting_matches(client):
    found = client.get("/api/review/xref").json()
    hector = next(c for c in found if c["list_id"] == "ofac-sdn-11726")
    r = client.post("/api/review/no-xref", json={"entity": hector["entity"]["id"], "listed": "ofac-sdn-11726"})
    assert r.status_code == 200 and r.json()["kind"] == "no-merge"
    chapo = next(c for c in found if c["list_id"] == "ofac-sdn-6861")
    r = client.post("/api/review/merge", json={"keep": chapo["entity"]["id"], "other": chapo["listed"]["id"]})
    assert r.status_code == 200 and r.json()["kind"] == "merge"
    assert client.get("/api/review/xref").json() == []
    dossier = client.get(f"/api/entities/{chapo['entity']['id']}").text
    assert "SDNTK" in dossier
