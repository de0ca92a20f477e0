"""Entities and relations added by hand: a citation checked against the document, an
accepted claim of origin "manual" that a rebuild makes again, undo, and scope."""

import io
import json

import pytest
from followthemoney import model
from sqlalchemy import select

from redes import kb
from redes.export.ftm import write_ftm
from redes.kb import manual, review
from redes.store.models import Claim, Document
from tests.kb.kbfixtures import Doc
from tests.kb.test_notes import outsider, two_collection_corpus


def test_a_relation_added_by_hand_cites_a_span_and_survives_a_rebuild(store, monkeypatch):
    _corpus, ids = two_collection_corpus(store, monkeypatch)
    with store.session() as s:
        text = s.get(Document, ids["public_doc"]).text
    citation = manual.cite(store, document=ids["public_doc"], start=0, end=len(text))
    out = manual.add_relation(
        store, "CVN", "founded", citation, value="2011", author="ana", note="court file"
    )
    assert out["status"] == "accepted"
    kb.rebuild(store)
    claim = kb.claim(store, out["claim"])
    assert claim["status"] == "accepted" and claim["value"] == "2011"
    assert [(e["document"]["id"], e["quote"]) for e in claim["evidence"]] == [(ids["public_doc"], text)]
    with store.session() as s:
        assert s.scalar(select(Claim.origin).where(Claim.key == out["claim"])) == "manual"
    (entry,) = manual.entries(store, "cvn")
    assert entry["author"] == "ana" and entry["citation"]["quote"] == text and entry["value"] == "2011"
    # Undo takes the claim away at once, and the rebuild does not bring it back.
    review.undo(store, out["judgement"])
    assert kb.list_claims(store, predicate="founded") == []
    kb.rebuild(store)
    assert kb.list_claims(store, predicate="founded") == [] and manual.entries(store, "cvn") == []


def test_a_citation_is_checked_against_the_document(store, monkeypatch):
    _corpus, ids = two_collection_corpus(store, monkeypatch)
    with pytest.raises(manual.ManualError, match="not within document"):
        manual.cite(store, document=ids["public_doc"], start=10, end=10_000)
    with pytest.raises(manual.ManualError, match="either a document span"):
        manual.cite(store, document=ids["public_doc"], start=0, end=5, url="https://example.org/a")
    with pytest.raises(manual.ManualError, match="not an http"):
        manual.cite(store, url="javascript:alert(1)", quote="x")
    with pytest.raises(LookupError, match="no document"):  # hidden: as if it did not exist
        manual.cite(outsider(store, ids), document=ids["secret_doc"], start=0, end=5)
    citation = manual.cite(store, document=ids["public_doc"], start=0, end=10)
    with pytest.raises(manual.ManualError, match="two entities"):
        manual.add_relation(store, "CVN", "leads", citation, value="x")
    with pytest.raises(manual.ManualError, match="one of"):
        manual.add_relation(store, "CVN", "bribes", citation, obj="Aurelio Quintana Robles")
    # A nationality is kept as a country code, as extraction and the lists write it.
    with pytest.raises(manual.ManualError, match="a nationality is a country"):
        manual.add_relation(store, "Aurelio Quintana Robles", "nationality", citation, value="Atlantis")
    added = manual.add_relation(store, "Aurelio Quintana Robles", "nationality", citation, value="México")
    assert kb.claim(store, added["claim"])["value"] == "mx"
    # An identifier is a CURP or an RFC, kept without separators and with its kind.
    with pytest.raises(manual.ManualError, match="a CURP or an RFC"):
        manual.add_relation(store, "Aurelio Quintana Robles", "identifier", citation, value="12345")
    added = manual.add_relation(store, "Aurelio Quintana Robles", "identifier", citation, value="quar-800101-ab1")
    claim = kb.claim(store, added["claim"])
    assert (claim["value"], claim["detail"]) == ("QUAR800101AB1", "RFC")
    # The FtM export gives it as the person's tax number.
    out = io.StringIO()
    write_ftm(store, out)
    exported = [model.get_proxy(json.loads(line), cleaned=False) for line in out.getvalue().splitlines()]
    (person,) = [e for e in exported if e.schema.name == "Person" and "Aurelio" in e.caption]
    assert person.get("taxNumber") == ["QUAR800101AB1"]


def test_an_entity_added_by_hand_with_a_url_is_seen_by_readers_of_its_collection(store, monkeypatch):
    corpus, ids = two_collection_corpus(store, monkeypatch)
    quote = "Rosendo Ibarra Gil, the CVN's lawyer, was detained."
    with pytest.raises(manual.ManualError, match="does not name"):
        manual.add_entity(
            store, "person", "Nadie Fulano", manual.cite(store, url="https://example.org/n", quote=quote)
        )
    citation = manual.cite(store, url="https://example.org/news/1", quote=quote, collection="confidential")
    added = manual.add_entity(store, "person", "Rosendo Ibarra Gil", citation, author="ana")
    assert added["entity"]["id"] == "rosendo-ibarra-gil"
    relation = manual.add_relation(
        store, "Rosendo Ibarra Gil", "member_of", citation, obj="CVN", detail="lawyer"
    )
    corpus.by_text[quote] = Doc(quote)  # the cited words are a document: the machine reads them too
    kb.rebuild(store)
    dossier = kb.dossier(store, "rosendo-ibarra-gil")
    assert dossier["name"] == "Rosendo Ibarra Gil"
    kinds = {e["kind"] for e in manual.entries(store, "Rosendo Ibarra Gil")}
    assert kinds == {"manual-entity", "manual-relation"}
    (entry,) = [e for e in manual.entries(store, "CVN")]
    assert entry["citation"]["url"] == "https://example.org/news/1" and entry["claim"] == relation["claim"]
    # In the confidential collection: an outsider sees neither the entity nor the relation.
    luis = outsider(store, ids)
    with pytest.raises(kb.LookupFailed):
        kb.dossier(luis, "Rosendo Ibarra Gil")
    assert manual.entries(luis, "CVN") == []
    with pytest.raises(PermissionError, match="may not write"):
        manual.cite(luis, url="https://example.org/x", quote="CVN", collection="confidential")
    with pytest.raises(manual.ManualError, match="already the person"):
        manual.add_entity(store, "person", "rosendo ibarra gil", citation)


def test_undoing_an_entity_added_by_hand_takes_it_away(store, monkeypatch):
    _corpus, ids = two_collection_corpus(store, monkeypatch)
    with store.session() as s:
        text = s.get(Document, ids["public_doc"]).text
    citation = manual.cite(store, document=ids["public_doc"], start=0, end=len(text))
    with pytest.raises(manual.ManualError, match="already the person"):
        manual.add_entity(store, "person", "Aurelio Quintana Robles", citation)
    added = manual.add_entity(store, "organization", "Quintana", citation, author="ana")
    assert added["entity"]["id"] in [e["id"] for e in kb.find(store, "Quintana")]
    review.undo(store, added["judgement"])
    assert added["entity"]["id"] not in [e["id"] for e in kb.find(store, "Quintana")]
    kb.rebuild(store)
    assert added["entity"]["id"] not in [e["id"] for e in kb.find(store, "Quintana")]
