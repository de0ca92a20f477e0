"""Entity identity operations shared by extraction writes and review: creation with a
unique slug, aliases, merge, split, rename, and finding an entity again from a stable
reference after a rebuild has renumbered every row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import delete, func, select, union, update
from sqlalchemy.orm import Session

from redes.extract.normalize import key as name_key
from redes.extract.normalize import slug as slugify
from redes.kb import claims as claims_mod
from redes.store.batches import chunks
from redes.store.models import Alias, Claim, Entity, Evidence, Mention

__all__ = ["name_key", "slugify"]


def unique_slug(session: Session, base: str) -> str:
    slug, n = base, 1
    while session.scalar(select(Entity.id).where(Entity.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create(session: Session, type_: str, name: str, slug: str | None = None) -> Entity:
    entity = Entity(
        slug=unique_slug(session, slug or slugify(name)),
        type=type_,
        name=name,
        key=name_key(name),
    )
    session.add(entity)
    session.flush()
    add_alias(session, entity, name)
    return entity


def by_slug(session: Session, slug: str) -> Entity | None:
    return session.scalar(select(Entity).where(Entity.slug == slug))


def add_alias(session: Session, entity: Entity, name: str, origin: str = "machine") -> bool:
    """Give ``entity`` another name unless it has one with the same key. A human alias
    marks an existing machine alias as human, so that it outlives re-extraction."""
    k = name_key(name)
    if not k:
        return False
    alias = session.scalar(select(Alias).where(Alias.entity_id == entity.id, Alias.key == k))
    if alias is not None:
        if origin == "human" and alias.origin != "human":
            alias.origin = "human"
        return False
    session.add(Alias(entity_id=entity.id, name=name, key=k, origin=origin))
    session.flush()
    return True


def remove_alias(session: Session, entity: Entity, name: str) -> bool:
    result = session.execute(delete(Alias).where(Alias.entity_id == entity.id, Alias.key == name_key(name)))
    return bool(result.rowcount)


def names(session: Session, entity_id: int) -> list[str]:
    return list(session.scalars(select(Alias.name).where(Alias.entity_id == entity_id).order_by(Alias.id)))


def ref(session: Session, entity: Entity, exclude: set[str] = frozenset()) -> dict[str, Any]:
    """A reference to ``entity`` that outlives row ids: its slug, type and names."""
    return {
        "slug": entity.slug,
        "type": entity.type,
        "name": entity.name,
        "names": [n for n in names(session, entity.id) if name_key(n) not in exclude],
    }


def locate(session: Session, reference: dict[str, Any]) -> Entity | None:
    """The entity a stored reference means now: the same slug and type, or else the
    entity of that type that shares most of its names (None when that is a tie)."""
    entity = by_slug(session, reference["slug"])
    if entity is not None and entity.type == reference.get("type", entity.type):
        return entity
    keys = {name_key(n) for n in [reference.get("name", ""), *reference.get("names", [])]} - {""}
    if not keys:
        return None
    q = (
        select(Alias.entity_id, func.count(func.distinct(Alias.key)))
        .join(Entity, Entity.id == Alias.entity_id)
        .where(Alias.key.in_(keys))
        .group_by(Alias.entity_id)
    )
    if reference.get("type"):
        q = q.where(Entity.type == reference["type"])
    overlap = sorted(session.execute(q).all(), key=lambda r: -r[1])
    if not overlap or (len(overlap) > 1 and overlap[0][1] == overlap[1][1]):
        return None
    return session.get(Entity, overlap[0][0])


def named_like(session: Session, reference: dict[str, Any]) -> list[Entity]:
    """The entity a reference means (``locate``) and every other entity of its type
    whose canonical name is the reference's canonical name."""
    found = {e.id: e for e in [locate(session, reference)] if e is not None}
    k = name_key(reference.get("name", ""))
    if k:
        q = select(Entity).where(Entity.key == k, Entity.type == reference.get("type", Entity.type))
        found.update({e.id: e for e in session.scalars(q)})
    return list(found.values())


def merge(session: Session, keep: Entity, other: Entity) -> None:
    """Fold ``other`` into ``keep``: names, mentions and claims; ``other`` is deleted."""
    if keep.id == other.id:
        return
    for alias in session.scalars(select(Alias).where(Alias.entity_id == other.id)).all():
        add_alias(session, keep, alias.name, alias.origin)
    session.execute(update(Mention).where(Mention.entity_id == other.id).values(entity_id=keep.id))
    claims_mod.replace_entity(session, other.id, keep.id)
    session.execute(delete(Alias).where(Alias.entity_id == other.id))
    session.execute(delete(Entity).where(Entity.id == other.id))
    session.expunge(other)


def split(
    session: Session, entity: Entity, split_names: list[str], new_name: str, new_slug: str | None = None
) -> Entity:
    """Move the names ``split_names`` of ``entity`` to another entity (found by
    ``new_slug`` or created), with the mentions written that way and the evidence whose
    sentence names the entity only that way."""
    keys = {name_key(n) for n in split_names} - {""}
    new = by_slug(session, new_slug) if new_slug else None
    if new is None or new.id == entity.id or new.type != entity.type:
        new = create(session, entity.type, new_name, new_slug)
    for n in split_names:
        add_alias(session, new, n, "human")
    session.execute(delete(Alias).where(Alias.entity_id == entity.id, Alias.key.in_(keys)))
    moved = [
        m_id
        for m_id, text in session.execute(
            select(Mention.id, Mention.text).where(Mention.entity_id == entity.id)
        )
        if name_key(text) in keys
    ]
    for chunk in chunks(moved):
        session.execute(update(Mention).where(Mention.id.in_(chunk)).values(entity_id=new.id))
    _reassign_evidence(session, entity, new)
    if name_key(entity.name) in keys:
        rename(session, entity, _best_name(session, entity) or entity.name, origin="machine")
    session.flush()
    return new


def _reassign_evidence(session: Session, old: Entity, new: Entity) -> None:
    """Evidence of ``old``'s claims whose sentence mentions ``new`` and not ``old`` now
    supports the same fact about ``new``."""
    claims = session.scalars(
        select(Claim).where((Claim.subject_id == old.id) | (Claim.object_id == old.id))
    ).all()
    if not claims:
        return
    evidence = session.scalars(select(Evidence).where(Evidence.claim_id.in_([c.id for c in claims]))).all()
    spans: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for doc_id, start, end, entity_id in session.execute(
        select(Mention.document_id, Mention.start, Mention.end, Mention.entity_id).where(
            Mention.entity_id.in_([old.id, new.id]),
            Mention.document_id.in_({e.document_id for e in evidence}),
        )
    ):
        spans[doc_id].append((start, end, entity_id))
    by_claim = {c.id: c for c in claims}
    moved = []
    for ev in evidence:
        inside = {eid for s, e, eid in spans[ev.document_id] if s >= ev.start and e <= ev.end}
        if inside == {new.id}:
            claim = by_claim[ev.claim_id]
            moved.append((ev, claim, claim.subject_id == old.id, claim.object_id == old.id))
    move_evidence(session, moved, new)


def move_evidence(
    session: Session, moved: list[tuple[Evidence, Claim, bool, bool]], new: Entity
) -> dict[int, Claim]:
    """Move each evidence row to the same fact with ``new`` on the sides named (``(evidence,
    its claim, subject side, object side)``); claims left without evidence go. Returns the
    claims that took evidence, by the id of the claim it came from."""
    targets: dict[int, Claim] = {}
    for ev, claim, subject_side, object_side in moved:
        subject = new if subject_side else session.get(Entity, claim.subject_id)
        obj = new if object_side else (session.get(Entity, claim.object_id) if claim.object_id else None)
        ((target, _),) = claims_mod.get_or_create_many(
            session,
            [
                claims_mod.fact(
                    subject, claim.predicate, obj, claim.value, claim.year, claim.detail, claim.date
                )
            ],
        )
        claims_mod.add_evidence(
            session, target, ev.document_id, ev.start, ev.end, ev.quote, ev.extractor, ev.confidence
        )
        session.delete(ev)
        targets[claim.id] = target
    session.flush()
    claims_mod.drop_unsupported(session, set(targets))
    return targets


def _best_name(session: Session, entity: Entity) -> str | None:
    counts = mention_counts(session, entity.id)
    aliases = names(session, entity.id)
    return max(aliases, key=lambda n: (counts.get(name_key(n), 0), len(n)), default=None)


def rename(session: Session, entity: Entity, name: str, origin: str = "human") -> None:
    entity.name = name
    entity.key = name_key(name)
    add_alias(session, entity, name, origin)


def mention_counts(session: Session, entity_id: int) -> Counter:
    """Mentions of an entity per name key."""
    counts: Counter = Counter()
    for text, n in session.execute(
        select(Mention.text, func.count()).where(Mention.entity_id == entity_id).group_by(Mention.text)
    ):
        counts[name_key(text)] += n
    return counts


def drop_orphans(session: Session, entity_ids: set[int]) -> int:
    """Delete the entities among ``entity_ids`` that nothing refers to any more: no
    mention, no claim and no name given by a human."""
    if not entity_ids:
        return 0
    used = union(
        select(Mention.entity_id).where(Mention.entity_id.in_(entity_ids)),
        select(Claim.subject_id).where(Claim.subject_id.in_(entity_ids)),
        select(Claim.object_id).where(Claim.object_id.in_(entity_ids)),
        select(Alias.entity_id).where(Alias.entity_id.in_(entity_ids), Alias.origin == "human"),
    )
    orphans = set(entity_ids) - set(session.scalars(used))
    if not orphans:
        return 0
    session.execute(delete(Alias).where(Alias.entity_id.in_(orphans)))
    session.execute(delete(Entity).where(Entity.id.in_(orphans)).execution_options(synchronize_session=False))
    return len(orphans)


