"""The relation graph, from ``redes.analyse.graph``: nodes and edges under filters with
their Leiden communities, brokers, centrality, k shortest paths with evidence, and an
entity's ego network."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from redes.web.deps import StoreDep

router = APIRouter(prefix="/graph", tags=["graph"])

# A link chart past this many nodes is unreadable and slow to lay out: the best
# connected nodes are kept, and the answer says so.
MAX_NODES = 1500


def split_list(value: str | None) -> tuple[str, ...] | None:
    items = tuple(sorted({v.strip() for v in (value or "").split(",") if v.strip()}))
    return items or None


def graph_filters(
    types: Annotated[
        str | None, Query(description="Entity types, comma-separated (default: all but place).")
    ] = None,
    relations: Annotated[
        str | None, Query(description="Relation types, comma-separated (default: all but action_against).")
    ] = None,
    min_corroboration: Annotated[int, Query(ge=1, description="Minimum supporting documents.")] = 1,
    as_of: Annotated[int | None, Query(description="Only claims dated up to this year (or undated).")] = None,
    collections: Annotated[str | None, Query(description="Only evidence in these collections.")] = None,
):
    from redes.analyse.graph import ACTOR_TYPES, TIE_RELATIONS, GraphFilters

    return GraphFilters(
        relations=split_list(relations) or TIE_RELATIONS,
        entity_types=split_list(types) or ACTOR_TYPES,
        min_corroboration=min_corroboration,
        as_of=as_of,
        collections=split_list(collections),
    )


Filters = Annotated[Any, Depends(graph_filters)]


def _graph(request: Request, store, filters):
    """The graph as ``store`` (the requester's view) sees it, cached per scope."""
    from redes.web.graphcache import GraphCache

    state = request.app.state
    if getattr(state, "graphs", None) is None:
        state.graphs = GraphCache()
    return state.graphs.get(store, filters)


@router.get("")
def get_graph(
    request: Request,
    store: StoreDep,
    filters: Filters,
    community: Annotated[int | None, Query(description="Only this Leiden community.")] = None,
) -> dict[str, Any]:
    """Nodes (entity id, slug, name, type, leader, Leiden community, degree) and edges
    (weight = supporting documents, relation types, number of claims) of the relation
    graph under the filters, with the communities and their modularity."""
    from redes.analyse.graph import communities, node_info

    g = _graph(request, store, filters)
    found = communities(g)
    index = {entity_id: v for v, entity_id in enumerate(g.vs["entity_id"])} if g.vcount() else {}
    membership = [0] * g.vcount()
    for c in found["communities"]:
        for m in c["members"]:
            membership[index[m["id"]]] = c["id"]
    keep = [v for v in range(g.vcount()) if community is None or membership[v] == community]
    degree = g.degree()
    truncated = len(keep) > MAX_NODES
    if truncated:
        keep = sorted(keep, key=lambda v: -degree[v])[:MAX_NODES]
    kept = set(keep)
    nodes = [
        node_info(g, v) | {"leader": g.vs[v]["leader"], "community": membership[v], "degree": degree[v]}
        for v in keep
    ]
    edges = [
        {
            "source": g.vs[e.source]["entity_id"],
            "target": g.vs[e.target]["entity_id"],
            "weight": e["weight"],
            "publishers": e["publishers"],
            "relations": e["relations"],
            "claims": len(e["claims"]),
        }
        for e in g.es
        if e.source in kept and e.target in kept
    ]
    return {
        "filters": g["filters"],
        "modularity": found["modularity"],
        "communities": [
            {"id": c["id"], "label": c["label"], "size": c["size"]} for c in found["communities"]
        ],
        "nodes": nodes,
        "edges": edges,
        "truncated": truncated,
    }


@router.get("/brokers")
def get_brokers(
    request: Request, store: StoreDep, filters: Filters, top: Annotated[int, Query(ge=1, le=500)] = 25
) -> dict[str, Any]:
    """Nodes that bridge communities (participation coefficient, betweenness), and state
    bodies or officials tied to criminal groups."""
    from redes.analyse.graph import brokers

    return brokers(_graph(request, store, filters), top=top)


@router.get("/centrality")
def get_centrality(
    request: Request,
    store: StoreDep,
    filters: Filters,
    by: Annotated[str, Query(description="degree, betweenness, eigenvector or pagerank.")] = "degree",
    top: Annotated[int, Query(ge=1, le=500)] = 25,
) -> list[dict[str, Any]]:
    """Degree, betweenness, eigenvector centrality and PageRank, best first."""
    from redes.analyse.graph import centrality

    return centrality(_graph(request, store, filters), top=top, by=by)


@router.get("/communities")
def get_communities(request: Request, store: StoreDep, filters: Filters) -> dict[str, Any]:
    """Leiden communities with their modularity and members."""
    from redes.analyse.graph import communities

    return communities(_graph(request, store, filters))


@router.get("/path")
def get_paths(
    request: Request,
    store: StoreDep,
    filters: Filters,
    a: Annotated[str, Query(description="From: a name, alias or slug.")],
    b: Annotated[str, Query(description="To: a name, alias or slug.")],
    k: Annotated[int, Query(ge=1, le=10)] = 3,
) -> dict[str, Any]:
    """The k shortest paths between two entities; every hop lists the claims that tie
    its two ends, with their evidence quotes and source documents."""
    from redes.analyse.graph import paths

    return paths(store, a, b, k=k, filters=filters, graph=_graph(request, store, filters))


@router.get("/ego/{entity}")
def get_ego(
    request: Request,
    store: StoreDep,
    filters: Filters,
    entity: str,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
) -> dict[str, Any]:
    """The entity, everyone within ``depth`` hops, and the ties among them."""
    from redes.access.filters import within
    from redes.analyse.graph import ego_network, resolve_entity

    # Looked up within the graph's collections: an entity known only elsewhere is not found.
    named = within(store, filters.collections)
    found = resolve_entity(named, entity)
    return ego_network(named, found["id"], depth, filters, graph=_graph(request, store, filters))


@router.get("/disrupt")
def get_disrupt(
    request: Request,
    store: StoreDep,
    filters: Filters,
    strategy: Annotated[str, Query(description="degree, betweenness, leaders, random, or all.")] = "all",
    k: Annotated[int, Query(ge=1, le=200, description="Nodes to remove.")] = 10,
    recover: Annotated[bool, Query(description="Triadic closure after each removal.")] = False,
    seed: int = 42,
) -> dict[str, Any]:
    """What-if disruption: remove ``k`` nodes one at a time by ``strategy`` (or every
    strategy); each step reports the largest component's share, the number of components
    and the global efficiency; R summarises each curve. ``start`` is the intact network."""
    from redes.analyse.disrupt import STRATEGIES, baseline
    from redes.analyse.graph import compare, disrupt

    g = _graph(request, store, filters)
    if strategy == "all":
        runs = compare(g, k, recover=recover, seed=seed)
    elif strategy in STRATEGIES:
        runs = [disrupt(g, strategy, k, recover=recover, seed=seed)]
    else:
        raise ValueError(f"strategy must be one of {', '.join(STRATEGIES)} or all")
    return {"nodes": g.vcount(), "start": baseline(g, seed), "runs": runs}
