"""Writing a batch of resolved extractions to the store with bulk Core statements.

The whole batch (every document's mentions, entity names, claims and evidence, and the
mark that each document was extracted) is one transaction of a handful of statements,
whatever the number of documents: one lookup each of the batch's entities, aliases and
claims (per 500 keys), then one multi-row insert per table. No ORM object is built or
flushed, and each entity and claim is looked up once per batch, not once per document.

A document's earlier output is replaced, not added to, so writing it again changes
nothing; a crash before the commit leaves every document of the batch as it was (still
marked as needing extraction when it never was extracted).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from redes.extract.model import DocExtraction
from redes.kb import claims as claims_mod
from redes.kb import entities
from redes.kb.resolution import Identity
from redes.store.models import Alias, Document, Entity, Evidence, Mention

ENTITIES = Entity.__table__
ALIASES = Alias.__table__
MENTIONS = Mention.__table__
EVIDENCE = Evidence.__table__
DOCUMENTS = Document.__table__
CHUNK = 500  # ids or keys per IN (...) list


@dataclass(slots=True, eq=False)
class Record:
    """An entity as this batch knows it: loaded from the store, or new (``id`` None
    until the batch's entities are inserted)."""

    id: int | None
    slug: str
    type: str
    name: str
    key: str
    renamed: bool = False


@dataclass(slots=True)
class Counts:
    entities_created: int = 0
    mentions: int = 0
    claims_created: int = 0
    evidence: int = 0


@dataclass(slots=True)
class _Doc:
    doc_id: int
    ex: DocExtraction
    local: dict[str, Record] = field(default_factory=dict)
    # (entity, the entity's name when this document was written, the other names)
    names: list[tuple[Record, str, list[str]]] = field(default_factory=list)


def write_batch(
    s: Session, items: Iterable[tuple[int, DocExtraction, dict[str, Identity]]], version: str
) -> Counts:
    """Replace the machine output of each (document id, extraction, identities) with
    this extraction's, and mark the documents as extracted by ``version``. The caller
    commits (or rolls back) the session."""
    by_id: dict[int, tuple[DocExtraction, dict[str, Identity]]] = {}
    for doc_id, ex, found in items:
        by_id[doc_id] = (ex, found)  # a document given twice: its last extraction
    if not by_id:
        return Counts()
    doc_ids = sorted(by_id)
    counts = Counts()

    old_entities, old_claims = _forget(s, doc_ids)
    docs = [_Doc(doc_id, ex) for doc_id, (ex, _) in by_id.items()]
    cache = _EntityCache(s, [i for _, found in by_id.values() for i in found.values()])
    for doc in docs:
        found = by_id[doc.doc_id][1]
        for e in doc.ex.entities:
            identity = found.get(e.local_id)
            if identity is None:
                continue
            record = cache.get(identity)
            doc.local[e.local_id] = record
            doc.names.append((record, record.name, [e.name, *e.aliases, *(m.text for m in e.mentions)]))
    counts.entities_created = cache.insert_new()
    cache.save_renames()

    _insert_aliases(s, docs, cache)
    mentions = [
        {
            "document_id": doc.doc_id,
            "entity_id": doc.local[e.local_id].id,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "type": e.type,
        }
        for doc in docs
        for e in doc.ex.entities
        if e.local_id in doc.local
        for m in e.mentions
    ]
    if mentions:
        s.execute(MENTIONS.insert(), mentions)
    counts.mentions = len(mentions)

    _write_claims(s, docs, counts)

    used = {r.id for doc in docs for r in doc.local.values()}
    claims_mod.drop_unsupported(s, old_claims)
    entities.drop_orphans(s, old_entities - used)
    for chunk in _chunks(doc_ids):
        s.execute(update(DOCUMENTS).where(DOCUMENTS.c.id.in_(chunk)).values(extracted_with=version))
    return counts


def _forget(s: Session, doc_ids: list[int]) -> tuple[set[int], set[int]]:
    """Delete the documents' mentions and evidence; the entities and claims they
    pointed at (which may now be orphans)."""
    old_entities: set[int] = set()
    old_claims: set[int] = set()
    for chunk in _chunks(doc_ids):
        old_entities.update(
            s.scalars(select(MENTIONS.c.entity_id).where(MENTIONS.c.document_id.in_(chunk)).distinct())
        )
        old_claims.update(
            s.scalars(select(EVIDENCE.c.claim_id).where(EVIDENCE.c.document_id.in_(chunk)).distinct())
        )
        s.execute(delete(MENTIONS).where(MENTIONS.c.document_id.in_(chunk)))
        s.execute(delete(EVIDENCE).where(EVIDENCE.c.document_id.in_(chunk)))
    old_entities.discard(None)
    return old_entities, old_claims


class _EntityCache:
    """The store's entity for each identity of the batch: loaded once by slug, created
    when new, renamed when resolution gave another canonical name."""

    def __init__(self, s: Session, identities: list[Identity]):
        self.s = s
        self.by_slug: dict[str, Record] = {}  # every slug taken, in the store or in this batch
        self.suffixed: dict[tuple[str, str], Record] = {}  # (identity slug, type) -> suffixed entity
        self.new: list[Record] = []
        slugs = sorted({i.slug for i in identities})
        cols = (ENTITIES.c.id, ENTITIES.c.slug, ENTITIES.c.type, ENTITIES.c.name, ENTITIES.c.key)
        for chunk in _chunks(slugs):
            for row in s.execute(select(*cols).where(ENTITIES.c.slug.in_(chunk))):
                self.by_slug[row.slug] = Record(*row)

    def get(self, identity: Identity) -> Record:
        record = self.by_slug.get(identity.slug)
        if record is not None and record.type != identity.type:
            # The slug belongs to an entity of another type: this one lives under a
            # suffixed slug ("jalisco-2"), found again by type and name.
            record = self.suffixed.get((identity.slug, identity.type)) or self._find_suffixed(identity)
            if record is None:
                record = self._create(self._unique_slug(identity.slug), identity)
            self.suffixed[(identity.slug, identity.type)] = record
        elif record is None:
            record = self._create(identity.slug, identity)
        if record.name != identity.name:
            record.name, record.key = identity.name, entities.name_key(identity.name)
            record.renamed = record.id is not None
        return record

    def _create(self, slug: str, identity: Identity) -> Record:
        record = Record(None, slug, identity.type, identity.name, entities.name_key(identity.name))
        self.by_slug[slug] = record
        self.new.append(record)
        return record

    def _find_suffixed(self, identity: Identity) -> Record | None:
        cols = (ENTITIES.c.id, ENTITIES.c.slug, ENTITIES.c.type, ENTITIES.c.name, ENTITIES.c.key)
        row = self.s.execute(
            select(*cols)
            .where(
                ENTITIES.c.slug.startswith(identity.slug + "-", autoescape=True),
                ENTITIES.c.type == identity.type,
                ENTITIES.c.key == entities.name_key(identity.name),
            )
            .order_by(ENTITIES.c.id)
            .limit(1)
        ).first()
        if row is None:
            return None
        return self.by_slug.setdefault(row.slug, Record(*row))

    def _unique_slug(self, base: str) -> str:
        slug, n = base, 1
        while slug in self.by_slug or self.s.scalar(select(ENTITIES.c.id).where(ENTITIES.c.slug == slug)):
            n += 1
            slug = f"{base}-{n}"
        return slug

    def insert_new(self) -> int:
        """Insert the batch's new entities, giving each record its id."""
        if not self.new:
            return 0
        stmt = ENTITIES.insert().returning(ENTITIES.c.id, sort_by_parameter_order=True)
        rows = [{"slug": r.slug, "type": r.type, "name": r.name, "key": r.key} for r in self.new]
        for record, entity_id in zip(self.new, self.s.execute(stmt, rows).scalars().all(), strict=True):
            record.id = entity_id
        return len(self.new)

    def save_renames(self) -> None:
        renamed = [r for r in self.by_slug.values() if r.renamed]
        if renamed:
            stmt = (
                update(ENTITIES)
                .where(ENTITIES.c.id == bindparam("b_id"))
                .values(name=bindparam("b_name"), key=bindparam("b_key"))
            )
            self.s.execute(stmt, [{"b_id": r.id, "b_name": r.name, "b_key": r.key} for r in renamed])

    def known(self) -> Iterator[Record]:
        """Records that existed before this batch."""
        new = {id(r) for r in self.new}
        return (r for r in self.by_slug.values() if id(r) not in new)


def _insert_aliases(s: Session, docs: list[_Doc], cache: _EntityCache) -> None:
    """Every name each entity was given (its canonical name, the extracted name,
    aliases and mention texts) that it does not have yet, one per name key."""
    have: dict[int, set[str]] = {}
    known = sorted({r.id for r in cache.known()})
    for entity_id in known:
        have[entity_id] = set()
    for chunk in _chunks(known):
        for entity_id, k in s.execute(
            select(ALIASES.c.entity_id, ALIASES.c.key).where(ALIASES.c.entity_id.in_(chunk))
        ):
            have[entity_id].add(k)
    rows = []
    for doc in docs:
        for record, name, others in doc.names:
            keys = have.setdefault(record.id, set())
            for n in (name, *others):
                k = entities.name_key(n)
                if k and k not in keys:
                    rows.append({"entity_id": record.id, "name": n, "key": k, "origin": "machine"})
                    keys.add(k)
    if rows:
        s.execute(ALIASES.insert(), rows)


def _write_claims(s: Session, docs: list[_Doc], counts: Counts) -> None:
    stated: list[tuple[_Doc, object, dict]] = []
    for doc in docs:
        for r in doc.ex.relations:
            subject = doc.local.get(r.subject)
            obj = doc.local.get(r.object) if r.object is not None else None
            if subject is None or (r.object is not None and (obj is None or obj.id == subject.id)):
                continue
            if r.object is None and r.value is None:
                continue
            stated.append((doc, r, claims_mod.fact_values(subject, r.type, obj, r.value, r.year, r.detail)))
    if not stated:
        return
    found = claims_mod.ensure(s, [f for _, _, f in stated])
    counts.claims_created = sum(created for _, created in found.values())
    # Each document's old evidence is gone, so only this batch's can repeat.
    seen: set[tuple[int, int, int]] = set()
    rows = []
    for doc, r, f in stated:
        claim_id = found[f["key"]][0]
        if (doc.doc_id, claim_id, r.evidence.start) in seen:
            continue
        seen.add((doc.doc_id, claim_id, r.evidence.start))
        rows.append(
            {
                "claim_id": claim_id,
                "document_id": doc.doc_id,
                "start": r.evidence.start,
                "end": r.evidence.end,
                "quote": r.evidence.text,
            }
        )
    s.execute(EVIDENCE.insert(), rows)
    counts.evidence = len(rows)


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
