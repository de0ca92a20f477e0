"""The k shortest paths between two entities, with the claims and evidence behind every hop."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import igraph as ig
from sqlalchemy import select

from redes.access.filters import within
from redes.analyse.graph_build import build_graph
from redes.analyse.graph_measures import node_info
from redes.analyse.options import GraphFilters
from redes.kb.lookup import resolve
from redes.store import Store
from redes.store.models import Claim, Document, Entity, Evidence


class NotInGraph(LookupError):
    """The entity exists but has no relation that passes the filters."""


def resolve_entity(store: Store, query: str) -> dict[str, Any]:
    """The one entity a name, alias or slug names (accents and case ignored), as
    ``{"id", "slug", "name", "type"}``; raises ``redes.kb.LookupFailed`` otherwise."""
    with store.session() as s:
        e = resolve(s, query)
        return {"id": e.id, "slug": e.slug, "name": e.name, "type": e.type}


def _vertex(g: ig.Graph, entity: dict[str, Any]) -> int:
    found = g.vs.select(entity_id=entity["id"])
    if not len(found):
        raise NotInGraph(f"{entity['name']!r} has no relation that passes the filters")
    return found[0].index


def _hop_costs(g: ig.Graph) -> list[float]:
    # Hop count first; among paths of equal length prefer better corroborated hops. The
    # tie-breaker adds less than 0.5 over any simple path, so it never outweighs a hop.
    n = max(g.vcount(), 1)
    return [1.0 + 1.0 / (2 * n * max(w, 1)) for w in g.es["weight"]]


def _evidence(store: Store, claim_ids: set[int], collections: list[str] | None) -> dict[int, dict[str, Any]]:
    """Claims by id with their subject, object and evidence (allowed collections only)."""
    stmt = (
        select(Claim, Evidence, Document)
        .join(Evidence, Evidence.claim_id == Claim.id)
        .join(Document, Document.id == Evidence.document_id)
        .where(Claim.id.in_(sorted(claim_ids)))
        .order_by(Claim.id, Document.published, Evidence.id)
    )
    out: dict[int, dict[str, Any]] = {}
    docs: dict[int, set[int]] = defaultdict(set)
    with within(store, collections).session() as s:
        names = {}
        for claim, ev, doc in s.execute(stmt):
            if claim.id not in out:
                ids = (claim.subject_id, claim.object_id)
                for eid in ids:
                    if eid not in names:
                        entity = s.get(Entity, eid)
                        names[eid] = entity.name if entity is not None else None
                if None in (names[claim.subject_id], names[claim.object_id]):
                    continue  # an entity the store's scope may not see
                out[claim.id] = {
                    "id": claim.id,
                    "predicate": claim.predicate,
                    "subject": {"id": claim.subject_id, "name": names[claim.subject_id]},
                    "object": {"id": claim.object_id, "name": names[claim.object_id]},
                    "year": claim.year,
                    "detail": claim.detail,
                    "status": claim.status,
                    "evidence": [],
                }
            docs[claim.id].add(doc.id)
            out[claim.id]["evidence"].append(
                {
                    "quote": ev.quote,
                    "start": ev.start,
                    "end": ev.end,
                    "document": {
                        "id": doc.id,
                        "title": doc.title,
                        "file_name": doc.file_name,
                        "publisher": doc.publisher,
                        "published": doc.published,
                    },
                }
            )
    for cid, c in out.items():
        c["corroboration"] = len(docs[cid])
    return out


def paths(
    store: Store,
    source: str,
    target: str,
    k: int = 3,
    filters: GraphFilters | None = None,
    graph: ig.Graph | None = None,
) -> dict[str, Any]:
    """Up to ``k`` shortest paths from ``source`` to ``target`` (names, aliases or slugs).

    Each path is a list of hops; each hop lists the claims that tie its two entities,
    most corroborated first, each with its evidence quotes and source documents.
    Raises ``redes.kb.LookupFailed`` for an unknown or ambiguous name and ``NotInGraph``
    for an entity without relations under the filters.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    g = graph if graph is not None else build_graph(store, filters)
    # Names are looked up within the collections the graph was built from: an entity
    # known only elsewhere answers like one that does not exist.
    named = within(store, g["filters"].get("collections"))
    a, b = resolve_entity(named, source), resolve_entity(named, target)
    va, vb = _vertex(g, a), _vertex(g, b)
    result: dict[str, Any] = {"source": a, "target": b, "k": k, "filters": g["filters"], "paths": []}
    if va == vb:
        return result
    epaths = [p for p in g.get_k_shortest_paths(va, vb, k=k, weights=_hop_costs(g), output="epath") if p]
    claims = _evidence(
        store, {c for p in epaths for e in p for c in g.es[e]["claims"]}, g["filters"].get("collections")
    )
    for epath in epaths:
        hops, v = [], va
        for e in epath:
            u = g.es[e].target if g.es[e].source == v else g.es[e].source
            hop_claims = sorted(
                (claims[c] for c in g.es[e]["claims"] if c in claims),
                key=lambda c: (-c["corroboration"], c["predicate"], c["id"]),
            )
            hops.append(
                {
                    "from": node_info(g, v),
                    "to": node_info(g, u),
                    "relations": g.es[e]["relations"],
                    "corroboration": g.es[e]["weight"],
                    "claims": hop_claims,
                }
            )
            v = u
        result["paths"].append({"length": len(hops), "hops": hops})
    return result
