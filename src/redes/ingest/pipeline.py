"""Ingest folders of documents into the store: idempotent, parallel, and never stopped by
one bad file.

Files are read and hashed here; their parsing (text, OCR, language) and their extraction
run in batches on Dask workers with ``jobs`` > 1 or a ``cluster`` address, by the same
functions as in one process (``redes.scale.cluster``), and this process stores the
results in the order of the files, so that the store is the same either way.

Files are deduplicated by the SHA-256 of their bytes within a collection: the same file
under a second name adds a source path, not a document. Each batch of new documents is
written in one transaction (a few multi-row inserts), so a crash leaves whole documents
or nothing, and the next ingest extracts what it left unextracted (``resume``).

One ingest runs at a time on a database (``redes.store.exclusive``): a second one waits,
then finds the first one's documents, so that two ingests of the same files end as one.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from redes.ingest import resume
from redes.ingest.readers import ParsedDocument, ReadError, format_of, read_bytes
from redes.ingest.sidecar import folder_metadata, is_sidecar
from redes.ingest.textsafety import clean_line, printable
from redes.scale.cluster import Cluster, Inline, workers
from redes.store import Store
from redes.store.batches import chunks
from redes.store.exclusive import exclusive
from redes.store.models import Document, DocumentSource

if TYPE_CHECKING:
    from redes.extract.llm.runner import LLMExtractor

DOCUMENTS = Document.__table__
SOURCES = DocumentSource.__table__

DEFAULT_MAX_SIZE = 100 * 1024 * 1024  # bytes
DEFAULT_COLLECTION = "public"


@dataclass(slots=True)
class FileResult:
    path: str
    status: str  # "ingested", "duplicate", "failed", "ignored"
    reason: str | None = None
    document_id: int | None = None
    children: list[int] = field(default_factory=list)  # attachments, archive members


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    extraction: object | None = None  # what redes.kb.update returned, when it ran
    # Documents that earlier, interrupted ingests left unextracted, extracted by this one.
    resumed: list[int] = field(default_factory=list)
    # Documents whose extraction was given up (id -> reason): ``resume``.
    given_up: dict[int, str] = field(default_factory=dict)

    def of(self, status: str) -> list[FileResult]:
        return [r for r in self.results if r.status == status]

    @property
    def ok(self) -> bool:
        return not self.of("failed")

    def counts(self) -> dict[str, int]:
        return {s: len(self.of(s)) for s in ("ingested", "duplicate", "failed", "ignored")}


@dataclass(slots=True)
class _Candidate:
    path: Path
    meta: dict[str, str]
    explicit: bool  # named on the command line rather than found in a folder


def collect(paths: Iterable[str | os.PathLike]) -> Iterator[_Candidate | FileResult]:
    """Files to ingest under ``paths`` (recursive), or a FileResult for paths that fail.

    A path named here may be a symbolic link; inside a folder, links are never followed
    (one to /etc/passwd would ingest it, a loop would never end), and only regular files
    are read (a FIFO blocks its reader forever, /dev/zero never ends)."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield FileResult(str(raw), "failed", "no such file or directory")
        elif path.is_file():
            yield _Candidate(path, folder_metadata(path.parent).get(path.name, {}), explicit=True)
        elif not path.is_dir():
            yield FileResult(str(raw), "failed", NOT_REGULAR)
        else:
            yield from _walk(path)


NOT_REGULAR = "not a regular file (a device, FIFO or socket)"


def _walk(top: Path) -> Iterator[_Candidate | FileResult]:
    for folder, dirs, files in os.walk(top):  # followlinks=False: linked folders are not entered
        folder_path = Path(folder)
        for name in sorted(d for d in dirs if (folder_path / d).is_symlink()):
            yield FileResult(str(folder_path / name), "ignored", "symbolic link, not followed")
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (folder_path / d).is_symlink())
        meta = folder_metadata(folder_path)
        for name in sorted(files):
            file = folder_path / name
            if name.startswith(".") or is_sidecar(file):
                continue
            try:
                mode = file.lstat().st_mode
            except OSError as exc:
                yield FileResult(str(file), "failed", f"cannot read file: {exc.strerror or exc}")
                continue
            if stat.S_ISLNK(mode):
                yield FileResult(str(file), "ignored", "symbolic link, not followed")
            elif not stat.S_ISREG(mode):
                yield FileResult(str(file), "failed", NOT_REGULAR)
            elif format_of(file) is None:
                yield FileResult(str(file), "ignored", "unsupported file type")
            else:
                yield _Candidate(file, meta.get(name, {}), explicit=False)


def _parse(args: tuple[bytes, str]) -> ParsedDocument | ReadError:
    data, name = args
    try:
        return read_bytes(data, name)
    except ReadError as exc:
        return exc


def parse_batch(items: list[tuple[bytes, str]]) -> list[ParsedDocument | ReadError]:
    """Parse each (bytes, file name) and sign its text for near-duplicate grouping
    (``neardup.signature``): the task a worker runs for a batch of files, so that the
    signatures too are computed in parallel, not by the client."""
    from redes.ingest import neardup

    out = []
    for item in items:
        doc = _parse(item)
        if isinstance(doc, ParsedDocument):
            doc.signature = neardup.signature(doc.text)
        out.append(doc)
    return out


def ingest(
    store: Store,
    paths: Iterable[str | os.PathLike],
    collection: str = DEFAULT_COLLECTION,
    jobs: int = 1,
    max_size: int = DEFAULT_MAX_SIZE,
    extract: bool = True,
    progress: Callable[[str, int, int | None], None] | None = None,
    max_attempts: int = resume.MAX_ATTEMPTS,
    waiting: Callable[[], None] | None = None,
    cluster: str | None = None,
    runner: Inline | Cluster | None = None,
    llm: LLMExtractor | None = None,
) -> IngestReport:
    """Ingest every supported file under ``paths`` into ``collection``, after extracting
    what earlier ingests left unfinished (giving a document up after ``max_attempts``).

    Parsing and extraction run on ``runner`` (``redes.scale.cluster.workers``), or else
    on ``jobs`` local Dask worker processes or the Dask scheduler at ``cluster``
    ("tcp://host:8786"); in this process when ``jobs`` is 1 and no cluster is given.
    ``progress(phase, advance, total)`` is called as work proceeds (phase "read" or
    "extract"); the CLI draws it as progress bars. ``waiting()`` is called when another
    ingest of the database runs: this one waits for it to end. ``llm`` (``redes.extract.llm``)
    adds a language model's verified proposals to the extraction.
    """
    with exclusive(store.engine, "ingest", waiting):
        if runner is not None:
            return _ingest(store, paths, collection, runner, max_size, extract, progress, max_attempts, llm)
        with workers(jobs, cluster) as run:
            return _ingest(store, paths, collection, run, max_size, extract, progress, max_attempts, llm)


# Files parsed per batch (one task on a worker).
READ_BATCH = 32


def _ingest(store, paths, collection, run, max_size, extract, progress, max_attempts, llm=None) -> IngestReport:
    report = IngestReport()
    items = list(collect(paths))
    candidates = [c for c in items if isinstance(c, _Candidate)]
    report.results.extend(r for r in items if isinstance(r, FileResult))
    tick = progress or (lambda phase, n, total: None)
    tick("read", 0, len(candidates))

    with store.session() as s:
        collection_id = store.collection(s, collection).id

    new_ids: list[int] = []

    def batches():
        # Read and hashed here (workers need not see the files); a file known already is
        # not sent. While workers parse, the next batches are read.
        for batch in chunks(candidates, READ_BATCH):
            todo = _triage(store, batch, collection_id, max_size, report, tick)
            yield todo, [(data, cand.path.name) for cand, data, _ in todo if data]

    for todo, parsed_list in run.map_batches(parse_batch, batches()):
        parsed = iter(parsed_list)
        outcomes = [(cand, digest, next(parsed) if data else None, len(data)) for cand, data, digest in todo]
        for result in _store_batch(store, outcomes, collection_id):
            if result.status == "ingested" and result.document_id is not None:
                new_ids.append(result.document_id)
                new_ids.extend(result.children)
            report.results.append(result)
            tick("read", 1, None)

    if extract:
        # Grouping runs while the workers extract the first batches, before any write.
        grouping = partial(_group_sources, store, new_ids)
        report.extraction = _extract(store, new_ids, run, tick, max_attempts, report, llm, grouping)
        if new_ids:
            from redes.ingest import correspondents

            # After extraction, so that a person it found gets the address.
            correspondents.link(store, new_ids)
    else:
        _group_sources(store, new_ids)
    if new_ids and not extract:
        store.analyze("documents")  # (an extraction's update refreshes every table)
    return report



def _read(cand: _Candidate, max_size: int) -> tuple[FileResult | None, bytes]:
    """Apply the size limit and read the bytes; a FileResult when that fails."""
    path = str(cand.path)
    if format_of(cand.path) is None:
        return FileResult(path, "failed", f"unsupported file type {cand.path.suffix!r}"), b""
    # Opened without blocking (a FIFO put in place meanwhile) nor following a link found in
    # a folder (one put in place meanwhile), then checked for what it is.
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if cand.explicit else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(cand.path, flags)
    except OSError as exc:
        return FileResult(path, "failed", f"cannot read file: {exc.strerror or exc}"), b""
    with os.fdopen(fd, "rb") as f:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return FileResult(path, "failed", NOT_REGULAR), b""
            size = info.st_size
            if size == 0:
                return FileResult(path, "failed", "empty file"), b""
            if size > max_size:
                reason = f"file too large ({_mb(size)} > limit {_mb(max_size)}; raise --max-size)"
                return FileResult(path, "failed", reason), b""
            data = f.read(max_size + 1)  # a file that grows meanwhile stops at the limit
        except OSError as exc:
            return FileResult(path, "failed", f"cannot read file: {exc.strerror or exc}"), b""
    if len(data) > max_size:
        return FileResult(path, "failed", f"file too large (over limit {_mb(max_size)}; raise --max-size)"), b""
    return None, data


def _triage(
    store: Store, batch: list[_Candidate], collection_id: int, max_size: int, report: IngestReport, tick
) -> list[tuple[_Candidate, bytes, str]]:
    """Read and hash a batch; record failures and known documents (adding the new source
    path of a duplicate); return what needs parsing. A file whose bytes occur twice in the
    batch is parsed once: its twin gets empty data and becomes a duplicate when stored."""
    read = []
    for cand in batch:
        failure, data = _read(cand, max_size)
        if failure:
            report.results.append(failure)
            tick("read", 1, None)
        else:
            read.append((cand, data, hashlib.sha256(data).hexdigest()))
    todo: list[tuple[_Candidate, bytes, str]] = []
    seen: set[str] = set()
    with store.session() as s:
        known = dict(
            s.execute(
                select(DOCUMENTS.c.content_hash, DOCUMENTS.c.id).where(
                    DOCUMENTS.c.collection_id == collection_id,
                    DOCUMENTS.c.content_hash.in_({digest for _, _, digest in read}),
                )
            ).all()
        )
        sources = []
        for cand, data, digest in read:
            if digest in known:
                sources.append((known[digest], cand.path))
                report.results.append(FileResult(str(cand.path), "duplicate", None, known[digest]))
                tick("read", 1, None)
            else:
                todo.append((cand, b"" if digest in seen else data, digest))
                seen.add(digest)
        _add_sources(s, sources)
    return todo


def _store_batch(store: Store, outcomes: list, collection_id: int) -> list[FileResult]:
    """Write a batch of parsed documents in one transaction; should it fail (another
    process wrote one of them meanwhile), write them one transaction each, a document
    that the other process wrote becoming a duplicate of its copy."""
    try:
        with store.session() as s:
            return _write(s, outcomes, collection_id)
    except IntegrityError:
        results: list[FileResult] = []
        for cand, digest, parsed, size in outcomes:
            try:
                with store.session() as s:
                    results += _write(s, [(cand, digest, parsed, size)], collection_id)
            except IntegrityError:
                with store.session() as s:
                    results += _write(s, [(cand, digest, None, size)], collection_id)
        return results


def _write(session, outcomes: list, collection_id: int) -> list[FileResult]:
    """Insert the new documents of ``outcomes`` (one multi-row insert) and the paths
    they came from; results in the order of ``outcomes``."""
    results: list[FileResult] = []
    rows: list[dict] = []
    waiting: list[tuple[FileResult, str, Path]] = []  # results that need their document's id
    failed: dict[str, str] = {}
    family: dict[str, tuple[ParsedDocument, FileResult]] = {}  # documents with children
    for cand, digest, parsed, size in outcomes:
        path = str(cand.path)
        if isinstance(parsed, ReadError):
            failed[digest] = str(parsed)
            results.append(FileResult(path, "failed", str(parsed)))
            continue
        # ``parsed`` is None for the twin of a file earlier in this batch.
        result = FileResult(path, "duplicate" if parsed is None else "ingested")
        results.append(result)
        waiting.append((result, digest, cand.path))
        if parsed is None:
            continue
        meta = cand.meta
        rows.append(
            {
                "collection_id": collection_id,
                "content_hash": digest,
                "file_name": clean_line(cand.path.name)[:500],
                "format": parsed.format,
                "title": clean_line(meta.get("title") or "")[:300] or parsed.title,
                "language": meta.get("language") or parsed.language,
                "publisher": meta.get("publisher") or parsed.publisher,
                "published": meta.get("published") or parsed.published,
                "url": meta.get("url") or parsed.url,
                "size": size,
                "word_count": _words(parsed.text),
                "text": parsed.text,
                "ocr_confidence": parsed.ocr_confidence,
                "meta": parsed.meta,
                # Signed by the worker (parse_batch); regroup signs a document without one.
                "minhash": parsed.signature[0] if parsed.signature else None,
                "shingles": parsed.signature[1] if parsed.signature else None,
            }
        )
        if parsed.children or parsed.skipped:
            family[digest] = (parsed, result)
    created: dict[str, int] = {}
    if rows:
        stmt = DOCUMENTS.insert().returning(DOCUMENTS.c.id, sort_by_parameter_order=True)
        ids = session.execute(stmt, rows).scalars().all()
        created = {row["content_hash"]: doc_id for row, doc_id in zip(rows, ids, strict=True)}
        for digest, (parsed, result) in family.items():
            _write_children(session, parsed, created[digest], digest, collection_id, result, results)
        from redes.kb import state

        state.bump(session, "kb")  # statistics and other cached answers count documents
    # A twin whose first copy was stored by an earlier transaction.
    others = {digest for _, digest, _ in waiting if digest not in created and digest not in failed}
    stored = (
        dict(
            session.execute(
                select(DOCUMENTS.c.content_hash, DOCUMENTS.c.id).where(
                    DOCUMENTS.c.collection_id == collection_id, DOCUMENTS.c.content_hash.in_(others)
                )
            ).all()
        )
        if others
        else {}
    )
    sources = []
    for result, digest, path in waiting:
        doc_id = created.get(digest) or stored.get(digest)
        if doc_id is None:
            result.status, result.reason = "failed", failed.get(digest, "same content as a failed file")
        else:
            result.document_id = doc_id
            sources.append((doc_id, path))
    _add_sources(session, sources, new=set(created.values()))
    return results


def _write_children(
    session, parent: ParsedDocument, parent_id: int, digest: str, collection_id: int, top: FileResult, results
) -> None:
    """Insert the documents inside ``parent`` (attachments, archive members, sheets), level
    by level. A child's content hash is derived from its parent's and its place there: the
    same attachment in two mails is two documents, each linked to its own mail."""
    skipped = [(name, status, reason) for name, status, reason in parent.skipped]
    rows = []
    for i, child in enumerate(parent.children):
        rows.append(
            {
                "collection_id": collection_id,
                "content_hash": hashlib.sha256(f"{digest}/{i}/{child.name}".encode()).hexdigest(),
                "parent_id": parent_id,
                "file_name": (child.name or "")[-500:],
                "format": child.format,
                "title": child.title,
                "language": child.language,
                "publisher": child.publisher,
                "published": child.published,
                "url": child.url,
                "size": len(child.text.encode()),
                "word_count": _words(child.text),
                "text": child.text,
                "ocr_confidence": child.ocr_confidence,
                "meta": child.meta,
            }
        )
    if rows:
        stmt = DOCUMENTS.insert().returning(DOCUMENTS.c.id, sort_by_parameter_order=True)
        ids = session.execute(stmt, rows).scalars().all()
        top.children.extend(ids)
        for child, row, child_id in zip(parent.children, rows, ids, strict=True):
            if child.children or child.skipped:
                _write_children(session, child, child_id, row["content_hash"], collection_id, top, results)
    # What was not read inside a file is reported under the file's path, "archive.zip!a/b.pdf".
    results.extend(FileResult(f"{top.path}!{name}", status, reason) for name, status, reason in skipped)


def _add_sources(session, sources: list[tuple[int, Path]], new: set[int] = frozenset()) -> None:
    """Record each (document id, path) unless the document already has that path;
    documents in ``new`` were created in this transaction and have none yet."""
    if not sources:
        return
    # Names as printable text: a file name may hold newlines and terminal escapes.
    resolved = [(doc_id, printable(str(path.resolve())), clean_line(path.name)[:500]) for doc_id, path in sources]
    have: set[tuple[int, str]] = set()
    old = sorted({doc_id for doc_id, _, _ in resolved if doc_id not in new})
    for i in range(0, len(old), 500):
        have.update(
            session.execute(
                select(SOURCES.c.document_id, SOURCES.c.path).where(
                    SOURCES.c.document_id.in_(old[i : i + 500])
                )
            ).all()
        )
    rows = []
    for doc_id, path, name in resolved:
        if (doc_id, path) not in have:
            have.add((doc_id, path))
            rows.append({"document_id": doc_id, "path": path, "file_name": name})
    if rows:
        session.execute(SOURCES.insert(), rows)


def _group_sources(store: Store, new_ids: list[int]) -> None:
    """Sign the new documents and put each in its near-duplicate cluster's source group
    (``neardup``), before extraction writes claims that count source groups."""
    from redes.ingest import neardup
    from redes.kb import locks, state

    with store.session() as s:
        locks.writing(s)  # a rebuild running regroups every document: after it
        # And documents that an interrupted ingest stored without grouping them.
        ids = set(new_ids) | set(s.scalars(select(DOCUMENTS.c.id).where(DOCUMENTS.c.source_group.is_(None))))
        if ids and neardup.regroup(s, sorted(ids)):
            state.bump(s, "kb")


def _extract(
    store: Store,
    new_ids: list[int],
    run: Inline | Cluster,
    tick,
    max_attempts: int,
    report: IngestReport,
    llm: LLMExtractor | None = None,
    before_writes: Callable[[], None] | None = None,
) -> object | None:
    """Run extraction on any documents left unextracted (an earlier crash, an older
    pipeline version), first, and on the new ones; count the attempts (``resume``).
    ``before_writes()`` runs before extraction writes anything (``kb.update``)."""
    from redes import kb

    new = set(new_ids)
    left = [doc_id for doc_id in resume.unfinished(store) if doc_id not in new]
    report.given_up = resume.give_up_exhausted(store, left, max_attempts)
    left = [doc_id for doc_id in left if doc_id not in report.given_up]
    ids = sorted(new | set(left))
    if not ids:
        if before_writes is not None:
            before_writes()
        # Counts that a run killed after writing its last batch, before settling, left;
        # and the scan for merges and list matches it owed.
        resume.settle(store, [], {}, max_attempts)
        kb.scan_owed(store)
        return None
    tick("extract", 0, len(ids))
    stats = kb.update(
        store,
        ids,
        runner=run,
        progress=lambda n: tick("extract", n, None),
        attempt=lambda batch: resume.count_attempt(store, batch),
        llm=llm,
        before_writes=before_writes,
    )
    report.given_up.update(resume.settle(store, ids, stats.failed, max_attempts))
    report.resumed = [doc_id for doc_id in left if doc_id not in stats.failed]
    return stats


# Characters split at once when counting words: a 20 MB text split whole was a list of
# 3 million strings.
_SPLIT = 1 << 20


def _words(text: str) -> int:
    """Whitespace-separated words in ``text``, split a chunk at a time."""
    count = 0
    for start in range(0, len(text), _SPLIT):
        count += len(text[start : start + _SPLIT].split())
        if start and not text[start - 1].isspace() and not text[start].isspace():
            count -= 1  # a word across the cut, counted in both chunks
    return count


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
