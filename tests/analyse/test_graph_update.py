"""``update_graph`` patches a built graph after review decisions and must give exactly
the graph ``build_graph`` gives: the same vertices and edges, in the same order, with the
same attributes (so that every worker process computes the same communities), under any
filters and any reader's scope."""

from __future__ import annotations

import random

import pytest

from redes.access import scope_for, users
from redes.analyse.graph_build import EDGE_ATTRS, build_graph, update_graph
from redes.analyse.options import ACTOR_TYPES, TIE_RELATIONS, GraphFilters, network_filters
from redes.extract.model import RELATION_TYPES
from redes.extract.normalize import key, slug
from redes.kb import review, state
from redes.store.models import Alias, Claim, Document, Entity, Evidence, Mention

TYPES = ("person", "person", "person", "criminal_group", "state_body", "place")


def _random_kb(store, seed: int, n_entities: int = 24, n_claims: int = 160) -> list[str]:
    """Entities, documents (a fifth confidential) and claims between a few entities, so
    that many edges carry several claims; returns the claim keys."""
    rng = random.Random(seed)
    keys = []
    with store.session() as s:
        docs = []
        for d in range(12):
            coll = "secret" if d % 5 == 4 else "public"
            doc = Document(
                collection_id=store.collection(s, coll).id,
                content_hash=f"{d:064x}",
                file_name=f"d{d}.txt",
                format="txt",
                publisher=f"Publisher {d % 4}" if d % 3 else None,
                text="...",
            )
            s.add(doc)
            s.flush()
            docs.append(doc.id)
        entities = []
        for i in range(n_entities):
            name = f"Entity Number {i}"
            e = Entity(slug=slug(name), type=TYPES[i % len(TYPES)], name=name, key=key(name))
            s.add(e)
            s.flush()
            s.add(Alias(entity_id=e.id, name=name, key=key(name)))
            entities.append(e)
        for c in range(n_claims):
            a, b = rng.sample(entities[: 8 if c % 2 else n_entities], 2)
            claim = Claim(
                key=f"{c:064x}",
                subject_id=a.id,
                predicate=rng.choice((*RELATION_TYPES, "leads", "leads")),
                object_id=b.id,
                year=rng.choice((None, 2010, 2015, 2020)),
                status=rng.choice(("machine", "machine", "accepted", "rejected")),
            )
            s.add(claim)
            s.flush()
            keys.append(claim.key)
            for doc in rng.sample(docs, rng.choice((1, 1, 2, 3))):
                s.add(Evidence(claim_id=claim.id, document_id=doc, start=c, end=c + 5, quote="q"))
                for e in (a, b):
                    s.add(Mention(document_id=doc, entity_id=e.id, start=0, end=4, text=e.name, type=e.type))
    return keys


def _same(patched, built) -> None:
    for attr in ("entity_id", "name", "label", "type", "leader"):
        assert patched.vs[attr] == built.vs[attr], attr
    assert patched.get_edgelist() == built.get_edgelist()
    for attr in EDGE_ATTRS:
        assert patched.es[attr] == built.es[attr], attr
    assert patched["filters"] == built["filters"]


FILTERS = [
    GraphFilters(),  # the criminal network: leaders of state bodies enter as newcomers
    network_filters(state=True),
    GraphFilters(relations=TIE_RELATIONS, entity_types=ACTOR_TYPES),
    GraphFilters(relations=None, entity_types=None),
    GraphFilters(min_corroboration=2),
    GraphFilters(as_of=2015, relations=("leads", "member_of", "family", "allied_with")),
    GraphFilters(collections=("public",)),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_patched_graphs_are_the_graphs_built_anew(store, seed, monkeypatch):
    import redes.analyse.graph_build as graph_build

    reassembled = []
    original = graph_build._reassembled
    monkeypatch.setattr(graph_build, "_reassembled", lambda *a: reassembled.append(1) or original(*a))
    keys = _random_kb(store, seed)
    with store.session() as s:
        viewer = users.create_user(s, "vera", "viewer")
        reader = store.scoped(scope_for(s, viewer))  # public documents only
    rng = random.Random(seed)
    views = [(store, f) for f in FILTERS] + [
        (reader, GraphFilters()),
        (reader, GraphFilters(min_corroboration=2)),
    ]
    graphs = [build_graph(view, f) for view, f in views]
    seen = state.version(store).judgement
    kinds = {"same": 0, "new": 0}
    for _ in range(40):
        # One to three decisions between two looks at the graph.
        for k in rng.sample(keys, rng.choice((1, 1, 2, 3))):
            (review.reject if rng.random() < 0.6 else review.accept)(store, k)
        now = state.version(store).judgement
        changed = state.claims_judged(store, seen, now)
        assert changed is not None and len(changed) >= 1
        seen = now
        for i, (view, f) in enumerate(views):
            patched = update_graph(view, graphs[i], f, changed)
            assert patched is not None
            _same(patched, build_graph(view, f))
            kinds["same" if patched is graphs[i] else "new"] += 1
            graphs[i] = patched
    # The run went through every path: nothing to change, changes made in a copy, and
    # changes that move edges or add them (the graph assembled again).
    assert kinds["same"] and kinds["new"] > len(reassembled) > 0


def test_a_patch_never_changes_the_graph_it_was_given(store):
    keys = _random_kb(store, 5)
    g = build_graph(store)
    before = (g.get_edgelist(), [list(c) for c in g.es["claims"]], g.es["weight"], g.vs["leader"])
    with store.session() as s:
        shown = {s.get(Claim, cid).key for e in g.es for cid in e["claims"]}
    seen = state.version(store).judgement
    for k in sorted(shown)[:10]:
        review.reject(store, k)
    changed = state.claims_judged(store, seen, state.version(store).judgement)
    patched = update_graph(store, g, GraphFilters(), changed)
    assert patched is not g
    assert (g.get_edgelist(), [list(c) for c in g.es["claims"]], g.es["weight"], g.vs["leader"]) == before
    assert set(keys) >= shown


def test_too_many_changes_ask_for_a_new_build(store, monkeypatch):
    import redes.analyse.graph_build as graph_build

    keys = _random_kb(store, 7)
    g = build_graph(store)
    seen = state.version(store).judgement
    for k in keys[:30]:
        review.reject(store, k)
    changed = state.claims_judged(store, seen, state.version(store).judgement)
    monkeypatch.setattr(graph_build, "MAX_PATCHED_PAIRS", 3)
    assert update_graph(store, g, GraphFilters(), changed) is None


def test_other_decisions_than_accept_and_reject_are_not_patched(store):
    _random_kb(store, 9)
    seen = state.version(store).judgement
    review.rename(store, "entity-number-3", "Someone Else")
    assert state.claims_judged(store, seen, state.version(store).judgement) is None
