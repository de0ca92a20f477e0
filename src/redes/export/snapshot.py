"""Everything an export needs, read once: entities with their names, the claims that
were not rejected (with corroboration and evidence), and the source documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from redes.kb.facts import claim_dicts, document_summary
from redes.store import Store
from redes.store.models import Alias, Claim, Document, Entity, Mention


@dataclass
class Snapshot:
    entities: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def relations(self) -> list[dict[str, Any]]:
        return [c for c in self.claims if c["object"] is not None]

    @property
    def attributes(self) -> list[dict[str, Any]]:
        return [c for c in self.claims if c["object"] is None]


def load(store: Store) -> Snapshot:
    snap = Snapshot()
    with store.session() as s:
        names: dict[int, list[str]] = defaultdict(list)
        for entity_id, name in s.execute(select(Alias.entity_id, Alias.name).order_by(Alias.id)):
            names[entity_id].append(name)
        mentions = dict(s.execute(select(Mention.entity_id, func.count()).group_by(Mention.entity_id)).all())
        mentioned_in: dict[int, set[int]] = defaultdict(set)
        for entity_id, doc_id in s.execute(select(Mention.entity_id, Mention.document_id).distinct()):
            mentioned_in[entity_id].add(doc_id)
        # Sorted by the slug as shown: a restricted scope sees only readable slugs, and the
        # order must not follow one it may not read (redes.access.names).
        for e in sorted(s.scalars(select(Entity)), key=lambda e: e.slug):
            snap.entities.append(
                {
                    "id": e.slug,
                    "name": e.name,
                    "type": e.type,
                    "aliases": [n for n in names.get(e.id, []) if n != e.name],
                    "mentions": mentions.get(e.id, 0),
                    "documents": sorted(mentioned_in.get(e.id, ())),
                }
            )
        claims = sorted(s.scalars(select(Claim).where(Claim.status != "rejected")), key=lambda c: c.key)
        snap.claims = claim_dicts(s, list(claims))
        snap.documents = {
            d.id: {**document_summary(d), "content_hash": d.content_hash} for d in s.scalars(select(Document))
        }
    return snap
