"""The workbench on each store backend (SQLite and PostgreSQL): the queries the pages
and the API add of their own run on both."""

from __future__ import annotations

from tests.web import corpus
from tests.web.conftest import make_client


def test_pages_and_api_on_each_backend(store, tmp_path):
    corpus.build(store, tmp_path / "corpus")
    with make_client(store) as c:
        stats = c.get("/api/stats").json()
        assert stats["documents"] == 4 and stats["entities"] == 11
        r = c.get("/api/search", params={"q": "Mencho", "language": "en"}).json()
        assert r["documents"]["total"] == 2
        assert [f["value"] for f in r["facets"]["language"]] == ["en", "es"]
        assert c.get("/api/entities/El Mencho").json()["id"] == "nemesio-oseguera-cervantes"
        recent = c.get("/api/documents/recent").json()
        assert [d["published"] for d in recent] == sorted((d["published"] for d in recent), reverse=True)
        assert c.get("/api/entities").json()[0]["id"] == "cjng"  # the most mentioned
        assert c.get("/api/graph/ego/cjng").json()["center"]["slug"] == "cjng"
        for path in (
            "/",
            "/search?q=cartel",
            "/entity/cjng",
            "/document/1?hl=0-40",
            "/review",
            "/contradictions",
        ):
            assert c.get(path).status_code == 200, path
