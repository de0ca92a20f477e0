"""What an ingest left in a store, independent of row ids and timing, to compare a store
built in pieces (killed and resumed, concurrent ingests) with one built by a single run."""

from __future__ import annotations

from sqlalchemy import func, select, text

from redes.store import Store
from redes.store.models import Alias, Claim, Document, DocumentSource, Entity, Evidence, Mention
from redes.store.search import search_documents

SEARCHES = ("cartel", "Zetas", "Guzmán", "extradited", "Jalisco", "fentanyl", "Sinaloa")


def _sorted(rows) -> list:
    return sorted((tuple(r) for r in rows), key=repr)  # None sorts among the values


def snapshot(store: Store) -> dict:
    """Documents, entities, claims, evidence and mentions by content, and search hits."""
    with store.session() as s:
        hashes = dict(s.execute(select(Document.id, Document.content_hash)).all())
        slugs = dict(s.execute(select(Entity.id, Entity.slug)).all())
        out = {
            "documents": _sorted(
                s.execute(
                    select(
                        Document.content_hash,
                        Document.title,
                        Document.text,
                        Document.extracted_with,
                        Document.extraction_error,
                    )
                ).all()
            ),
            "entities": _sorted(s.execute(select(Entity.slug, Entity.type, Entity.name, Entity.key)).all()),
            "aliases": _sorted((slugs[e], n) for e, n in s.execute(select(Alias.entity_id, Alias.name))),
            "claims": _sorted(
                (slugs[c.subject_id], c.predicate, slugs.get(c.object_id), c.value, c.year)
                for c in s.execute(select(Claim)).scalars()
            ),
            "evidence": _sorted(
                (hashes[d], a, b)
                for d, a, b in s.execute(select(Evidence.document_id, Evidence.start, Evidence.end))
            ),
            "mentions": _sorted(
                (hashes[d], a, b, slugs.get(e))
                for d, a, b, e in s.execute(
                    select(Mention.document_id, Mention.start, Mention.end, Mention.entity_id)
                )
            ),
        }
    out["search"] = {
        q: sorted(hashes[h.document_id] for h in search_documents(store, q, limit=100)) for q in SEARCHES
    }
    return out


def damage(store: Store) -> list[str]:
    """Orphans and duplicates: rows pointing at nothing, twice-stored documents, documents
    left unextracted."""
    checks = {
        "evidence without claim": "SELECT count(*) FROM evidence e LEFT JOIN claims c ON c.id = e.claim_id "
        "WHERE c.id IS NULL",
        "evidence without document": "SELECT count(*) FROM evidence e LEFT JOIN documents d "
        "ON d.id = e.document_id WHERE d.id IS NULL",
        "claims without evidence": "SELECT count(*) FROM claims c WHERE NOT EXISTS "
        "(SELECT 1 FROM evidence e WHERE e.claim_id = c.id)",
        "mentions without document": "SELECT count(*) FROM mentions m LEFT JOIN documents d "
        "ON d.id = m.document_id WHERE d.id IS NULL",
        "sources without document": "SELECT count(*) FROM document_sources x LEFT JOIN documents d "
        "ON d.id = x.document_id WHERE d.id IS NULL",
        "documents unextracted": "SELECT count(*) FROM documents WHERE extracted_with IS NULL",
        "documents ungrouped": "SELECT count(*) FROM documents WHERE source_group IS NULL",
        "duplicate sources": "SELECT count(*) FROM (SELECT document_id, path FROM document_sources "
        "GROUP BY document_id, path HAVING count(*) > 1) t",
        "duplicate evidence": 'SELECT count(*) FROM (SELECT claim_id, document_id, start, "end" FROM evidence '
        'GROUP BY claim_id, document_id, start, "end" HAVING count(*) > 1) t',
    }
    found = []
    with store.session() as s:
        for name, sql in checks.items():
            n = s.scalar(text(sql))
            if n:
                found.append(f"{name}: {n}")
        if s.scalar(select(func.count(DocumentSource.id))) < s.scalar(select(func.count(Document.id))):
            found.append("documents without a source path")
    return found
