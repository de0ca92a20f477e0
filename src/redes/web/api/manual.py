"""Bulk review decisions, and entities and relations added by hand with a citation
(``redes.kb.review.judge_many``, ``redes.kb.manual``). Every decision is a judgement."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from redes.kb import manual, review
from redes.web.api.notes import refused
from redes.web.deps import AuthorDep, StoreDep
from redes.web.params import MAX_COLLECTION, MAX_ID, MAX_KEY, MAX_NAME, MAX_WORD

router = APIRouter(tags=["review"])


class Bulk(BaseModel):
    action: Literal["accept", "reject"]
    keys: list[Annotated[str, Field(min_length=1, max_length=MAX_KEY)]] = Field(min_length=1, max_length=500)
    sentence: bool = Field(
        False, description="Rejecting: and every claim drawn only from the same sentences."
    )
    note: str | None = Field(None, max_length=5000)


@router.post("/review/bulk")
def post_bulk(store: StoreDep, author: AuthorDep, body: Bulk) -> dict[str, Any]:
    """Accept or reject several claims, one judgement each; ``left``: claims of the same
    sentences that other evidence supports too, left for a decision of their own."""
    return review.judge_many(store, body.action, body.keys, body.sentence, author, body.note)


class Citation(BaseModel):
    document: int | None = Field(None, ge=1, le=MAX_ID, description="A document's id (with start, end).")
    start: int | None = Field(None, ge=0, le=10**9)
    end: int | None = Field(None, ge=0, le=10**9)
    url: str | None = Field(None, max_length=manual.MAX_URL, description="Or a web page (with quote).")
    quote: str | None = Field(None, max_length=manual.MAX_QUOTE, description="What the web page says.")
    collection: str = Field("public", max_length=MAX_COLLECTION, description="Where a URL citation is kept.")


class NewEntity(BaseModel):
    type: str = Field(max_length=MAX_WORD)
    name: str = Field(min_length=1, max_length=MAX_NAME)
    citation: Citation
    note: str | None = Field(None, max_length=5000)


class NewRelation(BaseModel):
    subject: str = Field(min_length=1, max_length=MAX_NAME)
    predicate: str = Field(max_length=MAX_WORD)
    object: str | None = Field(None, max_length=MAX_NAME)
    value: str | None = Field(None, max_length=200)
    year: int | None = Field(None, ge=1000, le=2100)
    detail: str | None = Field(None, max_length=200)
    citation: Citation
    note: str | None = Field(None, max_length=5000)


def _cite(store, c: Citation) -> dict[str, Any]:
    return manual.cite(store, c.document, c.start, c.end, c.url, c.quote, c.collection)


@router.post("/manual/entity")
def post_manual_entity(store: StoreDep, author: AuthorDep, body: NewEntity) -> dict[str, Any]:
    """Add an entity by hand; the cited text must name it."""
    try:
        return manual.add_entity(store, body.type, body.name, _cite(store, body.citation), author, body.note)
    except PermissionError as exc:
        raise refused(exc) from None


@router.post("/manual/relation")
def post_manual_relation(store: StoreDep, author: AuthorDep, body: NewRelation) -> dict[str, Any]:
    """Add a relation (``object``) or an attribute (``value``) by hand: an accepted claim of
    origin "manual" with the citation as its evidence."""
    try:
        citation = _cite(store, body.citation)
        return manual.add_relation(
            store,
            body.subject,
            body.predicate,
            citation,
            body.object,
            body.value,
            body.year,
            body.detail,
            author,
            body.note,
        )
    except PermissionError as exc:
        raise refused(exc) from None


@router.get("/entities/{entity}/manual")
def get_manual(
    store: StoreDep, entity: Annotated[str, Path(min_length=1, max_length=MAX_NAME)]
) -> list[dict]:
    """What was added by hand about an entity and stands: author, note, citation."""
    return manual.entries(store, entity)
