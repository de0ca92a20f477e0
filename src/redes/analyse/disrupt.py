"""What-if disruption: remove nodes one at a time and watch the network come apart.

Strategies (adaptive: scores are recomputed on what is left after every removal):
``degree`` and ``betweenness`` take the current top node; ``leaders`` takes subjects of
``leads`` claims, best connected first, and stops when none is left; ``random`` draws
uniformly with a seed.

After each removal (and optional recovery) a step reports the share of the original
nodes in the largest component, the number of components among the remaining nodes, and
the global efficiency (Latora & Marchiori 2001) over all original node pairs, so removed
nodes count as unreachable. R, after Schneider et al. 2011 (PNAS 108:3838), is the mean
largest-component share over the removals made.

Recovery after Duijn, Kashirin & Sloot 2014 (Sci Rep 4:4238): the removed node's
neighbours close the triads it held open, each missing tie forming with probability
``recovery_probability``, so the network rewires around the gap.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import igraph as ig

from redes.analyse.graph_measures import betweenness
from redes.analyse.options import STRATEGIES

# Exact efficiency is all-pairs shortest paths; above this many nodes it is estimated
# from EFFICIENCY_SOURCES random sources (an unbiased estimate of the same mean). Each
# source is one BFS: about 27 ms on a 1M-edge graph, so 100 keep a step near 3 s.
EXACT_EFFICIENCY_LIMIT = 5000
EFFICIENCY_SOURCES = 100


def global_efficiency(
    g: ig.Graph, n_total: int | None = None, sources: int | None = None, rng: random.Random | None = None
) -> float:
    """Mean of 1/d(i, j) over ordered pairs of ``n_total`` nodes (default: all of ``g``),
    0 for unreachable pairs. With ``sources``, estimated from that many random sources."""
    n = n_total or g.vcount()
    if n < 2 or g.ecount() == 0:
        return 0.0
    if sources is None or sources >= g.vcount():
        return sum(g.harmonic_centrality(normalized=False)) / (n * (n - 1))
    picked = (rng or random.Random()).sample(range(g.vcount()), sources)
    return sum(g.harmonic_centrality(vertices=picked, normalized=False)) / (sources * (n - 1))


def measure(
    h: ig.Graph, removed: int = 0, sources: int | None = None, rng: random.Random | None = None
) -> dict[str, Any]:
    """State of ``h``, whose ``removed`` nodes are kept as isolated vertices so that
    indices stay stable: ``lcc_fraction``, ``components`` and ``efficiency``."""
    n = h.vcount()
    if n - removed <= 0:
        return {"lcc_fraction": 0.0, "components": 0, "efficiency": 0.0}
    sizes = h.connected_components().sizes()
    return {
        "lcc_fraction": round(max(sizes) / n, 6),
        "components": len(sizes) - removed,
        "efficiency": round(global_efficiency(h, n, sources, rng), 6),
    }


def baseline(g: ig.Graph, seed: int | None = None) -> dict[str, Any]:
    """The intact network's state: step zero of every disruption curve."""
    n = g.vcount()
    sources = EFFICIENCY_SOURCES if n > EXACT_EFFICIENCY_LIMIT else None
    return {"removed": None, **measure(g, 0, sources, random.Random(f"{seed}-efficiency"))}


def _close_triads(h: ig.Graph, neighbours: Sequence[int], p: float, rng: random.Random) -> int:
    new = [(a, b) for a, b in combinations(neighbours, 2) if not h.are_adjacent(a, b) and rng.random() < p]
    h.add_edges(new)
    return len(new)


def disrupt(
    g: ig.Graph,
    strategy: str,
    k: int,
    recover: bool = False,
    recovery_probability: float = 1.0,
    seed: int | None = None,
    betweenness_cutoff: int | None = None,
    betweenness_sample: int | None = None,
    efficiency_sources: int | None = None,
) -> dict[str, Any]:
    """Remove up to ``k`` nodes of ``g`` by ``strategy``; returns
    ``{"strategy", "steps": [{"removed", "lcc_fraction", "components", "efficiency"}], "R"}``.

    ``betweenness_cutoff`` and ``betweenness_sample`` approximate the betweenness
    strategy on large graphs; ``efficiency_sources`` samples efficiency (default: exact
    up to EXACT_EFFICIENCY_LIMIT nodes). ``g`` itself is left untouched.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; choose from {', '.join(STRATEGIES)}")
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 0.0 <= recovery_probability <= 1.0:
        raise ValueError("recovery_probability must be between 0 and 1")
    n = g.vcount()
    if efficiency_sources is None and n > EXACT_EFFICIENCY_LIMIT:
        efficiency_sources = EFFICIENCY_SOURCES
    # Separate streams, so that recovery or efficiency sampling never changes the order
    # in which the random strategy removes nodes.
    pick_rng = random.Random(seed)
    recover_rng = random.Random(f"{seed}-recover")
    eff_rng = random.Random(f"{seed}-efficiency")

    h = ig.Graph(n=n, edges=g.get_edgelist())
    labels = g.vs["label"] if "label" in g.vs.attributes() else [str(v) for v in range(n)]
    leaders = {v for v, lead in enumerate(g.vs["leader"]) if lead} if "leader" in g.vs.attributes() else set()
    alive = set(range(n))
    steps = []
    for _ in range(min(k, n)):
        if strategy == "random":
            v = pick_rng.choice(sorted(alive))
        else:
            candidates = alive & leaders if strategy == "leaders" else alive
            if not candidates:
                break
            if strategy == "betweenness":
                scores = betweenness(h, betweenness_cutoff, betweenness_sample, pick_rng.randrange(2**31))
            else:
                scores = h.degree()
            # Ties go to the lowest index: entities are numbered by id, so runs repeat.
            v = max(candidates, key=lambda u: (scores[u], -u))
        neighbours = h.neighbors(v)
        h.delete_edges(h.incident(v))
        alive.discard(v)
        if recover and len(neighbours) > 1:
            _close_triads(h, neighbours, recovery_probability, recover_rng)
        steps.append({"removed": labels[v], **measure(h, n - len(alive), efficiency_sources, eff_rng)})
    r = round(sum(s["lcc_fraction"] for s in steps) / len(steps), 6) if steps else None
    return {"strategy": strategy, "steps": steps, "R": r}


def compare(
    g: ig.Graph, k: int, strategies: Sequence[str] = STRATEGIES, **options: Any
) -> list[dict[str, Any]]:
    """``disrupt`` once per strategy, with the same options."""
    return [disrupt(g, s, k, **options) for s in strategies]


def plot(
    results: Sequence[dict[str, Any]],
    path: str | Path,
    start: dict[str, Any] | None = None,
    title: str | None = None,
) -> Path:
    """Write the disruption curves (largest-component share and efficiency against the
    number of nodes removed, one line per strategy) as a PNG; ``start`` is step zero."""
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(10, 4.6), layout="constrained")
    axes = fig.subplots(1, 2)
    # Distinct dashes and markers: strategies often coincide and would hide each other.
    styles = [("-", "o"), ("--", "s"), ("-.", "^"), (":", "D")]
    for i, res in enumerate(results):
        points = ([start] if start else []) + res["steps"]
        xs = list(range(0 if start else 1, len(res["steps"]) + 1))
        r = "n/a" if res["R"] is None else f"{res['R']:.3f}"
        dash, marker = styles[i % len(styles)]
        for ax, key in zip(axes, ("lcc_fraction", "efficiency"), strict=True):
            ax.plot(
                xs,
                [p[key] for p in points],
                dash,
                marker=marker,
                markersize=4,
                label=f"{res['strategy']} (R={r})",
            )
    for ax, ylabel in zip(axes, ("largest component (share of nodes)", "global efficiency"), strict=True):
        ax.set_xlabel("nodes removed")
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="outside lower center", ncols=max(len(results), 1))
    if title:
        fig.suptitle(title)
    out = Path(path)
    fig.savefig(out, dpi=120)
    return out
