"""The audit log: append-only, hash-chained.

Each row's ``hash`` is ``sha256(prev_hash + canonical JSON of (id, at, actor, action, target,
detail, origin))`` and its ``prev_hash`` is the hash of the row before (``GENESIS`` for the
first), so that ``verify`` finds any row that was edited, deleted from the middle or moved.

What a chain alone cannot show is a log cut short at its end (the remaining rows still chain),
or a log rewritten from some row on by someone who recomputes every hash: there is no secret
in the hash. ``head`` gives (rows, last id, last hash); keep it outside the database (``redes
audit verify`` writes it to a checkpoint file and prints it) and ``verify(session,
checkpoint)`` proves that the log still extends it.

Appends are serialized: on PostgreSQL a transaction-scoped advisory lock is taken before the
row is inserted; SQLite lets one writer in at a time, and the row is inserted (taking the
write lock) before the previous row is read.

Never put passwords, tokens or tip contents in ``detail``.

Actions, the same from the web and the CLI (``docs/security.md`` lists them; keep the two
in step): ``login``, ``login.failed`` (target: the username tried), ``logout``,
``logout.all``; ``user.create``, ``user.role``, ``user.disable``, ``user.enable``,
``user.link``, ``user.reset_password``, ``user.password``, ``token.create``,
``token.revoke``; ``group.create``, ``group.add`` and ``group.remove`` (a member),
``grant``, ``grant.revoke``, ``collection.create``, ``collection.visibility``; ``search``
(target: the query), ``dossier.view``, ``document.view``, ``export``; ``review.<kind>``;
``ingest``, ``rebuild``, ``events.import``, ``audit.verify``.
``events(action="login")`` finds a family (``login`` and ``login.failed``).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from redes.access.models import AuditEvent
from redes.store.models import utcnow

GENESIS = "0" * 64
# Key of the PostgreSQL advisory lock that serializes appends ("redes audit" in hex, roughly).
LOCK_KEY = 0x7265646573_0A
# Detail keys that must never land in the log, whatever a caller passes.
# (``record`` drops them silently: a safety net, not a licence to pass them.)
SECRET_KEYS = {"password", "token", "secret", "csrf", "receipt", "tip", "text", "body", "content"}


def _iso(at: datetime) -> str:
    """A timestamp as UTC ISO 8601 with microseconds, the same whichever database returns it."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _clean(detail: dict | None) -> dict | None:
    """The detail as the JSON column will hand it back (plain JSON types, string keys),
    without secret-looking keys."""
    if detail is None:
        return None
    cleaned = json.loads(_json(detail))
    if not isinstance(cleaned, dict):
        raise ValueError("audit detail must be a mapping")
    return {k: v for k, v in cleaned.items() if k.lower() not in SECRET_KEYS}


def row_hash(prev_hash: str, ev: AuditEvent) -> str:
    canonical = _json([ev.id, _iso(ev.at), ev.actor, ev.action, ev.target, ev.detail, ev.origin])
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def record(
    session: Session,
    action: str,
    actor: str | None,
    target: str | None = None,
    detail: dict | None = None,
    origin: str | None = None,
) -> AuditEvent:
    """Append one event (committed with the caller's transaction)."""
    return record_many(session, [(action, actor, target, detail, origin)])[0]


def record_many(session: Session, rows: list[tuple]) -> list[AuditEvent]:
    """Append events, in order: ``rows`` of (action, actor, target, detail, origin). One
    lock, one read of the chain's end, one INSERT and one UPDATE for them all (the web
    server's group commit writes dozens at a time)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    events = [
        AuditEvent(
            at=utcnow(),
            actor=actor,
            action=action[:40],
            target=target,
            detail=_clean(detail),
            origin=origin[:100] if origin else origin,
            prev_hash=GENESIS,
            hash=GENESIS,
        )
        for action, actor, target, detail, origin in rows
    ]
    session.add_all(events)
    session.flush()  # the ids; on SQLite also the write lock, before the previous row is read
    events.sort(key=lambda ev: ev.id)
    prev = session.scalar(
        select(AuditEvent.hash).where(AuditEvent.id < events[0].id).order_by(AuditEvent.id.desc()).limit(1)
    )
    prev = prev or GENESIS
    for ev in events:
        ev.prev_hash = prev
        ev.hash = prev = row_hash(prev, ev)
    session.flush()
    return events


def head(session: Session) -> dict:
    """Where the log ends: {"rows", "last_id", "last_hash"} (GENESIS and 0 when empty)."""
    rows = session.scalar(select(func.count(AuditEvent.id))) or 0
    last = session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    return {"rows": rows, "last_id": last[0] if last else 0, "last_hash": last[1] if last else GENESIS}


def verify(session: Session, checkpoint: dict | None = None) -> list[str]:
    """Problems found in the chain (an empty list when it is intact).

    Finds rows whose contents changed, rows missing between two others, rows moved; with a
    ``checkpoint`` (an earlier ``head``), also a log cut short or rewritten since then.
    """
    problems: list[str] = []
    prev_hash, prev_id, count = GENESIS, None, 0
    at_checkpoint: tuple[int, str] | None = None
    cp_id = int(checkpoint["last_id"]) if checkpoint else None
    q = select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000)
    for ev in session.scalars(q):
        count += 1
        where = f"row {ev.id}" + (f" (after row {prev_id})" if prev_id is not None else " (the first)")
        if ev.prev_hash != prev_hash:
            if prev_id is None:
                problems.append(f"{where}: rows before it are missing")
            else:
                problems.append(
                    f"{where}: does not follow the row before it (rows deleted, moved or changed)"
                )
        if row_hash(ev.prev_hash, ev) != ev.hash:
            problems.append(f"{where}: its contents were changed ({ev.action} by {ev.actor or '-'})")
        prev_hash, prev_id = ev.hash, ev.id
        if cp_id is not None and ev.id == cp_id:
            at_checkpoint = (count, ev.hash)
    if checkpoint and int(checkpoint.get("rows", 0)) > 0:
        if at_checkpoint is None:
            problems.append(
                f"row {cp_id}, the last one at the checkpoint, is gone: the log was cut short or rewritten"
            )
        elif at_checkpoint[1] != checkpoint["last_hash"]:
            problems.append(f"row {cp_id} differs from the checkpoint: the log was rewritten")
        elif at_checkpoint[0] != int(checkpoint["rows"]):
            problems.append(
                f"the checkpoint counted {checkpoint['rows']} rows up to row {cp_id}, the log now has "
                f"{at_checkpoint[0]}"
            )
    return problems


def events(
    session: Session,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
) -> list[dict]:
    """Events, newest first, optionally by actor, action (a prefix: "login" finds
    "login.failed") and time."""
    q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(max(1, limit))
    if actor is not None:
        q = q.where(AuditEvent.actor == actor)
    if action is not None:
        q = q.where(
            (AuditEvent.action == action) | AuditEvent.action.startswith(action + ".", autoescape=True)
        )
    if since is not None:
        since = since.replace(tzinfo=UTC) if since.tzinfo is None else since.astimezone(UTC)
        q = q.where(AuditEvent.at >= since)
    return [
        {
            "id": ev.id,
            "at": _iso(ev.at) + "Z",
            "actor": ev.actor,
            "action": ev.action,
            "target": ev.target,
            "detail": ev.detail,
            "origin": ev.origin,
        }
        for ev in session.scalars(q)
    ]
