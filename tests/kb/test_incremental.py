"""An update scans for merges and list matches only what it touched (``kb.pipeline``
``reapply_judgements``, the entities its batches queued in ``kb.scan_queue``), with the
same result as scanning everything."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from redes import kb
from redes.kb import claims, entities, merges, pipeline, scan_queue, xref
from redes.store import open_store
from redes.store.models import Alias, Entity
from tests.kb.kbfixtures import Corpus, Doc

NAME = "Aurelio Quintana Robles"


@pytest.fixture
def scans(monkeypatch) -> list:
    """The ``ids`` of every ``merges.compared_sides`` call (None: every entity read, a full scan):
    merges and list matching both read entities through it."""
    calls: list = []
    real = merges.compared_sides

    def spy(session, ids=None):
        calls.append(None if ids is None else set(ids))
        return real(session, ids)

    monkeypatch.setattr(merges, "compared_sides", spy)
    return calls


class Queued(set):
    """The entities the batches queued for the scan, and ``gone``, the deleted names."""

    gone: list


@pytest.fixture
def queued(monkeypatch) -> Queued:
    """What the batches queued for the scan (``scan_queue.push``)."""
    out = Queued()
    out.gone = []
    real = scan_queue.push

    def spy(session, touched, gone):
        touched, gone = set(touched), list(gone)
        out.update(touched)
        out.gone += gone
        return real(session, touched, gone)

    monkeypatch.setattr(scan_queue, "push", spy)
    return out


def _named(store, name: str) -> list[int]:
    with store.session() as s:
        return list(s.scalars(select(Entity.id).where(Entity.name == name)))


def _two_namesakes(store, c: Corpus) -> int:
    """Two namesakes dead on different dates: one extracted, one that resolution left
    apart (as two resolutions that failed to meet do); the id of the second."""
    first = Doc(f"{NAME} died on 2020-01-02 in Colima.")
    first.entity("a", "person", NAME)
    first.rel("died", "a", None, first.text, value="2020-01-02")
    kb.update(store, [c.add(first)])
    with store.session() as s:
        other = entities.create(s, "person", NAME)
        s.add(claims.fact(other, "died", None, value="2022-05-06"))
        s.flush()
        assert merges.auto_merge(s) == 0  # different dates of death
        old = other.id
    assert len(_named(store, NAME)) == 2
    return old


def test_a_new_entity_is_merged_with_an_old_untouched_namesake(sqlite_store, monkeypatch, scans, queued):
    """Two namesakes dead on different dates are two; a new report names the man again
    with one of the dates: resolution, between two namesakes, makes a third entity, whose
    safe partner is the old one with its date, untouched by the update."""
    c = Corpus(sqlite_store).install(monkeypatch)
    old = _two_namesakes(sqlite_store, c)
    second = Doc(f"Prosecutors said {NAME} died on 2022-05-06.")
    second.entity("a", "person", NAME)
    second.rel("died", "a", None, second.text, value="2022-05-06")
    scans.clear()
    stats = kb.update(sqlite_store, [c.add(second)])
    assert None not in scans  # no full scan
    assert old not in queued and stats.entities_created == 1
    assert stats.entities_merged == 1 and len(_named(sqlite_store, NAME)) == 2
    with sqlite_store.session() as s:
        assert s.get(Entity, old) is None  # merged into the new one (it has the mention)
        assert merges.auto_merge(s) == 0  # a full scan finds nothing more


def test_the_partner_of_a_touched_entity_is_found_in_the_whole_store(sqlite_store, monkeypatch, scans):
    """A pair of one touched and one untouched entity is scanned: the blocking words of
    the touched one find its partner among every entity, not only among those touched."""
    c = Corpus(sqlite_store).install(monkeypatch)
    first = Doc(f"{NAME} leads the Valle Nuevo cell.")
    first.entity("a", "person", NAME)
    kb.update(sqlite_store, [c.add(first)])
    with sqlite_store.session() as s:
        for i in range(5):  # others in the partner's blocks
            entities.create(s, "person", f"Mario Quintana Robles{'' if i == 0 else f' {i}'}")
        variant = entities.create(s, "person", "Aurelio Quintana")  # a surname missing: a question
        s.flush()
        assert merges.auto_merge(s) == 0
        # What the writer reports as touched: renamed to the full name (a more widely read
        # source's), its old name kept as an alias.
        entities.rename(s, variant, NAME, origin="machine")
        s.flush()
        scans.clear()
        assert merges.auto_merge(s, touched={variant.id}) == 1
        assert None not in scans and scans[0] == {variant.id}
    assert len(_named(sqlite_store, NAME)) == 1


def test_the_incremental_pass_equals_the_full_one(demo_template, tmp_path, monkeypatch, scans):
    """The demo corpus in two ingests, with a sanctions list between them: the second
    ingest's incremental pass leaves the knowledge base a full pass leaves."""
    from redes.demo import corpus_path
    from redes.ingest.pipeline import ingest
    from redes.sources.importing import OFAC, import_list
    from tests.kb.test_xref import LINKS, PARTIES

    files = sorted(p for p in Path(corpus_path()).iterdir() if p.suffix == ".txt")
    half = len(files) // 2
    base = tmp_path / "base.db"
    store = open_store(base)
    assert ingest(store, files[:half]).ok
    import_list(store, OFAC, [*PARTIES, *LINKS], date(2024, 5, 3), "sdn.csv", b"test list")
    listed = _listed(store)
    store.close()
    shutil.copyfile(base, tmp_path / "full.db")

    def second(path: Path, full: bool) -> dict:
        with monkeypatch.context() as m:
            if full:  # as before: every update scans everything
                real = pipeline.reapply_judgements
                m.setattr(pipeline, "reapply_judgements", lambda st, stats=None, session=None, **_: real(st, stats, session))
            return _second(path, full)

    def _second(path: Path, full: bool) -> dict:
        store = open_store(path)
        scans.clear()
        assert ingest(store, files[half:]).ok
        assert (None in scans) == full
        with store.session() as s:
            state = {
                "entities": sorted(s.execute(select(Entity.slug, Entity.type, Entity.name)).all()),
                "aliases": sorted(
                    s.execute(select(Entity.slug, Alias.key).join(Alias, Alias.entity_id == Entity.id)).all()
                ),
                "merges": [(c["a"], c["b"], c["score"], c["safe"]) for c in merges.find(s)],
                "matches": [(c["entity"], c["list_id"], c["safe"]) for c in xref.find(s)],
            }
            state["listed"] = _listed(store)
            # Nothing left for a full pass to merge or accept.
            assert merges.auto_merge(s) == 0 and xref.auto_accept(s) == 0
            s.rollback()
        store.close()
        return state

    incremental = second(base, full=False)
    assert second(tmp_path / "full.db", full=True) == incremental
    # The second half named listed people that the first did not: accepted unasked.
    assert incremental["listed"] < listed, (incremental["listed"], listed)


def _listed(store) -> int:
    """Listed parties not (yet) merged into a document entity."""
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Entity).where(Entity.source.is_not(None)))


def test_an_update_killed_before_its_scan_leaves_it_to_the_next(sqlite_store, monkeypatch, scans):
    """The batches are committed, the process dies before the scan: what they touched
    stays queued, and the next update (even one with nothing to extract) scans it. The
    setting of ``test_a_new_entity_is_merged_with_an_old_untouched_namesake``."""
    c = Corpus(sqlite_store).install(monkeypatch)
    old = _two_namesakes(sqlite_store, c)
    doc = Doc(f"Prosecutors said {NAME} died on 2022-05-06.")
    doc.entity("a", "person", NAME)
    doc.rel("died", "a", None, doc.text, value="2022-05-06")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as SIGKILL would, after the last commit

    with monkeypatch.context() as m:
        m.setattr(pipeline, "reapply_judgements", killed)
        with pytest.raises(KeyboardInterrupt):
            kb.update(sqlite_store, [c.add(doc)])
    assert len(_named(sqlite_store, NAME)) == 3  # written, not merged
    scans.clear()
    stats = kb.scan_owed(sqlite_store)  # what the next ingest does, with nothing new
    assert None not in scans  # no full scan: the queue says what to scan
    assert stats.entities_merged == 1 and len(_named(sqlite_store, NAME)) == 2
    with sqlite_store.session() as s:
        assert s.get(Entity, old) is None
        assert not scan_queue.waiting(s)  # taken by the scan that used it
    assert kb.scan_owed(sqlite_store) is None


def test_an_update_that_touches_nothing_scans_nothing(sqlite_store, monkeypatch, scans, queued):
    c = Corpus(sqlite_store).install(monkeypatch)
    doc = Doc(f"{NAME} leads the Valle Nuevo cell.")
    doc.entity("a", "person", NAME)
    doc_id = c.add(doc)
    kb.update(sqlite_store, [doc_id])
    read: list[int] = []
    real = merges.named_with
    monkeypatch.setattr(merges, "named_with", lambda s, words: read.append(len(words)) or real(s, words))
    scans.clear()
    queued.clear()
    stats = kb.update(sqlite_store, [doc_id])  # the same extraction again: nothing new
    assert queued == set() and stats.entities_merged == 0
    assert scans == [set()] or all(not ids for ids in scans)  # nothing read, no full scan
    assert read == []  # and no search of the store for partners
    with sqlite_store.session() as s:
        assert s.scalar(select(func.count()).select_from(Entity)) == 1


def test_a_refusal_undone_since_the_last_update_is_taken_up(sqlite_store, monkeypatch, scans):
    """Judgements name the entities a reviewer changed between updates: an update that
    touches neither entity of a refused pair merges it once the refusal is undone, as a
    full scan would."""
    from redes.kb import review

    c = Corpus(sqlite_store).install(monkeypatch)
    first = Doc(f"{NAME} leads the Valle Nuevo cell.")
    first.entity("a", "person", NAME)
    kb.update(sqlite_store, [c.add(first)])
    with sqlite_store.session() as s:
        slug = entities.create(s, "person", NAME).slug
    kept = _named(sqlite_store, NAME)
    with sqlite_store.session() as s:
        keep_slug = s.get(Entity, kept[0]).slug
    refusal = merges.reject(sqlite_store, keep_slug, slug, author="ana")["judgement"]
    unrelated = Doc("Marisol Treviño Luna was arrested in 2021.")
    unrelated.entity("m", "person", "Marisol Treviño Luna")
    assert kb.update(sqlite_store, [c.add(unrelated)]).entities_merged == 0  # refused
    review.undo(sqlite_store, refusal, author="ana")
    later = Doc("Rosendo Ibarra Soto was arrested in 2022.")
    later.entity("r", "person", "Rosendo Ibarra Soto")
    scans.clear()
    stats = kb.update(sqlite_store, [c.add(later)])
    assert None not in scans
    assert stats.entities_merged == 1 and len(_named(sqlite_store, NAME)) == 1


def test_a_reviewers_rename_since_the_last_update_is_taken_up(sqlite_store, monkeypatch, scans):
    from redes.kb import review

    c = Corpus(sqlite_store).install(monkeypatch)
    first = Doc(f"{NAME} leads the Valle Nuevo cell.")
    first.entity("a", "person", NAME)
    kb.update(sqlite_store, [c.add(first)])
    with sqlite_store.session() as s:
        variant = entities.create(s, "person", "Aurelio Quintana").slug  # a question only
    assert kb.update(sqlite_store, []).entities_merged == 0
    review.rename(sqlite_store, variant, NAME, author="ana")
    later = Doc("Rosendo Ibarra Soto was arrested in 2022.")
    later.entity("r", "person", "Rosendo Ibarra Soto")
    scans.clear()
    stats = kb.update(sqlite_store, [c.add(later)])
    assert None not in scans
    assert stats.entities_merged == 1 and len(_named(sqlite_store, NAME)) == 1


def test_a_new_fact_about_an_old_entity_makes_its_pair_safe(sqlite_store, monkeypatch, scans, queued):
    """The new report adds no entity and no name: only a date of death to an old entity,
    which reconciles it with its namesake (old and untouched too). The entity given the
    fact is touched, and its partner found in the whole store."""
    c = Corpus(sqlite_store).install(monkeypatch)
    first = Doc(f"{NAME} died on 2020-01-02 in Colima.")
    first.entity("a", "person", NAME)
    first.rel("died", "a", None, first.text, value="2020-01-02")
    kb.update(sqlite_store, [c.add(first)])
    (old,) = _named(sqlite_store, NAME)
    with sqlite_store.session() as s:
        # The same name but for a particle: one man for the merges, two names for resolution.
        other = entities.create(s, "person", "Aurelio Quintana de Robles")
        s.add(claims.fact(other, "died", None, value="2022-05-06"))
        s.flush()
        other_id = other.id
        (c0,) = merges.find(s)
        assert c0["conflict"] == "different dates of death" and merges.auto_merge(s) == 0
    second = Doc(f"{NAME} died on 2022-05-06, a second report says.")
    second.entity("a", "person", NAME)
    second.rel("died", "a", None, second.text, value="2022-05-06")
    queued.clear()
    scans.clear()
    stats = kb.update(sqlite_store, [c.add(second)])
    assert stats.entities_created == 0 and queued == {old} and other_id not in queued
    assert None not in scans
    assert stats.entities_merged == 1 and _named(sqlite_store, NAME) == [old]


def test_a_block_that_an_orphan_leaves_is_scanned_again(sqlite_store, monkeypatch, scans, queued):
    """A block too large to propose pairs (here more than 3 entities share "Quintana")
    becomes one again when a re-extraction drops an entity of it: its pairs are scanned,
    as a full scan would, though neither entity of the safe pair was touched."""
    from redes.resolve import candidates as cand

    monkeypatch.setattr(cand, "MAX_BLOCK", 3)
    c = Corpus(sqlite_store).install(monkeypatch)
    names = ["Mario Quintana Robles", "Pedro Quintana Robles"]
    others = Doc(" and ".join(names) + " were arrested.")
    for i, name in enumerate(names):
        others.entity(f"x{i}", "person", name)
    first = Doc(f"{NAME} leads the Valle Nuevo cell.")
    first.entity("a", "person", NAME)
    kb.update(sqlite_store, [c.add(others), c.add(first)])
    with sqlite_store.session() as s:
        entities.create(s, "person", NAME)  # a namesake resolution left apart
        s.flush()
        assert merges.auto_merge(s) == 0  # a full scan: 4 share each surname
    assert len(_named(sqlite_store, NAME)) == 2
    others.entities.pop()  # re-extracted, the report names Pedro no more: an orphan
    scans.clear()
    queued.gone.clear()
    stats = kb.update(sqlite_store, [c.ids[0]])
    assert None not in scans and [g.name for g in queued.gone] == ["Pedro Quintana Robles"]
    assert stats.entities_merged == 1 and len(_named(sqlite_store, NAME)) == 1


def test_a_block_that_a_reviewer_takes_a_name_from_is_scanned_again(sqlite_store, monkeypatch, scans):
    """The names a reviewer took away since the last update count as gone: a block that
    they leave under the limit is scanned, though the update touches none of its pairs."""
    from redes.kb import review
    from redes.resolve import candidates as cand

    monkeypatch.setattr(cand, "MAX_BLOCK", 3)
    c = Corpus(sqlite_store).install(monkeypatch)
    doc = Doc(f"{NAME} and Mario Quintana Robles met Pedro Ibarra Soto.")
    doc.entity("a", "person", NAME)
    doc.entity("m", "person", "Mario Quintana Robles")
    doc.entity("p", "person", "Pedro Ibarra Soto", aliases=["Pedro Quintana Robles"])  # a misreading
    kb.update(sqlite_store, [c.add(doc)])
    with sqlite_store.session() as s:
        entities.create(s, "person", NAME)  # a namesake resolution left apart
        s.flush()
        assert merges.auto_merge(s) == 0  # a full scan: 4 share each surname
    review.alias_remove(sqlite_store, "pedro-ibarra-soto", "Pedro Quintana Robles", author="ana")
    later = Doc("Rosendo Ibarra Soto was arrested in 2022.")
    later.entity("r", "person", "Rosendo Ibarra Soto")
    scans.clear()
    stats = kb.update(sqlite_store, [c.add(later)])
    assert None not in scans
    assert stats.entities_merged == 1 and len(_named(sqlite_store, NAME)) == 1
    # The judgement counts as news once: the next update does not take its names again.
    with sqlite_store.session() as s:
        assert merges.judged(s)[1] == []


def test_the_pairs_of_touched_entities_are_those_of_the_full_scan(demo_store):
    """``scored(touched=...)`` finds through the blocks of the whole store exactly the pairs
    of the full scan that have a touched side, whichever entities are touched."""
    from redes.resolve import candidates as cand

    with demo_store.session() as s:
        full = merges.scored(s)
        compared = sorted(
            s.scalars(select(Entity.id).where(Entity.type.in_(cand.PERSON_TYPES | cand.GROUP_TYPES)))
        )
        paired = sorted({i for a, b, _ in full for i in (a, b)})
        for touched in (set(compared[::7]), set(paired[::3]), set(paired[1::2]), set()):
            want = sorted((a, b, v.score) for a, b, v in full if a in touched or b in touched)
            assert sorted((a, b, v.score) for a, b, v in merges.scored(s, touched)) == want
