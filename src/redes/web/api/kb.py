"""The knowledge base: entities, dossiers, claims, contradictions and review.

Review endpoints call ``redes.kb.review``: every decision is stored as a judgement and
re-applied after each re-ingest, exactly as ``redes review`` does.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from redes import kb
from redes.kb import review
from redes.kb.facts import ORDERS, STATUSES
from redes.web import corpus
from redes.web.deps import AuthorDep, StoreDep

router = APIRouter(tags=["knowledge base"])


@router.get("/entities")
def get_entities(
    store: StoreDep,
    q: Annotated[str | None, Query(description="A name, alias or slug; case and accents ignored.")] = None,
    type: Annotated[str | None, Query(description="With no q: only this type.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """Entities answering to ``q`` (best first), or with no ``q`` the most mentioned."""
    if q:
        return kb.find(store, q)
    return corpus.top_entities(store, limit, type)


@router.get("/entities/{entity}")
def get_dossier(store: StoreDep, entity: str) -> dict[str, Any]:
    """An entity's dossier: aliases with counts, positions, relations by type with
    corroboration and evidence, attributes, places with years, timeline, contradictions
    and the numbered sources. An ambiguous name answers 409 with the candidates."""
    return kb.dossier(store, entity)


@router.get("/entities/{entity}/timeline")
def get_timeline(store: StoreDep, entity: str) -> list[dict[str, Any]]:
    """The entity's dated claims, oldest first."""
    return kb.timeline(store, entity)


@router.get("/claims")
def get_claims(
    store: StoreDep,
    entity: Annotated[str | None, Query(description="Only claims about this entity.")] = None,
    predicate: Annotated[str | None, Query(description="Only this relation or attribute.")] = None,
    status: Annotated[str | None, Query(description=f"One of {', '.join(STATUSES)}.")] = None,
    min_documents: Annotated[int, Query(ge=1, description="Minimum supporting documents.")] = 1,
    order: Annotated[str, Query(description=f"One of {', '.join(ORDERS)}.")] = "strongest",
    evidence: Annotated[bool, Query(description="Include the evidence quotes.")] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    """Claims with their corroboration (documents, publishers, first and last seen)."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    return kb.list_claims(
        store, entity, predicate, status, min_documents, order, limit, offset, with_evidence=evidence
    )


@router.get("/claims/{key}")
def get_claim(store: StoreDep, key: str) -> dict[str, Any]:
    """One claim, by key or unique key prefix, with all its evidence."""
    return kb.claim(store, key)


@router.get("/contradictions")
def get_contradictions(
    store: StoreDep,
    entity: Annotated[str | None, Query(description="Only about this entity.")] = None,
    kind: Annotated[
        str | None, Query(description="founded, died, active_after_death, reward or age.")
    ] = None,
) -> list[dict[str, Any]]:
    """Conflicting values of single-valued facts, with both sides' evidence."""
    return kb.contradictions(store, entity, kind)


class Decision(BaseModel):
    author: str | None = Field(
        None,
        max_length=200,
        description="Who decides: only the local owner may name them; a signed-in user is the author.",
    )
    note: str | None = Field(None, max_length=5000, description="Why.")


class Merge(Decision):
    keep: str = Field(description="The entity that stays (slug, name or alias).")
    other: str = Field(description="The entity merged into it.")


class Split(Decision):
    names: list[str] = Field(min_length=1, description="Aliases to split off into a new entity.")
    new_name: str | None = Field(None, description="Name of the new entity (default: the first alias).")


class Name(Decision):
    name: str = Field(min_length=1, max_length=500)


@router.post("/claims/{key}/accept", tags=["review"])
def post_accept(store: StoreDep, author: AuthorDep, key: str, body: Decision | None = None) -> dict[str, Any]:
    """Accept a claim."""
    body = body or Decision()
    return review.accept(store, key, author or body.author, body.note)


@router.post("/claims/{key}/reject", tags=["review"])
def post_reject(store: StoreDep, author: AuthorDep, key: str, body: Decision | None = None) -> dict[str, Any]:
    """Reject a claim: it leaves dossiers, graphs and exports, and stays rejected after re-ingest."""
    body = body or Decision()
    return review.reject(store, key, author or body.author, body.note)


@router.post("/review/merge", tags=["review"])
def post_merge(store: StoreDep, author: AuthorDep, body: Merge) -> dict[str, Any]:
    """Merge the entity ``other`` into ``keep``."""
    return review.merge(store, body.keep, body.other, author or body.author, body.note)


@router.post("/entities/{entity}/split", tags=["review"])
def post_split(store: StoreDep, author: AuthorDep, entity: str, body: Split) -> dict[str, Any]:
    """Split some aliases (and the mentions and evidence written with them) off an entity."""
    return review.split(store, entity, body.names, body.new_name, author or body.author, body.note)


@router.post("/entities/{entity}/aliases", tags=["review"])
def post_alias(store: StoreDep, author: AuthorDep, entity: str, body: Name) -> dict[str, Any]:
    """Give an entity another name."""
    return review.alias_add(store, entity, body.name, author or body.author, body.note)


@router.post("/entities/{entity}/aliases/remove", tags=["review"])
def post_alias_remove(store: StoreDep, author: AuthorDep, entity: str, body: Name) -> dict[str, Any]:
    """Take a wrong name off an entity; extraction will not give it back."""
    return review.alias_remove(store, entity, body.name, author or body.author, body.note)


@router.post("/entities/{entity}/rename", tags=["review"])
def post_rename(store: StoreDep, author: AuthorDep, entity: str, body: Name) -> dict[str, Any]:
    """Set an entity's canonical name (its slug does not change)."""
    return review.rename(store, entity, body.name, author or body.author, body.note)


@router.get("/review/history", tags=["review"])
def get_history(store: StoreDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    """The most recent judgements, newest first."""
    return review.history(store, limit)
