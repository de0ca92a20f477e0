"""A rebuild is atomic: readers see the old knowledge base until the new one, judgements
applied, replaces it; a second rebuild is refused; other writers wait for it."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

import redes.kb.judgements
import redes.kb.pipeline
import redes.kb.writer
from redes import kb
from redes.kb import dossiers, review
from redes.kb.lookup import resolve
from redes.store import Busy, open_store
from redes.store.models import Claim, Entity, Judgement
from tests.conftest import wait_for
from tests.kb.kbfixtures import Corpus, Doc

# More documents than one batch of the writer (pipeline.BATCH = 64): the old rebuild
# committed each batch on its own.
REPORTS = 150


def report(i: int, marker: bool = False) -> Doc:
    """Report ``i``: a leader under his name and under his nickname (two entities until a
    merge), his group and its founding year. With ``marker``, extraction also finds where
    the group operates, so that a knowledge base built with it is recognisably new."""
    t = (
        f"Report {i}. Aurelio Quintana Robles leads the CVN. El Halcón leads the CVN. "
        "The CVN was founded in 2011. The CVN operates in Valle Escondido."
        # Words of this report alone: without them the reports would be copies of one text,
        # one source (redes.ingest.neardup), once a rebuild groups them.
        + " Notes: "
        + " ".join(f"r{i}n{k}" for k in range(40))
        + "."
    )
    d = Doc(t, publisher=f"Publisher {i % 7}", published="2021-06-01")
    d.entity("aur", "person", "Aurelio Quintana Robles").entity("hal", "person", "El Halcón")
    d.entity("cvn", "criminal_group", "CVN")
    d.rel("leads", "aur", "cvn", "Aurelio Quintana Robles leads the CVN.")
    d.rel("leads", "hal", "cvn", "El Halcón leads the CVN.")
    d.rel("founded", "cvn", None, "The CVN was founded in 2011.", value="2011")
    if marker:
        d.entity("val", "place", "Valle Escondido")
        d.rel("operates_in", "cvn", "val", "The CVN operates in Valle Escondido.")
    return d


@pytest.fixture
def judged(store, monkeypatch):
    """The store with the reports extracted, the founding claim rejected and the nickname
    merged into the name; returns the founding claim's key."""
    corpus = Corpus(store)
    for i in range(REPORTS):
        corpus.add(report(i), f"r{i:03d}.txt")
    corpus.install(monkeypatch)
    kb.update(store, corpus.ids)
    (founded,) = kb.list_claims(store, predicate="founded")
    review.reject(store, founded["key"])
    review.merge(store, "Aurelio Quintana Robles", "el-halcon")
    return founded["key"]


def new_extraction(monkeypatch, before_each_batch=None) -> None:
    """From now on extraction finds the marker; ``before_each_batch()`` runs as the first
    document of each batch is extracted."""
    marked = {report(i).text: report(i, marker=True) for i in range(REPORTS + 1)}
    calls = []

    def extract(item):
        doc_id, text, _lang = item
        if before_each_batch is not None and len(calls) % redes.kb.pipeline.BATCH == 0:
            before_each_batch()
        calls.append(doc_id)
        return doc_id, marked[text].extraction()

    monkeypatch.setattr(redes.kb.pipeline, "extract_document", extract)


def pause_writes(monkeypatch, before_each_batch) -> None:
    """Run ``before_each_batch()`` before each batch of extractions is written (in the
    rebuild's thread, inside its transaction once the rebuild is atomic)."""
    write_batch = redes.kb.writer.write_batch

    def paused(*args, **kwargs):
        before_each_batch()
        return write_batch(*args, **kwargs)

    monkeypatch.setattr(redes.kb.writer, "write_batch", paused)


def look(reader, founded_key: str) -> tuple:
    """What a reader sees, all in one session: the number of entities, the group's dossier
    (claims with their support and status), the rejected claim's status and whom the
    merged nickname names."""
    with reader.session() as s:
        entities = s.scalar(select(func.count()).select_from(Entity))
        try:
            d = dossiers.build(s, resolve(s, "CVN"))
            hub = sorted(
                (
                    c["predicate"],
                    c["direction"],
                    (c["other"] or {}).get("id"),
                    c["value"],
                    c["status"],
                    c["corroboration"]["documents"],
                )
                for group in (d["relations"], d["attributes"])
                for claims in group.values()
                for c in claims
            )
        except LookupError:
            hub = None
        status = s.scalar(select(Claim.status).where(Claim.key == founded_key))
        try:
            nickname = resolve(s, "El Halcón").slug
        except LookupError:
            nickname = None
    return entities, hub, status, nickname


def test_a_reader_sees_the_old_or_the_new_knowledge_base_never_a_mixture(store, judged, monkeypatch):
    reader = store.snapshot()
    before = look(reader, judged)
    assert before[0] == 2 and before[2] == "rejected" and before[3] == "aurelio-quintana-robles"

    seen: list[tuple] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                seen.append(look(reader, judged))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    def let_the_reader_look() -> None:
        # The rebuild pauses, mid-way, until the reader has looked twice more.
        n = len(seen)
        wait_for(lambda: len(seen) >= n + 2 or bool(errors), timeout=30)

    new_extraction(monkeypatch)
    pause_writes(monkeypatch, let_the_reader_look)
    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    try:
        stats = kb.rebuild(store)
        during = len(seen)
        after = look(store, judged)
        wait_for(lambda: bool(seen) and seen[-1] == after or bool(errors), timeout=30)
    finally:
        stop.set()
        thread.join(30)
    assert not errors, errors
    assert stats.documents == REPORTS and stats.judgements_applied == 2

    # The new knowledge base is recognisably new, with the judgements applied and the
    # same ids for the same entities.
    assert after != before
    assert after[0] == 3 and after[2] == "rejected" and after[3] == "aurelio-quintana-robles"
    assert ("operates_in", "out", "valle-escondido", None, "machine", REPORTS) in after[1]
    assert [row for row in after[1] if row[0] != "operates_in"] == before[1]

    # The reader looked while the rebuild ran (every batch waited for it), never saw
    # anything but the old or the new knowledge base, and saw the old one until the end.
    batches = -(-REPORTS // redes.kb.pipeline.BATCH)
    assert during >= 2 * batches
    mixed = [o for o in seen if o not in (before, after)]
    assert not mixed, f"{len(mixed)} of {len(seen)} observations were neither: {mixed[:3]}"
    assert seen[: 2 * batches] == [before] * (2 * batches)
    assert seen[-1] == after


def _rebuild_in_background(store, monkeypatch, hold: str = "write"):
    """A rebuild, started in a thread and held until ``go`` is set: while it extracts
    (``hold="extract"``), or inside its transaction, as it writes its first batch
    (``hold="write"``). Returns (thread, go, outcome)."""
    started, go = threading.Event(), threading.Event()
    outcome: dict = {}

    def wait() -> None:
        if not started.is_set():
            started.set()
            go.wait(30)

    new_extraction(monkeypatch, wait if hold == "extract" else None)
    if hold == "write":
        pause_writes(monkeypatch, wait)

    def run() -> None:
        try:
            outcome["stats"] = kb.rebuild(store)
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(30)
    return thread, go, outcome


@pytest.mark.parametrize("hold", ["extract", "write"])
def test_a_second_rebuild_is_refused_while_one_runs(store, db, judged, monkeypatch, hold):
    from redes.kb import locks

    thread, go, outcome = _rebuild_in_background(store, monkeypatch, hold)
    try:
        with pytest.raises(kb.RebuildRunning, match="already running"):
            kb.rebuild(store)
        other = open_store(db, upgrade=False)  # another engine of the same database
        try:
            with pytest.raises(kb.RebuildRunning):
                kb.rebuild(other)
            if store.dialect == "postgresql":
                # Another process would be refused by the database's lock.
                with pytest.raises(kb.RebuildRunning), locks.database_guard(other):
                    pass
        finally:
            other.close()
    finally:
        go.set()
        thread.join(60)
    assert "error" not in outcome, outcome
    assert outcome["stats"].documents == REPORTS
    # Refusals leave nothing behind: the next rebuild runs.
    assert kb.rebuild(store).documents == REPORTS


def test_a_decision_made_during_a_rebuild_waits_for_it_and_applies_to_the_new_knowledge_base(
    store, judged, monkeypatch
):
    (leads,) = kb.list_claims(store, predicate="leads")
    recording = threading.Event()
    record = redes.kb.judgements.record

    def recorded(*args, **kwargs):
        recording.set()
        return record(*args, **kwargs)

    monkeypatch.setattr(redes.kb.judgements, "record", recorded)
    thread, go, outcome = _rebuild_in_background(store, monkeypatch)
    decided: dict = {}

    def decide() -> None:
        try:
            decided["result"] = review.reject(store, leads["key"], author="ana")
        except BaseException as exc:
            decided["error"] = exc

    decision = threading.Thread(target=decide, daemon=True)
    decision.start()
    try:
        assert recording.wait(30)
        # The decision cannot be written while the rebuild holds the knowledge base.
        assert "result" not in decided
    finally:
        go.set()
        thread.join(60)
        decision.join(60)
    assert "error" not in outcome and "error" not in decided, (outcome, decided)
    assert decided["result"]["status"] == "rejected"
    # Applied to the new knowledge base (the marker is there), and kept for the next one.
    assert kb.dossier(store, "CVN")["relations"].get("operates_in")
    assert kb.claim(store, leads["key"])["status"] == "rejected"
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Judgement)) == 3


def test_a_decision_that_waits_too_long_for_a_rebuild_fails_clearly(store, db, judged, monkeypatch):
    (leads,) = kb.list_claims(store, predicate="leads")
    monkeypatch.setattr("redes.store.db.WAIT", 0.2)
    impatient = open_store(db, upgrade=False)  # its connections wait 0.2 s
    thread, go, outcome = _rebuild_in_background(store, monkeypatch)
    try:
        with pytest.raises(Busy, match="busy"):
            review.reject(impatient, leads["key"], author="ana")
    finally:
        go.set()
        thread.join(60)
        impatient.close()
    assert "error" not in outcome, outcome
    assert kb.claim(store, leads["key"])["status"] == "machine"
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Judgement)) == 2


def test_a_decision_made_while_a_rebuild_extracts_is_in_the_new_knowledge_base(store, judged, monkeypatch):
    (leads,) = kb.list_claims(store, predicate="leads")
    thread, go, outcome = _rebuild_in_background(store, monkeypatch, hold="extract")
    try:
        assert review.reject(store, leads["key"])["status"] == "rejected"
    finally:
        go.set()
        thread.join(60)
    assert "error" not in outcome, outcome
    assert outcome["stats"].judgements_applied == 3
    assert kb.claim(store, leads["key"])["status"] == "rejected"
    assert kb.dossier(store, "CVN")["relations"].get("operates_in")


def test_a_document_added_while_a_rebuild_extracts_is_in_the_new_knowledge_base(store, judged, monkeypatch):
    thread, go, outcome = _rebuild_in_background(store, monkeypatch, hold="extract")
    try:
        Corpus(store).add(report(REPORTS), "late.txt")
    finally:
        go.set()
        thread.join(60)
    assert "error" not in outcome, outcome
    assert outcome["stats"].documents == REPORTS + 1
    (operates,) = kb.dossier(store, "CVN")["relations"]["operates_in"]
    assert operates["corroboration"]["documents"] == REPORTS + 1
    assert kb.pending_documents(store) == []


def test_the_web_serves_the_old_knowledge_base_during_a_rebuild_and_refuses_a_second(
    store, judged, monkeypatch
):
    from tests.web.conftest import make_client

    thread, go, outcome = _rebuild_in_background(store, monkeypatch, hold="extract")
    try:
        with make_client(store) as c:
            hub = c.get("/api/entities/cvn")
            assert hub.status_code == 200 and "operates_in" not in hub.json()["relations"]
            assert c.get(f"/api/claims/{judged}").json()["status"] == "rejected"
            second = c.post("/api/kb/rebuild")
            assert second.status_code == 409 and "already running" in second.json()["detail"]
            go.set()
            thread.join(60)
            assert not thread.is_alive() and "error" not in outcome, outcome  # the rebuild ended well
            after = c.get("/api/entities/cvn").json()
            assert "operates_in" in after["relations"], (outcome, after["relations"].keys())
    finally:
        go.set()
        thread.join(60)
    assert "error" not in outcome, outcome


def test_the_web_answers_503_to_a_decision_that_waits_too_long_for_a_rebuild(store, db, judged, monkeypatch):
    from tests.web.conftest import make_client

    (leads,) = kb.list_claims(store, predicate="leads")
    monkeypatch.setattr("redes.store.db.WAIT", 0.2)
    impatient = open_store(db, upgrade=False)  # its connections wait 0.2 s
    thread, go, outcome = _rebuild_in_background(store, monkeypatch, hold="write")
    try:
        with make_client(impatient) as c:
            decision = c.post(f"/api/claims/{leads['key']}/reject")
            assert decision.status_code == 503 and "busy" in decision.json()["detail"]
    finally:
        go.set()
        thread.join(60)
        impatient.close()
    assert "error" not in outcome, outcome
    assert kb.claim(store, leads["key"])["status"] == "machine"
