"""Duplicate entities (redes.kb.merges): safe pairs merged at every update and rebuild,
the others offered for review, accepted as a merge or refused for good."""

import pytest
from sqlalchemy import func, select

from redes import kb
from redes.kb import merges, review
from redes.store.models import Entity


def _pair(c) -> set[str]:
    return {c["keep"]["name"], c["other"]["name"]}


def _count(store, name: str) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Entity).where(Entity.name == name))


ALFREDO = {"Jesús Alfredo Guzmán Salazar", "Alfredo Guzman-Salazar"}


def test_demo_duplicates_are_merged_or_offered(demo_store):
    # Two entities named "Heriberto Lazcano Lazcano": safe, merged by the update; so are
    # names of one lexicon entry ("Cártel de Golfo" for the Gulf Cartel).
    assert _count(demo_store, "Heriberto Lazcano Lazcano") == 1
    assert _count(demo_store, "Cártel de Golfo") == 0 and _count(demo_store, "Secretaría de la Marina") == 0
    found = merges.merge_candidates(demo_store)
    pairs = [_pair(c) for c in found]
    assert ALFREDO in pairs
    assert {"Colombian Norte Valle Cartel", "Norte del Valle Cartel"} in pairs
    alfredo = next(c for c in found if _pair(c) == ALFREDO)
    assert alfredo["keep"]["name"] == "Jesús Alfredo Guzmán Salazar"  # the one with more mentions
    assert merges.describe(alfredo) == (
        "merge candidate, score 0.88, because: same surnames, given-name subset"
    )
    # Father and son, brothers: never offered.
    for c in found:
        assert not {"Nemesio Rubén Oseguera Cervantes", "Rubén Oseguera González"} <= _pair(c)
        assert not {"Ovidio Guzmán López", "Joaquín Guzmán López"} <= _pair(c)


def test_accepting_and_refusing_survive_a_rebuild(demo_store):
    found = merges.merge_candidates(demo_store)
    alfredo = next(c for c in found if _pair(c) == ALFREDO)
    norte = next(c for c in found if "Norte del Valle Cartel" in _pair(c))
    review.merge(demo_store, alfredo["keep"]["id"], alfredo["other"]["id"], author="ana")
    result = merges.reject(demo_store, norte["keep"]["id"], norte["other"]["id"], author="ana")
    assert result["kind"] == "no-merge"
    history = review.history(demo_store, limit=1)
    assert history[0]["summary"] == f"{norte['other']['name']} is not {norte['keep']['name']}"

    def check():
        names = [_pair(c) for c in merges.merge_candidates(demo_store)]
        assert not any("Norte del Valle Cartel" in p for p in names)
        assert not any("Jesús Alfredo Guzmán Salazar" in p for p in names)
        assert _count(demo_store, "Alfredo Guzman-Salazar") == 0
        assert _count(demo_store, "Colombian Norte Valle Cartel") == 1
        assert _count(demo_store, "Heriberto Lazcano Lazcano") == 1

    check()
    kb.rebuild(demo_store)
    check()


def test_a_fact_against_a_safe_pair_keeps_it_for_review(sqlite_store):
    from redes.kb import claims, entities

    with sqlite_store.session() as s:
        # One name, two entities (as two resolutions that failed to meet leave them),
        # dead on different dates.
        for day in ("2020-01-02", "2022-05-06"):
            e = entities.create(s, "person", "Aurelio Quintana Robles")
            s.add(claims.fact(e, "died", None, value=day))
        s.flush()
        (c,) = merges.find(s)
        assert c["conflict"] == "different dates of death" and not c["safe"]
        assert merges.auto_merge(s) == 0
    (c,) = merges.merge_candidates(sqlite_store)
    assert (
        merges.describe(c) == "merge candidate, score 1.00, because: same name; but different dates of death"
    )


def test_different_identity_numbers_keep_a_pair_for_review(sqlite_store):
    from redes.kb import claims, entities

    with sqlite_store.session() as s:
        # One name, two CURPs (invented): two people until a reviewer says otherwise. An RFC
        # on one side only says nothing against the pair.
        for curp in ("QURA800101HSLNBR05", "QURA751010HSLNBR03"):
            e = entities.create(s, "person", "Aurelio Quintana Robles")
            s.add(claims.fact(e, "identifier", None, value=curp, detail="CURP"))
        s.add(claims.fact(e, "identifier", None, value="QURA751010AB1", detail="RFC"))
        s.flush()
        (c,) = merges.find(s)
        assert c["conflict"] == "different CURP numbers" and not c["safe"]
        assert merges.auto_merge(s) == 0


def test_kin_are_never_offered(sqlite_store):
    from redes.kb import claims, entities

    with sqlite_store.session() as s:
        # A father and the son who bears his name, without "Jr.": a claim says they are kin.
        father = entities.create(s, "person", "Aurelio Quintana Robles")
        son = entities.create(s, "person", "Aurelio Quintana Robles")
        s.add(claims.fact(son, "family", father, detail="son"))
        s.flush()
        assert merges.find(s) == [] and merges.auto_merge(s) == 0


@pytest.fixture
def fresh_demo(demo_template, tmp_path):
    """A copy of the demo of this test's own, with every candidate still undecided."""
    from redes.store import open_store
    from tests.conftest import copy_demo

    store = open_store(copy_demo(demo_template, tmp_path))
    yield store
    store.close()


def test_kept_pairs_give_the_candidates_of_now(fresh_demo):
    """Scored pairs kept from before decisions (as the web keeps them) give the same
    candidates as scoring anew, less a pair refused or merged since."""
    with fresh_demo.session() as s:
        pairs = merges.scored(s)
    assert merges.merge_candidates(fresh_demo, pairs=pairs) == merges.merge_candidates(fresh_demo)
    found = merges.merge_candidates(fresh_demo, pairs=pairs)
    assert len(found) >= 2
    refuse, accept = found[0], next(c for c in found[1:] if not _pair(c) & _pair(found[0]))
    merges.reject(fresh_demo, refuse["keep"]["id"], refuse["other"]["id"], "reviewer")
    review.merge(fresh_demo, accept["keep"]["id"], accept["other"]["id"], "reviewer")
    left = [_pair(c) for c in merges.merge_candidates(fresh_demo, pairs=pairs)]
    assert left == [_pair(c) for c in merges.merge_candidates(fresh_demo)]
    assert _pair(refuse) not in left and not any(accept["other"]["name"] in p for p in left)
