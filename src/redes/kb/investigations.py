"""Saved investigations: a name, a set of entities, the network view's filters and notes,
reopened by a permalink (``/investigations/{id}``).

An investigation keeps the collections its owner could read when it was saved, and only
someone who reads all of them may open it (or learn that it exists): shared by permalink
with those who could have built it themselves, never with others. Entities are kept by
stored slug (slugs outlive ``redes rebuild``) and shown as the reader names them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from redes.kb.lookup import resolve
from redes.kb.notes import need_writer
from redes.store import Store
from redes.store.models import Collection, Entity, Investigation, Note

MAX_NAME = 200
MAX_ENTITIES = 200
# The network page's filters (``/network?...``), and how long a value may be.
VIEW_KEYS = ("types", "relations", "as_of", "min_corroboration", "community", "collections")
MAX_VIEW_VALUE = 1000


class InvestigationError(ValueError):
    """An investigation that cannot be saved as asked."""


def _whole(store: Store) -> Store:
    return store.scoped(None)


def _readable(store: Store) -> frozenset[int] | None:
    scope = store.scope
    return None if scope is None else scope.readable


def _may_open(store: Store, inv: Investigation) -> bool:
    readable = _readable(store)
    return readable is None or set(inv.collections) <= readable


def clean_view(view: dict[str, Any] | None) -> dict[str, str]:
    out = {}
    for k, v in (view or {}).items():
        if k not in VIEW_KEYS:
            raise InvestigationError(f"unknown view filter {k!r} (one of {', '.join(VIEW_KEYS)})")
        v = str(v).strip()
        if len(v) > MAX_VIEW_VALUE:
            raise InvestigationError(f"the filter {k!r} is too long")
        if v:
            out[k] = v
    return out


def create(
    store: Store,
    name: str,
    entities: list[str],
    view: dict[str, Any] | None = None,
    owner: str | None = None,
) -> dict[str, Any]:
    """Save an investigation of ``entities`` (slugs, names or aliases the owner can read)."""
    need_writer(store)
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME:
        raise InvestigationError(f"an investigation needs a name of 1 to {MAX_NAME} characters")
    if not entities or len(entities) > MAX_ENTITIES:
        raise InvestigationError(f"an investigation has 1 to {MAX_ENTITIES} entities")
    view = clean_view(view)
    with store.session() as s:
        ids = list(dict.fromkeys(resolve(s, e).id for e in entities))
    with _whole(store).session() as s:
        slugs = [s.get(Entity, i).slug for i in ids]
        readable = _readable(store)
        # The owner of the database reads every collection there is now.
        collections = sorted(readable if readable is not None else s.scalars(select(Collection.id)))
        inv = Investigation(name=name, owner=owner, collections=collections, entities=slugs, view=view)
        s.add(inv)
        s.flush()
        inv_id = inv.id
    return get(store, inv_id)


def _load(store: Store, inv_id: int) -> Investigation:
    with _whole(store).session() as s:
        inv = s.get(Investigation, inv_id)
    if inv is None or not _may_open(store, inv):
        raise LookupError(f"no investigation {inv_id}")
    return inv


def get(store: Store, inv_id: int) -> dict[str, Any]:
    """One investigation as the reader sees it (LookupError when they may not open it)."""
    return _as_dict(store, _load(store, inv_id))


def list_all(store: Store) -> list[dict[str, Any]]:
    """The investigations the reader may open, newest first."""
    with _whole(store).session() as s:
        rows = s.scalars(select(Investigation).order_by(Investigation.id.desc())).all()
    return [_as_dict(store, inv, entities=False) for inv in rows if _may_open(store, inv)]


def delete(store: Store, inv_id: int, who: str | None = None) -> dict[str, Any]:
    """Delete an investigation (and its notes): its owner, an admin or the owner of the
    database may."""
    need_writer(store)
    inv = _load(store, inv_id)
    scope = store.scope
    if scope is not None and not scope.at_least("admin") and inv.owner != who:
        raise PermissionError(f"investigation {inv_id} belongs to {inv.owner or 'the owner'}")
    with _whole(store).session() as s:
        for note in s.scalars(
            select(Note).where(Note.target_kind == "investigation", Note.target == str(inv_id))
        ):
            s.delete(note)
        s.delete(s.get(Investigation, inv_id))
    return {"id": inv_id, "deleted": True}


def _entities(store: Store, slugs: list[str]) -> list[dict[str, Any]]:
    """The saved entities the reader can read, as they name them."""
    with _whole(store).session() as s:
        ids = {slug: s.scalar(select(Entity.id).where(Entity.slug == slug)) for slug in slugs}
    out = []
    with store.session() as s:
        for slug in slugs:
            e = s.scalar(select(Entity).where(Entity.id == ids[slug])) if ids[slug] else None
            if e is not None:
                out.append({"id": e.slug, "name": e.name, "type": e.type})
    return out


def network_url(view: dict[str, str], entities: list[dict[str, Any]]) -> str:
    params = dict(view)
    if entities:
        params["focus"] = ",".join(e["id"] for e in entities)
    return "/network" + ("?" + urlencode(params) if params else "")


def _as_dict(store: Store, inv: Investigation, entities: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": inv.id,
        "name": inv.name,
        "owner": inv.owner,
        "view": inv.view,
        "permalink": f"/investigations/{inv.id}",
        "created_at": inv.created_at.isoformat() if inv.created_at else None,
        "entity_count": len(inv.entities),
    }
    if entities:
        shown = _entities(store, inv.entities)
        out["entities"] = shown
        out["network"] = network_url(inv.view, shown)
    return out
