"""Centrality, communities and brokers on graphs small enough to work out by hand."""

from __future__ import annotations

import igraph as ig
import pytest

from redes.analyse.graph import brokers, centrality, communities, graph_from_edges
from redes.analyse.graph_measures import betweenness, leiden, participation

STAR = [("hub", leaf) for leaf in ("a", "b", "c", "d")]
PATH = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")]
# Two triangles joined by the bridge c-d.
BARBELL = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"), ("c", "d")]


def by_name(rows):
    return {r["name"]: r for r in rows}


def test_star_centrality():
    rows = centrality(graph_from_edges(STAR))
    assert rows[0]["name"] == "hub"
    hub, leaf = rows[0], by_name(rows)["a"]
    # All 6 leaf pairs go through the hub, out of (n-1)(n-2)/2 = 6.
    assert (hub["degree"], hub["betweenness"], hub["eigenvector"]) == (4, 1.0, 1.0)
    assert (leaf["degree"], leaf["betweenness"]) == (1, 0.0)
    assert hub["pagerank"] > leaf["pagerank"]
    assert sum(r["pagerank"] for r in rows) == pytest.approx(1.0, abs=1e-5)


def test_path_betweenness_and_ordering():
    rows = centrality(graph_from_edges(PATH), by="betweenness")
    # b lies on a-c, a-d, a-e (3 of 6 pairs); c on a-d, a-e, b-d, b-e (4 of 6).
    assert [r["name"] for r in rows[:3]] == ["c", "b", "d"]
    assert by_name(rows)["b"]["betweenness"] == pytest.approx(0.5)
    assert by_name(rows)["c"]["betweenness"] == pytest.approx(4 / 6, abs=1e-6)
    # Ties in degree are broken by name.
    assert [r["name"] for r in centrality(graph_from_edges(PATH), top=3)] == ["b", "c", "d"]


def test_unknown_measure_is_refused():
    with pytest.raises(ValueError):
        centrality(graph_from_edges(PATH), by="fame")


def test_sampled_betweenness_is_scaled_to_the_exact_total():
    # On a ring every source sees the same paths, so any sample gives the exact total.
    ring = ig.Graph.Ring(9)
    exact = betweenness(ring)
    sampled = betweenness(ring, sample=3, seed=7)
    assert sampled != exact
    assert sum(sampled) == pytest.approx(sum(exact))


def test_barbell_communities_and_modularity():
    g = graph_from_edges(BARBELL)
    result = communities(g)
    members = [{m["name"] for m in c["members"]} for c in result["communities"]]
    assert sorted(members, key=sorted) == [{"a", "b", "c"}, {"d", "e", "f"}]
    # Q = sum over communities of L_c/m - (d_c/2m)^2 = 2 * (3/7 - (7/14)^2) = 5/14.
    assert result["modularity"] == pytest.approx(5 / 14, abs=1e-6)
    assert [c["internal_edges"] for c in result["communities"]] == [3, 3]


def test_participation_coefficient():
    g = graph_from_edges(BARBELL)
    part = dict(zip(g.vs["name"], participation(g, leiden(g)), strict=True))
    # c has 2 ties inside and 1 across: 1 - (2/3)^2 - (1/3)^2 = 4/9.
    assert part["c"] == pytest.approx(4 / 9) and part["d"] == pytest.approx(4 / 9)
    assert part["a"] == part["e"] == 0.0


def test_barbell_brokers_are_the_bridge_ends():
    result = brokers(graph_from_edges(BARBELL))
    assert [r["name"] for r in result["brokers"]] == ["c", "d"]
    # c lies on the 6 paths between {a, b} and {d, e, f}, out of 10 pairs.
    assert result["brokers"][0]["betweenness"] == pytest.approx(0.6)
    assert result["brokers"][0]["communities_reached"] == 2
    assert result["communities"] == 2


def test_state_actors_tied_to_crime_are_marked():
    types = {"cartel": "criminal_group", "police": "state_body", "army": "state_body", "mayor": "person"}
    g = graph_from_edges(
        [
            ("mayor", "police", "holds_position"),
            ("mayor", "cartel", "collusion"),
            ("army", "cartel", "action_against"),
            ("police", "cartel", "collusion"),
            ("boss", "cartel", "leads"),
        ],
        types=types,
    )
    rows = by_name(brokers(g)["brokers"])
    assert rows["mayor"]["ties"] == ["collusion: cartel"]
    assert rows["police"]["ties"] == ["collusion: cartel"]
    # Fighting a cartel is no complicity; the boss is no state actor.
    assert not rows.get("army", {"state_criminal": False})["state_criminal"]
    assert not rows.get("boss", {"state_criminal": False})["state_criminal"]


def test_empty_graph():
    g = graph_from_edges([])
    assert centrality(g) == []
    assert communities(g) == {"modularity": 0.0, "communities": []}
    assert brokers(g)["brokers"] == []


def test_eigenvector_centrality_is_computed_per_component():
    """On a disconnected graph the whole graph's eigenvector concentrates on one component
    (igraph warns that it is not meaningful): each component gets its own, scaled by its
    size, so a small cell's hub ranks below the main network's, and nothing warns."""
    import warnings

    g = graph_from_edges([*STAR, ("x", "y")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rows = by_name(centrality(g, by="eigenvector"))
    assert rows["hub"]["eigenvector"] == 1.0  # the main component's hub
    assert rows["x"]["eigenvector"] == rows["y"]["eigenvector"] == 0.4  # 2 nodes of the main 5
    assert rows["a"]["eigenvector"] < rows["hub"]["eigenvector"]
