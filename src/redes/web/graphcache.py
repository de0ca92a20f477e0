"""Built relation graphs, and answers computed on them, kept while the knowledge base does
not change.

Building the graph reads every claim with its evidence (20 s for a million claims), and
its communities take seconds more; the network explorer, its brokers and centrality
lists, the path finder and each dossier's ego chart would otherwise redo that on every
request. Whether a kept graph is still right is one small query
(``redes.kb.state.version``: change counters that every writer bumps, and the newest
judgement's id), whatever the size of the store:

- **review decisions** (a claim accepted or rejected) patch the kept graph: only the
  edges between the entities of the claims judged since, and their leader flags, are
  read again (``redes.analyse.graph_build.update_graph``), which gives exactly the graph
  a new build would (tests/analyse/test_graph_update.py). An accepted claim changes no
  graph at all, so the graph and every answer computed on it stay as they are. A patch
  is spaced like any computation (``redes.web.cache``): on the demo it takes
  milliseconds and a reader sees their decision at once; a graph of 100,000 edges takes
  0.2 s to patch, and under decisions arriving five a second it is patched every few
  seconds, not for each one (patching for each took most of the server's CPU);
- **anything else** (documents ingested, a rebuild, merges, splits, renames) builds the
  graph anew, in the background when a graph exists: readers get the previous one
  meanwhile (``redes.web.cache``).

Answers computed on a graph (the explorer's nodes, edges and communities, brokers,
centrality, disruption) are kept by the serial of the graph they came from: a new graph
(built or patched) makes them stale, and they are recomputed in the background while
readers get the previous answer, no more often than ``redes.web.cache.SPACING`` times
what they cost.

Graphs and answers are kept per scope (``Scope.key``: the collections a reader may read),
never shared between readers with different grants; and per worker process.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Hashable
from typing import Any

import igraph as ig
from fastapi.encoders import jsonable_encoder

from redes.analyse.graph import GraphFilters, build_graph
from redes.analyse.graph_build import update_graph
from redes.kb import state
from redes.store import Store
from redes.web.cache import Cache, app_cache, app_held, scope_key, version_of

MAX_GRAPHS = 8
_SERIALS = itertools.count(1)


def _stamp(g: ig.Graph) -> ig.Graph:
    """Give a new graph object its serial, which keys the answers computed on it, and an
    empty memo (a patched copy must not inherit its original's)."""
    g["serial"] = next(_SERIALS)
    g["memo"] = {}
    g["memo_lock"] = threading.Lock()
    return g


def memo(g: ig.Graph, name: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` once for the graph ``g`` (its communities, used by several answers)."""
    found = g["memo"].get(name, _MISSING)
    if found is _MISSING:
        with g["memo_lock"]:
            found = g["memo"].get(name, _MISSING)
            if found is _MISSING:
                found = g["memo"][name] = compute()
    return found


_MISSING = object()


class GraphCache:
    """Graphs by (what the requester may read, filters): readers with different grants
    never share a graph."""

    def __init__(self, size: int = MAX_GRAPHS) -> None:
        self.cache = Cache(size=size)

    def get(self, store: Store, filters: GraphFilters, version: state.Version | None = None) -> ig.Graph:
        version = version or state.version(store)

        def build() -> ig.Graph:
            return _stamp(build_graph(store, filters))

        def patch(old: ig.Graph, old_version: tuple[int, int]) -> ig.Graph | None:
            kb, judged = old_version
            if kb != version.kb:
                return None
            changed = state.claims_judged(store, judged, version.judgement)
            if changed is None:
                return None
            g = update_graph(store, old, filters, changed)
            return g if g is None or g is old else _stamp(g)

        return self.cache.get(
            (scope_key(store), filters),
            (version.kb, version.judgement),
            build,
            patch,
        )


def graphs(request) -> GraphCache:
    """The app's graph cache (one per worker process)."""
    return app_held(request, "graphs", GraphCache)


def graph_for(request, store: Store, filters: GraphFilters) -> ig.Graph:
    """The graph as ``store`` (the requester's view) sees it."""
    return graphs(request).get(store, filters, version_of(request))


def graph_answer(
    request,
    store: Store,
    filters: GraphFilters,
    name: str,
    params: Hashable,
    compute: Callable[[ig.Graph], Any],
) -> Any:
    """``compute(graph)`` for the requester's graph, kept until the graph changes."""
    g = graph_for(request, store, filters)
    cache: Cache = app_cache(request, "graph_answers", size=128)
    return cache.get((scope_key(store), filters, name, params), g["serial"], lambda: compute(g))


def encoded(value: Any) -> bytes:
    """``value`` as the JSON bytes FastAPI would send (for answers kept ready to send)."""
    return json.dumps(
        jsonable_encoder(value), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode("utf-8")
