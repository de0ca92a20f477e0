"""Corpus reads the pages need that no other package offers yet: statistics, recent
documents, top entities, and one document with its mentions and the claims it supports.

They return plain dicts, like the rest of the library, so the JSON API serves them
as they are; a CLI command could call them unchanged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from redes.kb.facts import STATUSES, claim_dicts
from redes.sources import LIST_FORMATS
from redes.store import Store
from redes.store.models import (
    Claim,
    Collection,
    Document,
    DocumentSource,
    Entity,
    Evidence,
    Judgement,
    Mention,
)

MACHINE, JUDGED = STATUSES[0], STATUSES[1:]  # a claim as extracted; as a reviewer left it


def stats(store: Store) -> dict[str, Any]:
    """Counts of documents (by language and collection), entities (by type), claims (by
    review status), evidence, judgements and conflict events."""
    with store.session() as s:
        docs, words = s.execute(select(func.count(), func.coalesce(func.sum(Document.word_count), 0))).one()
        by_language = s.execute(
            select(Document.language, func.count()).group_by(Document.language).order_by(func.count().desc())
        ).all()
        by_collection = s.execute(
            select(Collection.name, func.count(Document.id))
            .join(Document, Document.collection_id == Collection.id)
            .group_by(Collection.name)
            .order_by(func.count(Document.id).desc())
        ).all()
        by_type = s.execute(
            select(Entity.type, func.count()).group_by(Entity.type).order_by(func.count().desc())
        ).all()
        # Claims by status as all of them less the judged ones: the status index finds the
        # few judged claims at once, where grouping read all of them (0.1 s a million),
        # again after every review decision.
        claims = s.scalar(select(func.count()).select_from(Claim))
        judged = dict(
            s.execute(
                select(Claim.status, func.count()).where(Claim.status.in_(JUDGED)).group_by(Claim.status)
            ).all()
        )
        by_status = [(MACHINE, claims - sum(judged.values())), *judged.items()]
        out = {
            "documents": docs,
            "words": int(words),
            "languages": {lang or "unknown": n for lang, n in by_language},
            "collections": dict(by_collection),
            "entities": sum(n for _, n in by_type),
            "entity_types": dict(by_type),
            "claims": claims,
            "claim_status": {status: n for status, n in by_status if n},
            "evidence": s.scalar(select(func.count()).select_from(Evidence)),
            "judgements": s.scalar(select(func.count()).select_from(Judgement)),
            "events": _event_count(s),
        }
    return out


def _event_count(session) -> int:
    try:
        from redes.events.models import Event
    except ImportError:  # the events package is optional
        return 0
    return session.scalar(select(func.count()).select_from(Event)) or 0


def recent_documents(store: Store, limit: int = 10) -> list[dict[str, Any]]:
    """The most recently published documents (undated ones last); not the entries of
    structured lists (``redes.sources``), thousands of which share one date."""
    q = (
        select(Document.id, Document.title, Document.file_name, Document.published, Document.language)
        .where(Document.format.notin_(LIST_FORMATS))
        .order_by(Document.published.is_(None), Document.published.desc(), Document.id.desc())
        .limit(limit)
    )
    with store.session() as s:
        return [
            {"id": i, "title": t, "file_name": f, "published": p, "language": lang}
            for i, t, f, p, lang in s.execute(q)
        ]


def top_entities(store: Store, limit: int = 15, type_: str | None = None) -> list[dict[str, Any]]:
    """Entities with the most mentions in documents (a list's authority is named in each
    of its thousands of entries, which says nothing of its place in the documents)."""
    counts = (
        select(Mention.entity_id, func.count().label("n"))
        .join(Document, Document.id == Mention.document_id)
        .where(Mention.entity_id.is_not(None), Document.format.notin_(LIST_FORMATS))
        .group_by(Mention.entity_id)
        .subquery()
    )
    # The entity, not its name and slug columns: the access filter shows a restricted scope
    # only names it may read (redes.access.names). Ties are broken by id in SQL and by the
    # shown name here, so that the order says nothing of a name the scope may not read.
    q = select(Entity, counts.c.n).join(counts, counts.c.entity_id == Entity.id)
    if type_:
        q = q.where(Entity.type == type_)
    q = q.order_by(counts.c.n.desc(), Entity.id).limit(limit)
    with store.session() as s:
        rows = [{"id": e.slug, "name": e.name, "type": e.type, "mentions": n} for e, n in s.execute(q)]
    return sorted(rows, key=lambda r: (-r["mentions"], r["name"]))


def document(store: Store, doc_id: int) -> dict[str, Any]:
    """A document with its text, sources, mentions (with entity slugs) and the claims it
    is evidence for. Raises ``LookupError`` when there is no such document."""
    with store.session() as s:
        doc = s.get(Document, doc_id)
        if doc is None:
            raise LookupError(f"no document {doc_id}")
        mentions = [
            (a, b, t, ty, e.slug if e is not None else None, e.name if e is not None else None)
            for a, b, t, ty, e in s.execute(
                select(Mention.start, Mention.end, Mention.text, Mention.type, Entity)
                .outerjoin(Entity, Entity.id == Mention.entity_id)
                .where(Mention.document_id == doc_id)
                .order_by(Mention.start, Mention.end.desc())
            )
        ]
        claim_ids = list(
            s.scalars(select(Evidence.claim_id).where(Evidence.document_id == doc_id).distinct())
        )
        claims = s.scalars(select(Claim).where(Claim.id.in_(claim_ids)).order_by(Claim.id)).all()
        supported = claim_dicts(s, list(claims))
        for c in supported:
            c["evidence"] = [e for e in c["evidence"] if e["document"]["id"] == doc_id]
        sources = s.scalars(select(DocumentSource.file_name).where(DocumentSource.document_id == doc_id))
        parent = s.get(Document, doc.parent_id) if doc.parent_id else None
        children = s.execute(
            select(Document.id, Document.title, Document.file_name)
            .where(Document.parent_id == doc_id)
            .order_by(Document.id)
        ).all()
        return {
            "id": doc.id,
            "collection": doc.collection.name,
            "title": doc.title,
            "file_name": doc.file_name,
            "format": doc.format,
            "language": doc.language,
            "publisher": doc.publisher,
            "published": doc.published,
            "url": doc.url,
            "words": doc.word_count,
            "sources": list(sources),
            # Ingest formats: OCR confidence, mail headers, the mail or archive it came out
            # of and the documents inside it.
            "ocr_confidence": doc.ocr_confidence,
            "meta": doc.meta or {},
            "parent": {"id": parent.id, "title": parent.title or parent.file_name} if parent else None,
            "children": [{"id": i, "title": t or f} for i, t, f in children],
            # Why no entities show: ingest gave up extracting it (``redes.ingest.resume``).
            "extraction_error": doc.extraction_error,
            "text": doc.text,
            "mentions": [
                {"start": a, "end": b, "text": t, "type": ty, "entity": slug, "name": name}
                for a, b, t, ty, slug, name in mentions
            ],
            "claims": supported,
        }
