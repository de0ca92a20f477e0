"""Claim consolidation and corroboration, on both backends."""

import pytest
from sqlalchemy import func, select

from redes import kb
from redes.kb.pipeline import apply_extractions
from redes.store.models import Alias, Claim, Entity, Evidence, Mention
from tests.kb.kbfixtures import Corpus, Doc, cartel_corpus


def _counts(store):
    with store.session() as s:
        return {
            m.__name__: s.scalar(select(func.count()).select_from(m))
            for m in (Entity, Alias, Mention, Claim, Evidence)
        }


def test_one_claim_per_fact_with_all_its_evidence(store, monkeypatch):
    corpus = cartel_corpus(store).install(monkeypatch)
    stats = kb.update(store, corpus.ids)
    assert stats.documents == 4 and not stats.failed
    leads = kb.list_claims(store, predicate="leads", with_evidence=True)
    assert len(leads) == 1
    claim = leads[0]
    assert claim["subject"]["name"] == "Aurelio Quintana Robles"
    assert claim["object"]["name"] == "Cártel del Valle Nuevo"
    assert [ev["document"]["file_name"] for ev in claim["evidence"]] == ["a.txt", "b.txt", "d.txt"]
    assert claim["evidence"][1]["quote"] == "Aurelio Quintana Robles leads the CVN."
    assert claim["evidence"][1]["document"]["publisher"] == "Ministry of Security"
    # "Reuters" and "reuters" are one publisher.
    assert claim["corroboration"] == {
        "documents": 3,
        "copies": 3,  # no two of them copies of one text (tests/kb/test_sources.py)
        "publishers": 2,
        "first_seen": "2021-06-01",
        "last_seen": "2025-03-07",
    }


def test_running_again_adds_nothing(store, monkeypatch):
    corpus = cartel_corpus(store).install(monkeypatch)
    kb.update(store, corpus.ids)
    before = _counts(store)
    stats = kb.update(store, corpus.ids)
    assert _counts(store) == before
    assert stats.entities_created == 0 and stats.claims_created == 0


def _snapshot(store):
    """Everything machine-made, by stable names (not row ids)."""
    with store.session() as s:
        slug = dict(s.execute(select(Entity.id, Entity.slug)).all())
        return {
            "entities": sorted(s.execute(select(Entity.slug, Entity.type, Entity.name, Entity.key)).all()),
            "aliases": sorted(
                (slug[e], n, o) for e, n, o in s.execute(select(Alias.entity_id, Alias.name, Alias.origin))
            ),
            "mentions": sorted(
                (d, slug[e], a, t)
                for d, e, a, t in s.execute(
                    select(Mention.document_id, Mention.entity_id, Mention.start, Mention.text)
                )
            ),
            "claims": sorted(s.execute(select(Claim.key, Claim.status)).all()),
            "evidence": sorted(
                s.execute(
                    select(Claim.key, Evidence.document_id, Evidence.start).join(
                        Claim, Claim.id == Evidence.claim_id
                    )
                ).all()
            ),
        }


def test_a_batch_writes_what_one_document_at_a_time_writes(sqlite_store, tmp_path, monkeypatch):
    import redes.kb.pipeline
    from redes.store import open_store

    batched = cartel_corpus(sqlite_store).install(monkeypatch)
    stats = kb.update(sqlite_store, batched.ids)
    assert stats.cpu["write"] > 0 and "cpu" not in stats.as_dict()
    other = open_store(tmp_path / "one-by-one.db")
    try:
        monkeypatch.setattr(redes.kb.pipeline, "BATCH", 1)
        single = cartel_corpus(other).install(monkeypatch)
        assert kb.update(other, single.ids).as_dict() == stats.as_dict()
        assert _snapshot(other) == _snapshot(sqlite_store)
    finally:
        other.close()


def test_workers_write_the_same_knowledge(sqlite_store, tmp_path, monkeypatch):
    """Extraction on Dask workers, batches ahead of the writes, changes nothing. (Worker
    threads: the corpus's made-up extraction is patched into this process only; worker
    processes are tested in tests/scale.)"""
    from distributed import Client, LocalCluster

    import redes.kb.pipeline
    from redes.scale.cluster import Cluster
    from redes.store import open_store

    monkeypatch.setattr(redes.kb.pipeline, "BATCH", 1)
    serial = cartel_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, serial.ids)
    other = open_store(tmp_path / "parallel.db")
    try:
        parallel = cartel_corpus(other).install(monkeypatch)
        seen = []
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            stats = kb.update(other, parallel.ids, runner=Cluster(client), progress=seen.append)
        assert stats.documents == 4 and sum(seen) == 4 and stats.cpu["extract"] >= 0
        assert _snapshot(other) == _snapshot(sqlite_store)
    finally:
        other.close()


def test_symmetric_relations_are_one_claim_whichever_way_round(sqlite_store):
    corpus = Corpus(sqlite_store)
    for text, first, second in (
        (
            "Los Caracoles are allied with the Cártel del Golfo Azul.",
            "Los Caracoles",
            "Cártel del Golfo Azul",
        ),
        ("The Cártel del Golfo Azul is allied with Los Caracoles.", "Cártel del Golfo Azul", "Los Caracoles"),
    ):
        d = Doc(text).entity("a", "criminal_group", first).entity("b", "criminal_group", second)
        corpus.add(d.rel("allied_with", "a", "b", text))
    apply_extractions(sqlite_store, corpus.results())
    claims = kb.list_claims(sqlite_store, predicate="allied_with")
    assert len(claims) == 1 and claims[0]["corroboration"]["documents"] == 2


def test_documents_without_publisher_count_as_one_unknown_publisher(sqlite_store):
    """Two texts nobody signed are not two independent publishers (issue 13)."""
    corpus = Corpus(sqlite_store)
    for text in (
        "Los Caracoles fight the Cártel del Golfo Azul.",
        "Again, Los Caracoles fight the Cártel del Golfo Azul.",
    ):
        d = (
            Doc(text)
            .entity("a", "criminal_group", "Los Caracoles")
            .entity("b", "criminal_group", "Cártel del Golfo Azul")
        )
        corpus.add(d.rel("rival_of", "a", "b", text))
    apply_extractions(sqlite_store, corpus.results())
    (claim,) = kb.list_claims(sqlite_store, predicate="rival_of")
    assert claim["corroboration"]["documents"] == 2
    assert claim["corroboration"]["publishers"] == 1
    assert claim["corroboration"]["first_seen"] is None
    (line,) = kb.dossier(sqlite_store, "Los Caracoles")["relations"]["rival_of"]
    assert line["corroboration"]["publishers"] == 1  # the dossier counts alike


def test_re_extracting_a_document_replaces_its_output(sqlite_store, monkeypatch):
    corpus = cartel_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    # The extractor now finds nothing in d.txt: its evidence, mentions and the
    # entities only it knew (El Halconcito) go; claims others support stay.
    d_text = next(t for t in corpus.by_text if "Halconcito" in t)
    corpus.by_text[d_text] = Doc(d_text)
    kb.update(sqlite_store, [corpus.ids[2]])
    assert kb.find(sqlite_store, "El Halconcito") == []
    (leads,) = kb.list_claims(sqlite_store, predicate="leads")
    assert leads["corroboration"]["documents"] == 2
    assert (
        kb.list_claims(sqlite_store, predicate="family", entity="Aurelio Quintana Robles")[0]["detail"]
        == "wife"
    )


def test_a_failing_document_is_reported_and_stays_pending(sqlite_store, monkeypatch):
    corpus = cartel_corpus(sqlite_store).install(monkeypatch)
    bad = corpus.ids[1]

    def extract(item):
        return (item[0], "ValueError: boom") if item[0] == bad else corpus.extract(item)

    import redes.kb.pipeline

    monkeypatch.setattr(redes.kb.pipeline, "extract_document", extract)
    stats = kb.update(sqlite_store, corpus.ids)
    assert stats.failed == {bad: "ValueError: boom"}
    assert stats.documents == 3
    assert kb.pending_documents(sqlite_store) == [bad]


@pytest.mark.parametrize(("batch", "absent"), [(1, "Ministry of Security"), (2, "El Halconcito")])
def test_a_crash_while_writing_leaves_the_documents_untouched(store, monkeypatch, batch, absent):
    """A batch of documents is written in one transaction: a crash in the second batch,
    after its entities, names and mentions went out, leaves the first batch whole and
    the second one as if never extracted."""
    corpus = cartel_corpus(store).install(monkeypatch)
    import redes.kb.claims
    import redes.kb.pipeline

    monkeypatch.setattr(redes.kb.pipeline, "BATCH", batch)
    real = redes.kb.claims.ensure
    calls = []

    def crash_in_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(redes.kb.claims, "ensure", crash_in_second_batch)
    with pytest.raises(RuntimeError):
        kb.update(store, corpus.ids)
    with store.session() as s:
        docs_with_mentions = set(s.scalars(select(Mention.document_id).distinct()))
        docs_with_evidence = set(s.scalars(select(Evidence.document_id).distinct()))
        entities = set(s.scalars(select(Entity.name)))
    assert docs_with_mentions == docs_with_evidence == set(corpus.ids[:batch])
    assert absent not in entities  # named only in the second batch
    assert kb.pending_documents(store) == corpus.ids[batch:]
    monkeypatch.setattr(redes.kb.claims, "ensure", real)
    kb.update(store, kb.pending_documents(store))
    assert kb.pending_documents(store) == []
    assert kb.list_claims(store, predicate="leads")[0]["corroboration"]["documents"] == 3
    # The same as writing everything in one go.
    resumed = _counts(store)
    kb.rebuild(store)
    assert _counts(store) == resumed


def test_a_slug_held_by_another_type_gets_a_stable_suffix(sqlite_store, monkeypatch):
    """When resolution gives an identity whose slug an entity of another type already
    holds (a lexicon changed its mind), the new entity takes "<slug>-2", every time."""
    from redes.kb.resolution import Identity, Resolution

    corpus = Corpus(sqlite_store)
    for text in ("Tapalpa is in Jalisco.", "Tapalpa again."):
        corpus.add(Doc(text).entity("t", "place", "Tapalpa"))
    apply_extractions(sqlite_store, corpus.results()[:1])
    monkeypatch.setattr(
        Resolution,
        "resolve",
        lambda self, docs: [{"t": Identity("tapalpa", "organization", "Tapalpa")} for _ in docs],
    )
    apply_extractions(sqlite_store, corpus.results()[1:])
    apply_extractions(sqlite_store, corpus.results()[1:])
    assert {(e["id"], e["type"]) for e in kb.find(sqlite_store, "Tapalpa")} == {
        ("tapalpa", "place"),
        ("tapalpa-2", "organization"),
    }


def test_a_slug_held_by_another_type_within_one_batch(sqlite_store, monkeypatch):
    """Two documents of one batch name the organization whose slug a place holds, and a
    third the place itself: one suffixed organization, the place untouched."""
    from redes.kb.resolution import Identity, Resolution

    corpus = Corpus(sqlite_store)
    corpus.add(Doc("Tapalpa is in Jalisco.").entity("t", "place", "Tapalpa"))
    apply_extractions(sqlite_store, corpus.results())
    for text in ("Tapalpa SA was fined.", "Tapalpa SA again.", "Tapalpa, the town."):
        corpus.add(Doc(text).entity("t", "organization" if "SA" in text else "place", "Tapalpa"))
    monkeypatch.setattr(
        Resolution,
        "resolve",
        lambda self, docs: [
            {"t": Identity("tapalpa", docs_type, "Tapalpa")}
            for docs_type in (d.entities[0].type for d in docs)
        ],
    )
    for _ in range(2):
        apply_extractions(sqlite_store, corpus.results()[1:])
        assert {(e["id"], e["type"], e["mentions"]) for e in kb.find(sqlite_store, "Tapalpa")} == {
            ("tapalpa", "place", 2),
            ("tapalpa-2", "organization", 2),
        }
