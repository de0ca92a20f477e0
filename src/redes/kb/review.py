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
from redes.store.models import Claim, Entity, Evidence, Judgement


class ReviewError(ValueError):
    """A review request that cannot be carried out (bad key, nothing to do)."""


# Review runs under two views of the store. The requester's (``store``, restricted to what
# their scope may read) finds what the decision names, so that a claim, entity or name
# they may not read answers exactly like one that does not exist; the whole store
# (``_whole``) then records and applies the judgement, since a merge or split must move
# every mention and every piece of evidence, hidden ones included, or it would destroy
# them. What comes back is read through the requester's view again.


def _whole(store: Store) -> Store:
    return store.scoped(None)


# A decision made while a rebuild runs waits for its commit (``judgements.record``), and
# the rebuild renumbers every row: what the decision names is found again by the
# judgement's references (slugs, keys and facts), not by the ids looked up before.


def _judge_claim(store: Store, kind: str, key: str, author: str | None, note: str | None) -> dict[str, Any]:
    with store.session() as s:
        found = find_claim(s, key)
        claim_id, shown_key = found.id, found.key
    with _whole(store).session() as s:
        claim = s.get(Claim, claim_id)
        payload = {"claim": judgements.claim_ref(s, claim)}
        j = judgements.record(s, kind, payload, author, note)
        claim = judgements.locate_claim(s, payload["claim"]) or claim
        return {"judgement": j.id, "kind": kind, "claim": shown_key, "status": claim.status}


def accept(store: Store, key: str, author: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Mark a claim as accepted."""
    return _judge_claim(store, "accept", key, author, note)


def reject(store: Store, key: str, author: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Mark a claim as rejected: it stays out of dossiers, graphs and exports."""
    return _judge_claim(store, "reject", key, author, note)


def same_sentence(store: Store, key: str) -> tuple[list[str], list[str]]:
    """The claims drawn from the sentences that are ``key``'s evidence (same document and
    span), as the reader sees them: (those no other sentence supports, those another
    sentence supports too). Rejecting a sentence rejects the first; the second stand on
    other evidence and are left for a decision of their own."""
    with store.session() as s:
        claim = find_claim(s, key)
        spans = set(
            s.execute(
                select(Evidence.document_id, Evidence.start, Evidence.end).where(
                    Evidence.claim_id == claim.id
                )
            ).all()
        )
        siblings: set[int] = set()
        for doc_id, start, end in spans:
            siblings.update(
                s.scalars(
                    select(Evidence.claim_id).where(
                        Evidence.document_id == doc_id, Evidence.start == start, Evidence.end == end
                    )
                )
            )
        siblings.discard(claim.id)
        only, also = [], []
        for sibling in sorted(siblings):
            theirs = set(
                s.execute(
                    select(Evidence.document_id, Evidence.start, Evidence.end).where(
                        Evidence.claim_id == sibling
                    )
                ).all()
            )
            c = s.scalar(select(Claim).where(Claim.id == sibling))
            (only if theirs <= spans else also).append(c.key)
        return only, also


def judge_many(
    store: Store,
    kind: str,
    keys: list[str],
    sentence: bool = False,
    author: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Accept or reject several claims, one judgement each (each can be undone alone).
    ``sentence`` (rejecting only): with every claim drawn only from the same sentences."""
    if kind not in judgements.CLAIM_KINDS:
        raise ReviewError(f"a bulk decision is accept or reject, not {kind!r}")
    if sentence and kind != "reject":
        raise ReviewError("only a rejection covers every claim from the sentence")
    if not keys:
        raise ReviewError("name at least one claim")
    wanted: list[str] = []
    kept: list[str] = []
    for key in keys:
        with store.session() as s:
            wanted.append(find_claim(s, key).key)  # every key is checked before any decision
        if sentence:
            only, also = same_sentence(store, key)
            wanted += only
            kept += also
    done = []
    for key in dict.fromkeys(wanted):
        done.append(_judge_claim(store, kind, key, author, note))
    return {
        "kind": kind,
        "judgements": done,
        "left": sorted(set(kept) - set(wanted)),
    }


def _summary(store: Store, entity_id: int) -> dict[str, Any]:
    """An entity as the requester sees it (after the change)."""
    with store.session() as s:
        e = s.get(Entity, entity_id)
        if e is None:  # a rename to a name no readable document uses, say: still the entity
            raise ReviewError("the entity is no longer visible to you")
        return summary(e)


def merge(
    store: Store, keep: str, other: str, author: str | None = None, note: str | None = None
) -> dict[str, Any]:
    """Merge the entity ``other`` into ``keep`` (both by slug, name or alias)."""
    with store.session() as s:
        keep_id, other_id = resolve(s, keep).id, resolve(s, other).id
    if keep_id == other_id:
        raise ReviewError(f"{keep!r} and {other!r} are already the same entity")
    with _whole(store).session() as s:
        keep_e, other_e = s.get(Entity, keep_id), s.get(Entity, other_id)
        payload = {"keep": entities.ref(s, keep_e), "other": entities.ref(s, other_e)}
        j = judgements.record(s, "merge", payload, author, note)
        judgement, keep_id = j.id, (entities.locate(s, payload["keep"]) or keep_e).id
    return {"judgement": judgement, "kind": "merge", "entity": _summary(store, keep_id)}


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
        entity_id, shown = e.id, e.name
        # Only names the requester may read can be split off.
        have = {entities.name_key(n) for n in entities.names(s, e.id)}
    missing = [n for n in names if entities.name_key(n) not in have]
    if missing:
        raise ReviewError(f"{shown} has no alias {', '.join(map(repr, missing))}")
    keys = {entities.name_key(n) for n in names}
    if have <= keys:  # every name the requester sees, whatever else it has
        raise ReviewError("cannot split off every name of an entity; rename it instead")
    with _whole(store).session() as s:
        e = s.get(Entity, entity_id)
        new_name = new_name or names[0]
        new_slug = entities.unique_slug(s, entities.slugify(new_name))
        payload = {
            "entity": entities.ref(s, e, exclude=keys),
            "names": names,
            "new": {"name": new_name, "slug": new_slug},
        }
        j = judgements.record(s, "split", payload, author, note)
        judgement, new_id = j.id, entities.by_slug(s, new_slug).id
        entity_id = (entities.locate(s, payload["entity"]) or e).id
    return {
        "judgement": judgement,
        "kind": "split",
        "entity": _summary(store, entity_id),
        "new": _summary(store, new_id),
    }


def _judge_entity(
    store: Store, kind: str, entity: str, name: str, author: str | None, note: str | None
) -> dict[str, Any]:
    name = " ".join(name.split())
    if not entities.name_key(name):
        raise ReviewError(f"{name!r} is not a usable name")
    with store.session() as s:
        e = resolve(s, entity)
        entity_id = e.id
        if kind == "alias-remove":
            if entities.name_key(name) == e.key:
                raise ReviewError(f"{name!r} is the canonical name of {e.slug}; rename it first")
            if entities.name_key(name) not in {entities.name_key(n) for n in entities.names(s, e.id)}:
                raise ReviewError(f"{e.name} has no alias {name!r}")
    with _whole(store).session() as s:
        e = s.get(Entity, entity_id)
        if kind == "alias-remove" and entities.name_key(name) == e.key:
            # The stored canonical name, which the requester does not see as such.
            raise ReviewError(f"{name!r} cannot be removed; rename the entity first")
        payload = {"entity": entities.ref(s, e), "name": name}
        j = judgements.record(s, kind, payload, author, note)
        judgement, entity_id = j.id, (entities.locate(s, payload["entity"]) or e).id
    return {"judgement": judgement, "kind": kind, "entity": _summary(store, entity_id), "name": name}


def alias_add(store: Store, entity: str, name: str, author: str | None = None, note: str | None = None):
    """Give an entity another name (future mentions of it resolve to the entity)."""
    return _judge_entity(store, "alias-add", entity, name, author, note)


def alias_remove(store: Store, entity: str, name: str, author: str | None = None, note: str | None = None):
    """Take a wrong name off an entity; extraction will not give it back."""
    return _judge_entity(store, "alias-remove", entity, name, author, note)


def rename(store: Store, entity: str, name: str, author: str | None = None, note: str | None = None):
    """Set an entity's canonical name (its slug, the stable id, does not change)."""
    return _judge_entity(store, "rename", entity, name, author, note)


def undo(
    store: Store, judgement_id: int, author: str | None = None, note: str | None = None
) -> dict[str, Any]:
    """Take back judgement ``judgement_id``: an accepted or rejected claim returns to what
    the judgements left standing say (or to the machine's word) at once; an entity's
    merge, split, alias or rename comes undone at the next ``redes rebuild``. Raises
    LookupError for an unknown judgement and ValueError for an undo or one already undone."""
    with store.session() as s:
        # What the judgement is about must be readable by the one undoing it; if not, it
        # is answered as a judgement that does not exist (no trace of hidden claims).
        target = s.get(Judgement, judgement_id)
        if target is None or not _visible(s, target):
            raise LookupError(f"no judgement {judgement_id}")
    with _whole(store).session() as s:
        target = s.get(Judgement, judgement_id)
        if target.kind == judgements.UNDO:
            raise ValueError(f"judgement {judgement_id} is an undo: make the decision again instead")
        if judgement_id in judgements.undone(s):
            raise ValueError(f"judgement {judgement_id} is already undone")
        payload: dict[str, Any] = {"judgement": target.id, "kind": target.kind}
        if "claim" in target.payload:
            payload["claim"] = target.payload["claim"]
        if target.kind in judgements.MANUAL_KINDS:
            payload["manual"] = target.payload
        j = judgements.record(s, judgements.UNDO, payload, author, note)
        out: dict[str, Any] = {"judgement": j.id, "undone": target.id, "kind": target.kind}
        if "manual" in payload:
            out["retracted"] = True  # the hand-made entity or evidence is gone at once
        elif "claim" in payload:
            claim = judgements.locate_claim(s, payload["claim"])
            out["claim"] = payload["claim"]["key"]
            out["status"] = claim.status if claim is not None else None
        else:
            out["rebuild"] = True  # an entity decision: undone by the next rebuild
        return out


def _visible(session, judgement: Judgement) -> bool:
    """Whether the reader of ``session`` can see what ``judgement`` is about."""
    payload = judgement.payload
    if judgement.kind in judgements.MANUAL_KINDS:
        from redes.kb import manual

        return manual.visible(session, payload)
    if "claim" in payload:
        return judgements.locate_claim(session, payload["claim"]) is not None
    refs = [payload.get(k) for k in ("entity", "keep", "other")]
    return all(entities.locate(session, ref) is not None for ref in refs if ref)


def history(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    """The most recent judgements, newest first; ``undone``: whether an undo took it back."""
    with store.session() as s:
        rows = s.scalars(select(Judgement).order_by(Judgement.id.desc()).limit(limit)).all()
        gone = judgements.undone(s)
        return [
            {
                "id": j.id,
                "kind": j.kind,
                "payload": j.payload,
                "author": j.author,
                "note": j.note,
                "created_at": j.created_at.isoformat() if j.created_at else None,
                "summary": describe(j.kind, j.payload),
                "undone": j.id in gone,
            }
            for j in rows
        ]


def describe(kind: str, payload: dict[str, Any]) -> str:
    """One line saying what a judgement decided."""
    if kind == judgements.UNDO:
        return f"undo of judgement {payload['judgement']} ({payload['kind']})"
    if kind == "manual-entity":
        return f"{payload['entity']['name']} ({payload['entity']['type']}), added by hand"
    if kind == "manual-relation":
        f = payload["fact"]
        obj = f["object"]["name"] if f["object"] else f["value"]
        return f"{f['subject']['name']} {f['predicate']} {obj}, added by hand"
    if "claim" in payload:
        c = payload["claim"]
        obj = c["object"]["name"] if c["object"] else c["value"]
        return f"{c['subject']['name']} {c['predicate']} {obj} [{c['key'][:10]}]"
    if kind == "merge":
        return f"{payload['other']['name']} into {payload['keep']['name']}"
    if kind == "no-merge":
        return f"{payload['other']['name']} is not {payload['keep']['name']}"
    if kind == "split":
        return f"{', '.join(payload['names'])} off {payload['entity']['name']} as {payload['new']['name']}"
    return f"{payload['entity']['name']}: {payload['name']}"
