"""Two questions that need both the documents and a sanctions list (``redes.sources``):

- which designated parties are brokers between communities of the documents' network
  (``designated_brokers``): the brokers of the network built from the documents alone,
  kept when a list designates them (an entity a reviewed cross-reference merged with a
  listed party, or a listed party the documents name through such a match);
- which companies of the documents a list links to a group the documents name
  (``linked_companies``): a list ``linked_to`` tie between an organization and a criminal
  group, both mentioned in documents, with the list entry that draws it.

Both read through the store's scope, like every other analysis.
"""

from __future__ import annotations

from typing import Any

import igraph as ig
from sqlalchemy import select
from sqlalchemy.orm import Session

from redes.analyse.graph_measures import brokers
from redes.analyse.options import DEFAULT_SEED
from redes.sources import LIST_FORMATS
from redes.sources.knowledge import ORIGIN
from redes.sources.lists import designated
from redes.store import Store
from redes.store.models import Claim, Document, Entity, Evidence, Mention


def _in_documents(session: Session, ids: set[int]) -> set[int]:
    """Those of ``ids`` that a document (not a list entry) mentions."""
    found: set[int] = set()
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        q = (
            select(Mention.entity_id)
            .join(Document, Document.id == Mention.document_id)
            .where(Mention.entity_id.in_(ordered[i : i + 500]), Document.format.notin_(LIST_FORMATS))
            .distinct()
        )
        found.update(session.scalars(q))
    return found


def designated_brokers(store: Store, g: ig.Graph, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """The brokers of ``g`` (the documents' network: build it without lists) that a list
    designates, best betweenness first, each with its list entries."""
    found = brokers(g, seed=seed)
    with store.session() as s:
        listed = designated(s)
    rows = [r | {"lists": listed[r["id"]]} for r in found["brokers"] if r["id"] in listed]
    return {"modularity": found["modularity"], "communities": found["communities"], "brokers": rows}


def linked_companies(store: Store) -> list[dict[str, Any]]:
    """Companies (organizations) of the documents that a list links to a criminal group
    the documents name: company, group, the list entry's line, and its document."""
    with store.session() as s:
        q = (
            select(Claim, Evidence.quote, Evidence.document_id)
            .join(Evidence, Evidence.claim_id == Claim.id)
            .where(Claim.predicate == "linked_to", Claim.origin == ORIGIN, Claim.status != "rejected")
        )
        ties = s.execute(q).all()
        ids = {i for c, _, _ in ties for i in (c.subject_id, c.object_id)}
        ents = {e.id: e for e in s.scalars(select(Entity).where(Entity.id.in_(sorted(ids))))} if ids else {}
        named = _in_documents(s, set(ents))
        out: dict[tuple[int, int], dict[str, Any]] = {}
        for claim, quote, doc_id in ties:
            a, b = ents.get(claim.subject_id), ents.get(claim.object_id)
            if a is None or b is None or not {a.id, b.id} <= named:
                continue
            types = {a.type: a, b.type: b}
            if set(types) != {"organization", "criminal_group"}:
                continue
            company, group = types["organization"], types["criminal_group"]
            row = out.setdefault(
                (company.id, group.id),
                {
                    "company": {"id": company.slug, "name": company.name},
                    "group": {"id": group.slug, "name": group.name},
                    "detail": claim.detail,
                    "evidence": [],
                },
            )
            row["evidence"].append({"quote": quote, "document": doc_id})
    return sorted(out.values(), key=lambda r: (r["group"]["name"], r["company"]["name"]))
