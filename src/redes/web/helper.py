"""Network measures of large graphs in a helper process.

igraph and leidenalg keep Python's global interpreter lock for the whole of a computation:
Leiden communities of a 100,000-node graph take seconds, betweenness far longer, and all
that while the worker process that ran them in a thread would answer no request at all
(uvicorn would even kill it as hung, its health check unanswered). So the measures of a
graph with more than ``OFFLOAD_EDGES`` edges run in a helper process of the worker (one,
started on first use): the graph goes there as arrays (its structure and the attributes
the measures read, not the claims behind each edge), the function named runs on the same
graph rebuilt there (same vertices and edges in the same order: the same communities), and
its answer comes back. Smaller graphs are measured in the worker, where that costs less
than the trip.

A measure that runs past ``TIMEOUT`` seconds is stopped with its helper process (a new one
starts with the next measure) and the request answers 503: betweenness of 100,000 nodes
would take hours.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import threading
import time
from array import array
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import Any

import igraph as ig
from fastapi import HTTPException

OFFLOAD_EDGES = 20_000
TIMEOUT = 300.0
VERTEX_ATTRS = ("entity_id", "name", "label", "type", "leader")
EDGE_ATTRS = ("weight", "publishers")


_POOL: ProcessPoolExecutor | None = None
_LOCK = threading.Lock()


def _pool() -> ProcessPoolExecutor:
    global _POOL
    with _LOCK:
        if _POOL is None:
            _POOL = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_watch_parent,
                initargs=(os.getpid(),),
            )
        return _POOL


def _watch_parent(parent: int) -> None:
    """In the helper: leave as soon as the worker that started it is gone (a worker killed
    outright never tells its helper to stop, and the helper would wait for work forever)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="redes-helper-watch", daemon=True).start()


def _stop_pool() -> None:
    global _POOL
    with _LOCK:
        pool, _POOL = _POOL, None
    if pool is not None:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()  # the only way to stop a computation that holds its own GIL
        pool.shutdown(wait=False, cancel_futures=True)


def slim(g: ig.Graph) -> tuple:
    """What the measures read of ``g``, as arrays and lists that cross processes fast."""
    relations: dict[tuple, int] = {}
    codes = array("i", (relations.setdefault(tuple(r), len(relations)) for r in g.es["relations"]))
    return (
        g.vcount(),
        array("i", chain.from_iterable(g.get_edgelist())).tobytes(),
        {a: g.vs[a] for a in VERTEX_ATTRS},
        {a: array("i", g.es[a]).tobytes() for a in EDGE_ATTRS},
        list(relations),
        codes.tobytes(),
        g["filters"] if "filters" in g.attributes() else {},
    )


def unslim(data: tuple) -> ig.Graph:
    n, edges, vertex, edge, relations, codes, filters = data
    flat = array("i")
    flat.frombytes(edges)
    g = ig.Graph(n=n, edges=list(zip(flat[0::2], flat[1::2], strict=True)))
    for attr, values in vertex.items():
        g.vs[attr] = values
    for attr, raw in edge.items():
        values = array("i")
        values.frombytes(raw)
        g.es[attr] = values.tolist()
    which = array("i")
    which.frombytes(codes)
    g.es["relations"] = [list(relations[i]) for i in which]
    g.es["claims"] = [[] for _ in range(g.ecount())]  # not sent: no measure reads them
    g["filters"] = filters
    return g


def _measure(name: str, data: tuple, args: tuple, kwargs: dict) -> Any:
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)(unslim(data), *args, **kwargs)


def measure(name: str, g: ig.Graph, *args: Any, **kwargs: Any) -> Any:
    """``function(g, *args, **kwargs)`` for the function ``name`` ("module:function"): in
    the helper process for a large graph, here for a small one."""
    if g.ecount() <= OFFLOAD_EDGES:
        module, _, function = name.partition(":")
        return getattr(importlib.import_module(module), function)(g, *args, **kwargs)
    future = _pool().submit(_measure, name, slim(g), args, kwargs)
    try:
        return future.result(timeout=TIMEOUT)
    except FutureTimeout:
        _stop_pool()
        raise HTTPException(
            503, f"this measure of a {g.vcount():,}-node network took more than {TIMEOUT:g} s and was stopped"
        ) from None
    except BrokenProcessPool:
        _stop_pool()  # the helper died (out of memory?): a new one starts with the next measure
        raise
