"""Change counters of the knowledge base, which caches of derived data check instead of
counting tables.

Every writer bumps a counter in the transaction that changes the data (so the new value
is visible exactly when the change is):

- ``kb``: documents added, extraction written, a rebuild, merges, splits, aliases and
  renames (anything that changes entities, claims, evidence or documents);
- ``review``: a claim accepted or rejected (only its status changes); ``places`` as well
  when the claim says where a group operates (what territory answers read);
- ``events``: conflict events imported.

``version`` reads all of them, and the id of the newest judgement, in one small query: a
cache that holds an answer made at an older version knows it may be stale. Review
decisions say which claims they changed (``claims_judged``), so that a graph can be
patched instead of rebuilt (``redes.web.graphcache``).

Judgements get their ids while their transaction holds the ``review`` (or ``kb``) row's
lock, so on PostgreSQL too a judgement with a higher id never commits before one with a
lower id: a reader that has seen judgement N has seen every judgement before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, literal, select, update

from redes.store import Store
from redes.store.models import Judgement, KbState

COUNTERS = ("kb", "review", "places", "events")
CLAIM_KINDS = ("accept", "reject")
_STATE = KbState.__table__
_JUDGEMENTS = Judgement.__table__


@dataclass(frozen=True, slots=True)
class Version:
    """The counters and the newest judgement's id (0 when there is none)."""

    kb: int = 0
    review: int = 0
    places: int = 0
    events: int = 0
    judgement: int = 0

    def of(self, *names: str) -> tuple[int, ...]:
        """The counters named (a cache key for answers that depend on those only)."""
        return tuple(getattr(self, n) for n in names)


def bump(conn, *names: str) -> None:
    """Count a change of ``names`` in ``conn``'s transaction (a Session or a Connection).
    On PostgreSQL the counter's row stays locked until the transaction ends."""
    for name in names:
        if name not in COUNTERS:
            raise ValueError(f"unknown counter {name!r}")
        done = conn.execute(update(_STATE).where(_STATE.c.name == name).values(value=_STATE.c.value + 1))
        if not done.rowcount:  # a database whose row was deleted by hand
            conn.execute(insert(_STATE).values(name=name, value=1))


def version(store: Store) -> Version:
    """The current counters, read from the whole database (they are no data of anyone's)."""
    with store.engine.connect() as conn:
        return read(conn)


def read(conn) -> Version:
    """The current counters, read on ``conn`` (a Connection or a Session)."""
    newest = select(literal("judgement"), func.coalesce(func.max(_JUDGEMENTS.c.id), 0))
    stmt = select(_STATE.c.name, _STATE.c.value).union_all(newest)
    values = {name: int(value) for name, value in conn.execute(stmt)}
    return Version(**{k: v for k, v in values.items() if k in Version.__slots__})


def claims_judged(store: Store, after: int, upto: int) -> set[int] | None:
    """Ids of the claims that the judgements after ``after`` up to ``upto`` accepted or
    rejected; None when one of them was anything else (the knowledge base changed more)."""
    from redes.kb.judgements import locate_claim

    ids: set[int] = set()
    with store.scoped(None).session() as s:
        rows = s.execute(
            select(Judgement.kind, Judgement.payload)
            .where(Judgement.id > after, Judgement.id <= upto)
            .order_by(Judgement.id)
        ).all()
        for kind, payload in rows:
            if kind not in CLAIM_KINDS or "claim" not in payload:
                return None
            claim = locate_claim(s, payload["claim"])
            if claim is not None:
                ids.add(claim.id)
    return ids


def judgements_about(store: Store, after: int, upto: int) -> dict[int, frozenset[str] | None]:
    """For each judgement after ``after`` up to ``upto``: the slugs of the entities (subject
    and object) of the claim it accepted or rejected, or None when it was anything else."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(_JUDGEMENTS.c.id, _JUDGEMENTS.c.kind, _JUDGEMENTS.c.payload).where(
                _JUDGEMENTS.c.id > after, _JUDGEMENTS.c.id <= upto
            )
        ).all()
    about: dict[int, frozenset[str] | None] = {}
    for jid, kind, payload in rows:
        claim = payload.get("claim") if isinstance(payload, dict) else None
        if kind not in CLAIM_KINDS or not claim:
            about[jid] = None
        else:
            refs = (claim.get("subject"), claim.get("object"))
            about[jid] = frozenset(ref["slug"] for ref in refs if ref)
    return about


def entities_judged(store: Store, after: int, upto: int) -> set[str] | None:
    """Slugs of the entities of the claims that the judgements after ``after`` up to
    ``upto`` accepted or rejected; None when one of them was anything else. While the
    ``kb`` counter stands still, slugs do not change: these are today's."""
    slugs: set[str] = set()
    for found in judgements_about(store, after, upto).values():
        if found is None:
            return None
        slugs |= found
    return slugs


__all__ = [
    "COUNTERS",
    "Version",
    "bump",
    "claims_judged",
    "entities_judged",
    "judgements_about",
    "read",
    "version",
]
