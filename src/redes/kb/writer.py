"""Writing a batch of resolved extractions to the store with bulk Core statements.

The whole batch (every document's mentions, entity names, claims and evidence, and the
mark that each document was extracted) is one transaction of a handful of statements,
whatever the number of documents: one lookup each of the batch's entities, aliases and
claims (per 500 keys), then one multi-row insert per table. No ORM object is built or
flushed, and each entity and claim is looked up once per batch, not once per document.

A document's earlier output is replaced, not added to, so writing it again changes
nothing; a crash before the commit leaves every document of the batch as it was (still
marked as needing extraction when it never was extracted).

Names follow visibility: an entity's canonical name and slug come from the most visible
collections that mention it (public, then team, then confidential). An entity first met
in a confidential document and then named by a public one is renamed and re-slugged from
the public document (its claims re-keyed), so that what every reader of public sources
sees as its name and id is public; the confidential name stays one of its aliases, which
only readers of that collection see (``redes.access``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from redes.access.names import slug_of
from redes.extract.model import DocExtraction, proposed_by
from redes.extract.normalize import slug as slugify
from redes.kb import claims as claims_mod
from redes.kb import entities, merges, state
from redes.kb.resolution import Identity
from redes.resolve.candidates import Side
from redes.store.batches import chunks
from redes.store.models import Alias, Claim, Collection, Document, Entity, Evidence, Mention

ENTITIES = Entity.__table__
ALIASES = Alias.__table__
MENTIONS = Mention.__table__
EVIDENCE = Evidence.__table__
DOCUMENTS = Document.__table__
COLLECTIONS = Collection.__table__
# How widely a collection is read: names come from the most widely read.
TIERS = {"public": 0, "team": 1, "confidential": 2}
HIDDEN = max(TIERS.values())


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
    moved_from: str | None = None  # the slug it had before this batch re-slugged it


@dataclass(slots=True)
class Counts:
    entities_created: int = 0
    mentions: int = 0
    claims_created: int = 0
    evidence: int = 0
    # Entities renamed from a more widely read collection: old slug -> (slug, name), for
    # the resolution of the following batches (``Resolution.move``).
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Entities whose merge and cross-reference verdicts may have changed: created, renamed
    # or given a new name; subjects of new deaths and ages; ends of claims dropped (a
    # fact that stood against a merge). The update re-scans only these (``kb.merges``).
    touched: set[int] = field(default_factory=set)
    # Entities dropped as orphans, with the names they had: the blocks and list matches
    # they left (``merges.scored``, ``xref.matched``).
    gone: list[Side] = field(default_factory=list)


@dataclass(slots=True)
class _Doc:
    doc_id: int
    ex: DocExtraction
    tier: int = HIDDEN
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
    tiers = _tiers(s, doc_ids)
    docs = [_Doc(doc_id, ex, tiers.get(doc_id, HIDDEN)) for doc_id, (ex, _) in by_id.items()]
    cache = _EntityCache(s, [i for _, found in by_id.values() for i in found.values()])
    for doc in docs:
        found = by_id[doc.doc_id][1]
        for e in doc.ex.entities:
            identity = found.get(e.local_id)
            if identity is None:
                continue
            doc.local[e.local_id] = cache.get(identity)
    counts.moved = _promote(s, docs, cache)
    for doc in docs:
        for e in doc.ex.entities:
            record = doc.local.get(e.local_id)
            if record is not None:
                doc.names.append((record, record.name, [e.name, *e.aliases, *(m.text for m in e.mentions)]))
    counts.entities_created = cache.insert_new()
    cache.save_renames()
    counts.touched.update(r.id for r in cache.new)
    counts.touched.update(r.id for r in cache.known() if r.renamed or r.moved_from is not None)

    counts.touched |= _insert_aliases(s, docs, cache)
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
    _rekey(s, [r.id for r in cache.known() if r.moved_from is not None])

    used = {r.id for doc in docs for r in doc.local.values()}
    counts.touched |= _unsupported_ends(s, old_claims)
    claims_mod.drop_unsupported(s, old_claims)
    maybe = merges.compared_sides(s, old_entities - used) if old_entities - used else {}
    entities.drop_orphans(s, old_entities - used)
    left = set()
    for chunk in chunks(sorted(maybe)):
        left.update(s.scalars(select(ENTITIES.c.id).where(ENTITIES.c.id.in_(chunk))))
    counts.gone.extend(side for i, side in maybe.items() if i not in left)
    for chunk in chunks(doc_ids):
        s.execute(update(DOCUMENTS).where(DOCUMENTS.c.id.in_(chunk)).values(extracted_with=version))
    state.bump(s, "kb")  # caches of derived data see the change (redes.kb.state)
    return counts


def _forget(s: Session, doc_ids: list[int]) -> tuple[set[int], set[int]]:
    """Delete the documents' mentions and evidence; the entities and claims they
    pointed at (which may now be orphans)."""
    old_entities: set[int] = set()
    old_claims: set[int] = set()
    for chunk in chunks(doc_ids):
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
        for chunk in chunks(slugs):
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
        renamed = {id(r): r for r in self.by_slug.values() if r.renamed or r.moved_from is not None}
        if renamed:
            stmt = (
                update(ENTITIES)
                .where(ENTITIES.c.id == bindparam("b_id"))
                .values(name=bindparam("b_name"), key=bindparam("b_key"), slug=bindparam("b_slug"))
            )
            self.s.execute(
                stmt,
                [
                    {"b_id": r.id, "b_name": r.name, "b_key": r.key, "b_slug": r.slug}
                    for r in renamed.values()
                ],
            )

    def reslug(self, record: Record, name: str) -> None:
        """Give ``record`` a unique slug made from ``name`` (its old slug keeps finding it
        for the rest of the batch)."""
        slug = self._unique_slug(slugify(name))
        if record.id is None:
            del self.by_slug[record.slug]
        else:
            record.moved_from = record.moved_from or record.slug
        record.slug = slug
        self.by_slug[slug] = record

    def known(self) -> Iterator[Record]:
        """Records that existed before this batch (each once)."""
        new = {id(r) for r in self.new}
        return iter({id(r): r for r in self.by_slug.values() if id(r) not in new}.values())


def _tiers(s: Session, doc_ids: list[int]) -> dict[int, int]:
    """How widely each document is read (``TIERS`` of its collection's visibility)."""
    out: dict[int, int] = {}
    for chunk in chunks(doc_ids):
        for doc_id, visibility in s.execute(
            select(DOCUMENTS.c.id, COLLECTIONS.c.visibility)
            .join(COLLECTIONS, COLLECTIONS.c.id == DOCUMENTS.c.collection_id)
            .where(DOCUMENTS.c.id.in_(chunk))
        ):
            out[doc_id] = TIERS.get(visibility, HIDDEN)
    return out


def _seen_at(s: Session, entity_ids: list[int], tier: int) -> set[int]:
    """The entities among ``entity_ids`` that documents read at least as widely as
    ``tier`` mention (before this batch: its documents' mentions are gone by now)."""
    visible = [v for v, t in TIERS.items() if t <= tier]
    found: set[int] = set()
    for chunk in chunks(entity_ids):
        mentioned = (
            select(MENTIONS.c.id)
            .join(DOCUMENTS, DOCUMENTS.c.id == MENTIONS.c.document_id)
            .join(COLLECTIONS, COLLECTIONS.c.id == DOCUMENTS.c.collection_id)
            .where(MENTIONS.c.entity_id == ENTITIES.c.id, COLLECTIONS.c.visibility.in_(visible))
        )
        found.update(s.scalars(select(ENTITIES.c.id).where(ENTITIES.c.id.in_(chunk), mentioned.exists())))
    return found


def _promote(s: Session, docs: list[_Doc], cache: _EntityCache) -> dict[str, tuple[str, str]]:
    """Rename and re-slug the entities that this batch is the first to show to a wider
    readership, from the names the widest-read of its documents give them (unless their
    name and slug are already among those, or are curated lexicon names and ids, which
    are public anyway). Returns what moved: old slug -> (slug, name)."""
    widest: dict[int, tuple[int, Record, list[str]]] = {}  # by id(record): tier, record, names
    for doc in sorted(docs, key=lambda d: (d.tier, d.doc_id)):
        for e in doc.ex.entities:
            record = doc.local.get(e.local_id)
            if record is None:
                continue
            tier, _, names = widest.setdefault(id(record), (doc.tier, record, []))
            if doc.tier == tier:
                names += [e.name, *(m.text for m in e.mentions)]
    todo = [(tier, r, names) for tier, r, names in widest.values() if tier < HIDDEN or r.id is None]
    before: dict[int, set[int]] = {}
    for tier in sorted({t for t, r, _ in todo if r.id is not None}):
        ids = sorted({r.id for t, r, _ in todo if t == tier and r.id is not None})
        before[tier] = _seen_at(s, ids, tier)
    lexicon = None
    moved: dict[str, tuple[str, str]] = {}
    for tier, record, names in todo:
        if record.id is not None and record.id in before.get(tier, ()):
            continue  # already named where this batch's widest readers read
        if lexicon is None:
            from redes.extract.lexicon import load

            lexicon = load()
        entry = lexicon.entry(record.slug)
        if entry is not None and entry.type == record.type:
            continue
        keys = {entities.name_key(n) for n in names}
        old = record.slug
        if record.key not in keys and names and entities.name_key(names[0]):
            record.name, record.key = names[0], entities.name_key(names[0])
            record.renamed = record.id is not None
        if not slug_of(record.slug, names):
            cache.reslug(record, record.name)
        if record.slug != old or record.renamed:
            moved[old] = (record.slug, record.name)
    return moved


def _rekey(s: Session, entity_ids: list[int]) -> None:
    """Re-key the claims about entities whose slug changed (claim keys hash slugs)."""
    if not entity_ids:
        return
    s.flush()
    claims = s.scalars(
        select(Claim).where(Claim.subject_id.in_(entity_ids) | Claim.object_id.in_(entity_ids))
    ).all()
    for claim in claims:
        if s.get(Claim, claim.id) is not None:
            claims_mod.rekey(s, claim)
    s.flush()


def _unsupported_ends(s: Session, claim_ids: set[int]) -> set[int]:
    """The subjects and objects of the claims among ``claim_ids`` left without evidence
    (about to be dropped)."""
    out: set[int] = set()
    supported = select(EVIDENCE.c.claim_id)
    for chunk in chunks(sorted(claim_ids)):
        for subject, obj in s.execute(
            select(Claim.subject_id, Claim.object_id).where(Claim.id.in_(chunk), Claim.id.not_in(supported))
        ):
            out.update(i for i in (subject, obj) if i is not None)
    return out


def _insert_aliases(s: Session, docs: list[_Doc], cache: _EntityCache) -> set[int]:
    """Every name each entity was given (its canonical name, the extracted name,
    aliases and mention texts) that it does not have yet, one per name key; returns the
    ids of the entities given one."""
    have: dict[int, set[str]] = {}
    known = sorted({r.id for r in cache.known()})
    for entity_id in known:
        have[entity_id] = set()
    for chunk in chunks(known):
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
    return {row["entity_id"] for row in rows}


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
    # A new date of death may reconcile two namesakes' (``merges._conflicts``); a new age
    # nationality or identity number rules a listing in or out (``kb.xref``).
    counts.touched.update(
        f["subject_id"]
        for _, _, f in stated
        if f["predicate"] in ("died", "age", "nationality", "identifier") and found[f["key"]][1]
    )
    # Each document's old evidence is gone, so only this batch's can repeat: a sentence
    # that several extractors read the same claim from is one row naming them all.
    seen: dict[tuple[int, int, int], dict] = {}
    rows = []
    for doc, r, f in stated:
        claim_id = found[f["key"]][0]
        extractor, confidence = proposed_by(r)
        row = seen.get((doc.doc_id, claim_id, r.evidence.start))
        if row is not None:
            row["extractor"] = " ".join(sorted({*row["extractor"].split(), *extractor.split()}))
            if confidence is not None:
                row["confidence"] = max(confidence, row["confidence"] or 0.0)
            continue
        row = seen[(doc.doc_id, claim_id, r.evidence.start)] = {
            "claim_id": claim_id,
            "document_id": doc.doc_id,
            "start": r.evidence.start,
            "end": r.evidence.end,
            "quote": r.evidence.text,
            "span_start": r.start,
            "span_end": r.end,
            "end_cue": r.end_cue,
            "extractor": extractor,
            "confidence": confidence,
        }
        rows.append(row)
    s.execute(EVIDENCE.insert(), rows)
    counts.evidence = len(rows)


