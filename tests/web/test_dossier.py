"""Kept dossiers and searches: the same answer while nothing it shows has changed, a new
one as soon as something has (a reader sees their own review decision at once)."""

from __future__ import annotations

import random

import pytest

from redes import kb
from redes.kb import review, state
from redes.web.dossier import JudgedLog
from tests.web.conftest import make_client


@pytest.fixture
def counted(monkeypatch):
    """How many times each dossier and search was computed (``redes.web.dossier`` and
    ``redes.web.search`` call ``kb.dossier`` and ``search`` through these names)."""
    from redes.web import search as search_mod

    calls: list[str] = []
    real_dossier, real_search = kb.dossier, search_mod.search

    def dossier(store, query, quotes=None):
        calls.append(f"dossier {query}")
        return real_dossier(store, query, quotes=quotes)

    def search(store, q, *args, **kwargs):
        calls.append(f"search {q}")
        return real_search(store, q, *args, **kwargs)

    monkeypatch.setattr(kb, "dossier", dossier)
    monkeypatch.setattr(search_mod, "search", search)
    return calls


def _two_unrelated_claims(store) -> tuple[dict, dict]:
    """A claim, and another whose entities are not the first one's subject."""
    claims = kb.list_claims(store)
    first = claims[0]
    subject = first["subject"]["id"]
    for other in claims[1:]:
        ends = {other["subject"]["id"], (other["object"] or {}).get("id")}
        if subject not in ends:
            return first, other
    raise AssertionError("the test corpus has too few claims")


def test_a_dossier_is_kept_until_a_decision_about_its_entity(fresh_store, counted):
    store = fresh_store
    mine, elsewhere = _two_unrelated_claims(store)
    entity = mine["subject"]["id"]
    with make_client(store) as c:
        first = c.get(f"/api/entities/{entity}").json()
        assert c.get(f"/api/entities/{entity}").json() == first
        assert counted.count(f"dossier {entity}") == 1
        # A decision about other entities: the kept dossier stands.
        assert c.post(f"/api/claims/{elsewhere['key']}/accept").status_code == 200
        assert c.get(f"/api/entities/{entity}").json() == first
        assert counted.count(f"dossier {entity}") == 1
        # A decision about this one: made anew, and it shows.
        assert c.post(f"/api/claims/{mine['key']}/reject").status_code == 200
        after = c.get(f"/api/entities/{entity}").json()
        assert counted.count(f"dossier {entity}") == 2
        keys = {k["key"] for lines in after["relations"].values() for g in lines for k in g["claims"]}
        keys |= {k["key"] for lines in after["attributes"].values() for g in lines for k in g["claims"]}
        assert mine["key"] not in keys
        # The page reads the same kept dossier.
        assert c.get(f"/entity/{entity}").status_code == 200
        assert counted.count(f"dossier {entity}") == 3  # quotes=0: kept apart from the API's


def test_a_search_is_kept_until_the_knowledge_base_changes(fresh_store, counted):
    store = fresh_store
    mine, _ = _two_unrelated_claims(store)
    with make_client(store) as c:
        word = mine["subject"]["name"].split()[0]
        first = c.get("/api/search", params={"q": word}).json()
        assert c.get("/api/search", params={"q": f"  {word} "}).json() == first
        assert c.get("/search", params={"q": word}).status_code == 200  # the page shares it
        assert counted.count(f"search {word}") == 1
        c.post(f"/api/claims/{mine['key']}/accept")  # review changes no search result
        c.get("/api/search", params={"q": word})
        assert counted.count(f"search {word}") == 1
        renamed = c.post(f"/api/entities/{mine['subject']['id']}/rename", json={"name": "Otro Nombre"})
        assert renamed.status_code == 200, renamed.text
        c.get("/api/search", params={"q": word})
        assert counted.count(f"search {word}") == 2


def test_the_judged_log_answers_as_the_database_does(fresh_store):
    store = fresh_store
    claims = kb.list_claims(store)
    rng = random.Random(7)
    log = JudgedLog()
    log.KEEP = 5  # forgets quickly: older ranges come from the database
    for claim in rng.sample(claims, min(12, len(claims))):
        (review.accept if rng.random() < 0.5 else review.reject)(store, claim["key"])
        newest = state.version(store).judgement
        for _ in range(6):
            after = rng.randint(0, newest)
            upto = rng.randint(after, newest)
            assert log.between(store, after, upto) == state.entities_judged(store, after, upto)
    # A judgement that is not a claim's (a rename): no answer from slugs, ask for a rebuild.
    review.rename(store, claims[0]["subject"]["id"], "Nombre Nuevo")
    newest = state.version(store).judgement
    assert log.between(store, newest - 1, newest) is None
