"""Notes and saved investigations (``redes.kb.notes``, ``redes.kb.investigations``).

Reading goes through the requester's view: a note on something they may not read, and an
investigation built on collections they may not read, answer like ones that do not exist.
Writing needs the editor role.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from redes.kb import investigations, notes
from redes.web.deps import AuthorDep, StoreDep
from redes.web.params import MAX_ID, MAX_KEY, MAX_LIST, MAX_NAME, MAX_WORD

router = APIRouter(tags=["notes"])
InvestigationId = Annotated[int, Path(ge=1, le=MAX_ID)]


def refused(exc: PermissionError) -> HTTPException:
    return HTTPException(403, str(exc))


@router.get("/notes")
def get_notes(
    store: StoreDep,
    entity: Annotated[str | None, Query(max_length=MAX_NAME, description="Notes on this entity.")] = None,
    key: Annotated[str | None, Query(max_length=MAX_KEY, description="Notes on this claim.")] = None,
    doc_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Notes on this document.")] = None,
    investigation: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Notes on it.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """Notes on one entity, claim, document or investigation, oldest first; with none
    named, the latest notes on what the requester may read."""
    named = [(k, v) for k, v in (("entity", entity), ("claim", key), ("document", doc_id)) if v is not None]
    if investigation is not None:
        named.append(("investigation", investigation))
    if len(named) > 1:
        raise ValueError("name one target: entity, key, doc_id or investigation")
    if not named:
        return notes.recent(store, limit)
    kind, target = named[0]
    return notes.list_for(store, kind, str(target))[-limit:]


class NewNote(BaseModel):
    kind: str = Field(max_length=MAX_WORD, description=f"One of {', '.join(notes.KINDS)}.")
    target: str = Field(min_length=1, max_length=MAX_NAME, description="Name, slug, claim key or id.")
    text: str = Field(min_length=1, max_length=notes.MAX_TEXT)


@router.post("/notes")
def post_note(store: StoreDep, author: AuthorDep, body: NewNote) -> dict[str, Any]:
    """Write a note (the signed-in user is its author)."""
    try:
        return notes.add(store, body.kind, body.target, body.text, author)
    except PermissionError as exc:
        raise refused(exc) from None


@router.get("/investigations")
def get_investigations(store: StoreDep) -> list[dict[str, Any]]:
    """The saved investigations the requester may open, newest first."""
    return investigations.list_all(store)


@router.get("/investigations/{inv_id}")
def get_investigation(store: StoreDep, inv_id: InvestigationId) -> dict[str, Any]:
    """One investigation: its entities as the requester names them, its view and the
    network URL that reopens it."""
    return investigations.get(store, inv_id)


class View(BaseModel):
    """The network page's filters, as its URL carries them."""

    types: str | None = Field(None, max_length=MAX_LIST)
    relations: str | None = Field(None, max_length=MAX_LIST)
    collections: str | None = Field(None, max_length=MAX_LIST)
    as_of: str | None = Field(None, max_length=MAX_WORD)
    min_corroboration: str | None = Field(None, max_length=MAX_WORD)
    community: str | None = Field(None, max_length=MAX_WORD)


class NewInvestigation(BaseModel):
    name: str = Field(min_length=1, max_length=investigations.MAX_NAME)
    entities: list[Annotated[str, Field(min_length=1, max_length=MAX_NAME)]] = Field(
        min_length=1, max_length=investigations.MAX_ENTITIES
    )
    view: View = Field(default_factory=View)


@router.post("/investigations")
def post_investigation(store: StoreDep, author: AuthorDep, body: NewInvestigation) -> dict[str, Any]:
    """Save an investigation of entities with the network view's filters."""
    try:
        return investigations.create(
            store, body.name, body.entities, body.view.model_dump(exclude_none=True), author
        )
    except PermissionError as exc:
        raise refused(exc) from None


@router.post("/investigations/{inv_id}/delete")
def delete_investigation(store: StoreDep, author: AuthorDep, inv_id: InvestigationId) -> dict[str, Any]:
    """Delete an investigation and its notes (its owner or an admin)."""
    try:
        return investigations.delete(store, inv_id, author)
    except PermissionError as exc:
        raise refused(exc) from None
