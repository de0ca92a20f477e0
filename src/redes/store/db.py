"""Engines, sessions and migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB = "redes.db"
# Seconds a writer waits for another one (SQLite's busy timeout; on PostgreSQL, the lock
# timeout of knowledge-base writes, ``redes.kb.locks``) before failing with ``Busy``.
WAIT = 30.0


class Busy(RuntimeError):
    """Another writer held the database for longer than ``WAIT``: most likely a rebuild,
    which writes the whole knowledge base in one transaction. Try again once it is done."""


def db_url(db: str | os.PathLike) -> str:
    """Turn a ``--db`` value (a file path or a URL) into a SQLAlchemy URL."""
    db = str(db)
    if db.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we ship.
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={round(WAIT * 1000)}")
    # Switching a new database to WAL needs a lock that another process opening it at the
    # same moment may hold, and SQLite may say "database is locked" at once, without
    # waiting: try again for as long as a writer waits.
    deadline = time.monotonic() + WAIT
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


# Connections a process keeps open. A web worker runs up to 40 requests at once (FastAPI's
# thread pool): with SQLAlchemy's default (5, and 10 more opened and closed again), a busy
# server opened a connection, and ran the pragmas above, for most requests. SQLite: 20
# kept, 20 more at most. PostgreSQL: 8 and 8 more per process, so that four workers stay
# within 64 connections (the server's default max_connections is 100).
SQLITE_POOL = (20, 20)
# Rows SQLite's ANALYZE reads per index (``Store.analyze``): enough for the planner to tell
# an index of a few rows per key from one of half the table.
ANALYSIS_LIMIT = 1000
PG_POOL = (8, 8)


def make_engine(db: str | os.PathLike) -> Engine:
    url = db_url(db)
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        pool = {} if in_memory else {"pool_size": SQLITE_POOL[0], "max_overflow": SQLITE_POOL[1]}
        engine = create_engine(url, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=PG_POOL[0], max_overflow=PG_POOL[1])
    return engine


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("redes.store") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` with Alembic (creates it on a new database)."""
    from alembic import command

    from redes.store.exclusive import exclusive

    if revision == "head" and _at_head(engine):
        return
    # Two processes opening a new database would both create its tables: one at a time.
    with exclusive(engine, "schema"):
        command.upgrade(alembic_config(engine), revision)


def _at_head(engine: Engine) -> bool:
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current == set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


class Store:
    """A database: an engine plus a session factory. Use ``open_store`` to get one.

    ``scope`` (a ``redes.access.Scope``) restricts what every session of this store reads;
    ``scoped`` makes a restricted view of the same database. None reads everything.
    """

    def __init__(self, engine: Engine, scope: object | None = None):
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.scope = scope
        self.one_snapshot = False

    def scoped(self, scope: object | None) -> Store:
        """The same database, seen through ``scope`` (sharing engine and connection pool)."""
        view = Store.__new__(Store)
        view.engine, view.sessions, view.scope = self.engine, self.sessions, scope
        view.one_snapshot = self.one_snapshot
        return view

    def snapshot(self) -> Store:
        """The same view of the database, each session of which reads one snapshot: what
        was committed when its first statement ran, whatever commits meanwhile (a rebuild
        swapping in a new knowledge base, say). For readers whose queries must agree with
        each other (a dossier, a web page); writers use ordinary sessions."""
        view = self.scoped(self.scope)
        view.one_snapshot = True
        return view

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self.sessions() as s:
            if self.scope is not None:
                from redes.access.filters import SCOPE_KEY

                s.info[SCOPE_KEY] = self.scope
            if self.one_snapshot:
                _begin_snapshot(s)
            try:
                yield s
                s.commit()
            except BaseException as exc:
                s.rollback()
                if _busy(exc):
                    raise Busy(
                        f"the database is busy: another writer (a rebuild?) held it for more than "
                        f"{WAIT:g} s; try again when it has finished"
                    ) from exc
                raise

    def collection(self, session: Session, name: str, create: bool = True):
        from redes.store.models import Collection

        coll = session.scalar(select(Collection).where(Collection.name == name))
        if coll is None and create:
            coll = Collection(name=name)
            session.add(coll)
            session.flush()
        return coll

    def analyze(self, *tables: str) -> None:
        """Refresh the query planner's statistics of ``tables`` (all by default), after
        large writes and when a server starts. Without them both databases guess, and
        guessed wrong where it matters: with a million claims SQLite scanned the predicate
        index (every claim) instead of looking up an entity's claims by subject, which made
        each review decision's graph patch cost a second of CPU; PostgreSQL summarised
        19,000 new events in 8 s instead of 10 ms until autovacuum came round.
        ``analysis_limit`` keeps SQLite's ANALYZE to a sample (50 ms for a million claims);
        PostgreSQL's samples anyway."""
        with self.engine.begin() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
                for statement in [f"ANALYZE {t}" for t in tables] or ["ANALYZE"]:
                    conn.exec_driver_sql(statement)
            else:
                conn.exec_driver_sql(f"ANALYZE {', '.join(tables)}" if tables else "ANALYZE")

    def close(self) -> None:
        self.engine.dispose()


def _begin_snapshot(s: Session) -> None:
    """Start ``s``'s transaction so that all its statements read the same snapshot."""
    if s.get_bind().dialect.name == "postgresql":
        # READ COMMITTED, the default, takes a new snapshot for each statement.
        s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        # pysqlite opens no transaction before a SELECT, so that each SELECT would read
        # what was committed when it ran; in one transaction, all read one WAL snapshot.
        s.connection().exec_driver_sql("BEGIN")


def _busy(exc: BaseException) -> bool:
    """Did a statement give up waiting for another writer?"""
    if not isinstance(exc, OperationalError):
        return False
    orig = exc.orig
    # SQLite's busy timeout; PostgreSQL's lock_timeout (lock_not_available).
    return "database is locked" in str(orig) or getattr(orig, "sqlstate", None) == "55P03"


def open_store(db: str | os.PathLike = DEFAULT_DB, upgrade: bool = True) -> Store:
    """Open (and by default create or migrate) the database named by a path or URL."""
    engine = make_engine(db)
    if upgrade:
        migrate(engine)
    return Store(engine)
