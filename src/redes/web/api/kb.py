"""The knowledge base: entities, dossiers, claims, contradictions and review.

Review endpoints call ``redes.kb.review``: every decision is stored as a judgement and
re-applied after each re-ingest, exactly as ``redes review`` does.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from redes import kb
from redes.kb import merges, review
from redes.kb.facts import ORDERS, STATUSES
from redes.web import candidates, corpus
from redes.web.deps import AuthorDep, StoreDep
from redes.web.dossier import dossier as kept_dossier
from redes.web.params import MAX_COUNT, MAX_ID, MAX_KEY, MAX_NAME, MAX_OFFSET, MAX_WORD, MAX_YEAR, MIN_YEAR

# An entity in a path: its slug, name or alias.
EntityPath = Annotated[str, Path(min_length=1, max_length=MAX_NAME)]
ClaimKey = Annotated[
    str, Path(min_length=1, max_length=MAX_KEY, description="A claim's key or a unique prefix.")
]

router = APIRouter(tags=["knowledge base"])


@router.get("/entities")
def get_entities(
    store: StoreDep,
    q: Annotated[
        str | None, Query(max_length=MAX_NAME, description="A name, alias or slug; case and accents ignored.")
    ] = None,
    type: Annotated[str | None, Query(max_length=MAX_WORD, description="With no q: only this type.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """Entities answering to ``q``: those it names exactly, then those whose names contain
    it as whole words ("Guzmán": every Guzmán), by mentions; with no ``q`` the most
    mentioned."""
    if q:
        return kb.find(store, q, broad=True)
    return corpus.top_entities(store, limit, type)


# Evidence quotes per line of a dossier, unless asked for more: a hub has thousands.
DOSSIER_QUOTES = 5


@router.get("/entities/{entity}")
def get_dossier(
    request: Request,
    store: StoreDep,
    entity: EntityPath,
    quotes: Annotated[
        int,
        Query(
            ge=0,
            le=10_000,
            description="Evidence quotes per line at most; each line gives its number of quotes "
            "(evidence_count), the others are at /api/claims/{key}/evidence.",
        ),
    ] = DOSSIER_QUOTES,
    as_of: Annotated[
        int | None,
        Query(
            ge=MIN_YEAR,
            le=MAX_YEAR,
            description="The dossier as of this year: relations that had ended by then are under "
            "past (current: false), those that began later are left out.",
        ),
    ] = None,
) -> dict[str, Any]:
    """An entity's dossier: aliases with counts, positions, relations by type with
    corroboration and evidence (those that ended under ``past``), attributes, places with
    years, timeline and spans, contradictions and the numbered sources. An ambiguous name
    answers 409 with the candidates."""
    return kept_dossier(request, store, entity, quotes, as_of)


@router.get("/entities/{entity}/timeline")
def get_timeline(store: StoreDep, entity: EntityPath) -> list[dict[str, Any]]:
    """The entity's dated claims, oldest first."""
    return kb.timeline(store, entity)


@router.get("/claims")
def get_claims(
    store: StoreDep,
    entity: Annotated[
        str | None, Query(max_length=MAX_NAME, description="Only claims about this entity.")
    ] = None,
    predicate: Annotated[
        str | None, Query(max_length=MAX_WORD, description="Only this relation or attribute.")
    ] = None,
    status: Annotated[
        str | None, Query(max_length=MAX_WORD, description=f"One of {', '.join(STATUSES)}.")
    ] = None,
    min_documents: Annotated[int, Query(ge=1, le=MAX_COUNT, description="Minimum supporting documents.")] = 1,
    order: Annotated[
        str, Query(max_length=MAX_WORD, description=f"One of {', '.join(ORDERS)}.")
    ] = "strongest",
    evidence: Annotated[bool, Query(description="Include the evidence quotes.")] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    extractor: Annotated[
        str | None,
        Query(max_length=MAX_NAME, description="Only claims this extractor proposed: rules, model, llm or llm:MODEL."),
    ] = None,
) -> list[dict[str, Any]]:
    """Claims with their corroboration (documents, publishers, first and last seen)."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    return kb.list_claims(
        store, entity, predicate, status, min_documents, order, limit, offset, with_evidence=evidence, extractor=extractor
    )


@router.get("/claims/{key}")
def get_claim(store: StoreDep, key: ClaimKey) -> dict[str, Any]:
    """One claim, by key or unique key prefix, with all its evidence."""
    return kb.claim(store, key)


@router.get("/claims/{key}/evidence")
def get_claim_evidence(
    store: StoreDep,
    key: ClaimKey,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """A page of a claim's evidence (quote, character span, document), oldest document
    first, with ``total``: how the dossier loads its quotes."""
    from redes.kb.facts import evidence_page

    return evidence_page(store, key, offset, limit)


@router.get("/contradictions")
def get_contradictions(
    store: StoreDep,
    entity: Annotated[str | None, Query(max_length=MAX_NAME, description="Only about this entity.")] = None,
    kind: Annotated[
        str | None,
        Query(max_length=MAX_WORD, description="founded, died, active_after_death, reward or age."),
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
    keep: str = Field(
        min_length=1, max_length=MAX_NAME, description="The entity that stays (slug, name or alias)."
    )
    other: str = Field(min_length=1, max_length=MAX_NAME, description="The entity merged into it.")


class Split(Decision):
    names: list[Annotated[str, Field(min_length=1, max_length=MAX_NAME)]] = Field(
        min_length=1, max_length=100, description="Aliases to split off into a new entity."
    )
    new_name: str | None = Field(
        None, max_length=MAX_NAME, description="Name of the new entity (default: the first alias)."
    )


class Name(Decision):
    name: str = Field(min_length=1, max_length=MAX_NAME)


@router.post("/claims/{key}/accept", tags=["review"])
def post_accept(
    store: StoreDep, author: AuthorDep, key: ClaimKey, body: Decision | None = None
) -> dict[str, Any]:
    """Accept a claim."""
    body = body or Decision()
    return review.accept(store, key, author or body.author, body.note)


@router.post("/review/undo/{judgement}", tags=["review"])
def post_undo(
    store: StoreDep,
    author: AuthorDep,
    judgement: Annotated[int, Path(ge=1, le=MAX_ID)],
    body: Decision | None = None,
) -> dict[str, Any]:
    """Take back a judgement (its id in /api/history): an accepted or rejected claim returns
    at once to what the judgements left standing say; an entity's merge, split, alias or
    rename comes undone at the next rebuild (``rebuild``: true)."""
    body = body or Decision()
    return review.undo(store, judgement, author or body.author, body.note)


@router.post("/claims/{key}/reject", tags=["review"])
def post_reject(
    store: StoreDep, author: AuthorDep, key: ClaimKey, body: Decision | None = None
) -> dict[str, Any]:
    """Reject a claim: it leaves dossiers, graphs and exports, and stays rejected after re-ingest."""
    body = body or Decision()
    return review.reject(store, key, author or body.author, body.note)


@router.post("/review/merge", tags=["review"])
def post_merge(store: StoreDep, author: AuthorDep, body: Merge) -> dict[str, Any]:
    """Merge the entity ``other`` into ``keep``."""
    return review.merge(store, body.keep, body.other, author or body.author, body.note)


@router.get("/review/merges", tags=["review"])
def get_merges(
    request: Request, store: StoreDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[dict[str, Any]]:
    """Merge candidates to decide, best first: ``keep`` and ``other`` (entities, the one to
    keep first), ``score``, ``reasons`` and ``because``, ``conflict`` (a fact against it).
    Accept one with POST /api/review/merge, refuse it with POST /api/review/no-merge."""
    return candidates.merge_candidates(request, store, limit)


@router.post("/review/no-merge", tags=["review"])
def post_no_merge(store: StoreDep, author: AuthorDep, body: Merge) -> dict[str, Any]:
    """Refuse a merge candidate: ``keep`` and ``other`` are two entities; the pair is not
    offered again, nor merged automatically."""
    return merges.reject(store, body.keep, body.other, author or body.author, body.note)


@router.get("/review/xref", tags=["review"])
def get_xref(
    request: Request,
    store: StoreDep,
    source: Annotated[str, Query(min_length=1, max_length=MAX_WORD)] = "ofac-sdn",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """Matches of document entities with the parties of a list (``redes xref``) to decide,
    best first: ``entity`` and ``listed`` (entities), ``list_id``, ``score``, ``features``
    (name, alias, birth_year, nationality, id) and ``because``. Accept one with POST
    /api/review/merge (``keep``: the entity, ``other``: the listed party), refuse it with
    POST /api/review/no-xref."""
    return candidates.xref_candidates(request, store, source, limit)


class NoXref(Decision):
    entity: str = Field(min_length=1, max_length=MAX_NAME, description="The document entity.")
    listed: str = Field(min_length=1, max_length=MAX_KEY, description="The listed party's list id.")
    source: str = Field(default="ofac-sdn", min_length=1, max_length=MAX_WORD)


@router.post("/review/no-xref", tags=["review"])
def post_no_xref(store: StoreDep, author: AuthorDep, body: NoXref) -> dict[str, Any]:
    """Refuse a list match: the entity is not the listed party, even one accepted
    automatically (it comes apart at once: ``detached``); never offered or accepted again."""
    from redes.kb import xref

    return xref.reject(store, body.entity, body.listed, body.source, author or body.author, body.note)


@router.post("/entities/{entity}/split", tags=["review"])
def post_split(store: StoreDep, author: AuthorDep, entity: EntityPath, body: Split) -> dict[str, Any]:
    """Split some aliases (and the mentions and evidence written with them) off an entity."""
    return review.split(store, entity, body.names, body.new_name, author or body.author, body.note)


@router.post("/entities/{entity}/aliases", tags=["review"])
def post_alias(store: StoreDep, author: AuthorDep, entity: EntityPath, body: Name) -> dict[str, Any]:
    """Give an entity another name."""
    return review.alias_add(store, entity, body.name, author or body.author, body.note)


@router.post("/entities/{entity}/aliases/remove", tags=["review"])
def post_alias_remove(store: StoreDep, author: AuthorDep, entity: EntityPath, body: Name) -> dict[str, Any]:
    """Take a wrong name off an entity; extraction will not give it back."""
    return review.alias_remove(store, entity, body.name, author or body.author, body.note)


@router.post("/entities/{entity}/rename", tags=["review"])
def post_rename(store: StoreDep, author: AuthorDep, entity: EntityPath, body: Name) -> dict[str, Any]:
    """Set an entity's canonical name (its slug does not change)."""
    return review.rename(store, entity, body.name, author or body.author, body.note)


@router.get("/review/history", tags=["review"])
def get_history(store: StoreDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    """The most recent judgements, newest first."""
    return review.history(store, limit)
