"""Notes and saved investigations: stable targets that outlive a rebuild, and the
reader's scope (a note on something hidden is itself hidden; a viewer writes nothing)."""

import pytest
from sqlalchemy import update

from redes import kb
from redes.access.scope import Scope
from redes.kb import investigations, notes, review
from redes.store.models import Collection, Document
from tests.kb.kbfixtures import Corpus, Doc


def two_collection_corpus(store, monkeypatch) -> tuple[Corpus, dict[str, int]]:
    """A public report on the CVN and a confidential one naming its hidden accountant."""
    c = Corpus(store)
    t = "Aurelio Quintana Robles leads the CVN."
    d = Doc(t, publisher="A", published="2020-01-01")
    d.entity("a", "person", "Aurelio Quintana Robles").entity("g", "criminal_group", "CVN")
    public = c.add(d.rel("leads", "a", "g", t), "public.txt")
    t = "Eulogio Serna Paz launders money for the CVN."
    d = Doc(t, publisher="B", published="2021-01-01")
    d.entity("e", "person", "Eulogio Serna Paz").entity("g", "criminal_group", "CVN")
    secret = c.add(d.rel("member_of", "e", "g", t, detail="accountant"), "secret.txt")
    with store.session() as s:
        coll = store.collection(s, "confidential")
        s.execute(update(Collection).where(Collection.id == coll.id).values(visibility="confidential"))
        s.execute(update(Document).where(Document.id == secret).values(collection_id=coll.id))
        ids = {"public": store.collection(s, "public").id, "confidential": coll.id}
    c.install(monkeypatch)
    kb.update(store, c.ids)
    return c, {"public_doc": public, "secret_doc": secret, **ids}


def outsider(store, ids, role="editor"):
    return store.scoped(Scope("luis", role, frozenset({ids["public"]}), frozenset({ids["public"]}), 7))


def test_notes_on_entities_claims_and_documents_survive_a_rebuild(store, monkeypatch):
    corpus, ids = two_collection_corpus(store, monkeypatch)
    (leads,) = kb.list_claims(store, predicate="leads")
    notes.add(store, "entity", "Aurelio Quintana Robles", "Check the 2019 court file.", "ana")
    notes.add(store, "claim", leads["key"][:12], "Two sources only.", "ana")
    notes.add(store, "document", str(ids["public_doc"]), "Translated by <b>Ana</b>.", "ana")
    kb.rebuild(store)  # every entity and claim row is renumbered
    (entity_note,) = notes.list_for(store, "entity", "aurelio-quintana-robles")
    assert entity_note["text"] == "Check the 2019 court file." and entity_note["author"] == "ana"
    assert entity_note["target"]["name"] == "Aurelio Quintana Robles"
    (claim_note,) = notes.list_for(store, "claim", leads["key"])
    assert claim_note["target"] == {"kind": "claim", "id": leads["key"]}
    (doc_note,) = notes.list_for(store, "document", str(ids["public_doc"]))
    assert doc_note["text"] == "Translated by <b>Ana</b>."  # stored as written, escaped where shown
    assert [n["id"] for n in notes.recent(store)] == [3, 2, 1]


def test_a_note_on_a_hidden_thing_is_hidden(store, monkeypatch):
    _corpus, ids = two_collection_corpus(store, monkeypatch)
    notes.add(store, "document", str(ids["secret_doc"]), "Source is the cousin.", "ana")
    notes.add(store, "entity", "Eulogio Serna Paz", "Meets him on Fridays.", "ana")
    notes.add(store, "entity", "CVN", "Public note.", "ana")
    luis = outsider(store, ids)
    with pytest.raises(LookupError, match="no document"):
        notes.list_for(luis, "document", str(ids["secret_doc"]))
    with pytest.raises(LookupError, match="matches no entity"):
        notes.list_for(luis, "entity", "Eulogio Serna Paz")
    with pytest.raises(LookupError, match="matches no entity"):
        notes.add(luis, "entity", "eulogio-serna-paz", "probing", "luis")
    assert [n["text"] for n in notes.recent(luis)] == ["Public note."]
    assert len(notes.recent(store)) == 3


def test_a_viewer_writes_no_note_and_notes_are_capped(store, monkeypatch):
    _corpus, ids = two_collection_corpus(store, monkeypatch)
    with pytest.raises(PermissionError):
        notes.add(outsider(store, ids, "viewer"), "entity", "CVN", "hello", "v")
    with pytest.raises(notes.NoteError, match="at most"):
        notes.add(store, "entity", "CVN", "x" * (notes.MAX_TEXT + 1))
    with pytest.raises(notes.NoteError, match="some text"):
        notes.add(store, "entity", "CVN", "   ")
    with pytest.raises(notes.NoteError, match="one of"):
        notes.add(store, "person", "CVN", "hello")


def test_an_investigation_reopens_on_its_entities_for_those_who_may_read_it(store, monkeypatch):
    _corpus, ids = two_collection_corpus(store, monkeypatch)
    luis = outsider(store, ids)
    public = investigations.create(
        luis, "CVN leadership", ["CVN", "Aurelio Quintana Robles"], {"types": "person,criminal_group"}, "luis"
    )
    assert public["permalink"] == f"/investigations/{public['id']}"
    assert [e["id"] for e in public["entities"]] == ["cvn", "aurelio-quintana-robles"]
    assert public["network"].startswith("/network?types=person%2Ccriminal_group&focus=cvn%2C")
    secret = investigations.create(store, "Money", ["Eulogio Serna Paz", "CVN"], {}, None)
    notes.add(store, "investigation", str(secret["id"]), "Follow the money.", "ana")
    kb.rebuild(store)
    assert [e["name"] for e in investigations.get(store, secret["id"])["entities"]][0] == "Eulogio Serna Paz"
    # The owner read the confidential collection when saving it: the outsider may not open it.
    assert [i["id"] for i in investigations.list_all(luis)] == [public["id"]]
    with pytest.raises(LookupError, match="no investigation"):
        investigations.get(luis, secret["id"])
    with pytest.raises(LookupError, match="no investigation"):
        notes.list_for(luis, "investigation", str(secret["id"]))
    with pytest.raises(investigations.InvestigationError, match="unknown view filter"):
        investigations.create(store, "x", ["CVN"], {"colour": "red"})
    with pytest.raises(PermissionError, match="belongs to luis"):
        investigations.delete(store.scoped(Scope("ana", "editor", None, None, 8)), public["id"], "ana")
    investigations.delete(store, secret["id"])
    assert notes.recent(store) == []
    with pytest.raises(LookupError):
        investigations.get(store, secret["id"])


def test_a_note_follows_its_entity_into_a_merge(store, monkeypatch):
    _corpus, ids = two_collection_corpus(store, monkeypatch)
    notes.add(store, "entity", "Eulogio Serna Paz", "Same man as the CVN's boss?", "ana")
    review.merge(store, "Aurelio Quintana Robles", "Eulogio Serna Paz")
    kb.rebuild(store)
    (note,) = notes.list_for(store, "entity", "aurelio-quintana-robles")
    assert note["text"] == "Same man as the CVN's boss?"
    assert [n["text"] for n in notes.recent(store)] == ["Same man as the CVN's boss?"]
