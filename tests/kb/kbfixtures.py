"""Hand-built documents and extractions for knowledge-base tests.

``Corpus`` stores documents and the extraction each one should produce; ``install``
makes ``redes.kb.update`` use those extractions instead of the real pipeline, so tests
exercise the real update, rebuild and judgement paths on facts they control.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from redes.extract.model import DocExtraction, ExtractedEntity, ExtractedRelation, Span
from redes.store.models import Document


@dataclass
class Doc:
    text: str
    publisher: str | None = None
    published: str | None = None
    lang: str = "en"
    entities: list[ExtractedEntity] = field(default_factory=list)
    relations: list[ExtractedRelation] = field(default_factory=list)

    def entity(self, local_id: str, type_: str, name: str, *surfaces: str, aliases=()) -> Doc:
        """An entity mentioned by every occurrence of each surface form (whole words)."""
        spans = []
        for surface in surfaces or (name,):
            for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", self.text):
                if not any(s.start <= m.start() < s.end for s in spans):
                    spans.append(Span(m.start(), m.end(), surface))
        assert spans, f"{surfaces or name!r} not in text"
        self.entities.append(ExtractedEntity(local_id, type_, name, spans, list(aliases)))
        return self

    def rel(self, type_: str, subject: str, obj: str | None, sentence: str, **kw) -> Doc:
        start = self.text.index(sentence)
        self.relations.append(
            ExtractedRelation(type_, subject, obj, Span(start, start + len(sentence), sentence), **kw)
        )
        return self

    def extraction(self) -> DocExtraction:
        return DocExtraction(self.lang, list(self.entities), list(self.relations))


class Corpus:
    """Documents in a store, with the extraction each text yields."""

    def __init__(self, store):
        self.store = store
        self.by_text: dict[str, Doc] = {}
        self.ids: list[int] = []

    def add(self, doc: Doc, file_name: str | None = None) -> int:
        self.by_text[doc.text] = doc
        with self.store.session() as s:
            coll = self.store.collection(s, "public")
            row = Document(
                collection_id=coll.id,
                content_hash=hashlib.sha256(doc.text.encode()).hexdigest(),
                file_name=file_name or f"doc{len(self.ids) + 1}.txt",
                format="txt",
                language=doc.lang,
                publisher=doc.publisher,
                published=doc.published,
                text=doc.text,
            )
            s.add(row)
            s.flush()
            self.ids.append(row.id)
            return row.id

    def extract(self, item):
        doc_id, text, _lang = item
        return doc_id, self.by_text[text].extraction()

    def results(self) -> list:
        """(document id, extraction) for every document, as ``apply_extractions`` takes them."""
        return [
            (doc_id, doc.extraction()) for doc_id, doc in zip(self.ids, self.by_text.values(), strict=True)
        ]

    def install(self, monkeypatch) -> Corpus:
        import redes.kb.pipeline

        monkeypatch.setattr(redes.kb.pipeline, "extract_document", self.extract)
        return self


def cartel_corpus(store) -> Corpus:
    """Four short reports about a fictional cartel leader, "El Halcón", from three
    publishers, with a founding-year conflict, rewards, a death and his family.
    (Fictional names keep these tests independent of the curated lexicons.)"""
    c = Corpus(store)
    a = Doc(
        "Aurelio Quintana Robles, alias El Halcón, leads the Cártel del Valle Nuevo (CVN). "
        "The CVN was founded in 2009. His wife Marisol Treviño Luna was arrested in 2021. "
        "The CVN operates in Jalisco since 2015.",
        publisher="Reuters",
        published="2021-06-01",
    )
    a.entity(
        "aur",
        "person",
        "Aurelio Quintana Robles",
        "Aurelio Quintana Robles",
        "El Halcón",
        aliases=["El Halcón"],
    )
    a.entity(
        "cvn", "criminal_group", "Cártel del Valle Nuevo", "Cártel del Valle Nuevo", "CVN", aliases=["CVN"]
    )
    a.entity("mar", "person", "Marisol Treviño Luna")
    a.entity("jal", "place", "Jalisco")
    a.rel(
        "leads",
        "aur",
        "cvn",
        "Aurelio Quintana Robles, alias El Halcón, leads the Cártel del Valle Nuevo (CVN).",
    )
    a.rel("founded", "cvn", None, "The CVN was founded in 2009.", value="2009")
    a.rel("family", "mar", "aur", "His wife Marisol Treviño Luna was arrested in 2021.", detail="wife")
    a.rel("operates_in", "cvn", "jal", "The CVN operates in Jalisco since 2015.", year=2015)
    c.add(a, "a.txt")

    b = Doc(
        "Aurelio Quintana Robles leads the CVN. In the decade since its founding in 2011, the CVN grew fast. "
        "The Ministry of Security offers a reward of USD 10000000 for El Halcón.",
        publisher="Ministry of Security",
        published="2021-12-01",
    )
    b.entity(
        "m",
        "person",
        "Aurelio Quintana Robles",
        "Aurelio Quintana Robles",
        "El Halcón",
        aliases=["El Halcón"],
    )
    b.entity("g", "criminal_group", "CVN")
    b.entity("min", "state_body", "Ministry of Security")
    b.rel("leads", "m", "g", "Aurelio Quintana Robles leads the CVN.")
    b.rel("founded", "g", None, "In the decade since its founding in 2011, the CVN grew fast.", value="2011")
    b.rel(
        "reward",
        "m",
        None,
        "The Ministry of Security offers a reward of USD 10000000 for El Halcón.",
        value="USD 10000000",
        detail="Ministry of Security",
    )
    c.add(b, "b.txt")

    d = Doc(
        "Aurelio Quintana Robles leads the CVN, Reuters said. His son El Halconcito was sentenced to life.",
        publisher="reuters",
        published="2025-03-07",
    )
    d.entity("m", "person", "Aurelio Quintana Robles")
    d.entity("g", "criminal_group", "CVN")
    d.entity("son", "person", "El Halconcito")
    d.rel("leads", "m", "g", "Aurelio Quintana Robles leads the CVN, Reuters said.")
    d.rel("family", "son", "m", "His son El Halconcito was sentenced to life.", detail="son")
    c.add(d, "d.txt")

    e = Doc(
        "Aurelio Quintana Robles, El Halcón, was killed on 2026-02-22 in a military operation in Tapalpa. "
        "His full name was Aurelio Rubén Quintana Robles. "
        "The Ministry of Security offered a reward of USD 15000000 for El Halcón.",
        publisher="Presidencia",
        published="2026-02-23",
        lang="es",
    )
    e.entity(
        "m",
        "person",
        "Aurelio Quintana Robles",
        "Aurelio Quintana Robles",
        "Aurelio Rubén Quintana Robles",
        "El Halcón",
        aliases=["El Halcón", "Aurelio Rubén Quintana Robles"],
    )
    e.entity("min", "state_body", "Ministry of Security")
    e.rel(
        "died",
        "m",
        None,
        "Aurelio Quintana Robles, El Halcón, was killed on 2026-02-22 in a military operation in Tapalpa.",
        value="2026-02-22",
        detail="killed",
    )
    e.rel(
        "reward",
        "m",
        None,
        "The Ministry of Security offered a reward of USD 15000000 for El Halcón.",
        value="USD 15000000",
        detail="Ministry of Security",
    )
    c.add(e, "e.txt")
    return c
