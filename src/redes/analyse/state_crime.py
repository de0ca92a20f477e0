"""State–crime ties: which officials and state bodies are tied to which criminal groups
and criminals, by what relation, how well corroborated, and on what evidence.

A state actor is a state body, or an official: a person who holds a position in a state
body. A tie counts when it joins a state actor to a criminal group, or to a criminal (a
person who leads or belongs to a criminal group) who is no official, by any relation but
hostile ones (an army acting against a cartel, a rivalry) and the position itself; and
any collusion claim counts whoever its other end is.
"""

from __future__ import annotations

from typing import Any

import igraph as ig

from redes.analyse.graph_build import build_graph
from redes.analyse.graph_measures import HOSTILE_RELATIONS, node_info
from redes.analyse.graph_paths import _evidence
from redes.analyse.options import GraphFilters, network_filters
from redes.store import Store

# Relations that make a person a criminal, when the other end is a criminal group.
CRIMINAL_MEMBERSHIP = frozenset({"leads", "member_of"})
POSITION = "holds_position"


def _other(edge: ig.Edge, v: int) -> int:
    return edge.target if edge.source == v else edge.source


def _roles(g: ig.Graph) -> tuple[dict[int, list[str]], set[int]]:
    """State actors (vertex -> names of the state bodies they hold positions in; a state
    body maps to itself) and criminals (people leading or in a criminal group)."""
    state: dict[int, list[str]] = {}
    criminals: set[int] = set()
    for v in range(g.vcount()):
        kind = g.vs[v]["type"]
        if kind == "state_body":
            state[v] = []
            continue
        if kind != "person":
            continue
        for e in g.incident(v):
            edge, u = g.es[e], _other(g.es[e], v)
            relations = set(edge["relations"])
            if POSITION in relations and g.vs[u]["type"] == "state_body":
                state.setdefault(v, []).append(g.vs[u]["label"])
            if relations & CRIMINAL_MEMBERSHIP and g.vs[u]["type"] == "criminal_group":
                criminals.add(v)
    for bodies in state.values():
        bodies.sort()
    return state, criminals


def _tie_relations(g: ig.Graph, edge: ig.Edge, u: int, state: dict, criminals: set[int]) -> set[str]:
    """The relations of ``edge`` (from a state actor to ``u``) that make a state–crime tie."""
    relations = set(edge["relations"]) - HOSTILE_RELATIONS - {POSITION}
    if "collusion" in relations:
        return relations
    criminal = g.vs[u]["type"] == "criminal_group" or (u in criminals and u not in state)
    return relations if criminal else set()


def state_crime_ties(
    store: Store,
    filters: GraphFilters | None = None,
    graph: ig.Graph | None = None,
    quotes: int = 3,
) -> dict[str, Any]:
    """Every state–crime tie, best corroborated first:
    ``{"filters", "ties": [{"state": {... "kind", "positions"}, "crime": {...},
    "relations", "corroboration", "publishers", "claims": [... "evidence"]}]}``.

    ``filters`` default to the network with state bodies and officials; they must keep
    state bodies and ``holds_position`` for officials to be recognised. Each claim keeps
    its ``quotes`` best evidence rows (``evidence_count`` says how many there are)."""
    g = graph if graph is not None else build_graph(store, filters or network_filters(state=True))
    state, criminals = _roles(g)
    found: list[tuple[int, int, int]] = []  # (state vertex, other vertex, edge id)
    for v in sorted(state):
        for e in g.incident(v):
            u = _other(g.es[e], v)
            if u in state and "collusion" not in g.es[e]["relations"]:
                continue  # two state actors: no crime tie unless a collusion claim says so
            if u in state and (u, v, e) in found:
                continue
            if _tie_relations(g, g.es[e], u, state, criminals):
                found.append((v, u, e))
    collections = g["filters"].get("collections") if "filters" in g.attributes() else None
    claim_ids = {c for _, _, e in found for c in g.es[e]["claims"]}
    claims = _evidence(store, claim_ids, collections) if claim_ids else {}
    ties = []
    for v, u, e in found:
        edge = g.es[e]
        relations = _tie_relations(g, edge, u, state, criminals)
        chosen = sorted(
            (claims[c] for c in edge["claims"] if c in claims and claims[c]["predicate"] in relations),
            key=lambda c: (-c["corroboration"], c["predicate"], c["id"]),
        )
        for claim in chosen:
            claim["evidence_count"] = len(claim["evidence"])
            claim["evidence"] = claim["evidence"][:quotes]
        kind = "state_body" if g.vs[v]["type"] == "state_body" else "official"
        ties.append(
            {
                "state": node_info(g, v) | {"kind": kind, "positions": state[v]},
                "crime": node_info(g, u),
                "relations": sorted(relations),
                "corroboration": edge["weight"],
                "publishers": edge["publishers"],
                "claims": chosen,
            }
        )
    ties.sort(key=lambda t: (-t["corroboration"], t["state"]["name"], t["crime"]["name"]))
    return {"filters": g["filters"] if "filters" in g.attributes() else {}, "ties": ties}
