"""Reading claims back: corroboration (supporting documents, distinct publishers, first
and last seen) and claims as plain dicts with their evidence, for the CLI and the web.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import Session

from redes.access.filters import session_scope
from redes.access.names import alt_key_id
from redes.kb.claims import value_year
from redes.kb.lookup import resolve, summary
from redes.kb.spans import as_read, span_fields
from redes.store import Store
from redes.store.models import Claim, Document, Entity, Evidence

STATUSES = ("machine", "accepted", "rejected")
ORDERS = ("strongest", "weakest", "recent")
MIN_PREFIX = 6


def when(claim: Claim) -> str | None:
    """When a claim happened, as a sortable ISO string: its date or year qualifier, or
    the value itself for founding and death."""
    if claim.date:
        return claim.date.isoformat()
    if claim.year:
        return f"{claim.year:04d}"
    if claim.predicate in ("founded", "died") and value_year(claim.value):
        return claim.value
    return None


def publisher_key(name: str | None) -> str:
    """What tells publishers apart: case and surrounding spaces ignored; "" for unknown."""
    return (name or "").strip().lower()


def source_key(doc: dict[str, Any] | Document) -> int:
    """The independent source a document belongs to: its near-duplicate cluster's source
    group (``redes.ingest.neardup``), or the document itself when not grouped."""
    if isinstance(doc, dict):
        return doc.get("source_group") or doc["id"]
    return doc.source_group or doc.id


def count_support(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Corroboration of a set of documents (``document_summary`` dicts), as ``_support``
    counts it in SQL: independent sources, their publishers, copies, first and last dates."""
    groups: dict[int, str] = {}
    for d in docs:
        k = source_key(d)
        pub = publisher_key(d["publisher"])
        groups[k] = min(groups.get(k, pub), pub)
    dates = sorted(d["published"] for d in docs if d["published"])
    return {
        "documents": len(groups),
        "copies": len({d["id"] for d in docs}),
        "publishers": len(set(groups.values())),
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
    }


def _support(*where):
    """Per claim: independent sources (``documents``: source groups, so that copies of one
    text count once), distinct publishers, the documents themselves (``copies``), first
    and last publication dates. A source group's publisher is the first of its copies'
    (by name): a reprint is no second publisher. Documents without a publisher count as
    one publisher, "unknown" (``publisher_key``)."""
    publisher = func.coalesce(func.lower(func.trim(Document.publisher)), "")
    group = func.coalesce(Document.source_group, Document.id)
    per_source = (
        select(
            Evidence.claim_id.label("claim_id"),
            func.min(publisher).label("publisher"),
            func.count(func.distinct(Evidence.document_id)).label("copies"),
            func.min(Document.published).label("first_seen"),
            func.max(Document.published).label("last_seen"),
        )
        .join(Document, Document.id == Evidence.document_id)
        .where(*where)
        .group_by(Evidence.claim_id, group)
        .subquery()
    )
    return select(
        per_source.c.claim_id,
        func.count().label("documents"),
        func.count(func.distinct(per_source.c.publisher)).label("publishers"),
        func.sum(per_source.c.copies).label("copies"),
        func.min(per_source.c.first_seen).label("first_seen"),
        func.max(per_source.c.last_seen).label("last_seen"),
    ).group_by(per_source.c.claim_id)


def corroboration(session: Session, claim_ids: list[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(claim_ids), 500):
        q = _support(Evidence.claim_id.in_(claim_ids[i : i + 500]))
        for row in session.execute(q):
            out[row.claim_id] = {
                "documents": row.documents,
                "copies": int(row.copies),
                "publishers": row.publishers,
                "first_seen": _iso(row.first_seen),
                "last_seen": _iso(row.last_seen),
            }
    return out


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def document_summary(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "file_name": doc.file_name,
        "title": doc.title,
        "publisher": doc.publisher,
        "published": _iso(doc.published),
        "url": doc.url,
        "language": doc.language,
        "source_group": doc.source_group,
    }


def evidence_for(session: Session, claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for i in range(0, len(claim_ids), 500):
        q = (
            select(Evidence, Document)
            .join(Document, Document.id == Evidence.document_id)
            .where(Evidence.claim_id.in_(claim_ids[i : i + 500]))
            .order_by(Document.published, Document.id, Evidence.start)
        )
        for ev, doc in session.execute(q):
            out[ev.claim_id].append(_evidence(ev, doc))
    return out


def _evidence(ev: Evidence, doc: Document) -> dict[str, Any]:
    """A piece of evidence as claims and their pages show it."""
    return {
        "document": document_summary(doc),
        "start": ev.start,
        "end": ev.end,
        "quote": ev.quote,
        "extractor": ev.extractor,
        "confidence": ev.confidence,
    }


def claim_dicts(session: Session, claims: list[Claim], with_evidence: bool = True) -> list[dict[str, Any]]:
    ids = [c.id for c in claims]
    support = corroboration(session, ids)
    evidence = evidence_for(session, ids) if with_evidence else {}
    entity_ids = {c.subject_id for c in claims} | {c.object_id for c in claims if c.object_id}
    ents = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(entity_ids)))} if ids else {}
    scope = session_scope(session)
    # A restricted reader's spans come from what it reads (kb.spans.as_read).
    read_spans = as_read(session, list(claims)) if ids and scope is not None and scope.restricted else None
    out = []
    for c in claims:
        if c.subject_id not in ents or (c.object_id and c.object_id not in ents):
            # About an entity the session's scope may not see (no readable document
            # names it): the claim would show it, so it is left out.
            continue
        d = {
            "key": c.key,
            "subject": summary(ents[c.subject_id]),
            "predicate": c.predicate,
            "object": summary(ents[c.object_id]) if c.object_id else None,
            "value": c.value,
            "year": c.year,
            "date": c.date.isoformat() if c.date else None,
            "detail": c.detail,
            "when": when(c),
            **(read_spans[c.id] if read_spans is not None else span_fields(c)),
            "status": c.status,
            "corroboration": support.get(
                c.id, {"documents": 0, "copies": 0, "publishers": 0, "first_seen": None, "last_seen": None}
            ),
        }
        if with_evidence:
            d["evidence"] = evidence.get(c.id, [])
        out.append(d)
    return out


def list_claims(
    store: Store,
    entity: str | None = None,
    predicate: str | None = None,
    status: str | None = None,
    min_documents: int = 1,
    order: str = "strongest",
    limit: int = 100,
    offset: int = 0,
    with_evidence: bool = False,
    extractor: str | None = None,
) -> list[dict[str, Any]]:
    """Claims with their corroboration, filtered by entity (slug, name or alias),
    predicate, review status, minimum number of supporting documents and the extractor
    that proposed them (``proposed_by``)."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}")
    support = _support().subquery()
    q = select(Claim).join(support, support.c.claim_id == Claim.id)
    with store.session() as s:
        if entity:
            e = resolve(s, entity)
            q = q.where(or_(Claim.subject_id == e.id, Claim.object_id == e.id))
        if predicate:
            q = q.where(Claim.predicate == predicate)
        if status:
            q = q.where(Claim.status == status)
        if extractor:
            q = q.where(Claim.id.in_(select(Evidence.claim_id).where(proposed_by(extractor))))
        if min_documents > 1:
            q = q.where(support.c.documents >= min_documents)
        order_by = {
            "strongest": (support.c.documents.desc(), support.c.publishers.desc(), Claim.id),
            "weakest": (support.c.documents, support.c.publishers, Claim.id),
            "recent": (support.c.last_seen.desc(), Claim.id),
        }[order]
        claims = s.scalars(q.order_by(*order_by).limit(limit).offset(offset)).all()
        return claim_dicts(s, list(claims), with_evidence)


def proposed_by(extractor: str):
    """Evidence proposed by ``extractor``: "rules", "model", "llm:MODEL", or "llm" for any
    language model (``Evidence.extractor`` names them, space-separated)."""
    names = literal(" ") + func.coalesce(Evidence.extractor, "") + literal(" ")
    if extractor == "llm":
        return names.contains(" llm:", autoescape=True)
    return names.contains(f" {extractor.strip()} ", autoescape=True)


class ClaimNotFound(LookupError):
    pass


def find_claim(session: Session, key: str) -> Claim:
    """A claim by key or by a unique prefix of at least ``MIN_PREFIX`` characters.

    Keys are compared as the session shows them: a restricted scope sees the claims about
    an entity whose stored slug it may not read under a ``key~id`` key, and never finds
    them by their stored key (``redes.access.names``)."""
    key = key.strip().lower()
    if len(key) < MIN_PREFIX:
        raise ClaimNotFound(f"claim key {key!r} is too short (give at least {MIN_PREFIX} characters)")
    if alt_key_id(key) is not None:
        claim = session.get(Claim, alt_key_id(key))
        if claim is None or claim.key != key:
            raise ClaimNotFound(f"no claim with key {key!r}")
        return claim
    # A whole key is found through the index. A prefix on SQLite too, as the range of keys
    # it starts (binary collation; LIKE 'prefix%' would scan a million claims).
    whole = session.scalar(select(Claim).where(Claim.key == key)) if len(key) == 64 else None
    if whole is not None and whole.key == key:
        return whole
    if session.get_bind().dialect.name == "sqlite":
        prefixed = (Claim.key >= key, Claim.key < key[:-1] + chr(ord(key[-1]) + 1))
    else:
        prefixed = (Claim.key.startswith(key, autoescape=True),)
    found = [c for c in session.scalars(select(Claim).where(*prefixed).limit(3)) if c.key.startswith(key)][:2]
    if not found:
        raise ClaimNotFound(f"no claim with key {key!r}")
    if len(found) > 1:
        raise ClaimNotFound(f"claim key prefix {key!r} is ambiguous")
    return found[0]


def claim(store: Store, key: str) -> dict[str, Any]:
    """One claim, by key or unique key prefix, with all its evidence."""
    with store.session() as s:
        return claim_dicts(s, [find_claim(s, key)])[0]


def evidence_page(store: Store, key: str, offset: int = 0, limit: int = 20) -> dict[str, Any]:
    """One page of a claim's evidence (by key or unique key prefix), in the order of
    ``claim``'s (oldest document first), with how many pieces there are in all."""
    with store.session() as s:
        c = find_claim(s, key)
        total = s.scalar(select(func.count()).select_from(Evidence).where(Evidence.claim_id == c.id))
        q = (
            select(Evidence, Document)
            .join(Document, Document.id == Evidence.document_id)
            .where(Evidence.claim_id == c.id)
            .order_by(Document.published, Document.id, Evidence.start)
            .offset(offset)
            .limit(limit)
        )
        items = [_evidence(ev, doc) for ev, doc in s.execute(q)]
        return {"claim": c.key, "total": total or 0, "offset": offset, "limit": limit, "evidence": items}
