"""Who may write the knowledge base while a rebuild runs.

A rebuild (``pipeline.rebuild``) writes the whole new knowledge base in one transaction,
so no other writer may slip a write in between (a judgement the rebuild would not
re-apply, a batch resolved against entities the rebuild has deleted):

- SQLite has one writer at a time: the rebuild holds the write lock from its first
  write to its commit, and other writers wait for it, at most ``WAIT`` seconds (the busy
  timeout), before failing with ``Busy``.
- PostgreSQL lets writers of other rows through, so the rebuild's transaction takes an
  advisory lock on the knowledge base (``rebuilding``), and every other write of it
  (``writing``: a batch of ``update``, the re-application of judgements, a review
  decision) takes the same lock shared first, waiting at most ``WAIT`` seconds (the
  transaction's lock timeout) before failing with ``Busy``.

A second rebuild is refused at once, before it extracts anything (``rebuild_guard``
raises ``RebuildRunning``): in the same process on both backends, and from any process
on PostgreSQL (an advisory lock held by a connection for the whole rebuild, released
when it ends or its process dies). On SQLite, rebuilds in two processes both run, one
after the other (their writing is serialised by the write lock).

Readers never wait: they read the old knowledge base until the commit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from redes.store import Busy, Store
from redes.store import db as store_db

# Advisory lock keys (two int4s: a namespace for redes, then which lock).
NAMESPACE = 0x72656465  # "rede"
KNOWLEDGE_BASE, REBUILD = 1, 2

_running: set[str] = set()  # databases being rebuilt by this process
_running_lock = threading.Lock()


class RebuildRunning(Busy):
    """A rebuild of this knowledge base is already running."""

    def __init__(self) -> None:
        super().__init__(
            "a rebuild of this knowledge base is already running; try again when it has finished"
        )


@contextmanager
def rebuild_guard(store: Store) -> Iterator[None]:
    """For the whole of a rebuild: refuse a second rebuild of the same database in this
    process, and on PostgreSQL in any process."""
    key = str(store.engine.url)  # the password masked: the same for every engine of a database
    with _running_lock:
        if key in _running:
            raise RebuildRunning()
        _running.add(key)
    try:
        with database_guard(store):
            yield
    finally:
        with _running_lock:
            _running.discard(key)


@contextmanager
def database_guard(store: Store) -> Iterator[None]:
    """On PostgreSQL, hold the rebuild's advisory lock on a connection of its own (in
    autocommit: no transaction stays open), or raise ``RebuildRunning``."""
    if store.dialect != "postgresql":
        yield
        return
    args = {"n": NAMESPACE, "k": REBUILD}
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not conn.scalar(text("SELECT pg_try_advisory_lock(:n, :k)"), args):
            raise RebuildRunning()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:n, :k)"), args)


def rebuilding(s: Session) -> None:
    """At the start of a rebuild's transaction, on PostgreSQL: wait for the writers in
    flight (at most ``WAIT`` seconds) and keep new ones out until the commit. (On SQLite
    the rebuild's first write takes the database's write lock.)"""
    if s.get_bind().dialect.name != "postgresql":
        return
    _lock_timeout(s)
    s.execute(text("SELECT pg_advisory_xact_lock(:n, :k)"), {"n": NAMESPACE, "k": KNOWLEDGE_BASE})


def writing(s: Session) -> None:
    """At the start of a transaction that writes the knowledge base (before it reads what
    it will write from): on PostgreSQL, wait while a rebuild runs, at most ``WAIT``
    seconds. (On SQLite the first write waits for the write lock, as long.)"""
    if s.get_bind().dialect.name != "postgresql":
        return
    _lock_timeout(s)
    s.execute(text("SELECT pg_advisory_xact_lock_shared(:n, :k)"), {"n": NAMESPACE, "k": KNOWLEDGE_BASE})


def _lock_timeout(s: Session) -> None:
    """Give up any lock wait of this transaction after ``WAIT`` seconds, as SQLite does
    (the error becomes ``Busy`` when the session ends)."""
    ms = str(round(store_db.WAIT * 1000))
    s.execute(text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": ms})
