"""Duplicate entities: merge candidates scored by ``redes.resolve.candidates``, merged
automatically when safe, otherwise offered for review.

A *safe* pair (score at least ``candidates.AUTO_MERGE``, no fact standing against it, no
reviewer's refusal) is merged by ``auto_merge`` at the end of every update and rebuild:
machine output, re-derived each time. Any other candidate waits in the review queue
("merge candidate, score 0.88, because: same surnames, given-name subset"), where
accepting it records a ``merge`` judgement (``review.merge``: it survives rebuilds) and
rejecting it a ``no-merge`` judgement: the pair is never offered, nor merged, again.

An update scans only the pairs its changes may have made safe (``scored(touched=...)``,
``kb.pipeline.reapply_judgements``): every other pair had the same verdict at the last
scan, which left no safe pair unmerged. What a verdict reads is the two entities' names
and type, the claims between them and their dates of death, the blocks they share (and
whether those hold more than ``candidates.MAX_BLOCK`` entities), the refusals and the
lexicons; so an update's changes are the entities it created, renamed, named anew or gave
such a claim, those that the judgements name (``judged``), and the names of the entities
deleted. A new scorer (lexicons, rules) makes the next update scan everything (``scanned``).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from redes.kb import entities, judgements
from redes.kb.lookup import resolve, summary
from redes.resolve import candidates as cand
from redes.store import Store
from redes.store.batches import chunks
from redes.store.models import Alias, Claim, Entity, Judgement, KbState, Mention

NO_MERGE = "no-merge"
# Facts that say two entities are two: one is the other's kin.
SEPARATE = frozenset({"family"})


class MergeError(ValueError):
    """A merge decision that cannot be carried out."""


def compared_sides(session: Session, ids: Collection[int] | None = None) -> dict[int, cand.Side]:
    """Every entity of the types compared (or those among ``ids``), with its names, as the
    session may read them: rows, not columns, so that a restricted reader's access filter
    shows each name as it may (``redes.access.names``) and no candidate rests on a name it
    may not read."""
    types = cand.PERSON_TYPES | cand.GROUP_TYPES
    sides: dict[int, cand.Side] = {}
    # Not list entities (``Entity.source``): reviewed cross-referencing (xref) is their path.
    compared = (Entity.type.in_(types), Entity.source.is_(None))
    slices = [None] if ids is None else list(chunks(sorted(ids)))
    for chunk in slices:
        where = compared if chunk is None else (*compared, Entity.id.in_(chunk))
        for e in session.scalars(select(Entity).where(*where).order_by(Entity.id)):
            sides[e.id] = cand.Side(e.type, e.name, [e.name])
        for a in session.scalars(
            select(Alias).join(Entity, Entity.id == Alias.entity_id).where(*where).order_by(Alias.id)
        ):
            side = sides.get(a.entity_id)
            if side is not None and a.name not in side.names:
                side.names.append(a.name)
    return sides


def named_with(session: Session, words: set[str]) -> set[int]:
    """The document entities of the types compared that have a name (canonical or alias)
    with one of ``words`` among the words of its key: a superset of those that share a
    blocking key with what the words come from (``candidates.key_words``). One pass over
    the names' keys, without building an object per row or analysing a name."""
    if not words:
        return set()
    types = cand.PERSON_TYPES | cand.GROUP_TYPES
    compared = (Entity.type.in_(types), Entity.source.is_(None))
    found: set[int] = set()
    for q in (
        select(Entity.id, Entity.key).where(*compared),
        select(Alias.entity_id, Alias.key).join(Entity, Entity.id == Alias.entity_id).where(*compared),
    ):
        for entity_id, key in session.execute(q):
            if entity_id not in found and key and not words.isdisjoint(key.split()):
                found.add(entity_id)
    return found




def refused(session: Session) -> set[frozenset[int]]:
    """Pairs (entity ids) a reviewer said are not one entity, in judgements not undone."""
    gone = judgements.undone(session)
    out = set()
    for j in session.scalars(select(Judgement).where(Judgement.kind == NO_MERGE)):
        if j.id in gone:
            continue
        a, b = entities.locate(session, j.payload["keep"]), entities.locate(session, j.payload["other"])
        if a is not None and b is not None:
            out.add(frozenset((a.id, b.id)))
    return out


def _conflicts(session: Session, pairs: list[tuple[int, int]]) -> dict[frozenset[int], str]:
    """Claims that link the two entities of a pair directly, date their deaths apart, or give
    them different numbers of one kind (two CURPs: two people)."""
    out: dict[frozenset[int], str] = {}
    ids = sorted({i for p in pairs for i in p})
    if not ids:
        return out
    wanted = {frozenset(p) for p in pairs}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = select(Claim.subject_id, Claim.object_id, Claim.predicate, Claim.detail).where(
            Claim.subject_id.in_(chunk), Claim.object_id.is_not(None), Claim.status != "rejected"
        )
        for s, o, predicate, detail in session.execute(q):
            pair = frozenset((s, o))
            if pair in wanted:
                what = f"{predicate}: {detail}" if detail else predicate
                out[pair] = f"a claim links them ({what})"
    died: dict[int, set[str]] = defaultdict(set)
    numbers: dict[tuple[int, str], set[str]] = defaultdict(set)  # (entity, kind) -> numbers
    q = select(Claim.subject_id, Claim.predicate, Claim.value, Claim.detail).where(
        Claim.predicate.in_(("died", "identifier")),
        Claim.subject_id.in_(ids),
        Claim.value.is_not(None),
        Claim.status != "rejected",
    )
    for s, predicate, value, kind in session.execute(q):
        if predicate == "died":
            died[s].add(value[:10])
        else:
            numbers[(s, kind or "")].add(value)
    kinds = sorted({kind for _, kind in numbers})
    for p in wanted:
        a, b = sorted(p)
        if died[a] and died[b] and not died[a] & died[b]:
            out.setdefault(p, "different dates of death")
        for kind in kinds:
            na, nb = numbers.get((a, kind)), numbers.get((b, kind))
            if na and nb and not na & nb:
                out.setdefault(p, f"different {kind or 'identity'} numbers")
    return out


def scored(
    session: Session, touched: Collection[int] | None = None, gone: Iterable[cand.Side] = ()
) -> list[tuple[int, int, cand.Verdict]]:
    """Every pair of entities whose names make them candidates, scored: the costly part of
    ``find`` (every person and group with its names: 10 s for 100,000 entities), which
    changes only when entities or their names do, so the web keeps it between review
    decisions (``redes.web.candidates``). ``touched``: only the pairs with at least one of
    these entities (an update's: ``kb.pipeline``), found through the whole store, and the
    pairs of a block that entities ``gone`` since (deleted, merged away) brought back
    under ``candidates.MAX_BLOCK``."""
    if touched is None:
        return list(cand.pairs(compared_sides(session).items()))
    own = compared_sides(session, touched)
    keys_of = {i: {(side.type, k) for k in cand.blocking_keys(side)} for i, side in own.items()}
    left = Counter((g.type, k) for g in gone for k in cand.blocking_keys(g))
    if not own and not left:
        return []
    blocks = _blocks(session, set().union(*keys_of.values(), left))
    for i, keys in keys_of.items():
        for key in keys:
            blocks[key].add(i)
    todo: set[tuple[int, int]] = set()
    for i, keys in keys_of.items():
        for key in keys:
            if len(blocks[key]) <= cand.MAX_BLOCK:
                todo.update((min(i, j), max(i, j)) for j in blocks[key] if j != i)
    for key, n in left.items():
        if len(blocks[key]) <= cand.MAX_BLOCK < len(blocks[key]) + n:  # a block that is one again
            todo.update(combinations(sorted(blocks[key]), 2))
    sides = {**own, **compared_sides(session, {i for pair in todo for i in pair} - own.keys())}
    found = []
    for a, b in sorted(todo):
        if a in sides and b in sides and (v := cand.compare(sides[a], sides[b])) is not None:
            found.append((a, b, v))
    return found


def _blocks(session: Session, keys: set[tuple[str, str]]) -> defaultdict[tuple[str, str], set[int]]:
    """The members of the blocks ``keys`` ((type, blocking key)): every entity of the types
    compared with a name that gives one, read from the stored name keys in one pass (a
    name's key gives the blocking keys its name does), so that a block's size is known
    without reading its entities, and only the members of blocks small enough are read."""
    out: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    words = {w for _, k in keys for w in cand.key_words(k)}
    if not words:
        return out
    types = cand.PERSON_TYPES | cand.GROUP_TYPES
    compared = (Entity.type.in_(types), Entity.source.is_(None))
    given: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for q in (
        select(Entity.id, Entity.type, Entity.key).where(*compared),
        select(Alias.entity_id, Entity.type, Alias.key).join(Entity, Entity.id == Alias.entity_id).where(*compared),
    ):
        for entity_id, type_, key in session.execute(q):
            if not key or words.isdisjoint(key.split()):
                continue
            found = given.get((type_, key))
            if found is None:
                side = cand.Side(type_, key, [key])
                found = given[(type_, key)] = {(type_, k) for k in cand.blocking_keys(side)} & keys
            for block in found:
                out[block].add(entity_id)
    return out


def find(
    session: Session,
    pairs: list[tuple[int, int, cand.Verdict]] | None = None,
    touched: Collection[int] | None = None,
    gone: Iterable[cand.Side] = (),
) -> list[dict[str, Any]]:
    """Every merge candidate the reviewers have not refused, best first: entity ids
    ``a`` and ``b``, ``score``, ``reasons``, ``conflict`` (a fact against it, or None),
    ``safe`` (merged without asking) and ``separate`` (a fact says they are two).
    ``pairs``: ``scored(session)`` as kept earlier; a pair whose entity is gone since (merged
    away, deleted) is left out, and refusals and facts are read now. ``touched``: only the
    candidates with one of these entities, or that ``gone`` entities left (``scored``)."""
    if pairs is None:
        found = scored(session, touched, gone)
    else:
        ids = sorted({i for a, b, _ in pairs for i in (a, b)})
        live = set(session.scalars(select(Entity.id).where(Entity.id.in_(ids)))) if ids else set()
        found = [(a, b, v) for a, b, v in pairs if a in live and b in live]
    if not found:
        return []
    no = refused(session)
    found = [(a, b, v) for a, b, v in found if frozenset((a, b)) not in no]
    conflicts = _conflicts(session, [(a, b) for a, b, _ in found])
    out = []
    for a, b, v in found:
        conflict = conflicts.get(frozenset((a, b)))
        if conflict and any(f"({p}" in conflict for p in SEPARATE):
            continue  # kin of each other: never one person
        out.append(
            {
                "a": a,
                "b": b,
                "score": v.score,
                "reasons": v.reasons,
                "conflict": conflict,
                "safe": v.safe and conflict is None,
            }
        )
    out.sort(key=lambda c: (-c["score"], c["a"], c["b"]))
    return out


def _keep_first(session: Session, a: int, b: int) -> tuple[Entity, Entity]:
    """(keep, other): the entity with more mentions is kept (then the older one)."""
    counts = dict(
        session.execute(
            select(Mention.entity_id, func.count())
            .where(Mention.entity_id.in_((a, b)))
            .group_by(Mention.entity_id)
        ).all()
    )
    keep, other = sorted((a, b), key=lambda i: (-counts.get(i, 0), i))
    return session.get(Entity, keep), session.get(Entity, other)


def auto_merge(
    session: Session,
    touched: Collection[int] | None = None,
    kept: set[int] | None = None,
    gone: Iterable[cand.Side] = (),
    dropped: list[cand.Side] | None = None,
) -> int:
    """Merge every safe candidate (in ``session``'s transaction); how many merges.
    ``touched`` and ``gone``: only the candidates these entities' changes may have made
    (``scored``), the same when every other pair was scanned since its entities last
    changed (``kb.pipeline``). ``kept`` gets the ids of the entities that took others in
    (their names changed), ``dropped`` the names of those merged away."""
    merged = 0
    away: set[int] = set()
    took: set[int] = set()
    for c in find(session, touched=touched, gone=gone):
        if not c["safe"] or c["a"] in away or c["b"] in away:
            continue  # taken up by the next pass over the entity kept (``kb.pipeline``)
        keep, other = _keep_first(session, c["a"], c["b"])
        if dropped is not None:
            dropped.extend(compared_sides(session, [other.id]).values())
        entities.merge(session, keep, other)
        away.add(other.id)
        took.add(keep.id)
        merged += 1
    if merged:
        session.flush()
    if kept is not None:
        kept |= took - away
    return merged


# The ``kb_state`` row that holds the fingerprint of the scoring (``scorer``) that last
# scanned the whole knowledge base; ``redes.kb.state`` reads only its own counters.
SCANNED = "scanned-with"


@cache
def scorer() -> int:
    """A fingerprint of what a pair's verdict depends on besides the store: the lexicons
    (translations of group names, given names) and the code that compares names. When it
    changes, verdicts of pairs untouched by an update may have changed: scan everything."""
    import redes.resolve as resolve_pkg
    from redes.extract import lexicon, normalize

    digest = hashlib.sha256()
    here = Path(resolve_pkg.__file__).parent
    files = [here / "candidates.py", here / "xref.py", here / "keys.py", Path(normalize.__file__)]
    for f in [*files, *sorted(p for p in lexicon.LEXICONS.rglob("*") if p.is_file())]:
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return int.from_bytes(digest.digest()[:7], "big")


def scanned(session: Session) -> bool:
    """Whether the whole knowledge base was scanned with today's ``scorer``."""
    return session.scalar(select(KbState.value).where(KbState.name == SCANNED)) == scorer()


def mark_scanned(session: Session, judged_upto: int | None = None, whole: bool = True) -> None:
    """Record that the knowledge base was just scanned: whole with today's ``scorer``
    (``whole``), knowing the judgements up to ``judged_upto`` and the entities there are
    (``scanned_upto``)."""
    table = KbState.__table__
    rows = {ENTITIES_UPTO: session.scalar(select(func.max(Entity.id))) or 0}
    if judged_upto is not None:
        rows[JUDGED] = judged_upto
    if whole:
        rows[SCANNED] = scorer()
    for name, value in rows.items():
        done = session.execute(update(table).where(table.c.name == name).values(value=value))
        if not done.rowcount:
            session.execute(insert(table).values(name=name, value=value))


def scanned_upto(session: Session) -> int | None:
    """The newest entity id when the last scan ended (None: not known): an entity with a
    higher id is newer than that scan (an id a store reuses after a deletion only looks
    older, which costs a wider scan, never a missed one)."""
    return session.scalar(select(KbState.value).where(KbState.name == ENTITIES_UPTO))


# Judgements that take names away from entities (or entities away): the names they had
# may have left a block under ``MAX_BLOCK``, or a list party to a single claimant.
TAKING = frozenset({"merge", "split", "alias-remove", "undo"})
# The ``kb_state`` rows that hold the id of the newest judgement, and of the newest
# entity, when the last scan ended.
JUDGED = "judged-upto"
ENTITIES_UPTO = "entities-upto"


def judged(session: Session) -> tuple[set[int], list[cand.Side], int]:
    """The entities that the judgements name (every one, undone or not: merges, splits,
    names, refusals and their undoing, the claims judged and those added by hand), as
    they are now: re-applying judgements, or a reviewer's decision since the last update,
    changes only these (and what an update touched), so an update re-scans them too. With
    the names that the judgements recorded since the last scan (``JUDGED``) took away, as
    they were (``scored``'s ``gone``), and the newest judgement's id (``mark_scanned``)."""
    refs: list[dict[str, Any]] = []
    gone: list[cand.Side] = []

    def walk(node: Any, taking: list[str] | None) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("slug"), str):
                refs.append(node)
                if taking is not None and node.get("type") in cand.PERSON_TYPES | cand.GROUP_TYPES:
                    names = [n for n in [node.get("name"), *node.get("names", []), *taking] if n]
                    if names:
                        gone.append(cand.Side(node["type"], names[0], list(dict.fromkeys(names))))
            for v in node.values():
                walk(v, taking)
        elif isinstance(node, list):
            for v in node:
                walk(v, taking)

    since = session.scalar(select(KbState.value).where(KbState.name == JUDGED)) or 0
    newest = 0
    for jid, kind, payload in session.execute(select(Judgement.id, Judgement.kind, Judgement.payload)):
        newest = max(newest, jid)
        taking = None
        if kind in TAKING and jid > since and isinstance(payload, dict):
            taking = [n for n in [payload.get("name"), *(payload.get("names") or [])] if isinstance(n, str)]
        walk(payload, taking)
    out: set[int] = set()
    seen: set[str] = set()
    for r in refs:
        marker = repr(sorted((k, str(v)) for k, v in r.items()))
        if marker in seen:
            continue
        seen.add(marker)
        named = "name" in r or "names" in r
        e = entities.locate(session, r) if named else entities.by_slug(session, r["slug"])
        if e is not None:
            out.add(e.id)
    return out, gone, newest


def merge_candidates(
    store: Store, limit: int = 100, pairs: list[tuple[int, int, cand.Verdict]] | None = None
) -> list[dict[str, Any]]:
    """The merge candidates a reviewer decides (the safe ones are merged already), best
    first, as dicts: ``keep`` and ``other`` (entity summaries with mentions, the one to
    keep first), ``score``, ``reasons``, ``because`` (one line), ``conflict``. ``pairs``:
    see ``find``."""
    with store.session() as s:
        found = [c for c in find(s, pairs) if not c["safe"]][:limit]
        ids = {i for c in found for i in (c["a"], c["b"])}
        ents = {e.id: e for e in s.scalars(select(Entity).where(Entity.id.in_(ids)))} if ids else {}
        counts = dict(
            s.execute(
                select(Mention.entity_id, func.count())
                .where(Mention.entity_id.in_(ids))
                .group_by(Mention.entity_id)
            ).all()
        )
        out = []
        for c in found:
            if c["a"] not in ents or c["b"] not in ents:
                continue  # an entity the reader's scope does not see
            keep, other = sorted((c["a"], c["b"]), key=lambda i: (-counts.get(i, 0), i))
            out.append(
                {
                    "keep": summary(ents[keep], counts.get(keep, 0)),
                    "other": summary(ents[other], counts.get(other, 0)),
                    "score": c["score"],
                    "reasons": c["reasons"],
                    "because": ", ".join(c["reasons"]),
                    "conflict": c["conflict"],
                }
            )
        return out


def describe(candidate: dict[str, Any]) -> str:
    """ "merge candidate, score 0.88, because: same surnames, given-name subset"."""
    line = f"merge candidate, score {candidate['score']:.2f}, because: {candidate['because']}"
    return line + (f"; but {candidate['conflict']}" if candidate.get("conflict") else "")


def reject(
    store: Store, a: str, b: str, author: str | None = None, note: str | None = None
) -> dict[str, Any]:
    """Record that ``a`` and ``b`` (slug, name or alias) are two entities: the pair is not
    offered again, nor merged automatically."""
    with store.session() as s:
        ea, eb = resolve(s, a), resolve(s, b)
        a_id, b_id = ea.id, eb.id
    if a_id == b_id:
        raise MergeError(f"{a!r} and {b!r} are one entity already")
    with store.scoped(None).session() as s:
        payload = {
            "keep": entities.ref(s, s.get(Entity, a_id)),
            "other": entities.ref(s, s.get(Entity, b_id)),
        }
        j = judgements.record(s, NO_MERGE, payload, author, note)
        return {
            "judgement": j.id,
            "kind": NO_MERGE,
            "entity": {"id": payload["keep"]["slug"], "name": payload["keep"]["name"]},
            "other": {"id": payload["other"]["slug"], "name": payload["other"]["name"]},
        }
