"""Corroboration counts independent sources: copies of one text (a reprint, an excerpt;
``redes.ingest.neardup``) are one source, whoever published them (issue 13)."""

from sqlalchemy import select

from redes import kb
from redes.analyse.graph_build import build_graph
from redes.ingest import neardup
from redes.kb import render
from redes.kb.pipeline import apply_extractions
from redes.store.models import Document
from tests.kb.kbfixtures import Corpus, Doc

RELEASE = (
    "Los Caracoles fight the Cártel del Golfo Azul in the north of the state, the ministry said "
    "on Monday in a statement that listed the towns where both groups had clashed this year."
)


def _doc(text: str, publisher: str, published: str) -> Doc:
    sentence = text[text.index("Los Caracoles") :].split(",")[0]
    return (
        Doc(text, publisher=publisher, published=published)
        .entity("a", "criminal_group", "Los Caracoles")
        .entity("b", "criminal_group", "Cártel del Golfo Azul")
        .rel("rival_of", "a", "b", sentence)
    )


def _corpus(store, monkeypatch) -> Corpus:
    corpus = Corpus(store).install(monkeypatch)
    corpus.add(_doc(RELEASE, "Ministry of Security", "2024-03-01"), "release.txt")
    corpus.add(_doc("REPRINTED. " + RELEASE, "Daily Courier", "2024-03-02"), "reprint.txt")
    corpus.add(
        _doc(
            "A reporter saw it: Los Caracoles fight the Cártel del Golfo Azul near the port.",
            "AP",
            "2024-04-01",
        ),
        "report.txt",
    )
    with store.session() as s:
        neardup.regroup(s, corpus.ids)
    apply_extractions(store, corpus.results())
    return corpus


def test_two_copies_count_as_one_document_and_one_publisher(sqlite_store, monkeypatch):
    _corpus(sqlite_store, monkeypatch)
    (claim,) = kb.list_claims(sqlite_store, predicate="rival_of")
    c = claim["corroboration"]
    assert (c["documents"], c["copies"], c["publishers"]) == (2, 3, 2)
    assert (c["first_seen"], c["last_seen"]) == ("2024-03-01", "2024-04-01")
    assert kb.list_claims(sqlite_store, predicate="rival_of", min_documents=3) == []
    assert len(kb.list_claims(sqlite_store, predicate="rival_of", min_documents=2)) == 1


def test_the_dossier_says_two_copies_of_one_text(sqlite_store, monkeypatch):
    _corpus(sqlite_store, monkeypatch)
    d = kb.dossier(sqlite_store, "Los Caracoles")
    (line,) = d["relations"]["rival_of"]
    assert (line["corroboration"]["documents"], line["corroboration"]["copies"]) == (2, 3)
    copies = {s["file_name"]: s["copies"] for s in d["sources"]}
    assert copies == {"release.txt": [2], "reprint.txt": [1], "report.txt": []}
    out = render.text(d)
    assert "2 documents (3 copies), 2 publishers" in out
    assert "release.txt — Ministry of Security — 2024-03-01 — 2 copies of one text, with [2]" in out


def test_the_graph_weighs_an_edge_by_independent_sources(sqlite_store, monkeypatch):
    _corpus(sqlite_store, monkeypatch)
    g = build_graph(sqlite_store)
    (edge,) = g.es
    assert edge["weight"] == 2 and edge["publishers"] == 2


def test_a_rebuild_recomputes_the_same_groups(sqlite_store, monkeypatch):
    corpus = _corpus(sqlite_store, monkeypatch)
    with sqlite_store.session() as s:
        s.execute(Document.__table__.update().values(source_group=None, minhash=None))
    kb.rebuild(sqlite_store)
    with sqlite_store.session() as s:
        groups = dict(s.execute(select(Document.id, Document.source_group)).all())
    release, reprint, report = corpus.ids
    assert groups == {release: release, reprint: release, report: report}
    (claim,) = kb.list_claims(sqlite_store, predicate="rival_of")
    assert claim["corroboration"]["documents"] == 2
