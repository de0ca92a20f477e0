"""Disruption curves, efficiency, R and triadic-closure recovery on hand-sized graphs."""

from __future__ import annotations

import igraph as ig
import pytest

from redes.analyse.disrupt import baseline, compare, disrupt, global_efficiency, plot
from redes.analyse.graph import graph_from_edges

STAR = [("hub", leaf) for leaf in ("a", "b", "c", "d")]
PATH = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")]


def test_efficiency_by_hand():
    # a-b-c: ordered pairs at distance 1 (4 of them) and 2 (2): (4 + 2 * 0.5) / 6.
    assert global_efficiency(ig.Graph([(0, 1), (1, 2)])) == pytest.approx(5 / 6)
    # Star of 5: 8 ordered hub-leaf pairs at 1, 12 leaf-leaf pairs at 2: 14 / 20.
    assert baseline(graph_from_edges(STAR)) == {
        "removed": None,
        "lcc_fraction": 1.0,
        "components": 1,
        "efficiency": 0.7,
    }


def test_sampled_efficiency_on_a_ring_is_exact():
    # Every node of a ring sees the same distances, so any sample of sources is exact.
    ring = ig.Graph.Ring(50)
    assert global_efficiency(ring, sources=5) == pytest.approx(global_efficiency(ring))


def test_removing_the_hub_shatters_a_star():
    result = disrupt(graph_from_edges(STAR), "degree", k=1)
    assert result == {
        "strategy": "degree",
        "steps": [{"removed": "hub", "lcc_fraction": 0.2, "components": 4, "efficiency": 0.0}],
        "R": 0.2,
    }


def test_recovery_closes_the_hubs_triads():
    g = graph_from_edges(STAR)
    result = disrupt(g, "degree", k=2, recover=True)
    # The four leaves form a clique (12 ordered pairs at distance 1 of 20); then a goes
    # (lowest index among equal degrees) and b, c, d remain a triangle (6 of 20).
    assert result["steps"] == [
        {"removed": "hub", "lcc_fraction": 0.8, "components": 1, "efficiency": 0.6},
        {"removed": "a", "lcc_fraction": 0.6, "components": 1, "efficiency": 0.3},
    ]
    assert result["R"] == pytest.approx(0.7)
    assert g.ecount() == 4  # the caller's graph is untouched
    assert disrupt(g, "degree", k=2, recover=True, recovery_probability=0.0) == disrupt(g, "degree", k=2)


def test_degree_and_betweenness_differ_on_a_path():
    g = graph_from_edges(PATH)
    # Degree: b, c, d tie at 2 and b has the lowest index; a is cut off.
    by_degree = disrupt(g, "degree", k=1)["steps"][0]
    assert (by_degree["removed"], by_degree["lcc_fraction"], by_degree["components"]) == ("b", 0.6, 2)
    # Betweenness takes the middle: a-b and d-e remain, 4 ordered pairs at 1 of 20.
    by_betweenness = disrupt(g, "betweenness", k=1)["steps"][0]
    assert by_betweenness == {"removed": "c", "lcc_fraction": 0.4, "components": 2, "efficiency": 0.2}


def test_leaders_strategy_stops_when_no_leader_is_left():
    g = graph_from_edges(PATH, leaders=["d", "a"])
    result = disrupt(g, "leaders", k=4)
    # d (degree 2) before a (degree 1).
    assert [s["removed"] for s in result["steps"]] == ["d", "a"]
    assert [s["lcc_fraction"] for s in result["steps"]] == [0.6, 0.4]
    assert result["R"] == pytest.approx(0.5)
    assert disrupt(graph_from_edges(PATH), "leaders", k=3) == {"strategy": "leaders", "steps": [], "R": None}


def test_removing_everything_ends_at_zero():
    steps = disrupt(graph_from_edges(PATH), "random", k=10, seed=3)["steps"]
    assert sorted(s["removed"] for s in steps) == ["a", "b", "c", "d", "e"]
    assert steps[-1] == {
        "removed": steps[-1]["removed"],
        "lcc_fraction": 0.0,
        "components": 0,
        "efficiency": 0.0,
    }


def test_random_strategy_repeats_with_its_seed():
    g = graph_from_edges(PATH + [("e", "f"), ("f", "g"), ("g", "h")])
    runs = {tuple(s["removed"] for s in disrupt(g, "random", k=8, seed=s)["steps"]) for s in range(5)}
    assert len(runs) > 1
    assert disrupt(g, "random", k=4, seed=1) == disrupt(g, "random", k=4, seed=1)


def test_bad_arguments():
    g = graph_from_edges(PATH)
    with pytest.raises(ValueError):
        disrupt(g, "kingpin", k=1)
    with pytest.raises(ValueError):
        disrupt(g, "degree", k=0)


def test_compare_and_plot(tmp_path):
    g = graph_from_edges(STAR, leaders=["hub"])
    results = compare(g, k=2, seed=1)
    assert [r["strategy"] for r in results] == ["degree", "betweenness", "leaders", "random"]
    out = plot(results, tmp_path / "curves.png", start=baseline(g))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
