"""The API and pages of notes, saved investigations, bulk review and hand-made entries,
under the access rules: a viewer writes nothing (403), a note on a confidential document
answers an outsider exactly like a note on a document that does not exist, and every
write lands in the audit log."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from redes.access import users
from redes.access.models import AuditEvent
from redes.web import create_app
from tests.kb.test_bulk_review import _key
from tests.kb.test_notes import two_collection_corpus


@pytest.fixture
def world(sqlite_store, monkeypatch):
    corpus, ids = two_collection_corpus(sqlite_store, monkeypatch)
    tokens = {}
    with sqlite_store.session() as s:
        for name, role in (("vera", "viewer"), ("ed", "editor"), ("ines", "editor")):
            tokens[name] = users.create_api_token(s, users.create_user(s, name, role), "test")
        users.grant(s, "confidential", user="ines", access="write")
    client = TestClient(create_app(sqlite_store), base_url="http://127.0.0.1", follow_redirects=False)

    def as_(name):
        return {"Authorization": f"Bearer {tokens[name]}"}

    return sqlite_store, client, as_, ids


def test_a_viewer_gets_403_on_every_new_write(world):
    _store, c, as_, ids = world
    cite = {"document": ids["public_doc"], "start": 0, "end": 10}
    writes = [
        ("/api/notes", {"kind": "entity", "target": "CVN", "text": "x"}),
        ("/api/investigations", {"name": "x", "entities": ["CVN"]}),
        ("/api/investigations/1/delete", {}),
        ("/api/review/bulk", {"action": "reject", "keys": ["0" * 64]}),
        ("/api/manual/entity", {"type": "person", "name": "X", "citation": cite}),
        ("/api/manual/relation", {"subject": "CVN", "predicate": "founded", "value": "1", "citation": cite}),
    ]
    for url, body in writes:
        assert c.post(url, json=body, headers=as_("vera")).status_code == 403, url


def test_a_note_on_a_confidential_document_is_invisible_to_an_outsider(world):
    store, c, as_, ids = world
    r = c.post(
        "/api/notes",
        json={"kind": "document", "target": str(ids["secret_doc"]), "text": "Cousin <b>"},
        headers=as_("ines"),
    )
    assert r.status_code == 200 and r.json()["author"] == "ines"
    assert [
        n["text"] for n in c.get(f"/api/notes?doc_id={ids['secret_doc']}", headers=as_("ines")).json()
    ] == ["Cousin <b>"]
    hidden = c.get(f"/api/notes?doc_id={ids['secret_doc']}", headers=as_("ed"))
    missing = c.get("/api/notes?doc_id=999999", headers=as_("ed"))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"].replace(str(ids["secret_doc"]), "N") == missing.json()["detail"].replace(
        "999999", "N"
    )
    assert c.get("/api/notes", headers=as_("ed")).json() == []
    # Escaped where shown: the page renders no note text itself (notes.js sets textContent),
    # and the JSON is JSON.
    r = c.post(
        "/api/notes",
        json={"kind": "entity", "target": "CVN", "text": "<script>alert(1)</script>"},
        headers=as_("ed"),
    )
    assert r.status_code == 200
    page = c.get("/entity/cvn", headers=as_("ed")).text
    assert "<script>alert(1)</script>" not in page and 'data-kind="entity"' in page
    assert 'class="note-form"' in page and 'class="manual-form"' in page
    page = c.get("/entity/cvn", headers=as_("vera")).text  # a viewer reads notes, writes none
    assert 'data-kind="entity"' in page and "note-form" not in page and "manual-form" not in page
    with store.session() as s:
        actions = [a for (a,) in s.execute(select(AuditEvent.action).where(AuditEvent.action == "note.add"))]
    assert actions == ["note.add", "note.add"]


def test_bulk_reject_and_a_manual_relation_through_the_api(world):
    store, c, as_, ids = world
    leads = _key(store, "leads")
    r = c.post(
        "/api/review/bulk",
        json={"action": "reject", "keys": [leads[:12]], "sentence": True},
        headers=as_("ed"),
    )
    assert r.status_code == 200 and [j["status"] for j in r.json()["judgements"]] == ["rejected"]
    cite = {"document": ids["public_doc"], "start": 0, "end": 38}
    body = {"subject": "CVN", "predicate": "founded", "value": "2011", "citation": cite, "note": "court file"}
    r = c.post("/api/manual/relation", json=body, headers=as_("ed"))
    assert r.status_code == 200, r.text
    claim = c.get(f"/api/claims/{r.json()['claim']}", headers=as_("ed")).json()
    assert claim["status"] == "accepted" and claim["evidence"][0]["start"] == 0
    (entry,) = c.get("/api/entities/cvn/manual", headers=as_("ed")).json()
    assert entry["author"] == "ed" and entry["citation"]["quote"] == "Aurelio Quintana Robles leads the CVN."
    bad = c.post("/api/manual/relation", json={**body, "citation": {**cite, "end": 10**6}}, headers=as_("ed"))
    assert bad.status_code == 400 and "not within document" in bad.json()["detail"]
    hidden = {**body, "citation": {"document": ids["secret_doc"], "start": 0, "end": 10}}
    assert c.post("/api/manual/relation", json=hidden, headers=as_("ed")).status_code == 404
    refused = {
        **body,
        "citation": {"url": "https://example.org/a", "quote": "CVN", "collection": "confidential"},
    }
    assert c.post("/api/manual/relation", json=refused, headers=as_("ed")).status_code == 403


def test_an_investigation_permalink_opens_only_for_readers_of_its_collections(world):
    _store, c, as_, _ids = world
    body = {"name": "Money", "entities": ["Eulogio Serna Paz", "CVN"], "view": {"min_corroboration": "1"}}
    assert c.post("/api/investigations", json=body, headers=as_("ed")).status_code == 404  # hidden name
    inv = c.post("/api/investigations", json=body, headers=as_("ines")).json()
    page = c.get(inv["permalink"], headers=as_("ines"))
    assert (
        page.status_code == 200
        and "Eulogio Serna Paz" in page.text
        and "focus=eulogio-serna-paz" in page.text
    )
    assert c.get(inv["permalink"], headers=as_("ed")).status_code == 404
    assert c.get(f"/api/investigations/{inv['id']}", headers=as_("ed")).status_code == 404
    assert c.get("/investigations", headers=as_("ed")).text.count("/investigations/") == 0
    assert c.post(f"/api/investigations/{inv['id']}/delete", headers=as_("ed")).status_code == 404
    assert c.post(f"/api/investigations/{inv['id']}/delete", headers=as_("ines")).json()["deleted"]
