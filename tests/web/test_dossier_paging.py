"""A hub's dossier (hundreds of relations, each with several long quotes) stays small: the
page lists the best-corroborated lines of each relation type with their counts, quotes
load a page at a time from /api/claims/{key}/evidence, and "all N" lists a part in full."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest

from redes.extract.model import RELATION_TYPES
from redes.extract.normalize import key, slug
from redes.store.models import Alias, Claim, Document, Entity, Evidence, Mention
from tests.web.conftest import make_client

LINES = 660  # relations of the hub (as many of each relation type: 660 of 10, 11 or 12 types)
QUOTES = 3  # documents (and quotes) per relation
QUOTE = "A long sentence from the source that states the relation in full, as reports do: " * 3


def _key(i: int) -> str:
    return hashlib.sha256(f"claim {i}".encode()).hexdigest()


@pytest.fixture
def hub(sqlite_store):
    """An entity with ``LINES`` relations to as many others, over every relation type and
    many years, each stated in ``QUOTES`` documents; and the hub's slug."""
    store = sqlite_store
    with store.session() as s:
        coll = store.collection(s, "public").id
        docs = []
        for d in range(300):
            doc = Document(
                collection_id=coll, content_hash=f"{d:064x}", file_name=f"report-{d}.txt", format="txt",
                title=f"Report {d} on the network", publisher=f"Publisher {d % 30}",
                published=date(2000 + d % 25, 1 + d % 12, 1).isoformat(), text="...",
            )  # fmt: skip
            s.add(doc)
            docs.append(doc)
        s.flush()

        def entity(name: str, type_: str) -> Entity:
            e = Entity(slug=slug(name), type=type_, name=name, key=key(name))
            s.add(e)
            s.flush()
            s.add(Alias(entity_id=e.id, name=name, key=key(name)))
            s.add(Mention(document_id=docs[e.id % len(docs)].id, entity_id=e.id, start=0, end=4,
                          text=name, type=type_))  # fmt: skip
            return e

        center = entity("Cártel del Centro", "criminal_group")
        for i in range(LINES):
            predicate = RELATION_TYPES[i % len(RELATION_TYPES)]
            other = entity(f"Persona Número {i}", "place" if predicate == "operates_in" else "person")
            claim = Claim(key=_key(i), subject_id=other.id, predicate=predicate, object_id=center.id,
                          year=2000 + i % 25, status="machine")  # fmt: skip
            s.add(claim)
            s.flush()
            for q in range(QUOTES):
                doc = docs[(i * QUOTES + q) % len(docs)]
                s.add(Evidence(claim_id=claim.id, document_id=doc.id, start=q * 300, end=q * 300 + 250,
                               quote=f"{q}: {QUOTE}"))  # fmt: skip
    return store, center.slug


def test_a_hub_dossier_page_is_small(hub):
    store, center = hub
    with make_client(store) as c:
        page = c.get(f"/entity/{center}")
        assert page.status_code == 200
        # Every quote inline would be over 600 x 3 x 250 bytes; the first screen is a
        # fraction of that.
        assert len(page.content) < 100_000, len(page.content)
        assert QUOTE[:40] not in page.text
        html = page.text
        for predicate in RELATION_TYPES:
            # Each relation type: its count, some lines, and a link to all of them.
            assert f'href="?show={predicate}#{predicate}">all {LINES // len(RELATION_TYPES)} ' in html
        assert html.count('<li class="claim">') < 120
        assert html.count('<details class="evidence" data-claims=') == html.count('<li class="claim">')
        assert f"{QUOTES} quotes</summary>" in html
        # The whole JSON dossier keeps a few quotes per line, and says how many there are.
        d = c.get(f"/api/entities/{center}").json()
        line = d["relations"]["leads"][0]
        assert line["evidence_count"] == QUOTES and len(line["evidence"]) == QUOTES
        light = c.get(f"/api/entities/{center}", params={"quotes": 1}).json()
        assert all(len(g["evidence"]) == 1 for lines in light["relations"].values() for g in lines)


def test_all_lines_of_a_part_on_request(hub):
    store, center = hub
    with make_client(store) as c:
        full = c.get(f"/entity/{center}", params={"show": "member_of"}).text
        section = re.search(r'<h3 id="member_of">.*?</ul>', full, re.S).group(0)
        assert section.count('<li class="claim">') == LINES // len(RELATION_TYPES)
        other = re.search(r'<h3 id="family">.*?</ul>', full, re.S).group(0)
        assert other.count('<li class="claim">') < LINES // len(RELATION_TYPES)
        sources = c.get(f"/entity/{center}", params={"show": "sources"}).text
        assert sources.count('<li id="src-') == 300
        # Citations of sources past those listed go to the document itself.
        short = c.get(f"/entity/{center}").text
        assert short.count('<li id="src-') < 300
        cited = set(re.findall(r'<a href="(#src-\d+|/document/\d+)">\[\d+\]</a>', short))
        assert any(c.startswith("#src-") for c in cited) and any(c.startswith("/document/") for c in cited)


def test_claim_evidence_comes_a_page_at_a_time(hub):
    store, _ = hub
    claim_key = _key(7)
    with make_client(store) as c:
        first = c.get(f"/api/claims/{claim_key}/evidence", params={"limit": 2}).json()
        assert first["total"] == QUOTES and first["offset"] == 0 and len(first["evidence"]) == 2
        rest = c.get(f"/api/claims/{claim_key[:12]}/evidence", params={"offset": 2, "limit": 2}).json()
        assert len(rest["evidence"]) == QUOTES - 2 and rest["claim"] == claim_key
        quotes = [ev["quote"][:2] for ev in first["evidence"] + rest["evidence"]]
        assert sorted(quotes) == [f"{q}:" for q in range(QUOTES)]
        ev = first["evidence"][0]
        assert set(ev) == {"document", "start", "end", "quote", "extractor", "confidence"} and ev["document"]["title"].startswith(
            "Report"
        )
        assert c.get(f"/api/claims/{'f' * 64}/evidence").status_code == 404
        assert c.get(f"/api/claims/{claim_key}/evidence", params={"limit": 0}).status_code == 422
