"""The review queue by extractor: the page's Extractor field and the API's ``extractor=``,
each piece of evidence labelled with the extractors that read it (escaped)."""

from redes.kb.pipeline import apply_extractions
from tests.kb.kbfixtures import Corpus, Doc
from tests.web.conftest import make_client


def test_review_filtered_by_extractor(sqlite_store):
    text = "Aurelio Quintana Robles leads the Cártel del Valle Nuevo. The CVN fights Los Rojos <b>."
    doc = (
        Doc(text)
        .entity("p", "person", "Aurelio Quintana Robles")
        .entity("g", "criminal_group", "Cártel del Valle Nuevo", "Cártel del Valle Nuevo", "CVN")
        .entity("r", "criminal_group", "Los Rojos")
    )
    doc.rel("leads", "p", "g", "Aurelio Quintana Robles leads the Cártel del Valle Nuevo.", rule="leader-of")
    doc.rel("rival_of", "g", "r", "The CVN fights Los Rojos <b>.", extractor="llm:<i>x</i>", confidence=0.5)
    corpus = Corpus(sqlite_store)
    corpus.add(doc)
    apply_extractions(sqlite_store, corpus.results())
    with make_client(sqlite_store) as c:
        api = c.get("/api/claims", params={"extractor": "llm:<i>x</i>", "evidence": True}).json()
        assert [x["predicate"] for x in api] == ["rival_of"]
        assert api[0]["evidence"][0]["extractor"] == "llm:<i>x</i>"
        assert [x["predicate"] for x in c.get("/api/claims", params={"extractor": "rules"}).json()] == ["leads"]
        page = c.get("/review", params={"extractor": "llm"}).text
        assert "Los Rojos" in page and "Quintana" not in page
        assert "llm:&lt;i&gt;x&lt;/i&gt;" in page and "<i>x</i>" not in page
        assert 'name="extractor" value="llm"' in page
        assert "Quintana" in c.get("/review", params={"extractor": "rules"}).text
