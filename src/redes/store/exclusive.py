"""Locks that serialise whole jobs on one database across processes: creating or
migrating its schema, and ingesting into it.

- SQLite: an exclusive ``flock`` on a lock file next to the database (``<db>.<name>.lock``),
  which the system releases when the process ends, even killed with ``SIGKILL``. The file
  stays: removing a lock file races with the next process that opens it.
- PostgreSQL: a session advisory lock held by a connection of its own, released when it
  closes or its process dies.
- An in-memory database belongs to one process: a lock within the process suffices.

A thread that holds a lock may take it again. The lock is waited for as long as it takes (an ingest can hold it for hours); ``waiting``
is called once when it is not free at once, so that a command can say why it is waiting.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

try:
    import fcntl
except ImportError:  # Windows: no flock; SQLite's own write lock is all there is
    fcntl = None  # type: ignore[assignment]

# Advisory lock keys: redes's namespace (``redes.kb.locks``), then which lock.
NAMESPACE = 0x72656465
KEYS = {"schema": 3, "ingest": 4}

_local: dict[tuple[str, str], threading.Lock] = {}
_local_guard = threading.Lock()


_mine = threading.local()  # the locks this thread holds: taking one again is a no-op


@contextmanager
def exclusive(engine: Engine, name: str, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the database-wide lock ``name`` ("schema" or "ingest") for the block; a thread
    that holds it already just goes on (an ingest started from within an ingest)."""
    held = _mine.__dict__.setdefault("held", set())
    key = (str(engine.url), name)
    if key in held:
        yield
        return
    held.add(key)
    try:
        with _exclusive(engine, name, waiting):
            yield
    finally:
        held.discard(key)


@contextmanager
def _exclusive(engine: Engine, name: str, waiting: Callable[[], None] | None) -> Iterator[None]:
    url = engine.url
    if url.get_backend_name() == "postgresql":
        with _advisory(engine, KEYS[name], waiting):
            yield
    elif url.database and url.database != ":memory:":
        with _flock(f"{url.database}.{name}.lock", waiting):
            yield
    else:
        with _local_guard:
            lock = _local.setdefault((str(url), name), threading.Lock())
        if not lock.acquire(blocking=False):
            if waiting:
                waiting()
            lock.acquire()
        try:
            yield
        finally:
            lock.release()


@contextmanager
def _flock(path: str, waiting: Callable[[], None] | None) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only folder: nothing can write the database there either
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def _advisory(engine: Engine, key: int, waiting: Callable[[], None] | None) -> Iterator[None]:
    args = {"n": NAMESPACE, "k": key}
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not conn.scalar(text("SELECT pg_try_advisory_lock(:n, :k)"), args):
            if waiting:
                waiting()
            conn.execute(text("SELECT pg_advisory_lock(:n, :k)"), args)
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:n, :k)"), args)
