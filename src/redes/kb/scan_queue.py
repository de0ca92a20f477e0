"""What committed batches left to scan for safe merges and list matches.

An update writes its documents in one transaction per batch and scans only what those
batches changed at its end (``kb.pipeline.reapply_judgements``). Held in memory, that
set died with a process killed between its last commit and its scan: the entities it
had touched were never scanned again, and a store built in pieces kept two entities a
single run merges. So each batch queues them here in its own transaction, and the scan
takes the whole queue (its own batches', and any an interrupted update left) in its."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from redes.resolve.candidates import Side
from redes.store.batches import chunks
from redes.store.models import ScanQueue

QUEUE = ScanQueue.__table__


def push(session: Session, touched: Iterable[int], gone: Iterable[Side]) -> None:
    """Queue the entities a batch touched and the names of those it deleted."""
    rows = [{"entity_id": i, "gone": None} for i in sorted(set(touched))]
    rows += [{"entity_id": None, "gone": {"type": g.type, "name": g.name, "names": g.names}} for g in gone]
    if rows:
        session.execute(insert(QUEUE), rows)


def waiting(session: Session) -> bool:
    """Whether anything is queued."""
    return session.scalar(select(QUEUE.c.id).limit(1)) is not None


def take(session: Session) -> tuple[set[int], list[Side]]:
    """Empty the queue (in ``session``'s transaction): the entities and deleted names it
    held. Only the rows read are deleted: another writer's, committed meanwhile, stay."""
    ids: list[int] = []
    touched: set[int] = set()
    gone: list[Side] = []
    for row_id, entity_id, side in session.execute(select(QUEUE.c.id, QUEUE.c.entity_id, QUEUE.c.gone)):
        ids.append(row_id)
        if entity_id is not None:
            touched.add(entity_id)
        elif side:
            gone.append(Side(side["type"], side["name"], list(side["names"])))
    for chunk in chunks(ids):
        session.execute(delete(QUEUE).where(QUEUE.c.id.in_(chunk)))
    return touched, gone
