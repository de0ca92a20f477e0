"""The documents of a store, as plain rows (what ``redes docs`` and the web list)."""

from __future__ import annotations

from sqlalchemy import func, select

from redes.sources import LIST_FORMATS
from redes.store.db import Store
from redes.store.models import Collection, Document


def list_documents(store: Store, collection: str | None = None, given_up: bool = False) -> list[dict]:
    """Every document the reader of ``store`` may read (of ``collection`` if given), by id;
    without ``collection``, not the entries of structured lists (``redes.sources``).
    ``given_up``: only the documents whose extraction ingest gave up on
    (``redes.ingest.resume``), each with the reason."""
    q = (
        select(Document, Collection.name)
        .join(Collection, Collection.id == Document.collection_id)
        .order_by(Document.id)
    )
    if given_up:
        q = q.where(Document.extraction_error.is_not(None))
    if collection:
        q = q.where(Collection.name == collection)
    else:
        q = q.where(Document.format.notin_(LIST_FORMATS))
    with store.session() as s:
        return [_row(d, coll) for d, coll in s.execute(q)]


DOCUMENT_SORTS = ("date", "title", "publisher")


def browse_documents(
    store: Store,
    *,
    collection: str | None = None,
    language: str | None = None,
    publisher: str | None = None,
    sort: str = "date",
    descending: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict:
    """One page of the documents the reader may read, filtered and sorted, with the total
    and the collections, languages and publishers to filter by (with their counts).

    Without ``collection``, the entries of structured lists are left out (the collections
    facet counts them). ``sort`` is one of ``DOCUMENT_SORTS``: by date the newest first (undated last), by
    title or publisher alphabetically (``descending`` reverses either)."""
    if sort not in DOCUMENT_SORTS:
        raise ValueError(f"sort must be one of {', '.join(DOCUMENT_SORTS)}")
    if descending is None:
        descending = sort == "date"
    conds = []
    if collection:
        conds.append(Collection.name == collection)
    else:
        # A list's thousands of entries (``redes.sources``) show when its collection is chosen.
        conds.append(Document.format.notin_(LIST_FORMATS))
    if language:
        conds.append(Document.language == language)
    if publisher:
        conds.append(Document.publisher == publisher)
    title = func.lower(func.coalesce(Document.title, Document.file_name))
    column = {"date": Document.published, "title": title, "publisher": func.lower(Document.publisher)}[sort]
    order = [column.is_(None), column.desc() if descending else column.asc(), Document.id]
    base = select(Document, Collection.name).join(Collection, Collection.id == Document.collection_id)
    q = base.where(*conds).order_by(*order).limit(limit).offset(offset)
    with store.session() as s:
        total = s.scalar(
            select(func.count())
            .select_from(Document)
            .join(Collection, Collection.id == Document.collection_id)
            .where(*conds)
        )
        rows = [_row(d, coll) for d, coll in s.execute(q)]
        facets = {
            "collections": _counts(s, Collection.name, Collection.name),
            "languages": _counts(s, Document.language, Document.language),
            "publishers": _counts(s, Document.publisher, Document.publisher),
        }
    return {"total": total or 0, "documents": rows, "facets": facets}


def _counts(session, column, key, limit: int = 200) -> list[tuple[str, int]]:
    q = (
        select(key, func.count(Document.id))
        .select_from(Document)
        .join(Collection, Collection.id == Document.collection_id)
        .where(column.is_not(None))
        .group_by(key)
        .order_by(func.count(Document.id).desc(), key)
        .limit(limit)
    )
    return [(str(k), int(n)) for k, n in session.execute(q)]


def _row(d: Document, collection: str) -> dict:
    """A document as the lists show it."""
    return {
        "id": d.id,
        "collection": collection,
        "file_name": d.file_name,
        "language": d.language,
        "title": d.title,
        "published": d.published,
        "publisher": d.publisher,
        "words": d.word_count,
        # "extracted", "pending" (stored, not yet extracted), or "given up" (see ``error``).
        "extraction": "given up" if d.extraction_error else "pending" if d.extracted_with is None else "extracted",
        "attempts": d.extraction_attempts,
        "error": d.extraction_error,
    }
