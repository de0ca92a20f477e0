"""A server's worker makes the whole store's graphs before its first visitor asks
(redes.web.api.graph.warm): the network explorer's answer and the ego chart's graph are
then answers kept, not computations."""

from tests.web.conftest import make_client


def test_the_first_visitor_finds_the_graphs_made(demo_db):
    from redes.web.api.graph import warm

    with make_client(demo_db) as client:
        app = client.app
        warm(app).join(120)
        answers, graphs = app.state.redes_cache_graph_answers, app.state.redes_graphs.cache
        assert (answers.misses, graphs.misses) == (1, 2)  # made by warm: one answer, two graphs
        assert client.get("/api/graph").status_code == 200
        assert client.get("/api/graph/ego/cjng").status_code == 200
        assert answers.hits == 1 and graphs.hits >= 2
        assert (answers.misses, graphs.misses) == (1, 2)  # nothing made anew for them
