"""Built relation graphs, kept while the knowledge base does not change.

Building the graph reads every claim with its evidence; the network explorer, its
brokers list, the path finder and each dossier's ego chart would otherwise rebuild it
on every request. A cheap fingerprint of the claims, evidence and judgements tables
tells when a cached graph is stale (new documents, rebuilds and review decisions all
change it). Graphs are kept per scope (``Scope.key``: the collections a reader may read).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import igraph as ig
from sqlalchemy import func, select

from redes.analyse.graph import GraphFilters, build_graph
from redes.store import Store
from redes.store.models import Claim, Evidence, Judgement

MAX_GRAPHS = 8


def fingerprint(store: Store) -> tuple:
    """What changes whenever any graph could: counted over the whole store (an internal
    cache key, never shown), so that a review decision, which a restricted scope cannot
    read, still renews its graphs."""
    with store.scoped(None).session() as s:
        claims = s.execute(select(func.count(), func.max(Claim.id))).one()
        evidence = s.execute(select(func.count(), func.max(Evidence.id))).one()
        judged = s.scalar(select(func.max(Judgement.id)))
    return (*claims, *evidence, judged)


class GraphCache:
    """Graphs by (what the requester may read, filters): readers with different grants
    never share a graph."""

    def __init__(self, size: int = MAX_GRAPHS) -> None:
        self.size = size
        self.graphs: OrderedDict[tuple, tuple[tuple, ig.Graph]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, store: Store, filters: GraphFilters) -> ig.Graph:
        key = (_scope_key(store), filters)
        version = fingerprint(store)
        with self.lock:
            hit = self.graphs.get(key)
            if hit and hit[0] == version:
                self.graphs.move_to_end(key)
                return hit[1]
        g = build_graph(store, filters)
        with self.lock:
            self.graphs[key] = (version, g)
            self.graphs.move_to_end(key)
            while len(self.graphs) > self.size:
                self.graphs.popitem(last=False)
        return g


def _scope_key(store: Store) -> tuple:
    scope = store.scope
    return ("all",) if scope is None else scope.key
