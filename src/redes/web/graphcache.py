"""Built relation graphs, kept while the knowledge base does not change.

Building the graph reads every claim with its evidence; the network explorer, its
brokers list, the path finder and each dossier's ego chart would otherwise rebuild it
on every request. A cheap fingerprint of the claims, evidence and judgements tables
tells when a cached graph is stale (new documents, rebuilds and review decisions all
change it).
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
    with store.session() as s:
        claims = s.execute(select(func.count(), func.max(Claim.id))).one()
        evidence = s.execute(select(func.count(), func.max(Evidence.id))).one()
        judged = s.scalar(select(func.max(Judgement.id)))
    return (*claims, *evidence, judged)


class GraphCache:
    def __init__(self, store: Store, size: int = MAX_GRAPHS) -> None:
        self.store = store
        self.size = size
        self.graphs: OrderedDict[GraphFilters, tuple[tuple, ig.Graph]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, filters: GraphFilters) -> ig.Graph:
        version = fingerprint(self.store)
        with self.lock:
            hit = self.graphs.get(filters)
            if hit and hit[0] == version:
                self.graphs.move_to_end(filters)
                return hit[1]
        g = build_graph(self.store, filters)
        with self.lock:
            self.graphs[filters] = (version, g)
            self.graphs.move_to_end(filters)
            while len(self.graphs) > self.size:
                self.graphs.popitem(last=False)
        return g
