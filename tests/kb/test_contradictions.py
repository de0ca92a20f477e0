"""Contradictions among single-valued facts, with both sides' evidence."""

import pytest

from redes import kb
from redes.kb.pipeline import apply_extractions
from tests.kb.kbfixtures import Corpus, Doc, cartel_corpus


def _apply(corpus):
    apply_extractions(corpus.store, corpus.results())


def _person_doc(text, published, publisher="X", **rel):
    d = Doc(text, publisher=publisher, published=published).entity("p", "person", "Leonel Cázares Bravo")
    return d.rel(rel.pop("type"), "p", None, text, **rel)


def test_founding_year_conflict_shows_both_sides(sqlite_store, monkeypatch):
    corpus = cartel_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    (c,) = kb.contradictions(sqlite_store, kind="founded")
    assert c["subject"]["name"] == "Cártel del Valle Nuevo"
    assert [s["value"] for s in c["sides"]] == ["2009", "2011"]
    assert c["sides"][0]["evidence"][0]["quote"] == "The CVN was founded in 2009."
    assert c["sides"][1]["evidence"][0]["document"]["file_name"] == "b.txt"
    assert "2009 vs 2011" in c["summary"]


def test_founder_year_from_a_leads_claim_counts(sqlite_store):
    corpus = Corpus(sqlite_store)
    t1 = "Los Caracoles were founded in 1999."
    corpus.add(
        Doc(t1).entity("z", "criminal_group", "Los Caracoles").rel("founded", "z", None, t1, value="1999")
    )
    t2 = "Ramiro Peña Solís founded Los Caracoles in 1997."
    d = Doc(t2).entity("p", "person", "Ramiro Peña Solís").entity("z", "criminal_group", "Los Caracoles")
    corpus.add(d.rel("leads", "p", "z", t2, year=1997, detail="founder"))
    _apply(corpus)
    (c,) = kb.contradictions(sqlite_store)
    assert [s["value"] for s in c["sides"]] == ["1997", "1999"]
    assert c["sides"][0]["claims"][0]["predicate"] == "leads"


def test_agreeing_sources_are_no_contradiction(sqlite_store):
    corpus = Corpus(sqlite_store)
    for t in ("Los Caracoles were founded in 1999.", "Los Caracoles, founded in 1999, split later."):
        corpus.add(
            Doc(t).entity("z", "criminal_group", "Los Caracoles").rel("founded", "z", None, t, value="1999")
        )
    _apply(corpus)
    assert kb.contradictions(sqlite_store) == []


def test_leading_after_reported_death(sqlite_store):
    corpus = Corpus(sqlite_store)
    t1 = "Baltazar Ibarra Mena died in 2010."
    corpus.add(Doc(t1).entity("n", "person", "Baltazar Ibarra Mena").rel("died", "n", None, t1, value="2010"))
    t2 = "In 2013 Baltazar Ibarra Mena led the Los Tejones."
    d = Doc(t2).entity("n", "person", "Baltazar Ibarra Mena").entity("g", "criminal_group", "Los Tejones")
    corpus.add(d.rel("leads", "n", "g", t2, year=2013))
    t3 = "In 2006 Baltazar Ibarra Mena led La Hermandad del Sur."
    d = (
        Doc(t3)
        .entity("n", "person", "Baltazar Ibarra Mena")
        .entity("g", "criminal_group", "La Hermandad del Sur")
    )
    corpus.add(d.rel("leads", "n", "g", t3, year=2006))
    _apply(corpus)
    (c,) = kb.contradictions(sqlite_store)
    assert c["kind"] == "active_after_death"
    late = next(s for s in c["sides"] if s["value"] == "active later")
    assert [ev["quote"] for ev in late["evidence"]] == [t2]


def test_two_rewards_at_the_same_time_conflict(sqlite_store):
    corpus = Corpus(sqlite_store)
    for amount, published in (
        ("5000000", "2023-01-10"),
        ("20000000", "2023-05-10"),
        ("15000000", "2024-12-04"),
    ):
        text = f"The State Department offers USD {amount} for Leonel Cázares Bravo."
        corpus.add(
            _person_doc(text, published, type="reward", value=f"USD {amount}", detail="State Department")
        )
    _apply(corpus)
    (c,) = kb.contradictions(sqlite_store, kind="reward")
    assert c["time"] == "2023"
    assert [s["value"] for s in c["sides"]] == ["USD 20000000", "USD 5000000"]


def test_one_document_giving_two_amounts_describes_a_change(sqlite_store):
    corpus = Corpus(sqlite_store)
    text = "The reward for Leonel Cázares Bravo rose from USD 10000000 to USD 15000000."
    d = Doc(text, published="2024-12-04").entity("p", "person", "Leonel Cázares Bravo")
    d.rel("reward", "p", None, text, value="USD 10000000", detail="State Department")
    d.rel("reward", "p", None, text, value="USD 15000000", detail="State Department")
    corpus.add(d)
    _apply(corpus)
    assert kb.contradictions(sqlite_store) == []


@pytest.mark.parametrize(
    ("ages", "conflict"),
    [
        ((("59", "2026-02-23"), ("58", "2025-03-01")), False),  # the same birth year
        ((("59", "2026-02-23"), ("40", "2025-03-01")), True),
        ((("59", None), ("40", None)), False),  # undated: no common time to compare at
    ],
)
def test_ages_conflict_through_the_birth_year_they_imply(sqlite_store, ages, conflict):
    corpus = Corpus(sqlite_store)
    for age, published in ages:
        text = f"Leonel Cázares Bravo was {age} when reported on {published}."
        corpus.add(_person_doc(text, published, type="age", value=age))
    _apply(corpus)
    assert bool(kb.contradictions(sqlite_store, kind="age")) is conflict


def test_rejected_claims_take_no_part(sqlite_store, monkeypatch):
    corpus = cartel_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    (c,) = kb.contradictions(sqlite_store, kind="founded")
    from redes.kb import review

    review.reject(sqlite_store, c["sides"][0]["claims"][0]["key"])
    assert kb.contradictions(sqlite_store, kind="founded") == []
