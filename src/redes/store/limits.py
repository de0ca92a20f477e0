"""Statement time limits and cancellation, for the web server's queries.

A query that runs too long (a search with hundreds of common words, a period of a
million years) must not hold a core, nor outlive the client that asked for it. So the web
server's engine gets ``limit_statements``; then each statement runs under the ``Limit`` of
the context it is executed in (a context variable: a request sets it, and it follows the
request into worker threads):

- **SQLite**: a progress handler, called by SQLite every ``PROGRESS_STEPS`` virtual
  machine instructions, interrupts the statement once it has run past its deadline, or as
  soon as its request is cancelled (the client went away, the server is stopping). The
  statement fails with ``sqlite3.OperationalError: interrupted``.
- **PostgreSQL**: ``statement_timeout`` is set for the transaction (``set_config(...,
  true)``, so a pooled connection never carries it to other work); a cancelled request
  cancels the statements it has running (``connection.cancel()``). The statement fails
  with ``QueryCanceled``.

Nothing is limited outside such a context: the CLI, ingest, imports and rebuilds run as
long as they need (``unlimited()`` lifts the limit inside a request, for the web's own
uploads and rebuilds). ``is_timeout`` tells a time-out from other database errors, so
that the web answers 503.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from sqlalchemy import Engine, event

ENV = "REDES_STATEMENT_TIMEOUT"
DEFAULT_WEB_TIMEOUT = 5.0
# How often SQLite calls the progress handler: every this many virtual machine
# instructions (tens of microseconds of work), cheap enough to leave on (bench/limits.py).
PROGRESS_STEPS = 1000
_STATE = "redes.limit"
_PG_SET = "redes.statement_timeout"


def configured_timeout(default: float = DEFAULT_WEB_TIMEOUT) -> float | None:
    """The web server's statement time limit in seconds: ``$REDES_STATEMENT_TIMEOUT``
    (``0`` or ``off`` for none), else ``default``."""
    raw = os.environ.get(ENV, "").strip().lower()
    if not raw:
        return default
    if raw in ("0", "off", "none"):
        return None
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"{ENV} must be a number of seconds, or 0 for no limit: {raw!r}") from None
    if not 0 < seconds < 86_400:
        raise ValueError(f"{ENV} must be between 0 and 86400 seconds: {raw!r}")
    return seconds


@dataclass(eq=False)
class Limit:
    """The limit on each statement run in one context: ``seconds`` per statement (None:
    no deadline), and events that cancel every statement once set (the client went away,
    the server is stopping); ``server`` are those of the events that belong to the server
    rather than to one request."""

    seconds: float | None = None
    events: tuple[threading.Event, ...] = ()
    server: tuple[threading.Event, ...] = ()
    # PostgreSQL connections running a statement of this context, to cancel them.
    _running: set = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def cancelled(self) -> bool:
        return any(e.is_set() for e in self.events)

    def detached(self, seconds: float | None) -> Limit:
        """A limit for work one request starts for many (a cached answer): ``seconds`` per
        statement, cancelled when the server stops but not when this request's client
        goes away."""
        return Limit(seconds, self.server, self.server)

    def cancel_running(self) -> None:
        """Cancel the PostgreSQL statements this context has running (SQLite's progress
        handler sees the events by itself)."""
        with self._lock:
            running = list(self._running)
        for conn in running:
            try:
                # psycopg 3.2 and later: cancel_safe; before: cancel.
                (getattr(conn, "cancel_safe", None) or conn.cancel)()
            except Exception:  # the statement ended meanwhile: nothing to cancel
                pass


_LIMIT: ContextVar[Limit | None] = ContextVar("redes_statement_limit", default=None)


@contextmanager
def limited(limit: Limit | None) -> Iterator[Limit | None]:
    """Run the block's statements (and those of the worker threads it starts with a copy
    of its context) under ``limit``; None lifts any limit."""
    token = _LIMIT.set(limit)
    try:
        yield limit
    finally:
        _LIMIT.reset(token)


def unlimited():
    """No statement limit in the block: for work that is meant to be long (an upload's
    ingest, an import, a rebuild), even inside a web request."""
    return limited(None)


def current() -> Limit | None:
    return _LIMIT.get()


def is_timeout(exc: BaseException) -> bool:
    """Whether a database error is a statement stopped by its limit (or cancelled)."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) == "57014":  # PostgreSQL query_canceled
        return True
    return type(orig).__name__ == "OperationalError" and str(orig) == "interrupted"


class _SqliteState:
    """One SQLite connection's current deadline and cancel events, read by its progress
    handler (which SQLite calls in the thread running the statement)."""

    __slots__ = ("deadline", "limit")

    def __init__(self) -> None:
        self.deadline: float | None = None
        self.limit: Limit | None = None

    def set(self, limit: Limit | None) -> None:
        self.limit = limit if limit is not None and (limit.seconds or limit.events) else None
        seconds = limit.seconds if limit is not None else None
        self.deadline = time.monotonic() + seconds if seconds else None

    def clear(self) -> None:
        self.deadline = self.limit = None

    def __call__(self) -> int:
        limit = self.limit
        if limit is None:
            return 0
        if limit.events and limit.cancelled:
            return 1
        deadline = self.deadline
        return 1 if deadline is not None and time.monotonic() > deadline else 0


def limit_statements(engine: Engine) -> Engine:
    """Make every statement ``engine`` runs obey the ``Limit`` of its context (see the
    module's docstring). Idempotent; costs nothing to statements run outside a limit."""
    if engine.dialect.name == "sqlite":
        _limit_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        _limit_postgres(engine)
    return engine


def _limit_sqlite(engine: Engine) -> None:
    if event.contains(engine, "before_cursor_execute", _sqlite_before):
        return
    event.listen(engine, "before_cursor_execute", _sqlite_before)
    for name in ("commit", "rollback"):
        event.listen(engine, name, _sqlite_end)
    event.listen(engine.pool, "checkin", _sqlite_checkin)


def _sqlite_state(conn) -> _SqliteState:
    info = conn.connection.info
    state = info.get(_STATE)
    if state is None:
        state = info[_STATE] = _SqliteState()
        conn.connection.dbapi_connection.set_progress_handler(state, PROGRESS_STEPS)
    return state


def _sqlite_before(conn, cursor, statement, parameters, context, executemany) -> None:
    # The deadline stays until the next statement or the end of the transaction: SQLite
    # runs most of a query while its rows are fetched, after this statement "executed".
    _sqlite_state(conn).set(_LIMIT.get())


def _sqlite_end(conn) -> None:
    state = conn.connection.info.get(_STATE) if conn.connection is not None else None
    if state is not None:
        state.clear()


def _sqlite_checkin(dbapi_conn, record) -> None:
    state = record.info.get(_STATE) if record is not None else None
    if state is not None:
        state.clear()


def _limit_postgres(engine: Engine) -> None:
    if event.contains(engine, "before_cursor_execute", _pg_before):
        return
    event.listen(engine, "before_cursor_execute", _pg_before)
    event.listen(engine, "after_cursor_execute", _pg_after)
    event.listen(engine, "handle_error", _pg_error)
    for name in ("commit", "rollback"):
        event.listen(engine, name, _pg_end)
    event.listen(engine.pool, "checkin", _pg_checkin)


def _pg_before(conn, cursor, statement, parameters, context, executemany) -> None:
    limit = _LIMIT.get()
    ms = round(limit.seconds * 1000) if limit is not None and limit.seconds else 0
    info = conn.connection.info
    dbapi = conn.connection.dbapi_connection
    if info.get(_PG_SET, 0) != ms:
        # Local to the transaction: it ends with it, and never reaches other work.
        with dbapi.cursor() as cur:
            cur.execute(f"SELECT set_config('statement_timeout', '{int(ms)}', true)")
        info[_PG_SET] = ms
    if limit is not None and limit.events and context is not None:
        with limit._lock:
            limit._running.add(dbapi)
        context._redes_running = (limit, dbapi)


def _pg_done(context) -> None:
    running = getattr(context, "_redes_running", None)
    if running is not None:
        limit, dbapi = running
        with limit._lock:
            limit._running.discard(dbapi)


def _pg_after(conn, cursor, statement, parameters, context, executemany) -> None:
    _pg_done(context)


def _pg_error(exception_context) -> None:
    if exception_context.execution_context is not None:
        _pg_done(exception_context.execution_context)


def _pg_end(conn) -> None:
    if conn.connection is not None:
        conn.connection.info.pop(_PG_SET, None)


def _pg_checkin(dbapi_conn, record) -> None:
    # The pool rolls the connection back on its return, ending the transaction's setting.
    if record is not None:
        record.info.pop(_PG_SET, None)
