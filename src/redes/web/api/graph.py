"""The relation graph, from ``redes.analyse.graph``: nodes and edges under filters with
their Leiden communities, brokers, centrality, k shortest paths with evidence, an
entity's ego network, and the state–crime ties.

By default the graph is the criminal network (people and groups); ``state=true`` adds
state bodies and officials. The ego network defaults to every actor and tie but
enforcement actions: a dossier's chart, and expanding a node, show all its ties."""

from __future__ import annotations

import logging
import threading
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from redes.web.deps import StoreDep
from redes.web.params import MAX_COUNT, MAX_LIST, MAX_NAME, MAX_SEED, MAX_WORD, MAX_YEAR, MIN_YEAR

router = APIRouter(prefix="/graph", tags=["graph"])
log = logging.getLogger("redes.web")

# A link chart past this many nodes is unreadable and slow to lay out: the best
# connected nodes are kept, and the answer says so.
MAX_NODES = 1500


def split_list(value: str | None) -> tuple[str, ...] | None:
    items = tuple(sorted({v.strip() for v in (value or "").split(",") if v.strip()}))
    return items or None


def graph_filters(
    types: Annotated[
        str | None,
        Query(
            max_length=MAX_LIST,
            description="Entity types, comma-separated (default: person, criminal_group).",
        ),
    ] = None,
    relations: Annotated[
        str | None,
        Query(
            max_length=MAX_LIST,
            description="Relation types, comma-separated (default: the ties among criminals, and collusion).",
        ),
    ] = None,
    state: Annotated[
        bool, Query(description="Add state bodies and officials (positions held) to the types and relations.")
    ] = False,
    min_corroboration: Annotated[
        int, Query(ge=1, le=MAX_COUNT, description="Minimum supporting documents.")
    ] = 1,
    as_of: Annotated[
        int | None,
        Query(
            ge=MIN_YEAR,
            le=MAX_YEAR,
            description="Only claims that held in this year: begun by then (or undated), not ended before.",
        ),
    ] = None,
    collections: Annotated[
        str | None, Query(max_length=MAX_LIST, description="Only evidence in these collections.")
    ] = None,
    lists: Annotated[
        bool, Query(description="Include sanctions lists: their parties and the links they draw (linked_to).")
    ] = False,
):
    from redes.analyse.options import network_filters, with_state

    chosen = {
        k: v for k, v in (("relations", split_list(relations)), ("entity_types", split_list(types))) if v
    }
    filters = network_filters(
        **chosen,
        min_corroboration=min_corroboration,
        as_of=as_of,
        collections=split_list(collections),
        lists=lists,
    )
    return with_state(filters) if state else filters


def wide_filters(
    filters: Annotated[Any, Depends(graph_filters)],
    types: Annotated[str | None, Query(max_length=MAX_LIST, include_in_schema=False)] = None,
    relations: Annotated[str | None, Query(max_length=MAX_LIST, include_in_schema=False)] = None,
):
    """The filters of the ego network: every actor and every tie but enforcement actions
    unless types or relations are given."""
    from dataclasses import replace

    from redes.analyse.options import ACTOR_TYPES, TIE_RELATIONS

    return replace(
        filters,
        relations=filters.relations if relations else TIE_RELATIONS,
        entity_types=filters.entity_types if types else ACTOR_TYPES,
    )


Filters = Annotated[Any, Depends(graph_filters)]
WideFilters = Annotated[Any, Depends(wide_filters)]


def _graph(request: Request, store, filters):
    """The graph as ``store`` (the requester's view) sees it, cached per scope."""
    from redes.web.graphcache import graph_for

    return graph_for(request, store, filters)


def _kept(request: Request, store, filters, name: str, params, compute):
    """``compute(graph)``, kept with the graph (``redes.web.graphcache``)."""
    from redes.web.graphcache import graph_answer

    return graph_answer(request, store, filters, name, params, compute)


def _communities(g):
    from redes.web.graphcache import memo
    from redes.web.helper import measure

    return memo(g, "communities", lambda: measure("redes.analyse.graph_measures:communities", g))


# Measures the link chart can size its nodes by (degree is sent anyway).
NODE_MEASURES = ("betweenness", "pagerank", "eigenvector")


def _measures(g) -> dict[int, dict[str, float]]:
    """Each node's centrality measures by entity id, once per graph."""
    from redes.web.graphcache import memo
    from redes.web.helper import measure

    def compute():
        rows = measure("redes.analyse.graph_measures:centrality", g)
        return {r["id"]: {m: r[m] for m in NODE_MEASURES} for r in rows}

    return memo(g, "node measures", compute)


@router.get("")
def get_graph(
    request: Request,
    store: StoreDep,
    filters: Filters,
    community: Annotated[
        int | None, Query(ge=0, le=MAX_COUNT, description="Only this Leiden community.")
    ] = None,
) -> dict[str, Any]:
    """Nodes (entity id, slug, name, type, leader, Leiden community, degree, betweenness,
    PageRank, eigenvector centrality) and edges (weight = supporting documents, relation
    types, number of claims) of the relation graph under the filters, with the
    communities and their modularity."""
    from redes.web.graphcache import encoded

    body = _kept(request, store, filters, "graph", community, lambda g: encoded(_graph_answer(g, community)))
    return Response(body, media_type="application/json")  # type: ignore[return-value]


def _graph_answer(g, community: int | None) -> dict[str, Any]:
    from redes.analyse.graph import node_info

    found = _communities(g)
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
    measures = _measures(g) if keep else {}
    nodes = [
        node_info(g, v)
        | {"leader": g.vs[v]["leader"], "community": membership[v], "degree": degree[v]}
        | measures[g.vs[v]["entity_id"]]
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
    from redes.web.helper import measure

    compute = partial(measure, "redes.analyse.graph_measures:brokers", top=top)
    return _kept(request, store, filters, "brokers", top, compute)


@router.get("/designated-brokers")
def get_designated_brokers(request: Request, store: StoreDep, filters: Filters) -> dict[str, Any]:
    """Brokers between the documents' communities that a sanctions list designates, with
    the list entries (``redes.analyse.sanctions``)."""
    from redes.analyse.sanctions import designated_brokers

    return _kept(request, store, filters, "designated-brokers", None, lambda g: designated_brokers(store, g))


@router.get("/linked-companies")
def get_linked_companies(store: StoreDep) -> list[dict[str, Any]]:
    """Companies of the documents that a sanctions list links to a criminal group the
    documents name, with the list entry that draws the link."""
    from redes.analyse.sanctions import linked_companies

    return linked_companies(store)


@router.get("/centrality")
def get_centrality(
    request: Request,
    store: StoreDep,
    filters: Filters,
    by: Annotated[
        str, Query(max_length=MAX_WORD, description="degree, betweenness, eigenvector or pagerank.")
    ] = "degree",
    top: Annotated[int, Query(ge=1, le=500)] = 25,
) -> list[dict[str, Any]]:
    """Degree, betweenness, eigenvector centrality and PageRank, best first."""
    from redes.web.helper import measure

    compute = partial(measure, "redes.analyse.graph_measures:centrality", top=top, by=by)
    return _kept(request, store, filters, "centrality", (by, top), compute)


@router.get("/communities")
def get_communities(request: Request, store: StoreDep, filters: Filters) -> dict[str, Any]:
    """Leiden communities with their modularity and members."""
    return _kept(request, store, filters, "communities", None, _communities)


@router.get("/path")
def get_paths(
    request: Request,
    store: StoreDep,
    filters: Filters,
    a: Annotated[str, Query(max_length=MAX_NAME, description="From: a name, alias or slug.")],
    b: Annotated[str, Query(max_length=MAX_NAME, description="To: a name, alias or slug.")],
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
    filters: WideFilters,
    entity: Annotated[str, Path(min_length=1, max_length=MAX_NAME)],
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[
        int | None, Query(ge=1, le=MAX_NODES, description="At most this many others, best connected first.")
    ] = None,
) -> dict[str, Any]:
    """The entity, everyone within ``depth`` hops (at most ``limit``: ``total`` counts
    them all), and the ties among them. Types and relations default to every actor and
    every tie but enforcement actions."""
    from redes.access.filters import within
    from redes.analyse.graph import ego_network, resolve_entity

    # Looked up within the graph's collections: an entity known only elsewhere is not found.
    named = within(store, filters.collections)
    found = resolve_entity(named, entity)
    return ego_network(named, found["id"], depth, filters, graph=_graph(request, store, filters), limit=limit)


@router.get("/state-crime")
def get_state_crime(
    request: Request,
    store: StoreDep,
    filters: Filters,
    quotes: Annotated[int, Query(ge=1, le=20, description="Evidence quotes kept per claim.")] = 3,
) -> dict[str, Any]:
    """Which officials and state bodies are tied to which criminal groups and criminals:
    relation, corroboration and evidence, best corroborated first. State bodies and
    positions held are always included."""
    from redes.analyse.graph import state_crime_ties
    from redes.analyse.options import with_state

    filters = with_state(filters)
    return _kept(
        request,
        store,
        filters,
        "state-crime",
        quotes,
        lambda g: state_crime_ties(store, graph=g, quotes=quotes),
    )


@router.get("/disrupt")
def get_disrupt(
    request: Request,
    store: StoreDep,
    filters: Filters,
    strategy: Annotated[
        str, Query(max_length=MAX_WORD, description="degree, betweenness, leaders, random, or all.")
    ] = "all",
    k: Annotated[int, Query(ge=1, le=200, description="Nodes to remove.")] = 10,
    recover: Annotated[bool, Query(description="Triadic closure after each removal.")] = False,
    seed: Annotated[int, Query(ge=0, le=MAX_SEED, description="Seed of the random strategy.")] = 42,
) -> dict[str, Any]:
    """What-if disruption: remove ``k`` nodes one at a time by ``strategy`` (or every
    strategy); each step reports the largest component's share, the number of components
    and the global efficiency; R summarises each curve. ``start`` is the intact network."""
    from redes.analyse.options import STRATEGIES
    from redes.web.helper import measure

    if strategy != "all" and strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {', '.join(STRATEGIES)} or all")
    params = (strategy, k, recover, seed)
    compute = partial(
        measure, "redes.web.api.graph:disruption", strategy=strategy, k=k, recover=recover, seed=seed
    )
    return _kept(request, store, filters, "disrupt", params, compute)


def disruption(g, strategy: str, k: int, recover: bool, seed: int) -> dict[str, Any]:
    """The disruption answer for ``g`` (run where ``redes.web.helper.measure`` runs it)."""
    from redes.analyse.disrupt import baseline
    from redes.analyse.graph import compare, disrupt

    if strategy == "all":
        runs = compare(g, k, recover=recover, seed=seed)
    else:
        runs = [disrupt(g, strategy, k, recover=recover, seed=seed)]
    return {"nodes": g.vcount(), "start": baseline(g, seed), "runs": runs}


class _Offline:
    """What the caches read of a request (its app, its scope's state), for work a worker
    process does before anyone asks (``warm``)."""

    def __init__(self, app) -> None:
        self.app = app
        self.scope: dict[str, Any] = {}


def warm(app) -> threading.Thread:
    """Make, in a background thread, what the first visitor of the network explorer and of
    a dossier's ego chart would otherwise wait for in each worker process: the graphs of
    the whole store under the default and the wide filters, and the explorer's answer
    (communities, centrality). On the 100,000-entity database that took a minute, first
    visitor by first visitor. Made for the whole store (``Scope.key`` "all": the owner and
    administrators); readers with grants of their own get theirs on first use, as before.
    Returns the thread (tests join it)."""
    from redes.web.graphcache import encoded

    def run() -> None:
        request, store = _Offline(app), app.state.store
        filters = graph_filters()
        try:
            _kept(request, store, filters, "graph", None, lambda g: encoded(_graph_answer(g, None)))
            _graph(request, store, wide_filters(filters))
        except Exception as exc:  # the first visitor makes them, as without this
            log.warning("could not make the graphs ahead of the first visitor: %s", exc)

    thread = threading.Thread(target=run, name="redes-warm", daemon=True)
    thread.start()
    return thread
