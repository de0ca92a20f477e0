"""Network analysis speed: centrality and disruption on a large synthetic graph, and
igraph against NetworkX on a small one.

usage: python bench/graph.py [--nodes 100000] [--per-node 10] [--small 10000] [--steps 10]

1. A Barabási-Albert graph of ``--nodes`` nodes, each attaching ``--per-node`` edges
   (100,000 nodes and 999,945 edges by default: hubs, like criminal networks).
   Times degree, PageRank, eigenvector centrality, Leiden communities and betweenness
   with a path-length cutoff of BETWEENNESS_CUTOFF hops (exact betweenness is O(nm)).
2. Disruption: ``--steps`` removals per strategy with efficiency estimated from
   redes' default EFFICIENCY_SOURCES sources per step; the betweenness strategy estimates from
   BETWEENNESS_SOURCES sampled sources per step (Brandes & Pich 2007).
3. The same kind of graph with ``--small`` nodes, in igraph and in NetworkX: the same
   measures, side by side, and the igraph/NetworkX time ratio. PageRank is left out:
   NetworkX needs SciPy for it, which redes does not install.

Prints seconds per measure; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import time
from collections.abc import Callable
from typing import Any

import igraph as ig
import leidenalg
import networkx as nx

from redes.analyse.disrupt import EFFICIENCY_SOURCES, disrupt
from redes.analyse.graph_measures import betweenness, leiden
from redes.analyse.options import STRATEGIES

BETWEENNESS_CUTOFF = 2
BETWEENNESS_SOURCES = 100
SEED = 1


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def synthetic(n: int, m: int) -> ig.Graph:
    random.seed(SEED)  # python-igraph draws from Python's random module
    g = ig.Graph.Barabasi(n, m)
    g.vs["label"] = [str(v) for v in range(n)]
    g.es["weight"] = [1] * g.ecount()
    # "Leaders": 1% of nodes, drawn at random, as if named in ``leads`` claims.
    leaders = set(random.Random(SEED).sample(range(n), max(1, n // 100)))
    g.vs["leader"] = [v in leaders for v in range(n)]
    return g


def row(name: str, seconds: float, note: str = "") -> None:
    print(f"  {name:<34} {seconds:>9.2f} s  {note}")


def large(n: int, m: int, steps: int) -> None:
    t, g = timed(lambda: synthetic(n, m))
    print(f"\n1. Synthetic graph: {g.vcount():,} nodes, {g.ecount():,} edges (built in {t:.1f} s)")
    row("degree", timed(g.degree)[0])
    row("pagerank (weighted)", timed(lambda: g.pagerank(weights="weight"))[0])
    row("eigenvector (weighted)", timed(lambda: g.eigenvector_centrality(weights="weight"))[0])
    t, membership = timed(lambda: leiden(g, SEED))
    row("leiden communities", t, f"{len(set(membership)):,} communities")
    t, _ = timed(lambda: betweenness(g, cutoff=BETWEENNESS_CUTOFF))
    row(f"betweenness (cutoff {BETWEENNESS_CUTOFF} hops)", t)
    t, _ = timed(lambda: betweenness(g, sample=BETWEENNESS_SOURCES, seed=SEED))
    row(f"betweenness ({BETWEENNESS_SOURCES} sampled sources)", t)

    print(f"\n2. Disruption, {steps} removals per strategy (efficiency from {EFFICIENCY_SOURCES} sources)")
    for strategy in STRATEGIES:
        t, result = timed(
            lambda s=strategy: disrupt(
                g,
                s,
                steps,
                seed=SEED,
                betweenness_sample=BETWEENNESS_SOURCES,
            )
        )
        last = result["steps"][-1]
        row(
            strategy,
            t,
            f"{t / len(result['steps']):.2f} s/step; after {len(result['steps'])}: "
            f"lcc {last['lcc_fraction']:.4f}, efficiency {last['efficiency']:.4f}, R {result['R']:.4f}",
        )


def small(n: int, m: int) -> None:
    g = synthetic(n, m)
    h = nx.Graph(g.get_edgelist())
    rng = random.Random(SEED)
    sources = rng.sample(range(n), 200)
    print(f"\n3. igraph against NetworkX: {n:,} nodes, {g.ecount():,} edges")
    print(f"  {'measure':<34} {'igraph':>9}   {'networkx':>9}   ratio")
    pairs = [
        ("degree", g.degree, lambda: dict(h.degree())),
        (
            "eigenvector",
            lambda: g.eigenvector_centrality(),
            lambda: nx.eigenvector_centrality(h, max_iter=1000),
        ),
        (
            "betweenness (200 sources)",
            lambda: g.betweenness(sources=sources),
            lambda: nx.betweenness_centrality(h, k=200, seed=SEED),
        ),
        (
            "harmonic (200 sources)",
            lambda: g.harmonic_centrality(vertices=sources),
            lambda: nx.harmonic_centrality(h, sources=sources),
        ),
        ("connected components", g.connected_components, lambda: list(nx.connected_components(h))),
        (
            "leiden / louvain communities",
            lambda: leidenalg.find_partition(g, leidenalg.ModularityVertexPartition, seed=SEED),
            lambda: nx.community.louvain_communities(h, seed=SEED),
        ),
    ]
    total_ig = total_nx = 0.0
    for name, f_ig, f_nx in pairs:
        t_ig, _ = timed(f_ig)
        t_nx, _ = timed(f_nx)
        total_ig += t_ig
        total_nx += t_nx
        print(f"  {name:<34} {t_ig:>9.3f} s {t_nx:>9.3f} s   1/{t_nx / max(t_ig, 1e-9):,.0f}")
    print(f"  {'total':<34} {total_ig:>9.3f} s {total_nx:>9.3f} s   1/{total_nx / total_ig:,.0f}")
    print(f"  igraph/NetworkX time ratio: {total_ig / total_nx:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--per-node", type=int, default=10, help="edges each new node attaches")
    ap.add_argument("--small", type=int, default=10_000, help="nodes of the igraph/NetworkX graph")
    ap.add_argument("--steps", type=int, default=10, help="removals per disruption strategy")
    args = ap.parse_args()
    print(
        f"python {platform.python_version()}, igraph {ig.__version__}, leidenalg {leidenalg.version}, "
        f"networkx {nx.__version__}; {os.cpu_count()} CPUs, {platform.machine()}"
    )
    start = time.perf_counter()
    large(args.nodes, args.per_node, args.steps)
    small(args.small, args.per_node)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nwall time {time.perf_counter() - start:.0f} s, peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
