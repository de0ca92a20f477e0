"""Claim spans in the knowledge base: consolidated from the evidence, ended by a death
(unless a human rejected it), kept by rebuilds, and read as of a year."""

from datetime import date

from sqlalchemy import select

from redes import kb
from redes.analyse.graph_build import build_graph
from redes.analyse.options import GraphFilters
from redes.kb import review, spans
from redes.store.models import Claim, Entity
from tests.kb.kbfixtures import Doc, cartel_corpus


def _since(corpus):
    """A report that El Halcón has led the CVN since March 2014, and one that names a
    former member of it."""
    d = Doc(
        "Aurelio Quintana Robles has led the CVN since March 2014. "
        "Tomás Peña Soto, a former member of the CVN, testified.",
        publisher="El Norte",
        published="2020-05-04",
    )
    d.entity("m", "person", "Aurelio Quintana Robles").entity("g", "criminal_group", "CVN")
    d.entity("t", "person", "Tomás Peña Soto")
    d.rel("leads", "m", "g", "Aurelio Quintana Robles has led the CVN since March 2014.", start="2014-03")
    d.rel("member_of", "t", "g", "Tomás Peña Soto, a former member of the CVN, testified.", end_cue="unknown")
    corpus.add(d, "since.txt")
    return corpus


def _claims(store, predicate, name):
    with store.session() as s:
        person = s.scalar(select(Entity).where(Entity.name == name))
        return s.scalars(
            select(Claim).where(Claim.subject_id == person.id, Claim.predicate == predicate)
        ).all()


def _leads(d):
    return [g for g in d["relations"].get("leads", []) if g["direction"] == "out"]


def test_start_and_death_give_every_leads_claim_its_span(store, monkeypatch):
    corpus = _since(cartel_corpus(store)).install(monkeypatch)
    kb.update(store, corpus.ids)
    leads = _claims(store, "leads", "Aurelio Quintana Robles")
    assert leads
    for c in leads:  # every claim of the fact, not only the one whose sentence said it
        assert (c.start_date, c.start_precision) == (date(2014, 3, 1), "month")
        assert (c.end_date, c.end_precision, c.end_basis) == (date(2026, 2, 22), "day", "death")
    # "former member": ended at an unknown date, no later than the document saying so.
    (member,) = _claims(store, "member_of", "Tomás Peña Soto")
    assert (member.end_date, member.end_precision, member.end_basis) == (date(2020, 5, 4), "unknown", "text")


def test_dossier_as_of_lists_ended_relations_as_past(sqlite_store, monkeypatch):
    corpus = _since(cartel_corpus(sqlite_store)).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    now = kb.dossier(sqlite_store, "El Halcón")
    assert not _leads(now) and now["as_of"] is None
    (past,) = now["past"]["leads"]
    assert past["current"] is False
    assert past["span"] == "2014-03–2026-02-22 (death)"
    then = kb.dossier(sqlite_store, "El Halcón", as_of=2020)
    (line,) = _leads(then)
    assert line["current"] is True and "leads" not in then["past"]
    # Before it began: neither current nor past.
    before = kb.dossier(sqlite_store, "El Halcón", as_of=2010)
    assert not _leads(before) and "leads" not in before["past"]
    # The timeline chart draws the span as a bar.
    bars = [t for t in now["spans"] if t["predicate"] == "leads"]
    assert bars and bars[0]["start"] == "2014-03" and bars[0]["end"] == "2026-02-22"
    # "former": not current now, not ruled out before the document that said it.
    member = kb.dossier(sqlite_store, "Tomás Peña Soto")
    assert member["past"]["member_of"][0]["span"] == "former, ended by 2020"
    assert kb.dossier(sqlite_store, "Tomás Peña Soto", as_of=2019)["relations"]["member_of"]


def test_a_rejected_death_ends_nothing(sqlite_store, monkeypatch):
    corpus = cartel_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    assert all(c.end_basis == "death" for c in _claims(sqlite_store, "leads", "Aurelio Quintana Robles"))
    (died,) = _claims(sqlite_store, "died", "Aurelio Quintana Robles")
    review.reject(sqlite_store, died.key)
    assert all(c.end_date is None for c in _claims(sqlite_store, "leads", "Aurelio Quintana Robles"))
    assert _leads(kb.dossier(sqlite_store, "El Halcón"))
    # The judgement holds after a rebuild.
    kb.rebuild(sqlite_store)
    assert all(c.end_date is None for c in _claims(sqlite_store, "leads", "Aurelio Quintana Robles"))


def test_rebuild_keeps_spans(store, monkeypatch):
    corpus = _since(cartel_corpus(store)).install(monkeypatch)
    kb.update(store, corpus.ids)
    before = {c.key: spans.span_fields(c) for c in _claims(store, "leads", "Aurelio Quintana Robles")}
    kb.rebuild(store)
    after = {c.key: spans.span_fields(c) for c in _claims(store, "leads", "Aurelio Quintana Robles")}
    assert after == before and after


def test_graph_as_of_honours_spans(sqlite_store, monkeypatch):
    corpus = _since(cartel_corpus(sqlite_store)).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)

    def tie(year):
        g = build_graph(sqlite_store, GraphFilters(as_of=year))
        names = {v.index: v["label"] for v in g.vs}
        return any(
            {names[e.source], names[e.target]} == {"Aurelio Quintana Robles", "Cártel del Valle Nuevo"}
            for e in g.es
        )

    assert tie(2020) and not tie(2027) and not tie(2010)


def test_holds_at_and_labels():
    open_since = {"start": "2014", "end": None, "end_precision": None}
    assert spans.holds_at(open_since, 2014) and spans.holds_at(open_since, 2030)
    assert not spans.holds_at(open_since, 2013) and spans.label(open_since) == "since 2014"
    ranged = {"start": "2010", "end": "2012", "end_precision": "year", "end_basis": "text"}
    assert spans.holds_at(ranged, 2012) and not spans.holds_at(ranged, 2013)
    assert spans.label(ranged) == "2010–2012"
    former = {"start": None, "end": "2020-05-04", "end_precision": "unknown", "end_basis": "text"}
    assert spans.holds_at(former, 2019) and not spans.holds_at(former, 2020)
    assert spans.label({"end": None, "end_precision": "unknown"}) == "former"
    assert spans.label({"end": "2026", "end_precision": "year", "end_basis": "death"}) == "until 2026 (death)"
    assert spans.parse_partial("2014-03") == (date(2014, 3, 1), "month")
    assert spans.parse_partial("2014-13") is None and spans.parse_partial("unknown") is None


def test_a_reader_sees_only_the_spans_its_documents_give(sqlite_store, monkeypatch):
    """The death report in a collection the reader may not read ends nothing for them: a
    span never tells what an unreadable document says (dossier and graph alike)."""
    from sqlalchemy import update

    from redes.access.scope import Scope
    from redes.store.models import Document

    corpus = cartel_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    with sqlite_store.session() as s:
        public = sqlite_store.collection(s, "public").id
        secret = sqlite_store.collection(s, "secret").id
        s.execute(update(Document).where(Document.file_name == "e.txt").values(collection_id=secret))
    reader = sqlite_store.scoped(Scope("reader", "viewer", frozenset({public}), frozenset()))
    (line,) = _leads(kb.dossier(reader, "El Halcón"))
    assert line["current"] is True and line["end"] is None and line["span"] is None
    assert "leads" in kb.dossier(sqlite_store, "El Halcón")["past"]

    def tie(store):
        g = build_graph(store, GraphFilters(as_of=2027))
        return any(
            {g.vs[e.source]["label"], g.vs[e.target]["label"]}
            == {"Aurelio Quintana Robles", "Cártel del Valle Nuevo"}
            for e in g.es
        )

    assert tie(reader) and not tie(sqlite_store)
