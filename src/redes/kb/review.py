"""Review: the library API behind ``redes review`` and the web review queue.

Every decision is recorded as a judgement (see ``judgements``) and takes effect at once.
Entities are named by slug, name or alias; claims by key or a unique key prefix.
Functions return plain dicts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from redes.kb import entities, judgements
from redes.kb.facts import find_claim
from redes.kb.lookup import resolve, summary
from redes.store import Store
from redes.store.models import Judgement


class ReviewError(ValueError):
    """A review request that cannot be carried out (bad key, nothing to do)."""


def _judge_claim(store: Store, kind: str, key: str, author: str | None, note: str | None) -> dict[str, Any]:
    with store.session() as s:
        claim = find_claim(s, key)
        j = judgements.record(s, kind, {"claim": judgements.claim_ref(s, claim)}, author, note)
        return {"judgement": j.id, "kind": kind, "claim": claim.key, "status": claim.status}


def accept(store: Store, key: str, author: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Mark a claim as accepted."""
    return _judge_claim(store, "accept", key, author, note)


def reject(store: Store, key: str, author: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Mark a claim as rejected: it stays out of dossiers, graphs and exports."""
    return _judge_claim(store, "reject", key, author, note)


def merge(
    store: Store, keep: str, other: str, author: str | None = None, note: str | None = None
) -> dict[str, Any]:
    """Merge the entity ``other`` into ``keep`` (both by slug, name or alias)."""
    with store.session() as s:
        keep_e, other_e = resolve(s, keep), resolve(s, other)
        if keep_e.id == other_e.id:
            raise ReviewError(f"{keep!r} and {other!r} are already the same entity")
        payload = {"keep": entities.ref(s, keep_e), "other": entities.ref(s, other_e)}
        j = judgements.record(s, "merge", payload, author, note)
        return {"judgement": j.id, "kind": "merge", "entity": summary(keep_e)}


def split(
    store: Store,
    entity: str,
    names: list[str],
    new_name: str | None = None,
    author: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Split the names ``names`` (and the mentions and evidence written with them) off
    ``entity`` into a new entity called ``new_name`` (default: the first of ``names``)."""
    if not names:
        raise ReviewError("name at least one alias to split off")
    with store.session() as s:
        e = resolve(s, entity)
        have = {entities.name_key(n) for n in entities.names(s, e.id)}
        missing = [n for n in names if entities.name_key(n) not in have]
        if missing:
            raise ReviewError(f"{e.name} has no alias {', '.join(map(repr, missing))}")
        keys = {entities.name_key(n) for n in names}
        if have <= keys:
            raise ReviewError("cannot split off every name of an entity; rename it instead")
        new_name = new_name or names[0]
        new_slug = entities.unique_slug(s, entities.slugify(new_name))
        payload = {
            "entity": entities.ref(s, e, exclude=keys),
            "names": names,
            "new": {"name": new_name, "slug": new_slug},
        }
        j = judgements.record(s, "split", payload, author, note)
        new = entities.by_slug(s, new_slug)
        return {"judgement": j.id, "kind": "split", "entity": summary(e), "new": summary(new)}


def _judge_entity(
    store: Store, kind: str, entity: str, name: str, author: str | None, note: str | None
) -> dict[str, Any]:
    name = " ".join(name.split())
    if not entities.name_key(name):
        raise ReviewError(f"{name!r} is not a usable name")
    with store.session() as s:
        e = resolve(s, entity)
        if kind == "alias-remove":
            if entities.name_key(name) == e.key:
                raise ReviewError(f"{name!r} is the canonical name of {e.slug}; rename it first")
            if entities.name_key(name) not in {entities.name_key(n) for n in entities.names(s, e.id)}:
                raise ReviewError(f"{e.name} has no alias {name!r}")
        j = judgements.record(s, kind, {"entity": entities.ref(s, e), "name": name}, author, note)
        return {"judgement": j.id, "kind": kind, "entity": summary(e), "name": name}


def alias_add(store: Store, entity: str, name: str, author: str | None = None, note: str | None = None):
    """Give an entity another name (future mentions of it resolve to the entity)."""
    return _judge_entity(store, "alias-add", entity, name, author, note)


def alias_remove(store: Store, entity: str, name: str, author: str | None = None, note: str | None = None):
    """Take a wrong name off an entity; extraction will not give it back."""
    return _judge_entity(store, "alias-remove", entity, name, author, note)


def rename(store: Store, entity: str, name: str, author: str | None = None, note: str | None = None):
    """Set an entity's canonical name (its slug, the stable id, does not change)."""
    return _judge_entity(store, "rename", entity, name, author, note)


def history(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    """The most recent judgements, newest first."""
    with store.session() as s:
        rows = s.scalars(select(Judgement).order_by(Judgement.id.desc()).limit(limit)).all()
        return [
            {
                "id": j.id,
                "kind": j.kind,
                "payload": j.payload,
                "author": j.author,
                "note": j.note,
                "created_at": j.created_at.isoformat() if j.created_at else None,
                "summary": describe(j.kind, j.payload),
            }
            for j in rows
        ]


def describe(kind: str, payload: dict[str, Any]) -> str:
    """One line saying what a judgement decided."""
    if "claim" in payload:
        c = payload["claim"]
        obj = c["object"]["name"] if c["object"] else c["value"]
        return f"{c['subject']['name']} {c['predicate']} {obj} [{c['key'][:10]}]"
    if kind == "merge":
        return f"{payload['other']['name']} into {payload['keep']['name']}"
    if kind == "split":
        return f"{', '.join(payload['names'])} off {payload['entity']['name']} as {payload['new']['name']}"
    return f"{payload['entity']['name']}: {payload['name']}"
