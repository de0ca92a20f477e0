"""Finding entities by name, alias or slug, ignoring case and accents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from redes.access.names import alt_slug_id
from redes.kb.entities import name_key
from redes.store import Store
from redes.store.models import Alias, Entity, Mention

MAX_CANDIDATES = 20
# No name is longer than the column that holds it: a longer query names nothing. Names
# that contain the query are looked for (a scan of the aliases) for shorter queries only.
MAX_NAME = 500
MAX_CONTAINED = 200


class LookupFailed(LookupError):
    """No entity, or several, answer to a name; ``candidates`` lists the latter."""

    def __init__(self, query: str, candidates: list[dict[str, Any]]):
        self.query = query
        self.candidates = candidates
        what = "is ambiguous" if candidates else "matches no entity"
        super().__init__(f"{query!r} {what}")


def candidates(session: Session, query: str, broad: bool = False) -> list[Entity]:
    """Entities that answer to ``query``, best first: exact slug, canonical name or alias;
    failing those, names that contain it as whole words. ``broad``: those as well, after
    the exact ones (a search: "Sinaloa" is the state and the Sinaloa Cartel, "Guzmán"
    every Guzmán), where naming one entity wants the exact ones alone."""
    slug = query.strip()
    if len(slug) > MAX_NAME:
        return []
    entity = session.scalar(select(Entity).where(Entity.slug == slug))
    if entity is None and alt_slug_id(slug) is not None:
        entity = session.get(Entity, alt_slug_id(slug))
    # Slugs and keys are compared as the session shows them: for a restricted scope, a
    # name or slug that only a hidden document gives finds nothing (redes.access.names).
    by_slug = [entity] if entity is not None and entity.slug == slug else []
    if by_slug and not broad:
        return by_slug
    k = name_key(query)
    if not k:
        return by_slug
    canonical = [e for e in session.scalars(select(Entity).where(Entity.key == k)) if e.key == k]
    alias_ids = set(session.scalars(select(Alias.entity_id).where(Alias.key == k)))
    found = by_slug + [e for e in canonical if e not in by_slug]
    found += [e for e in _get_all(session, alias_ids) if e not in found]
    if (broad or not found) and len(k) <= MAX_CONTAINED:
        pattern = f"% {k} %"
        ids = set(
            session.scalars(select(Alias.entity_id).where((" " + Alias.key + " ").like(pattern)).limit(200))
        )
        exact = {e.id for e in found}
        contained = _get_all(session, ids - exact)
        found = _by_prominence(session, found) + _by_prominence(session, contained)
        return found[:MAX_CANDIDATES]
    return _by_prominence(session, found)[:MAX_CANDIDATES] if len(found) > 1 else found


def _get_all(session: Session, ids: set[int]) -> list[Entity]:
    if not ids:
        return []
    return list(session.scalars(select(Entity).where(Entity.id.in_(ids))))


def _by_prominence(session: Session, found: list[Entity]) -> list[Entity]:
    counts = mention_totals(session, [e.id for e in found])
    return sorted(found, key=lambda e: (-counts.get(e.id, 0), e.name))


def mention_totals(session: Session, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(
        session.execute(
            select(Mention.entity_id, func.count())
            .where(Mention.entity_id.in_(ids))
            .group_by(Mention.entity_id)
        ).all()
    )


def resolve(session: Session, query: str) -> Entity:
    """The one entity ``query`` names. A name that is the canonical name of exactly one
    entity wins over the same string used as an alias of others."""
    found = candidates(session, query)
    if len(found) == 1:
        return found[0]
    k = name_key(query)
    canonical = [e for e in found if e.key == k]
    if len(canonical) == 1:
        return canonical[0]
    counts = mention_totals(session, [e.id for e in found])
    raise LookupFailed(query, [summary(e, counts.get(e.id, 0)) for e in found])


def summary(entity: Entity, mentions: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": entity.slug, "name": entity.name, "type": entity.type}
    if mentions is not None:
        out["mentions"] = mentions
    return out


def find(store: Store, query: str, broad: bool = False) -> list[dict[str, Any]]:
    """Entities that answer to ``query`` (slug, name or alias), as dicts, best first;
    ``broad``: and those whose names contain it (see ``candidates``)."""
    with store.session() as s:
        found = candidates(s, query, broad)
        counts = mention_totals(s, [e.id for e in found])
        return [summary(e, counts.get(e.id, 0)) for e in found]
