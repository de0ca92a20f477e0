"""Crash-safe extraction for ingest: what an interrupted ingest left unfinished, and
when to give up on a document.

Documents are stored before extraction runs, so a crash or a ``kill -9`` can leave stored
documents unextracted (their ``extracted_with`` is not the pipeline's version). Every
ingest first extracts those. Each batch's extraction is counted in
``Document.extraction_attempts`` (committed before the batch starts, so that a batch that
kills its process is counted too); a document still unextracted after ``MAX_ATTEMPTS`` is
given up: ``extraction_error`` says why, and ingest no longer retries it (``redes kb
rebuild`` does), so that one document that always crashes cannot block every ingest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select, update

from redes.store import Store
from redes.store.models import Document

MAX_ATTEMPTS = 3


@dataclass
class Outcome:
    """Extraction of an ingest: documents left unfinished by earlier runs and now
    extracted, and documents given up (id -> reason)."""

    resumed: list[int] = field(default_factory=list)
    given_up: dict[int, str] = field(default_factory=dict)


def unfinished(store: Store) -> list[int]:
    """Documents stored but not extracted by this pipeline version, and not given up."""
    from redes.kb import pipeline_version
    from redes.sources import LIST_FORMATS

    with store.session() as s:
        q = select(Document.id).where(
            or_(Document.extracted_with.is_(None), Document.extracted_with != pipeline_version()),
            Document.extraction_error.is_(None),
            Document.format.notin_(LIST_FORMATS),  # list entries are never extracted from text
        )
        return list(s.scalars(q.order_by(Document.id)))


def count_attempt(store: Store, ids: list[int]) -> None:
    """Record, committed, that extraction of ``ids`` starts."""
    with store.session() as s:
        s.execute(
            update(Document)
            .where(Document.id.in_(ids))
            .values(extraction_attempts=Document.extraction_attempts + 1)
        )


def give_up_exhausted(store: Store, ids: list[int], max_attempts: int = MAX_ATTEMPTS) -> dict[int, str]:
    """Among ``ids``, give up the documents already tried ``max_attempts`` times (by runs
    that died during their extraction); returns id -> reason."""
    with store.session() as s:
        rows = s.execute(
            select(Document.id, Document.extraction_attempts).where(
                Document.id.in_(ids), Document.extraction_attempts >= max_attempts
            )
        ).all()
        reasons = {
            doc_id: f"extraction interrupted {n} times (the process crashed or was killed during it)"
            for doc_id, n in rows
        }
        _record(s, reasons)
    return reasons


def settle(
    store: Store, ids: list[int], failed: dict[int, str], max_attempts: int = MAX_ATTEMPTS
) -> dict[int, str]:
    """After extraction of ``ids``: reset the count of the documents extracted (by this run
    or by one killed after their batch was written), give up those that failed for the
    ``max_attempts``-th time; returns the given up, id -> reason."""
    from redes.kb import pipeline_version

    with store.session() as s:
        s.execute(
            update(Document)
            .where(Document.extraction_attempts > 0, Document.extracted_with == pipeline_version())
            .values(extraction_attempts=0)
        )
        tried = dict(
            s.execute(
                select(Document.id, Document.extraction_attempts).where(Document.id.in_(list(failed)))
            ).all()
        )
        reasons = {
            doc_id: f"extraction failed {tried[doc_id]} times: {reason}"
            for doc_id, reason in failed.items()
            if tried.get(doc_id, 0) >= max_attempts
        }
        _record(s, reasons)
    return reasons


def _record(session, reasons: dict[int, str]) -> None:
    if reasons:
        session.execute(
            update(Document),
            [{"id": doc_id, "extraction_error": reason[:2000]} for doc_id, reason in reasons.items()],
        )
