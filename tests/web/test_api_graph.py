"""The graph API's views: the criminal network by default, state bodies and officials
with ``state=true``, the state–crime ties, node measures for the link chart, and a
capped ego network for expand-on-click."""

from __future__ import annotations

import pytest

from tests.analyse.test_state_crime import tiny_kb
from tests.web.conftest import make_client


@pytest.fixture
def ties_client(sqlite_store):
    with make_client(tiny_kb(sqlite_store)) as c:
        yield c


def _names(answer) -> set[str]:
    return {n["name"] for n in answer["nodes"]}


def test_the_default_graph_is_the_criminal_network(ties_client):
    default = ties_client.get("/api/graph").json()
    assert {n["type"] for n in default["nodes"]} == {"person", "criminal_group"}
    assert default["filters"]["entity_types"] == ["person", "criminal_group"]
    assert "City Hall" not in _names(default) and "Army Unit" not in _names(default)
    with_state = ties_client.get("/api/graph", params={"state": "true"}).json()
    assert {"City Hall", "Army Unit"} <= _names(with_state)
    assert "holds_position" in with_state["filters"]["relations"]
    # The switch adds to explicit choices too.
    groups = ties_client.get("/api/graph", params={"types": "criminal_group", "state": "true"}).json()
    assert {n["type"] for n in groups["nodes"]} == {"criminal_group", "state_body"}


def test_nodes_carry_the_measures_the_chart_sizes_by(ties_client):
    nodes = ties_client.get("/api/graph", params={"state": "true"}).json()["nodes"]
    for n in nodes:
        assert {"degree", "betweenness", "pagerank", "eigenvector"} <= set(n)
    mayor = next(n for n in nodes if n["name"] == "Mayor B")
    assert mayor["degree"] == 4 and mayor["betweenness"] > 0


def test_state_crime_ties_route(ties_client):
    answer = ties_client.get("/api/graph/state-crime", params={"quotes": 1}).json()
    ties = [(t["state"]["name"], t["crime"]["name"], t["relations"]) for t in answer["ties"]]
    assert ties == [
        ("Army Unit", "Group A", ["allied_with"]),
        ("Mayor B", "Boss C", ["family"]),
        ("Mayor B", "Clerk D", ["collusion"]),
    ]
    army = answer["ties"][0]
    assert army["claims"][0]["evidence_count"] == 2 and len(army["claims"][0]["evidence"]) == 1
    # State bodies are included whatever the view's filters say.
    assert "state_body" in answer["filters"]["entity_types"]
    assert ties_client.get("/api/graph/state-crime", params={"quotes": 0}).status_code == 422


def test_ego_network_is_wide_and_capped(ties_client):
    # The ego network defaults to every actor: the mayor's dossier shows City Hall.
    ego = ties_client.get("/api/graph/ego/mayor-b").json()
    assert {"City Hall", "Boss C", "Clerk D", "Cousin F"} <= _names(ego)
    capped = ties_client.get("/api/graph/ego/mayor-b", params={"limit": 2}).json()
    assert capped["total"] == 4 and len(capped["nodes"]) == 3
    assert capped["nodes"][0]["name"] == "Mayor B"


def test_disruption_by_degree_removes_no_state_body_by_default(ties_client):
    def removed(**params) -> list[str]:
        answer = ties_client.get(
            "/api/graph/disrupt", params={"strategy": "degree", "k": 10, **params}
        ).json()
        return [s["removed"] for s in answer["runs"][0]["steps"]]

    default = removed()
    assert default and not {"Army Unit", "City Hall"} & set(default)
    assert {"Army Unit", "City Hall"} <= set(removed(state="true"))
