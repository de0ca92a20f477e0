"""From documents to knowledge: extraction (on Dask workers when ``jobs`` > 1 or a
cluster is given: ``redes.scale.cluster``, the same function in batches), resolution against every entity already in the store, one transaction per batch of
documents, and then every human judgement re-applied.

Each batch's machine output (mentions, entity names, evidence) replaces what its
documents had before, in one transaction with the mark that they were extracted (see
``redes.kb.writer``), so a crash leaves each document either fully written or still
marked as needing extraction, and running it again adds nothing.

A rebuild is the exception: it writes everything in a single transaction (see
``rebuild``), so that readers see the old knowledge base until the new one is whole,
judgements applied.
"""

from __future__ import annotations

import pickle
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import IO, TYPE_CHECKING

from sqlalchemy import delete, or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from redes.extract.model import DocExtraction
from redes.kb import judgements, locks, merges, scan_queue, writer
from redes.kb.resolution import Resolution
from redes.scale.cluster import Cluster, Inline, workers
from redes.sources import LIST_FORMATS
from redes.store import Store
from redes.store.batches import chunks
from redes.store.models import Alias, Claim, Document, Entity, Evidence, Mention

if TYPE_CHECKING:
    from redes.extract.llm.runner import LLMExtractor

# Documents extracted, resolved and written together (one transaction): large enough
# for resolution to see several documents at once and for the writes to go in a few
# multi-row statements, small enough to keep memory flat on big corpora and to lose
# little work to a crash.
BATCH = 64
# Documents whose knowledge comes from their text (not a structured list's entries).
TEXTS = Document.format.notin_(LIST_FORMATS)


@dataclass
class UpdateStats:
    documents: int = 0
    failed: dict[int, str] = field(default_factory=dict)
    entities_created: int = 0
    mentions: int = 0
    claims_created: int = 0
    evidence: int = 0
    judgements_applied: int = 0
    judgements_pending: int = 0
    entities_merged: int = 0  # safe duplicates merged automatically (``merges``)
    # CPU seconds per stage: "extract" (summed over workers), "resolve",
    # "write" (knowledge-base writes and commits), "judgements". Not in ``as_dict``.
    cpu: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def as_dict(self) -> dict:
        out = asdict(self)
        del out["cpu"]
        return out

    def timed(self, stage: str, seconds: float) -> None:
        self.cpu[stage] = self.cpu.get(stage, 0.0) + seconds


def pipeline_version() -> str:
    """The version recorded in ``Document.extracted_with``."""
    import redes.extract
    from redes import __version__

    return str(getattr(redes.extract, "VERSION", __version__))


def pending_documents(store: Store) -> list[int]:
    """Documents never extracted, or extracted by another pipeline version."""
    version = pipeline_version()
    with store.session() as s:
        q = select(Document.id).where(
            or_(Document.extracted_with.is_(None), Document.extracted_with != version),
            TEXTS,
        )
        return list(s.scalars(q.order_by(Document.id)))


def extract_document(item: tuple[int, str, str | None]) -> tuple[int, DocExtraction | str]:
    """Run extraction on one document's text (in a worker process); an error comes back
    as its message so that one bad document never stops the run."""
    doc_id, text, lang = item
    try:
        from redes.extract import extract
        from redes.extract.sections import extract_sections

        # Languages other than en/es ("und" for too little text) are left to detection; a
        # long text is extracted section by section (linear time, bounded memory).
        return doc_id, extract_sections(text, lang if lang in ("en", "es") else None, extract)
    except Exception as exc:  # reported per document, never stops the run
        return doc_id, f"{type(exc).__name__}: {exc}"


def update(
    store: Store,
    document_ids: Iterable[int],
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    attempt: Callable[[list[int]], None] | None = None,
    cluster: str | None = None,
    runner: Inline | Cluster | None = None,
    llm: LLMExtractor | None = None,
    before_writes: Callable[[], None] | None = None,
) -> UpdateStats:
    """Extract, resolve and store the knowledge in ``document_ids``, then re-apply every
    judgement. Extraction runs on ``runner`` (``redes.scale.cluster``), or else on ``jobs``
    local Dask workers or the scheduler at ``cluster``; ``before_writes()`` is called once
    before the first write, while workers extract the first batches (ingest groups
    near-duplicates then). ``progress(n)`` is called as each document is done (n = 1); ``attempt(ids)`` just before a batch's extraction starts
    (ingest counts attempts, ``redes.ingest.resume``). Each batch is committed on its own,
    so that an interrupted run resumes where it stopped. Resolution is incremental: the new
    documents' entities are resolved against those in the store, batch after batch, in the
    order of the documents' ids, whatever ran their extraction. ``llm`` (``redes.kb.llm``)
    merges a language model's verified proposals into each batch before it is resolved."""
    ids = sorted(set(document_ids))
    stats = UpdateStats()
    t = time.process_time()
    with store.session() as s:
        resolution = Resolution(s)
    stats.timed("resolve", time.process_time() - t)
    with _runner(runner, jobs if len(ids) > 1 else 1, cluster) as run:
        for results in _extracted(store, ids, run, stats, attempt, before_writes):
            if llm is not None:
                results = _with_llm(store, llm, results)
            apply_extractions(store, results, stats, progress, reapply=False, resolution=resolution)
    # Only what these documents changed (queued by each batch, ``scan_queue``) is scanned
    # for merges and list matches: every other pair was scanned when its entities last
    # changed (``reapply_judgements``).
    reapply_judgements(store, stats, incremental=True)
    if ids:
        store.analyze()  # the planner's statistics, for the tables just grown
    return stats


def scan_owed(store: Store) -> UpdateStats | None:
    """The merge and list-match scan an update killed after its last commit owed (what
    its batches touched is still queued: ``scan_queue``), run now; None if none was owed."""
    with store.session() as s:
        if not scan_queue.waiting(s):
            return None
    stats = UpdateStats()
    reapply_judgements(store, stats, incremental=True)
    return stats


@contextmanager
def _runner(runner: Inline | Cluster | None, jobs: int, cluster: str | None) -> Iterator[Inline | Cluster]:
    """``runner`` as given, or one opened (and closed) for this call."""
    if runner is not None:
        yield runner
        return
    with workers(jobs, cluster) as opened:
        yield opened


def apply_extractions(
    store: Store,
    results: list[tuple[int, DocExtraction | str]],
    stats: UpdateStats | None = None,
    progress: Callable[[int], None] | None = None,
    reapply: bool = True,
    resolution: Resolution | None = None,
    session: Session | None = None,
) -> UpdateStats:
    """Resolve and write extraction results (document id, extraction or error), all in
    one transaction (``session``'s, left uncommitted, when given)."""
    stats = stats or UpdateStats()
    t = time.process_time()
    if resolution is None:
        resolution = _resolution(store, session)
    good = [(doc_id, ex) for doc_id, ex in results if isinstance(ex, DocExtraction)]
    for doc_id, ex in results:
        if not isinstance(ex, DocExtraction):
            stats.failed[doc_id] = ex
            if progress:
                progress(1)
    identities = resolution.resolve([ex for _, ex in good])
    stats.timed("resolve", time.process_time() - t)
    t = time.process_time()
    if good:
        with _writing(store, session) as s:
            counts = writer.write_batch(
                s,
                [(doc_id, ex, found) for (doc_id, ex), found in zip(good, identities, strict=True)],
                pipeline_version(),
            )
            if not reapply and session is None:
                # Committed here and scanned later, maybe by another process: queued with
                # the writes. (A rebuild scans everything in its one transaction.)
                scan_queue.push(s, counts.touched, counts.gone)
        resolution.move(counts.moved)
        stats.entities_created += counts.entities_created
        stats.mentions += counts.mentions
        stats.claims_created += counts.claims_created
        stats.evidence += counts.evidence
        stats.documents += len({doc_id for doc_id, _ in good})
    stats.timed("write", time.process_time() - t)
    if progress:
        for _ in good:
            progress(1)
    if reapply:
        reapply_judgements(store, stats, session=session)
    return stats


# Passes of machine merges and judgements at most, when a pass merges something: the
# entities that took others in are scanned again (a pair left because its other entity
# was merged away, a pair their new names make safe), so that no safe pair is left over.
PASSES = 4


def reapply_judgements(
    store: Store,
    stats: UpdateStats | None = None,
    session: Session | None = None,
    incremental: bool = False,
) -> tuple[int, int]:
    """Merge safe duplicates and accept safe list matches (machine output), then re-apply
    every human judgement over them. ``incremental``: scan only the entities the committed
    batches queued (``scan_queue``: those an update created or changed,
    ``writer.Counts.touched``, and the names of those it deleted, ``writer.Counts.gone``:
    blocks they leave, list parties they no longer claim) and those the judgements name
    (``merges.judged``: what re-applying them, or a reviewer since, may have changed): all
    that may make a pair safe since the last scan, with the same result as scanning all
    (once the whole was scanned with today's lexicons and rules: ``merges.scanned``).
    Otherwise everything is scanned (rebuild, ``redes xref``, a list imported). The queue
    is emptied either way."""
    t = time.process_time()
    merged = 0
    with _writing(store, session) as s:
        from redes.kb import xref

        queued, gone = scan_queue.take(s)
        if incremental and not merges.scanned(s):
            incremental = False  # never scanned whole, or by other lexicons or rules: scan all
        names, taken, newest = merges.judged(s)
        dirty = queued | names if incremental else None
        new_after = merges.scanned_upto(s)  # entities newer than the last scan had no matches then
        left = [*gone, *taken]
        for _ in range(PASSES):
            kept: set[int] = set()
            away: list = []
            # Safe duplicates first (machine output), then every human decision over them.
            done = merges.auto_merge(s, dirty, kept, left, away)
            # Listed parties surely named in the documents (``kb.xref``): machine output too.
            done += xref.auto_accept(
                s,
                touched=None if dirty is None else dirty | kept,
                kept=kept,
                gone=[*left, *away],
                new_after=new_after,
            )
            applied, pending = judgements.reapply_all(s)
            merges.mark_scanned(s, newest, whole=dirty is None)
            merged += done
            if not kept:
                break
            dirty, left, new_after = kept, away, None  # scanned now: none is new to the next pass
    if stats is not None:
        stats.entities_merged += merged
        stats.judgements_applied, stats.judgements_pending = applied, pending
        stats.timed("judgements", time.process_time() - t)
    return applied, pending


def rebuild(
    store: Store,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    cluster: str | None = None,
    llm: LLMExtractor | None = None,
    runner: Inline | Cluster | None = None,
) -> UpdateStats:
    """Re-derive all machine output from all documents, then re-apply the judgements.

    Everything machine-made is dropped first, so earlier resolution mistakes do not
    seed the new run; the judgements table is left untouched.

    It is atomic. Every document is extracted first (on ``runner``, or else on ``jobs``
    local Dask workers or the scheduler at ``cluster``, into
    a temporary file, with no transaction open: the knowledge base is untouched), then
    the deletes, every batch's writes and the judgements are one transaction: readers
    see the old knowledge base until the commit swaps in the new one, judgements applied
    (SQLite's WAL and PostgreSQL's MVCC give them their snapshot), and a failed or
    interrupted rebuild leaves the old one as it was. That is simpler and safer than
    building shadow tables and renaming them in: the tables keep their foreign keys,
    indexes and row-level security policies, ids keep their sequences, and the writer,
    the resolution and the judgements run unchanged, in the same batches as ``update``
    (so entities get the same slugs). The cost: while the new knowledge base is written
    (resolution and writes, about a tenth of a rebuild's time), other writers of it
    wait for the commit (on SQLite, every writer), and raise ``redes.store.Busy`` after
    ``redes.store.db.WAIT`` seconds (``locks``).

    ``progress(1)`` is called as each document is extracted. Raises ``RebuildRunning``
    when a rebuild of the same database is already running."""
    stats = UpdateStats()
    with locks.rebuild_guard(store), tempfile.TemporaryFile() as spill:
        with store.session() as s:
            ids = list(s.scalars(select(Document.id).where(TEXTS).order_by(Document.id)))
        with _runner(runner, jobs if len(ids) > 1 else 1, cluster) as run:
            batches = _extract_into(spill, store, ids, run, stats, progress, llm)
        spill.seek(0)
        with store.session() as s:
            locks.rebuilding(s)
            for table in (Evidence, Mention, Claim, Alias, Entity):
                s.execute(delete(table))
            s.execute(sql_update(Document).values(extracted_with=None, extraction_attempts=0, extraction_error=None))
            # Source groups from scratch, so that corroboration counts the same after a
            # rebuild whatever order the documents came in (``neardup``).
            from redes.ingest import neardup

            neardup.regroup(s)
            present = set(s.scalars(select(Document.id).where(TEXTS)))
            t = time.process_time()
            resolution = _resolution(store, s)
            stats.timed("resolve", time.process_time() - t)
            for _ in range(batches):
                results = [r for r in pickle.load(spill) if r[0] in present]  # deleted meanwhile: gone
                apply_extractions(store, results, stats, reapply=False, resolution=resolution, session=s)
            # Documents added since the extraction started: few, extracted here (without the
            # language model, whose requests would hold this transaction open).
            for results in _extracted(store, sorted(present - set(ids)), Inline(), stats):
                apply_extractions(store, results, stats, reapply=False, resolution=resolution, session=s)
            # Structured lists are not extracted: their entities and claims come from
            # their records (``redes.sources.importing``), never through name resolution.
            from redes.sources import importing

            importing.rebuild(s)
            reapply_judgements(store, stats, session=s)
    store.analyze()
    return stats


def _extract_into(
    spill: IO[bytes],
    store: Store,
    ids: list[int],
    run: Inline | Cluster,
    stats: UpdateStats,
    progress: Callable[[int], None] | None,
    llm: LLMExtractor | None = None,
) -> int:
    """Extract the documents ``ids`` batch by batch on ``run`` into ``spill`` (one pickle
    per batch); returns the number of batches."""
    batches = 0
    for results in _extracted(store, ids, run, stats):
        if llm is not None:
            results = _with_llm(store, llm, results)
        pickle.dump(results, spill, protocol=pickle.HIGHEST_PROTOCOL)
        batches += 1
        if progress:
            for _ in results:
                progress(1)
    return batches


def _with_llm(
    store: Store, llm: LLMExtractor, results: list[tuple[int, DocExtraction | str]]
) -> list[tuple[int, DocExtraction | str]]:
    """A batch's extractions merged with the language model's verified proposals, before
    any transaction opens (its answers are cached in the store). Imported only when used."""
    from redes.kb.llm import augment

    return augment(store, llm, results)


def _resolution(store: Store, session: Session | None) -> Resolution:
    """A resolution seeded with the entities ``session`` (or a new session) sees."""
    if session is not None:
        return Resolution(session)
    with store.session() as s:
        return Resolution(s)


@contextmanager
def _writing(store: Store, session: Session | None) -> Iterator[Session]:
    """A transaction to write the knowledge base in: ``session``'s, left open (flushed,
    and emptied as a new session per batch would be, so that memory stays flat), or a new
    one, committed at the end, that first waits for any rebuild (``locks.writing``)."""
    if session is not None:
        yield session
        session.flush()
        session.expunge_all()
        return
    with store.session() as s:
        locks.writing(s)
        yield s


def extract_batch(
    items: list[tuple[int, str, str | None]],
) -> list[tuple[tuple[int, DocExtraction | str], float]]:
    """``extract_document`` of each item, with the CPU seconds it took (in whichever
    process ran it): the task a worker runs for a batch."""
    out = []
    for item in items:
        t = time.process_time()
        result = extract_document(item)
        out.append((result, time.process_time() - t))
    return out


def _extracted(
    store: Store,
    ids: list[int],
    run: Inline | Cluster,
    stats: UpdateStats,
    attempt: Callable[[list[int]], None] | None = None,
    started: Callable[[], None] | None = None,
) -> Iterator[list[tuple[int, DocExtraction | str]]]:
    """Extraction results, batch by batch, in the order of ``ids``. On workers the next
    batches are being extracted while the caller resolves and writes this one;
    ``started()`` is called before the first result (``Cluster.map_batches``)."""

    def batches():
        for batch in chunks(ids, BATCH):
            if attempt is not None:
                attempt(batch)
            items, missing = _texts(store, batch)
            yield missing, items

    for missing, results in run.map_batches(extract_batch, batches(), started):
        out = []
        for result, seconds in results:
            out.append(result)
            stats.timed("extract", seconds)
        yield out + missing


def _texts(store: Store, ids: list[int]):
    """The (id, text, language) of the documents ``ids``, and (id, error) for those gone."""
    with store.session() as s:
        items = [
            (doc_id, text, lang)
            for doc_id, text, lang in s.execute(
                select(Document.id, Document.text, Document.language)
                .where(Document.id.in_(ids))
                .order_by(Document.id)  # resolution learns in a fixed order, whatever the backend
            )
        ]
    found = {doc_id for doc_id, _, _ in items}
    missing = [(doc_id, "no such document") for doc_id in ids if doc_id not in found]
    return items, missing


