"""Bulk review: several claims at once, and a rejection that covers every claim drawn only
from the same sentence; each decision is its own judgement, undone alone."""

import pytest

from redes import kb
from redes.kb import review
from tests.kb.kbfixtures import Corpus, Doc


def sentence_corpus(store, monkeypatch) -> Corpus:
    c = Corpus(store)
    t = "The CVN, founded in 2009 or 2011 by Aurelio Quintana Robles, grew."
    d = Doc(t, publisher="A", published="2020-01-01")
    d.entity("a", "person", "Aurelio Quintana Robles").entity("g", "criminal_group", "CVN")
    d.rel("founded", "g", None, t, value="2009").rel("founded", "g", None, t, value="2011")
    c.add(d.rel("leads", "a", "g", t), "one.txt")
    t = "Aurelio Quintana Robles leads the CVN."
    d = (
        Doc(t, publisher="B")
        .entity("a", "person", "Aurelio Quintana Robles")
        .entity("g", "criminal_group", "CVN")
    )
    c.add(d.rel("leads", "a", "g", t), "two.txt")
    c.install(monkeypatch)
    kb.update(store, c.ids)
    return c


def _key(store, predicate, value=None):
    return next(
        c["key"] for c in kb.list_claims(store, predicate=predicate) if value is None or c["value"] == value
    )


def test_rejecting_a_sentence_rejects_the_claims_only_it_supports(store, monkeypatch):
    sentence_corpus(store, monkeypatch)
    k2009, k2011, leads = _key(store, "founded", "2009"), _key(store, "founded", "2011"), _key(store, "leads")
    out = review.judge_many(store, "reject", [k2009[:12]], sentence=True, author="ana")
    assert [j["claim"] for j in out["judgements"]] == [k2009, k2011]
    assert out["left"] == [leads]  # another document supports it: left for its own decision
    assert kb.claim(store, leads)["status"] == "machine"
    kb.rebuild(store)
    assert {kb.claim(store, k)["status"] for k in (k2009, k2011)} == {"rejected"}
    # Each judgement is undone alone.
    review.undo(store, out["judgements"][1]["judgement"])
    assert kb.claim(store, k2011)["status"] == "machine"
    assert kb.claim(store, k2009)["status"] == "rejected"


def test_accepting_several_claims_checks_every_key_first(store, monkeypatch):
    sentence_corpus(store, monkeypatch)
    k2009, leads = _key(store, "founded", "2009"), _key(store, "leads")
    with pytest.raises(LookupError):
        review.judge_many(store, "accept", [k2009, "f" * 64])
    assert kb.claim(store, k2009)["status"] == "machine"  # nothing decided
    out = review.judge_many(store, "accept", [k2009, leads, k2009])
    assert [j["status"] for j in out["judgements"]] == ["accepted", "accepted"]
    with pytest.raises(review.ReviewError, match="only a rejection"):
        review.judge_many(store, "accept", [k2009], sentence=True)
