"""Human judgements: stored apart from machine output and re-applied, oldest first, after
every re-ingest or re-extraction, so that no decision is lost to the machine.

Payloads name things by what outlives a rebuild: claims by key (and by their fact, in
case an entity's slug changed), entities by reference (slug, type and names; see
``entities.locate``). Applying a judgement that is already in effect changes nothing.

A merge says that the entity called X is Y, so it also takes in any entity that later
documents create under the same name X (same type): re-ingesting and rebuilding then
give the same result, whatever order the resolver numbered the records in.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from redes.kb import claims as claims_mod
from redes.kb import entities, locks, spans, state
from redes.store.models import Claim, Entity, Judgement

CLAIM_KINDS = {"accept": "accepted", "reject": "rejected"}
# "no-merge": two entities a reviewer said are two (``kb.merges``): never offered as a
# merge candidate again, nor merged automatically; it changes nothing in the store.
ENTITY_KINDS = ("merge", "split", "alias-add", "alias-remove", "rename", "no-merge")
# An undo names an earlier judgement, which stops counting: a claim goes back to what the
# judgements left standing say (or to the machine's word); an entity's merge, split,
# alias or name comes undone when the knowledge base is rebuilt without it.
UNDO = "undo"
# Entities and relations added by hand with a citation (``redes.kb.manual``).
MANUAL_KINDS = ("manual-entity", "manual-relation")
KINDS = (*CLAIM_KINDS, *ENTITY_KINDS, *MANUAL_KINDS, UNDO)


def claim_ref(session: Session, claim: Claim) -> dict[str, Any]:
    subject = session.get(Entity, claim.subject_id)
    obj = session.get(Entity, claim.object_id) if claim.object_id else None
    return {
        "key": claim.key,
        "subject": entities.ref(session, subject),
        "predicate": claim.predicate,
        "object": entities.ref(session, obj) if obj else None,
        "value": claim.value,
        "year": claim.year,
        "date": claim.date.isoformat() if claim.date else None,
        "detail": claim.detail,
    }


def locate_claim(session: Session, reference: dict[str, Any]) -> Claim | None:
    """The claim a stored reference means now: by key, or by its fact when the key
    changed because an entity got another slug."""
    claim = session.scalar(select(Claim).where(Claim.key == reference["key"]))
    if claim is not None:
        return claim
    subject = entities.locate(session, reference["subject"])
    obj = entities.locate(session, reference["object"]) if reference.get("object") else None
    if subject is None or (reference.get("object") and obj is None):
        return None
    subject, obj = claims_mod.orient(reference["predicate"], subject, obj, reference.get("detail"))
    key = claims_mod.claim_key(
        subject.slug,
        reference["predicate"],
        obj.slug if obj else None,
        reference.get("value"),
        reference.get("year"),
        claims_mod.parse_date(reference.get("date")),
        reference.get("detail"),
    )
    return session.scalar(select(Claim).where(Claim.key == key))


def apply(session: Session, kind: str, payload: dict[str, Any]) -> bool:
    """Put one judgement into effect; False when what it names is not in the store (it
    stays on record and applies again once that comes back)."""
    if kind in CLAIM_KINDS:
        claim = locate_claim(session, payload["claim"])
        if claim is None:
            return False
        claim.status = CLAIM_KINDS[kind]
        return True
    if kind in MANUAL_KINDS:
        from redes.kb import manual

        return manual.apply(session, kind, payload)
    if kind == UNDO:
        if "manual" in payload:
            from redes.kb import manual

            manual.retract(session, payload["kind"], payload["manual"])
            return True
        if "claim" in payload:
            claim = locate_claim(session, payload["claim"])
            if claim is None:
                return False
            claim.status = standing_status(session, payload["claim"]["key"])
        return True
    if kind == "merge":
        keep = entities.locate(session, payload["keep"])
        if keep is None:
            return False
        for other in entities.named_like(session, payload["other"]):
            if other.id != keep.id:
                entities.merge(session, keep, other)
        return True
    if kind == "no-merge":
        keep, other = (entities.locate(session, payload[k]) for k in ("keep", "other"))
        listed = payload["other"].get("list")
        if keep is not None and other is None and listed:
            # A refused list match that had been accepted: the party comes out at once.
            from redes.sources.detach import detach

            return detach(session, keep, listed["source"], listed["id"]) is not None
        return keep is not None and other is not None
    entity = entities.locate(session, payload["entity"])
    if entity is None:
        return False
    if kind == "split":
        new = payload["new"]
        entities.split(session, entity, payload["names"], new["name"], new["slug"])
    elif kind == "alias-add":
        entities.add_alias(session, entity, payload["name"], "human")
    elif kind == "alias-remove":
        if entities.name_key(payload["name"]) != entity.key:
            entities.remove_alias(session, entity, payload["name"])
    elif kind == "rename":
        entities.rename(session, entity, payload["name"])
    else:
        raise ValueError(f"unknown judgement kind {kind!r}")
    session.flush()
    return True


def record(
    session: Session, kind: str, payload: dict[str, Any], author: str | None = None, note: str | None = None
) -> Judgement:
    """Store a judgement and put it into effect (once any rebuild running has committed,
    so that no rebuild misses it: ``locks``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown judgement kind {kind!r}")
    locks.writing(session)
    # Before the insert: the judgement's id is taken under the counter's lock (kb.state).
    if kind in CLAIM_KINDS:
        where = payload.get("claim", {}).get("predicate") == "operates_in"
        state.bump(session, "review", *(("places",) if where else ()))
    else:
        state.bump(session, "kb")
    judgement = Judgement(kind=kind, payload=payload, author=author, note=note)
    session.add(judgement)
    session.flush()
    apply(session, kind, payload)
    if kind not in CLAIM_KINDS or payload.get("claim", {}).get("predicate") == "died":
        spans.refresh(session)  # a merge or a rejected death changes when claims held
    return judgement


def undone(session: Session) -> set[int]:
    """Ids of the judgements that an undo took back."""
    rows = session.scalars(select(Judgement.payload).where(Judgement.kind == UNDO))
    return {int(p["judgement"]) for p in rows}


def standing_status(session: Session, key: str) -> str:
    """A claim's status from the claim judgements about it that are not undone (the last
    one decides), or "machine" when none stands."""
    gone = undone(session)
    status = "machine"
    for j in session.scalars(
        select(Judgement).where(Judgement.kind.in_(tuple(CLAIM_KINDS))).order_by(Judgement.id)
    ):
        if j.id not in gone and j.payload.get("claim", {}).get("key") == key:
            status = CLAIM_KINDS[j.kind]
    return status


def _superseded(standing: list[Judgement]) -> set[int]:
    """Ids of the merges that a later no-merge of the same pair (by slugs) takes back: the
    last decision stands, and a merge re-made only to come apart again is not made."""
    refused: set[frozenset[str]] = set()
    out = set()
    for j in reversed(standing):
        if j.kind not in ("merge", "no-merge"):
            continue
        pair = frozenset((j.payload["keep"]["slug"], j.payload["other"]["slug"]))
        if j.kind == "no-merge":
            refused.add(pair)
        elif pair in refused:
            out.add(j.id)
    return out


def reapply_all(session: Session) -> tuple[int, int]:
    """Re-apply every judgement in the order they were made, but those undone and the
    undos themselves: (applied, pending)."""
    applied = pending = 0
    state.bump(session, "kb")
    gone = undone(session)
    standing = [j for j in session.scalars(select(Judgement).order_by(Judgement.id)) if j.id not in gone]
    gone |= _superseded(standing)
    for judgement in standing:
        if judgement.kind == UNDO or judgement.id in gone:
            continue
        if apply(session, judgement.kind, judgement.payload):
            applied += 1
        else:
            pending += 1
    spans.refresh(session)  # after the merges and statuses: spans of whole facts, deaths
    return applied, pending
