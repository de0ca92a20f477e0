"""Notes: what a person wrote about an entity, a claim, a document or a saved
investigation, with who wrote it and when.

A note names its target by what outlives ``redes rebuild`` (which renumbers every entity
and claim): an entity's stored slug, a claim's stored key, a document's or an
investigation's id. Notes are not rows the access filter knows, so this module checks
visibility itself: the target is found through the reader's view of the store
(``store``: a name, slug or key they may not read answers like one that does not exist),
and a note is shown only when its target is readable to the one asking.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from redes.kb.facts import find_claim
from redes.kb.lookup import resolve
from redes.store import Store
from redes.store.models import Claim, Document, Entity, Judgement, Note

KINDS = ("entity", "claim", "document", "investigation")
# Long enough for a paragraph of analysis, short enough that a page of notes stays a page.
MAX_TEXT = 4000


class NoteError(ValueError):
    """A note that cannot be written (empty, too long, an unknown kind of target)."""


def need_writer(store: Store) -> None:
    """Writing needs the editor role (the owner has every role): a viewer writes nowhere."""
    scope = store.scope
    if scope is not None and not scope.at_least("editor"):
        raise PermissionError("this needs the editor role")


def _whole(store: Store) -> Store:
    return store.scoped(None)


def stable_target(store: Store, kind: str, target: str) -> str:
    """The stable key of the target ``target`` names, as the reader of ``store`` finds it
    (LookupError when they cannot read it)."""
    if kind not in KINDS:
        raise NoteError(f"a note is on one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "investigation":
        from redes.kb import investigations

        return str(investigations.get(store, _int(target, kind))["id"])
    if kind == "document":
        doc_id = _int(target, kind)
        with store.session() as s:
            if s.scalar(select(Document.id).where(Document.id == doc_id)) is None:
                raise LookupError(f"no document {doc_id}")
        return str(doc_id)
    with store.session() as s:
        row_id = resolve(s, target).id if kind == "entity" else find_claim(s, target).id
    # The stored slug or key, which a restricted reader may see in another form.
    with _whole(store).session() as s:
        if kind == "entity":
            return s.get(Entity, row_id).slug
        return s.get(Claim, row_id).key


def _int(value: str | int, kind: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise LookupError(f"no {kind} {value!r}") from None
    if number < 1:
        raise LookupError(f"no {kind} {value!r}")
    return number


def clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise NoteError("a note needs some text")
    if len(text) > MAX_TEXT:
        raise NoteError(f"a note is at most {MAX_TEXT} characters (this one has {len(text)})")
    return text


def add(store: Store, kind: str, target: str, text: str, author: str | None = None) -> dict[str, Any]:
    """Write a note on the entity, claim, document or investigation ``target`` names."""
    need_writer(store)
    text = clean_text(text)
    key = stable_target(store, kind, str(target))
    with _whole(store).session() as s:
        note = Note(target_kind=kind, target=key, author=author, text=text)
        s.add(note)
        s.flush()
        note_id = note.id
    return next(n for n in list_for(store, kind, str(target)) if n["id"] == note_id)


def merged_slugs(session: Session) -> dict[str, str]:
    """Slug of an entity merged away -> slug of the entity it was merged into (followed
    to the end of a chain of merges), from the merge judgements that stand: a note on an
    entity follows it into the entity it became."""
    from redes.kb import judgements

    gone = judgements.undone(session)
    into: dict[str, str] = {}
    for j in session.scalars(select(Judgement).where(Judgement.kind == "merge").order_by(Judgement.id)):
        if j.id not in gone and j.payload["other"]["slug"] != j.payload["keep"]["slug"]:
            into[j.payload["other"]["slug"]] = j.payload["keep"]["slug"]
    for slug in list(into):
        seen = {slug}
        while into[slug] in into and into[into[slug]] not in seen:
            seen.add(into[slug])
            into[slug] = into[into[slug]]
    return into


def list_for(store: Store, kind: str, target: str) -> list[dict[str, Any]]:
    """Notes on one target, oldest first (LookupError when it is not readable)."""
    key = stable_target(store, kind, str(target))
    with _whole(store).session() as s:
        keys = {key}
        if kind == "entity":
            keys |= {old for old, new in merged_slugs(s).items() if new == key}
        rows = s.scalars(
            select(Note).where(Note.target_kind == kind, Note.target.in_(keys)).order_by(Note.id)
        ).all()
    shown = _shown(store, kind, key)
    return [_as_dict(n, shown) for n in rows]


def recent(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    """The most recent notes on targets the reader can read, newest first."""
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], dict | None] = {}
    with _whole(store).session() as s:
        rows = s.scalars(select(Note).order_by(Note.id.desc())).all()
    for note in rows:
        where = (note.target_kind, note.target)
        if where not in seen:
            seen[where] = _visible_target(store, *where)
        if seen[where] is not None:
            out.append(_as_dict(note, seen[where]))
            if len(out) >= limit:
                break
    return out


def _visible_target(store: Store, kind: str, key: str) -> dict[str, Any] | None:
    """How the reader sees a stored target, or None when they may not read it."""
    try:
        if kind == "investigation":
            from redes.kb import investigations

            investigations.get(store, int(key))
            return _shown(store, kind, key)
        with _whole(store).session() as s:
            if kind == "entity":
                key = merged_slugs(s).get(key, key)
                row = s.scalar(select(Entity.id).where(Entity.slug == key))
            elif kind == "claim":
                row = s.scalar(select(Claim.id).where(Claim.key == key))
            else:
                row = int(key)
        if row is None:
            return None
        with store.session() as s:
            model = {"entity": Entity, "claim": Claim, "document": Document}[kind]
            if s.scalar(select(model.id).where(model.id == row)) is None:
                return None
        return _shown(store, kind, key)
    except LookupError:
        return None


def _shown(store: Store, kind: str, key: str) -> dict[str, Any]:
    """The target as the reader names it (a restricted reader may see another slug)."""
    if kind in ("document", "investigation"):
        return {"kind": kind, "id": int(key)}
    with _whole(store).session() as s:
        model = Entity if kind == "entity" else Claim
        column = Entity.slug if kind == "entity" else Claim.key
        row_id = s.scalar(select(model.id).where(column == key))
    with store.session() as s:
        return _reader_view(s, kind, row_id, key)


def _reader_view(s: Session, kind: str, row_id: int | None, key: str) -> dict[str, Any]:
    if row_id is None:  # gone since (an entity merged away): the stored key
        return {"kind": kind, "id": key}
    if kind == "entity":
        e = s.scalar(select(Entity).where(Entity.id == row_id))
        return {"kind": kind, "id": e.slug, "name": e.name} if e else {"kind": kind, "id": key}
    c = s.scalar(select(Claim).where(Claim.id == row_id))
    return {"kind": kind, "id": c.key if c else key}


def _as_dict(note: Note, target: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": note.id,
        "target": target,
        "author": note.author,
        "text": note.text,
        "created_at": note.created_at.isoformat() if note.created_at else None,
    }
