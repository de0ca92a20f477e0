"""Reading the lists back: the listed parties (for cross-referencing), whether an entity
is on a list, and the list facts a dossier shows.

Every read joins the entry documents, so the access filter (``redes.access``) hides a list
kept in a collection the reader may not read, as it hides any document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from followthemoney import EntityProxy, model
from followthemoney.types import registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from redes.sources import LIST_FORMATS
from redes.sources.knowledge import DESIGNATION, LIST_LINKS, OFAC, ORIGIN, slug_for
from redes.store.models import Claim, Document, Entity, Evidence, ListRecord, ListVersion, Mention


def _versions(session: Session, source: str) -> list[tuple[int, Any]]:
    return session.execute(
        select(ListVersion.id, ListVersion.published)
        .where(ListVersion.source == source)
        .order_by(ListVersion.published, ListVersion.id)
    ).all()


def listed(session: Session, source: str = OFAC.name) -> Iterator[tuple[int, EntityProxy]]:
    """The knowledge-base id of each party of the list ``source`` and its FtM proxy (as its
    newest entry gives it; delisted parties too), for the parties the reader may read. A
    party merged into a document entity by an accepted match comes with that entity's id."""
    newest: dict[str, tuple[int, dict, int]] = {}
    order = {vid: i for i, (vid, _) in enumerate(_versions(session, source))}
    q = (
        select(ListRecord.ftm_id, ListRecord.version_id, ListRecord.data, ListRecord.document_id)
        .join(ListVersion, ListVersion.id == ListRecord.version_id)
        .join(Document, Document.id == ListRecord.document_id)
        .where(ListVersion.source == source, ListRecord.schema.notin_(tuple(LIST_LINKS)))
    )
    for ftm_id, vid, data, doc_id in session.execute(q):
        if ftm_id not in newest or newest[ftm_id][0] < order[vid]:
            newest[ftm_id] = (order[vid], data, doc_id)
    # The party is the entity its entry's name (at offset 0) mentions: merges move mentions.
    by_doc: dict[int, int] = {}
    docs = sorted({doc_id for _, _, doc_id in newest.values()})
    for i in range(0, len(docs), 500):
        q = select(Mention.document_id, Mention.entity_id).where(
            Mention.document_id.in_(docs[i : i + 500]), Mention.start == 0, Mention.entity_id.is_not(None)
        )
        by_doc.update(session.execute(q).all())
    found = sorted((by_doc[doc_id], ftm_id) for ftm_id, (_, _, doc_id) in newest.items() if doc_id in by_doc)
    for entity_id, ftm_id in found:
        yield entity_id, model.get_proxy(newest[ftm_id][1], cleaned=True)


def list_entity_ids(session: Session, source: str | None = None) -> set[int]:
    """Ids of the entities that come from a list (not merged into a document entity)."""
    q = select(Entity.id).where(Entity.source.is_not(None))
    if source is not None:
        q = q.where(Entity.source == source)
    return set(session.scalars(q))


def designated(session: Session, entity_ids: list[int] | None = None) -> dict[int, list[str]]:
    """Entity id -> the list entries (quotes, "OFAC SDN: SDNTK") designating it, for the
    entities ``entity_ids`` (None: all), designations not ended (a delisted party is no
    longer designated), as the reader may read them."""
    q = (
        select(Claim.object_id, Evidence.quote)
        .join(Evidence, Evidence.claim_id == Claim.id)
        .where(
            Claim.predicate == DESIGNATION[0],
            Claim.detail == DESIGNATION[1],
            Claim.origin == ORIGIN,
            Claim.status != "rejected",
            Claim.end_date.is_(None),
        )
    )
    chunks = (
        [None] if entity_ids is None else [entity_ids[i : i + 500] for i in range(0, len(entity_ids), 500)]
    )
    out: dict[int, list[str]] = {}
    for chunk in chunks:
        stmt = q if chunk is None else q.where(Claim.object_id.in_(chunk))
        for entity_id, quote in session.execute(stmt):
            if quote not in out.setdefault(entity_id, []):
                out[entity_id].append(quote)
    return out


def sanctioned_slugs(session: Session, slugs: list[str]) -> set[str]:
    """Those of the entities ``slugs`` (as the reader sees them) a list designates. In a
    few queries whatever the number of slugs (a search names hundreds of entities), and
    none but one when no list was imported."""
    from redes.access.names import alt_slug_id

    if not slugs or session.scalar(select(ListVersion.id).limit(1)) is None:
        return set()
    found: dict[int, str] = {}  # entity id -> the slug asked for
    plain = set()
    for slug in slugs:
        row_id = alt_slug_id(slug)  # "name~14": a slug shown in place of one the reader may not read
        if row_id is not None:
            found[row_id] = slug
        else:
            plain.add(slug)
    ordered = sorted(plain)
    for i in range(0, len(ordered), 500):
        for e in session.scalars(select(Entity).where(Entity.slug.in_(ordered[i : i + 500]))):
            if e.slug in plain:  # as the reader's filter shows it
                found[e.id] = e.slug
    return {found[i] for i in designated(session, sorted(found))}


def is_list_entity(session: Session, entity_id: int) -> bool:
    """Whether the entity comes from a list alone (no document named it into it)."""
    return session.scalar(select(Entity.source).where(Entity.id == entity_id)) is not None


def facts(session: Session, entity_id: int) -> list[dict[str, Any]]:
    """The list entries of an entity (its own, or a listed party's merged into it by an
    accepted match): per list, the newest entry's FtM data, the list date it is as of, the
    delisting date if a newer list left it out, and the citation (document)."""
    docs = set(
        session.scalars(
            select(Mention.document_id)
            .join(Document, Document.id == Mention.document_id)
            .where(Mention.entity_id == entity_id, Document.format.in_(LIST_FORMATS))
        )
    )
    if not docs:
        return []
    q = (
        select(ListRecord, ListVersion.source, ListVersion.published)
        .join(ListVersion, ListVersion.id == ListRecord.version_id)
        .where(ListRecord.document_id.in_(sorted(docs)), ListRecord.schema.notin_(tuple(LIST_LINKS)))
    )
    newest: dict[tuple[str, str], tuple[Any, ListRecord]] = {}
    for rec, source, published in session.execute(q):
        key = (source, rec.ftm_id)
        if key not in newest or newest[key][0] < published:
            newest[key] = (published, rec)
    out = []
    for (source, ftm_id), (published, rec) in sorted(newest.items()):
        versions = _versions(session, source)
        later = [p for _, p in versions if p > published]
        proxy = model.get_proxy(rec.data, cleaned=True)
        out.append(
            {
                "source": source,
                "title": OFAC.title if source == OFAC.name else source,
                "id": ftm_id,
                "slug": slug_for(source, ftm_id),  # of the party's own entity, when not merged
                "schema": proxy.schema.name,
                "programs": proxy.get("program", quiet=True),
                "aliases": proxy.get("alias", quiet=True) + proxy.get("weakAlias", quiet=True),
                "previous_names": proxy.get("previousName", quiet=True),
                "birth_dates": proxy.get("birthDate", quiet=True),
                "birth_places": proxy.get("birthPlace", quiet=True),
                "nationalities": [
                    registry.country.caption(c) or c for c in proxy.get("nationality", quiet=True)
                ],
                "ids": proxy.get("idNumber", quiet=True) + proxy.get("taxNumber", quiet=True),
                "as_of": published.isoformat(),
                "delisted": later[0].isoformat() if later else None,
                "document": rec.document_id,
                "row": rec.row,
                "url": (proxy.get("sourceUrl", quiet=True) or [None])[0],
            }
        )
    return out
