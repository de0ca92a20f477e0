"""The documents of a store, as plain rows (what ``redes docs`` and the web list)."""

from __future__ import annotations

from sqlalchemy import select

from redes.store.db import Store
from redes.store.models import Collection, Document


def list_documents(store: Store, collection: str | None = None) -> list[dict]:
    """Every document the reader of ``store`` may read (of ``collection`` if given), by id."""
    q = (
        select(Document, Collection.name)
        .join(Collection, Collection.id == Document.collection_id)
        .order_by(Document.id)
    )
    if collection:
        q = q.where(Collection.name == collection)
    with store.session() as s:
        return [
            {
                "id": d.id,
                "collection": coll,
                "file_name": d.file_name,
                "language": d.language,
                "title": d.title,
                "published": d.published,
                "publisher": d.publisher,
                "words": d.word_count,
            }
            for d, coll in s.execute(q)
        ]
