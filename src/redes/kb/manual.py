"""Entities and relations added by hand, each with a citation.

A citation is a span of a stored document (its id and character offsets, checked against
the text; the quote is taken from it, never typed) or a web address. A web address with
what it says (``quote``) becomes a small document of format ``url`` in a collection the
author may write, so that both kinds of citation are a document span and the access
filter hides a hand-made fact from whoever may not read its source, exactly as it hides
machine facts.

The addition is a judgement (``manual-entity``, ``manual-relation``; see ``judgements``):
re-applied after every rebuild, it makes the entity (with a mention at the cited name) or
the claim (origin "manual", status accepted, with the cited span as evidence) again. Its
undo takes back that evidence or mention, and what is left without any.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from redes.extract.model import ATTRIBUTE_TYPES, ENTITY_TYPES, RELATION_TYPES
from redes.extract.normalize import fold
from redes.kb import claims as claims_mod
from redes.kb import entities
from redes.kb.lookup import resolve
from redes.kb.notes import need_writer
from redes.store import Store
from redes.store.models import Alias, Claim, Collection, Document, Entity, Evidence, Judgement, Mention

KINDS = ("manual-entity", "manual-relation")
# A citation is a sentence or a paragraph, not a document.
MAX_SPAN = 2000
MAX_URL = 2000
MAX_QUOTE = 2000


class ManualError(ValueError):
    """A hand-made entity or relation that cannot be recorded as asked."""


def _whole(store: Store) -> Store:
    return store.scoped(None)


# --- citations ---------------------------------------------------------------------------------


def cite(
    store: Store,
    document: int | None = None,
    start: int | None = None,
    end: int | None = None,
    url: str | None = None,
    quote: str | None = None,
    collection: str = "public",
) -> dict[str, Any]:
    """A checked citation: {document, start, end} for a document span, {url, quote,
    collection} for a web page (made a document only once the addition is checked)."""
    if (document is None) == (not url):
        raise ManualError("cite either a document span (document, start, end) or a URL")
    if document is not None:
        if start is None or end is None:
            raise ManualError("a document citation needs start and end offsets")
        with store.session() as s:
            doc = s.scalar(select(Document).where(Document.id == int(document)))
            if doc is None:
                raise LookupError(f"no document {document}")
            length = len(doc.text)
        if not (0 <= start < end <= length):
            raise ManualError(f"the span {start}-{end} is not within document {document} (0-{length})")
        if end - start > MAX_SPAN:
            raise ManualError(f"a cited span is at most {MAX_SPAN} characters")
        return {"document": int(document), "start": int(start), "end": int(end)}
    url, quote = url.strip(), " ".join((quote or "").split())
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > MAX_URL:
        raise ManualError(f"{url[:80]!r} is not an http(s) address")
    if not quote:
        raise ManualError("a URL citation needs the words it cites (quote)")
    if len(quote) > MAX_QUOTE:
        raise ManualError(f"a quote is at most {MAX_QUOTE} characters")
    _writable(store, collection)
    return {"url": url, "quote": quote, "collection": collection}


def _writable(store: Store, collection: str) -> int:
    scope = store.scope
    with _whole(store).session() as s:
        coll = s.scalar(select(Collection).where(Collection.name == collection))
        # A collection the author may not write and one that does not exist: one answer.
        if coll is None or (scope is not None and not scope.can_write(coll.id)):
            raise PermissionError(f"you may not write to a collection named {collection!r}")
        return coll.id


def _cited_text(store: Store, citation: dict[str, Any]) -> tuple[str, int, int]:
    """The cited text, and the span of it that is cited."""
    if "url" in citation and "document" not in citation:
        return citation["quote"], 0, len(citation["quote"])
    with _whole(store).session() as s:
        text = s.get(Document, citation["document"]).text
    return text, citation["start"], citation["end"]


def _stored(store: Store, citation: dict[str, Any]) -> dict[str, Any]:
    """The citation as the judgement keeps it: a web page becomes a small document."""
    if "document" in citation:
        return citation
    url, quote = citation["url"], citation["quote"]
    coll_id = _writable(store, citation["collection"])
    with _whole(store).session() as s:
        digest = hashlib.sha256(f"url\x1f{url}\x1f{quote}".encode()).hexdigest()
        doc = s.scalar(
            select(Document).where(Document.collection_id == coll_id, Document.content_hash == digest)
        )
        if doc is None:
            doc = Document(
                collection_id=coll_id,
                content_hash=digest,
                file_name=url[:500],
                format="url",
                title=url,
                url=url,
                text=quote,
                size=len(quote.encode()),
                word_count=len(quote.split()),
            )
            s.add(doc)
            s.flush()
        return {"document": doc.id, "start": 0, "end": len(quote), "url": url}


def _name_span(text: str, start: int, end: int, name: str) -> tuple[int, int] | None:
    """Where ``name`` is written within text[start:end], case and accents ignored."""
    at = fold(text[start:end]).find(fold(" ".join(name.split())))
    return None if at < 0 else (start + at, start + at + len(" ".join(name.split())))


# --- adding -------------------------------------------------------------------------------------


def add_entity(
    store: Store,
    type_: str,
    name: str,
    citation: dict[str, Any],
    author: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Add an entity the documents name but extraction missed; the cited span must name it."""
    from redes.kb import judgements

    need_writer(store)
    name = " ".join((name or "").split())
    if type_ not in ENTITY_TYPES:
        raise ManualError(f"an entity type is one of {', '.join(ENTITY_TYPES)}")
    if not entities.name_key(name) or len(name) > 500:
        raise ManualError(f"{name[:80]!r} is not a usable name")
    with store.session() as s:
        taken = [e for e in s.scalars(select(Entity).where(Entity.key == entities.name_key(name)))]
        taken = [e for e in taken if e.type == type_ and e.key == entities.name_key(name)]
        if taken:
            raise ManualError(f"{name!r} is already the {type_} {taken[0].slug}")
    if _name_span(*_cited_text(store, citation), name) is None:
        raise ManualError(f"the cited span does not name {name!r}")
    citation = _stored(store, citation)
    with _whole(store).session() as s:
        slug = entities.unique_slug(s, entities.slugify(name))
        payload = {
            "entity": {"slug": slug, "type": type_, "name": name, "names": [name]},
            "citation": citation,
        }
        j = judgements.record(s, "manual-entity", payload, author, note)
        judgement = j.id
    return {"judgement": judgement, "kind": "manual-entity", "entity": _entity_summary(store, slug)}


def _entity_summary(store: Store, slug: str) -> dict[str, Any]:
    with _whole(store).session() as s:
        row_id = s.scalar(select(Entity.id).where(Entity.slug == slug))
    with store.session() as s:
        e = s.scalar(select(Entity).where(Entity.id == row_id))
        return {"id": e.slug, "name": e.name, "type": e.type}


def add_relation(
    store: Store,
    subject: str,
    predicate: str,
    citation: dict[str, Any],
    obj: str | None = None,
    value: str | None = None,
    year: int | None = None,
    detail: str | None = None,
    author: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Add a relation (``obj``: an entity) or an attribute (``value``) by hand: an accepted
    claim of origin "manual" whose evidence is the cited span."""
    from redes.kb import judgements

    need_writer(store)
    if predicate in RELATION_TYPES:
        if not obj or value:
            raise ManualError(f"{predicate} links two entities: give an object, not a value")
    elif predicate in ATTRIBUTE_TYPES:
        if obj or not (value or "").strip():
            raise ManualError(f"{predicate} is an attribute: give a value, not an object")
        if predicate == "nationality":
            # Stored as extraction stores it, an ISO code, so that list matching compares it.
            from followthemoney.types import registry

            value = registry.country.clean(value)
            if value is None:
                raise ManualError("a nationality is a country: its name or its ISO code (Mexico, mx)")
        if predicate == "identifier":
            # A number whose kind is known, so that list matching can compare it.
            from redes.extract.relations.identifiers import parse

            parsed = parse(value or "")
            if parsed is None:
                raise ManualError("an identifier is a CURP or an RFC (Mexican identity and tax numbers)")
            detail, value = parsed
    else:
        raise ManualError(f"a relation is one of {', '.join(RELATION_TYPES + ATTRIBUTE_TYPES)}")
    if detail is not None and len(detail) > 200:
        raise ManualError("a detail is at most 200 characters")
    with store.session() as s:
        subject_id = resolve(s, subject).id
        object_id = resolve(s, obj).id if obj else None
    if subject_id == object_id:
        raise ManualError("a relation links two different entities")
    citation = _stored(store, citation)
    with _whole(store).session() as s:
        subj = s.get(Entity, subject_id)
        ob = s.get(Entity, object_id) if object_id else None
        payload = {
            "fact": {
                "subject": entities.ref(s, subj),
                "predicate": predicate,
                "object": entities.ref(s, ob) if ob else None,
                "value": claims_mod.normalize_value(value),
                "year": year,
                "detail": claims_mod.normalize_detail(detail),
            },
            "citation": citation,
        }
        j = judgements.record(s, "manual-relation", payload, author, note)
        judgement = j.id
        claim_id = _fact_claim(s, payload["fact"]).id
    with store.session() as s:
        c = s.scalar(select(Claim).where(Claim.id == claim_id))
        key, status = c.key, c.status
    return {"judgement": judgement, "kind": "manual-relation", "claim": key, "status": status}


# --- applying (from ``judgements.apply``) -------------------------------------------------------


def _fact_claim(session: Session, fact: dict[str, Any], create: bool = False) -> Claim | None:
    subject = entities.locate(session, fact["subject"])
    obj = entities.locate(session, fact["object"]) if fact.get("object") else None
    if subject is None or (fact.get("object") and obj is None):
        return None
    row = claims_mod.fact(
        subject, fact["predicate"], obj, fact.get("value"), fact.get("year"), fact.get("detail")
    )
    if not create:
        return session.scalar(select(Claim).where(Claim.key == row.key))
    ((claim, _new),) = claims_mod.get_or_create_many(session, [row])
    return claim


def apply(session: Session, kind: str, payload: dict[str, Any]) -> bool:
    """Put a hand-made entity or relation into effect; False while what it needs (the
    cited document, the entities it links) is not in the store."""
    cited = payload["citation"]
    doc = session.get(Document, cited["document"])
    if doc is None:
        return False
    start, end = cited["start"], cited["end"]
    if kind == "manual-entity":
        ref = payload["entity"]
        entity = entities.by_slug(session, ref["slug"])
        if entity is None:
            entity = entities.create(session, ref["type"], ref["name"], ref["slug"])
        entities.add_alias(session, entity, ref["name"], "human")
        found = _name_span(doc.text, start, end, ref["name"]) or (start, end)
        have = session.scalar(
            select(Mention.id).where(
                Mention.document_id == doc.id, Mention.start == found[0], Mention.entity_id == entity.id
            )
        )
        if have is None:
            session.add(
                Mention(
                    document_id=doc.id,
                    entity_id=entity.id,
                    start=found[0],
                    end=found[1],
                    text=doc.text[found[0] : found[1]][:500],
                    type=entity.type,
                )
            )
        session.flush()
        return True
    claim = _fact_claim(session, payload["fact"], create=True)
    if claim is None:
        return False
    claim.status, claim.origin = "accepted", "manual"
    claims_mod.add_evidence(session, claim, doc.id, start, end, doc.text[start:end])
    session.flush()
    return True


def retract(session: Session, kind: str, payload: dict[str, Any]) -> None:
    """Undo a hand-made entity or relation: its mention or evidence goes, and the entity or
    claim with it when nothing else supports it."""
    cited = payload["citation"]
    if kind == "manual-entity":
        entity = entities.by_slug(session, payload["entity"]["slug"])
        if entity is None:
            return
        found = session.scalars(
            select(Mention).where(Mention.document_id == cited["document"], Mention.entity_id == entity.id)
        ).all()
        for m in found:
            if cited["start"] <= m.start < cited["end"]:
                session.delete(m)
        session.flush()
        if session.scalar(select(Mention.id).where(Mention.entity_id == entity.id).limit(1)) is None:
            # The name given by hand would keep an entity nothing else supports.
            key = entities.name_key(payload["entity"]["name"])
            session.execute(
                delete(Alias).where(Alias.entity_id == entity.id, Alias.key == key, Alias.origin == "human")
            )
            entities.drop_orphans(session, {entity.id})
        return
    claim = _fact_claim(session, payload["fact"])
    if claim is None:
        return
    for ev in session.scalars(
        select(Evidence).where(
            Evidence.claim_id == claim.id,
            Evidence.document_id == cited["document"],
            Evidence.start == cited["start"],
        )
    ).all():
        session.delete(ev)
    session.flush()
    if claims_mod.drop_unsupported(session, {claim.id}) == 0 and claim.status == "accepted":
        claim.origin = "machine"  # the machine's own evidence remains
    session.flush()


# --- reading ------------------------------------------------------------------------------------


def entries(store: Store, entity: str) -> list[dict[str, Any]]:
    """What was added by hand about ``entity`` and stands, with author and citation, as the
    reader may see it (only additions whose cited document they can read)."""
    from redes.kb import judgements

    with store.session() as s:
        entity_id = resolve(s, entity).id
    with _whole(store).session() as s:
        slug = s.get(Entity, entity_id).slug
        gone = judgements.undone(s)
        rows = s.scalars(select(Judgement).where(Judgement.kind.in_(KINDS)).order_by(Judgement.id)).all()
        mine = [j for j in rows if j.id not in gone and slug in _slugs(j)]
    out = []
    with store.session() as s:
        for j in mine:
            cited = j.payload["citation"]
            doc = s.scalar(select(Document).where(Document.id == cited["document"]))
            if doc is None:
                continue
            item: dict[str, Any] = {
                "judgement": j.id,
                "kind": j.kind,
                "author": j.author,
                "note": j.note,
                "created_at": j.created_at.isoformat() if j.created_at else None,
                "citation": {
                    "document": doc.id,
                    "title": doc.title or doc.file_name,
                    "start": cited["start"],
                    "end": cited["end"],
                    "quote": doc.text[cited["start"] : cited["end"]],
                    "url": cited.get("url"),
                },
            }
            if j.kind == "manual-relation":
                fact = j.payload["fact"]
                claim = _fact_claim(s, fact)
                if claim is None:
                    continue
                item.update(
                    claim=claim.key,
                    predicate=fact["predicate"],
                    subject=_named(s, claim.subject_id),
                    object=_named(s, claim.object_id) if claim.object_id else None,
                    value=fact.get("value"),
                )
            out.append(item)
    return out


def _named(s: Session, entity_id: int) -> dict[str, Any] | None:
    e = s.scalar(select(Entity).where(Entity.id == entity_id))
    return {"id": e.slug, "name": e.name, "type": e.type} if e else None


def _slugs(j: Judgement) -> set[str]:
    p = j.payload
    if j.kind == "manual-entity":
        return {p["entity"]["slug"]}
    fact = p["fact"]
    return {fact["subject"]["slug"]} | ({fact["object"]["slug"]} if fact.get("object") else set())


def visible(session: Session, payload: dict[str, Any]) -> bool:
    """Whether the reader of ``session`` may read the document a hand-made entry cites."""
    doc_id = payload["citation"]["document"]
    return session.scalar(select(Document.id).where(Document.id == doc_id)) is not None
