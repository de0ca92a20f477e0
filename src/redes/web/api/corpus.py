"""Documents, search and corpus statistics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from redes.store.documents import list_documents
from redes.web import corpus
from redes.web.cache import kept
from redes.web.deps import StoreDep
from redes.web.params import MAX_COLLECTION, MAX_ID, MAX_OFFSET, MAX_QUERY, MAX_WORD
from redes.web.search import Filters, kept_search

router = APIRouter(tags=["corpus"])


@router.get("/stats")
def get_stats(request: Request, store: StoreDep) -> dict[str, Any]:
    """Corpus statistics: documents by language and collection, entities by type, claims
    by review status, evidence, judgements and events."""
    return kept(request, store, "stats", None, lambda: corpus.stats(store))


@router.get("/search")
def get_search(
    request: Request,
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            max_length=MAX_QUERY,
            description='Words, "quoted phrases", OR, -word; case and accents ignored. '
            "A repeated term counts once; at most 16 terms are used.",
        ),
    ],
    type: Annotated[str | None, Query(max_length=MAX_WORD, description="Only entities of this type.")] = None,
    language: Annotated[
        str | None, Query(max_length=MAX_WORD, description="Only documents in this language (en, es).")
    ] = None,
    collection: Annotated[
        str | None, Query(max_length=MAX_COLLECTION, description="Only documents in this collection.")
    ] = None,
    year: Annotated[
        str | None, Query(max_length=10, description="Only documents published this year.")
    ] = None,
    sanctioned: Annotated[
        str | None,
        Query(max_length=MAX_WORD, description="'sanctioned': only entities a sanctions list designates."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Search documents (full text, highlighted snippets) and entities (names and aliases),
    with facet counts by entity type and by document language, collection and year."""
    filters = Filters(type, language, collection, year, sanctioned)
    return kept_search(request, store, q, filters, limit=limit, offset=offset)


@router.get("/documents")
def get_documents(
    store: StoreDep,
    collection: Annotated[
        str | None, Query(max_length=MAX_COLLECTION, description="Only this collection.")
    ] = None,
) -> list[dict[str, Any]]:
    """Every document with its collection, language, title, date and word count."""
    return list_documents(store, collection)


@router.get("/documents/recent")
def get_recent(store: StoreDep, limit: Annotated[int, Query(ge=1, le=100)] = 10) -> list[dict[str, Any]]:
    """The most recently published documents."""
    return corpus.recent_documents(store, limit)


@router.get("/documents/{doc_id}")
def get_document(store: StoreDep, doc_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict[str, Any]:
    """One document: metadata, full text, mentions (character spans with their entity)
    and the claims it is evidence for."""
    return corpus.document(store, doc_id)
