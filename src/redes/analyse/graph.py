"""Network analysis of the knowledge base: the library API behind ``redes graph`` and
the web UI. Every function returns plain dicts and lists.

    g = build_graph(store, GraphFilters(as_of=2015))
    centrality(g, top=10); brokers(g); communities(g)
    paths(store, "El Mencho", "Rosalinda González", k=3)
    disrupt(g, "degree", k=10, recover=True)
    ego_network(store, entity_id, depth=1, limit=25)
    state_crime_ties(store)
"""

from __future__ import annotations

from typing import Any

import igraph as ig

from redes.analyse.disrupt import compare, disrupt
from redes.analyse.graph_build import build_graph, graph_from_edges
from redes.analyse.graph_measures import brokers, centrality, communities, node_info
from redes.analyse.graph_paths import NotInGraph, paths, resolve_entity
from redes.analyse.options import (
    ACTOR_TYPES,
    CRIMINAL_RELATIONS,
    CRIMINAL_TYPES,
    STRATEGIES,
    TIE_RELATIONS,
    GraphFilters,
    network_filters,
)
from redes.analyse.state_crime import state_crime_ties
from redes.store import Store
from redes.store.models import Entity

__all__ = [
    "ACTOR_TYPES",
    "CRIMINAL_RELATIONS",
    "CRIMINAL_TYPES",
    "STRATEGIES",
    "TIE_RELATIONS",
    "GraphFilters",
    "NotInGraph",
    "brokers",
    "build_graph",
    "centrality",
    "communities",
    "compare",
    "disrupt",
    "ego_network",
    "graph_from_edges",
    "network_filters",
    "node_info",
    "paths",
    "resolve_entity",
    "state_crime_ties",
    "summary",
]


def summary(g: ig.Graph) -> dict[str, Any]:
    """Size of the graph and the filters that made it."""
    components = g.connected_components() if g.vcount() else []
    return {
        "nodes": g.vcount(),
        "edges": g.ecount(),
        "components": len(components),
        "filters": g["filters"] if "filters" in g.attributes() else {},
    }


def ego_network(
    store: Store,
    entity_id: int,
    depth: int = 1,
    filters: GraphFilters | None = None,
    graph: ig.Graph | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """The entity, everyone within ``depth`` hops and the ties among them, for the
    dossier's ego chart and the link chart's expand: ``{"center", "nodes": [...
    "distance", "degree"], "edges": [...], "total"}``. With ``limit``, only that many
    others are kept, nearest and best connected first (``total`` counts them all)."""
    g = graph if graph is not None else build_graph(store, filters)
    found = g.vs.select(entity_id=entity_id)
    if not len(found):
        with store.session() as s:
            e = s.get(Entity, entity_id)
            if e is None:
                raise LookupError(f"no entity with id {entity_id}")
            center = {"id": e.id, "slug": e.slug, "name": e.name, "type": e.type}
        return {"center": center, "nodes": [center | {"distance": 0, "degree": 0}], "edges": [], "total": 0}
    v = found[0].index
    members = g.neighborhood(v, order=depth)
    distance = dict(zip(members, g.distances(v, members)[0], strict=True))
    degree = g.degree()
    total = len(members) - 1
    if limit is not None and total > limit:
        others = sorted(
            (u for u in members if u != v), key=lambda u: (distance[u], -degree[u], g.vs[u]["label"])
        )
        members = [v, *others[:limit]]
    nodes = [node_info(g, u) | {"distance": int(distance[u]), "degree": degree[u]} for u in members]
    nodes.sort(key=lambda n: (n["distance"], n["name"]))
    sub = g.induced_subgraph(members)
    edges = [
        {
            "source": sub.vs[e.source]["entity_id"],
            "target": sub.vs[e.target]["entity_id"],
            "relations": e["relations"],
            "weight": e["weight"],
        }
        for e in sub.es
    ]
    return {"center": node_info(g, v), "nodes": nodes, "edges": edges, "total": total}
