"""A listed party's web and print dossiers: the sanctions-list entry with its list date,
the "sanctioned" badge, in English and Spanish."""

from pathlib import Path

from redes.sources import importing
from tests.web.conftest import make_client

SAMPLE = Path(__file__).resolve().parents[1] / "sources" / "data" / "sdn_2024-05-03.csv"


def test_the_dossier_shows_the_list_entry_and_the_badge(sqlite_store):
    importing.import_file(sqlite_store, "ofac-sdn", SAMPLE)
    client = make_client(sqlite_store)
    page = client.get("/entity/ofac-sdn-17674").text
    assert "OFAC SDN: SDNTK, ILLICIT-DRUGS-EO14059" in page and "as of 2024-05-03" in page
    assert "Mencho" in page and 'class="status s-rejected sanctioned">sanctioned<' in page
    es = client.get("/entity/ofac-sdn-17674", headers={"Accept-Language": "es"}).text
    assert "Listas de sanciones" in es and "sancionado" in es and "al 2024-05-03" in es
    printed = client.get("/entity/ofac-sdn-17674/print").text
    assert "OFAC SDN: SDNTK, ILLICIT-DRUGS-EO14059" in printed
    cjng = client.get("/entity/ofac-sdn-17671").text
    assert "Elvis GONZALEZ VALENCIA" in cjng  # linked to it by the list


def test_search_marks_and_facets_sanctioned_entities(sqlite_store):
    importing.import_file(sqlite_store, "ofac-sdn", SAMPLE)
    client = make_client(sqlite_store)
    found = client.get("/api/search", params={"q": "OSEGUERA"}).json()
    assert found["facets"]["sanctioned"] == [{"value": "sanctioned", "count": 2}]
    assert all(e["sanctioned"] for e in found["entities"])
    only = client.get("/api/search", params={"q": "CARTEL", "sanctioned": "sanctioned"}).json()
    assert [e["id"] for e in only["entities"]] == ["ofac-sdn-17671"]
    page = client.get("/search", params={"q": "OSEGUERA", "sanctioned": "sanctioned"}).text
    assert 'data-facet="sanctioned"' in page and "sanctioned</span>" in page


def test_the_home_page_does_not_drown_in_list_entries(sqlite_store):
    from redes.web import corpus

    importing.import_file(sqlite_store, "ofac-sdn", SAMPLE)
    assert corpus.recent_documents(sqlite_store) == []
    assert corpus.top_entities(sqlite_store) == []


def test_the_document_list_shows_list_entries_only_in_their_collection(sqlite_store):
    from redes.store.documents import browse_documents

    importing.import_file(sqlite_store, "ofac-sdn", SAMPLE)
    assert browse_documents(sqlite_store)["total"] == 0
    assert browse_documents(sqlite_store, collection="ofac-sdn")["total"] == 10


def test_the_network_page_has_the_lists_switch(sqlite_store):
    importing.import_file(sqlite_store, "ofac-sdn", SAMPLE)
    client = make_client(sqlite_store)
    assert 'id="lists-toggle"' in client.get("/network").text
    with_lists = client.get("/api/graph", params={"lists": "true"}).json()
    assert {n["slug"] for n in with_lists["nodes"]} >= {"ofac-sdn-20110", "ofac-sdn-17671"}
    assert client.get("/api/graph").json()["nodes"] == []


def test_redes_docs_lists_entries_only_in_their_collection(sqlite_store):
    from redes.store.documents import list_documents

    importing.import_file(sqlite_store, "ofac-sdn", SAMPLE)
    assert list_documents(sqlite_store) == []
    assert len(list_documents(sqlite_store, "ofac-sdn")) == 10
