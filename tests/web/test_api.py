"""The JSON API over the test knowledge base (FastAPI's TestClient)."""

from __future__ import annotations

import json

import pytest

from tests.web.conftest import make_client

MENCHO = "nemesio-oseguera-cervantes"


def test_openapi_documents_the_api(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/search",
        "/api/stats",
        "/api/documents/{doc_id}",
        "/api/entities/{entity}",
        "/api/claims/{key}/accept",
        "/api/claims/{key}/reject",
        "/api/review/merge",
        "/api/entities/{entity}/split",
        "/api/contradictions",
        "/api/graph",
        "/api/graph/path",
        "/api/graph/brokers",
        "/api/graph/ego/{entity}",
        "/api/territory/presence",
        "/api/events/summary",
        "/api/geo/{layer}",
    ):
        assert path in paths, path
    params = {p["name"]: p for p in paths["/api/search"]["get"]["parameters"]}
    assert params["q"]["required"] is True
    # Pages are not API: they stay out of the spec.
    assert "/" not in paths and "/entity/{entity}" not in paths


def test_stats(client):
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 4
    assert stats["languages"] == {"en": 3, "es": 1}
    assert stats["entity_types"]["person"] == 4
    assert stats["events"] > 10_000  # the shipped UCDP GED table


def test_search_finds_documents_and_entities_with_facets(client):
    r = client.get("/api/search", params={"q": "Mencho"}).json()
    assert MENCHO in [e["id"] for e in r["entities"]]
    assert r["documents"]["total"] == 3
    assert {f["value"]: f["count"] for f in r["facets"]["language"]} == {"en": 2, "es": 1}
    assert r["facets"]["type"] == [{"value": "person", "count": 1}]
    parts = r["documents"]["results"][0]["snippet_parts"]
    assert any(p["match"] and p["text"].lower() == "mencho" for p in parts)

    es = client.get("/api/search", params={"q": "Mencho", "language": "es"}).json()
    assert es["documents"]["total"] == 1
    assert es["documents"]["results"][0]["language"] == "es"
    # A facet counts as if its own filter were off, so the alternatives stay visible.
    assert {f["value"] for f in es["facets"]["language"]} == {"en", "es"}
    year = client.get("/api/search", params={"q": "Mencho", "year": "2025"}).json()
    assert [d["published"][:4] for d in year["documents"]["results"]] == ["2025"]


def test_search_ignores_accents_and_empty_queries(client):
    r = client.get("/api/search", params={"q": "Michoacan"}).json()
    assert [d["file_name"] for d in r["documents"]["results"]] == ["en_state_reward.txt"]
    assert client.get("/api/search", params={"q": "  "}).json()["documents"]["total"] == 0
    assert client.get("/api/search").status_code == 422  # q is required


def test_dossier(client):
    d = client.get("/api/entities/El Mencho").json()
    assert d["id"] == MENCHO and d["type"] == "person"
    assert "El Mencho" in [a["name"] for a in d["aliases"]]
    (leads,) = d["relations"]["leads"]
    assert leads["other"]["id"] == "cjng"
    assert leads["corroboration"]["documents"] == 2
    assert {ev["document"]["language"] for ev in leads["evidence"]} == {"en", "es"}
    family = {line["other"]["id"]: line["detail"] for line in d["relations"]["family"]}
    assert family["rosalinda-gonzalez-valencia"] == "wife"


def test_unknown_and_ambiguous_names(client):
    assert client.get("/api/entities/Nobody%20Known").status_code == 404
    r = client.get("/api/entities/Oseguera")
    assert r.status_code == 409
    assert {c["id"] for c in r.json()["candidates"]} == {MENCHO, "ruben-oseguera-gonzalez"}


def test_document_with_mentions_and_claims(client):
    docs = {d["file_name"]: d["id"] for d in client.get("/api/documents").json()}
    doc = client.get(f"/api/documents/{docs['es_sspc_cjng.txt']}").json()
    assert doc["language"] == "es" and doc["publisher"].startswith("Secretaría")
    spans = {(m["text"], m["entity"]) for m in doc["mentions"]}
    assert ("El Mencho", MENCHO) in spans
    assert any(c["predicate"] == "rival_of" for c in doc["claims"])
    for m in doc["mentions"]:
        assert doc["text"][m["start"] : m["end"]] == m["text"]
    assert client.get("/api/documents/99999").status_code == 404


def test_contradictions_find_the_founding_years(client):
    found = client.get("/api/contradictions", params={"kind": "founded"}).json()
    (cjng,) = [c for c in found if c["subject"]["id"] == "cjng"]
    assert [s["value"] for s in cjng["sides"]] == ["2009", "2011"]
    assert all(side["evidence"] for side in cjng["sides"])
    assert client.get("/api/contradictions", params={"kind": "nonsense"}).status_code == 400


def test_claims_listing(client):
    claims = client.get("/api/claims", params={"entity": "CJNG", "min_documents": 2}).json()
    assert [(c["subject"]["id"], c["predicate"], c["object"]["id"]) for c in claims] == [
        (MENCHO, "leads", "cjng")
    ]
    assert client.get("/api/claims", params={"status": "bogus"}).status_code == 400


def test_graph_filters_communities_paths_and_ego(client):
    g = client.get("/api/graph").json()
    slugs = {n["slug"] for n in g["nodes"]}
    assert {"cjng", MENCHO, "juan-carlos-valencia-gonzalez"} <= slugs
    assert "jalisco" not in slugs  # places are left out by default
    assert {n["community"] for n in g["nodes"]} == {c["id"] for c in g["communities"]}
    strong = client.get("/api/graph", params={"min_corroboration": 2}).json()
    assert len(strong["edges"]) == 1 and {n["slug"] for n in strong["nodes"]} == {"cjng", MENCHO}
    with_places = client.get(
        "/api/graph", params={"types": "criminal_group,place", "relations": "operates_in"}
    ).json()
    assert "jalisco" in {n["slug"] for n in with_places["nodes"]}
    assert client.get("/api/graph", params={"types": "spaceship"}).status_code == 400

    p = client.get("/api/graph/path", params={"a": "Juan Carlos Valencia González", "b": "CJNG"}).json()
    hops = p["paths"][0]["hops"]
    assert [h["to"]["slug"] for h in hops] == [MENCHO, "cjng"]
    assert all(c["evidence"] for h in hops for c in h["claims"])
    missing = client.get("/api/graph/path", params={"a": "Jalisco", "b": "CJNG"})
    assert missing.status_code == 404 and "no relation" in missing.json()["detail"]

    ego = client.get(f"/api/graph/ego/{MENCHO}").json()
    assert ego["center"]["slug"] == MENCHO
    assert {n["slug"] for n in ego["nodes"] if n["distance"] == 1} >= {"cjng", "rosalinda-gonzalez-valencia"}
    brokers = client.get("/api/graph/brokers").json()
    assert "brokers" in brokers and "modularity" in brokers


def test_territory_and_events(client):
    presence = client.get(
        "/api/territory/presence", params={"group": "CJNG", "from": 2009, "to": 2023}
    ).json()
    states = {s["code"]: s for s in presence["states"]}
    assert "14" in states  # Jalisco
    assert states["11"]["years"]["2017"]["claims"] == 1  # Guanajuato, from the Spanish report
    by_year = client.get("/api/events/summary", params={"actor": "CJNG", "from": 2011, "to": 2019}).json()
    assert [r["key"] for r in by_year["rows"]] == [str(y) for y in range(2011, 2020)]
    assert by_year["events"] == sum(r["events"] for r in by_year["rows"])
    munis = client.get("/api/events/summary", params={"actor": "CJNG", "by": "municipality"}).json()
    assert all(len(r["code"]) == 5 for r in munis["rows"])
    assert client.get("/api/events/summary", params={"actor": "No Such Gang"}).status_code == 404
    bad = client.get("/api/territory/presence", params={"group": "CJNG", "from": 2020, "to": 2010})
    assert bad.status_code == 400


def test_geometry_is_served_compressed(client):
    r = client.get("/api/geo/states", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert len(r.json()["features"]) == 32  # httpx decodes it
    plain = client.get("/api/geo/municipalities", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert len(json.loads(plain.content)["features"]) == 2469
    assert client.get("/api/geo/countries").status_code == 422


@pytest.fixture
def review_client(fresh_store):
    with make_client(fresh_store) as c:
        yield c


def test_review_claims_through_the_api(review_client):
    c = review_client
    key = c.get("/api/claims", params={"entity": "CJNG", "predicate": "rival_of"}).json()[0]["key"]
    (csrl,) = c.get("/api/entities", params={"q": "Cártel de Santa Rosa de Lima"}).json()
    assert csrl["id"] in {n["slug"] for n in c.get("/api/graph").json()["nodes"]}
    r = c.post(f"/api/claims/{key}/reject", json={"author": "analyst", "note": "one source"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert c.get(f"/api/claims/{key[:12]}").json()["status"] == "rejected"
    # Rejected claims leave the dossier and the graph.
    assert "rival_of" not in c.get("/api/entities/cjng").json()["relations"]
    assert csrl["id"] not in {n["slug"] for n in c.get("/api/graph").json()["nodes"]}
    assert c.post(f"/api/claims/{key}/accept").json()["status"] == "accepted"
    history = c.get("/api/review/history").json()
    assert [h["kind"] for h in history[:2]] == ["accept", "reject"]
    assert history[1]["author"] == "analyst"
    assert c.post("/api/claims/ffffffffffff/accept").status_code == 404


def test_merge_split_alias_and_rename_through_the_api(review_client):
    c = review_client
    r = c.post("/api/review/merge", json={"keep": "CJNG", "other": "Cártel de Santa Rosa de Lima"})
    assert r.status_code == 200
    assert c.get("/api/entities/Cártel de Santa Rosa de Lima").json()["id"] == "cjng"

    r = c.post(
        "/api/entities/cjng/split", json={"names": ["Cártel de Santa Rosa de Lima"], "new_name": "CSRL"}
    )
    assert r.status_code == 200
    new = r.json()["new"]["id"]
    assert c.get("/api/entities/Cártel de Santa Rosa de Lima").json()["id"] == new

    assert c.post("/api/entities/cjng/aliases", json={"name": "Los Mata Zetas"}).status_code == 200
    assert c.get("/api/entities/Los Mata Zetas").json()["id"] == "cjng"
    assert c.post("/api/entities/cjng/aliases/remove", json={"name": "Los Mata Zetas"}).status_code == 200
    assert c.get("/api/entities/Los Mata Zetas").status_code == 404
    assert (
        c.post("/api/entities/cjng/rename", json={"name": "Cártel Jalisco Nueva Generación"}).status_code
        == 200
    )
    assert c.get("/api/entities/cjng").json()["name"] == "Cártel Jalisco Nueva Generación"

    refused = c.post("/api/entities/cjng/split", json={"names": ["Nope"]})
    assert refused.status_code == 400 and "no alias" in refused.json()["detail"]
    assert c.post("/api/review/merge", json={"keep": "CJNG"}).status_code == 422


def test_upload_documents_and_events_export_and_rebuild(review_client, tmp_path):
    from tests.events.samples import ged_row, write_ged

    c = review_client
    text = "Ovidio Guzmán López was extradited to the United States in 2023.".encode()
    r = c.post("/api/documents/upload", params={"name": "ovidio.txt", "collection": "field"}, content=text)
    assert r.status_code == 200
    (result,) = r.json()["results"]
    assert result["status"] == "ingested"
    doc = c.get(f"/api/documents/{result['document']}").json()
    assert doc["collection"] == "field" and doc["file_name"] == "ovidio.txt"
    again = c.post("/api/documents/upload", params={"name": "copy.txt", "collection": "field"}, content=text)
    assert again.json()["counts"]["duplicate"] == 1
    assert c.post("/api/documents/upload", params={"name": "x.exe"}, content=b"MZ").status_code == 400
    assert c.post("/api/documents/upload", params={"name": ".hidden.txt"}, content=b"a").status_code == 400
    assert c.post("/api/documents/upload", params={"name": "empty.txt"}, content=b"").status_code == 400
    # A path in the name is cut to its base name: nothing is written outside the upload folder.
    odd = c.post("/api/documents/upload", params={"name": "../../evil.txt"}, content=b"evil text here").json()
    assert odd["results"][0]["file"] == "evil.txt"

    ged = write_ged(tmp_path / "ged.csv", [ged_row(1, "Sinaloa Cartel", "Jalisco Cartel New Generation")])
    r = c.post("/api/events/import", params={"source": "ucdp", "name": "ged.csv"}, content=ged.read_bytes())
    assert r.status_code == 200 and r.json()["imported"] == 1
    r = c.post("/api/events/import", params={"source": "ucdp", "name": "ged.csv"}, content=ged.read_bytes())
    assert r.json()["imported"] == 0 and r.json()["already_imported"] == 1

    ftm = c.get("/api/export/ftm")
    assert ftm.status_code == 200 and "attachment" in ftm.headers["content-disposition"]
    assert all(json.loads(line)["schema"] for line in ftm.text.splitlines())
    assert c.get("/api/export/graphml").content.startswith(b"<?xml")
    assert c.get("/api/export/csv").content[:2] == b"PK"
    assert c.get("/api/export/pdf").status_code == 422

    stats = c.post("/api/kb/rebuild").json()
    assert stats["documents"] + len(stats["failed"]) == len(c.get("/api/documents").json())


def test_centrality_and_disruption(client):
    top = client.get("/api/graph/centrality", params={"by": "degree", "top": 3}).json()
    assert top[0]["slug"] in {"cjng", MENCHO}
    assert [r["degree"] for r in top] == sorted((r["degree"] for r in top), reverse=True)
    d = client.get("/api/graph/disrupt", params={"k": 2}).json()
    assert [r["strategy"] for r in d["runs"]] == ["degree", "betweenness", "leaders", "random"]
    assert d["start"]["lcc_fraction"] == 1.0
    degree = d["runs"][0]
    assert len(degree["steps"]) == 2 and degree["steps"][0]["lcc_fraction"] < 1.0
    assert client.get("/api/graph/disrupt", params={"strategy": "magic"}).status_code == 400


def test_every_page_answers_on_an_empty_store(tmp_path):
    from redes.store import open_store

    store = open_store(tmp_path / "empty.db")
    with make_client(store) as c:
        for path in (
            "/",
            "/search?q=x",
            "/documents",
            "/network",
            "/territory",
            "/contradictions",
            "/review",
            "/data",
        ):
            assert c.get(path).status_code == 200, path
        assert c.get("/api/graph").json()["nodes"] == []
        assert "0 events" in c.get("/territory").text  # CJNG is a known group, with no events yet
        unknown = c.get("/territory", params={"group": "Los Desconocidos"}).text
        assert "no events or knowledge-base entity match" in unknown
    store.close()
