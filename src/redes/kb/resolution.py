"""Global identities for the entities of newly extracted documents, given the entities
already in the store: the bridge between ``redes.resolve`` and the knowledge base."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from redes.extract.model import DocExtraction
from redes.resolve import Resolver
from redes.store.models import Alias, Entity


@dataclass(slots=True)
class Identity:
    """Who a document's entity is across the whole store: the entity's slug, type and
    canonical name."""

    slug: str
    type: str
    name: str


class Resolution:
    """One resolver for a whole update run, seeded with every entity in the store (and
    the curated lexicons), learning the new entities of each document it resolves."""

    def __init__(self, session: Session):
        names: dict[int, list[str]] = defaultdict(list)
        # List entities (``Entity.source``) are matched only by reviewed cross-referencing,
        # never by name: a document's "CJNG" is not the OFAC entry.
        documents = Entity.source.is_(None)
        aliases = select(Alias.entity_id, Alias.name).join(Entity, Entity.id == Alias.entity_id)
        for entity_id, name in session.execute(aliases.where(documents).order_by(Alias.id)):
            names[entity_id].append(name)
        self.resolver = Resolver()
        self.moved: dict[str, tuple[str, str]] = {}  # resolver id -> (slug, name) in the store
        for e in session.scalars(select(Entity).where(documents).order_by(Entity.id)):
            # A canonical name in the store is a settled identity, even a bare nickname
            # ("El Menchito"): matching it as a lexicon name keeps re-extraction of the
            # same documents on the same entities. Other names follow the usual guards.
            self.resolver.add(e.slug, e.type, e.name, lexicon=True)
            self.resolver.add(e.slug, e.type, e.name, names.get(e.id, []))

    def resolve(self, docs: list[DocExtraction]) -> list[dict[str, Identity]]:
        """For each document, its entities' identities keyed by local id."""
        out = []
        for doc in docs:
            found = {}
            for local, r in self.resolver.resolve(doc.entities).items():
                slug, name = self.moved.get(r.id, (r.id, r.name))
                found[local] = Identity(slug, r.type, name)
            out.append(found)
        return out

    def move(self, moved: dict[str, tuple[str, str]]) -> None:
        """Entities the writer renamed and re-slugged (old slug -> (slug, name)): they keep
        their identity here under the old id, and answer with the new slug and name; the
        new slug is taken, so that no new entity gets it."""
        for old, (slug, name) in moved.items():
            origin = next((k for k, v in self.moved.items() if v[0] == old), old)
            self.moved[origin] = (slug, name)
            known = self.resolver.entities.get(origin)
            if known is not None:
                self.resolver.entities.setdefault(slug, known)
