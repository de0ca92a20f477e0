"""Engines, sessions and migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB = "redes.db"


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
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(db: str | os.PathLike) -> Engine:
    url = db_url(db)
    if url.startswith("sqlite"):
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
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

    command.upgrade(alembic_config(engine), revision)


class Store:
    """A database: an engine plus a session factory. Use ``open_store`` to get one.

    ``scope`` (a ``redes.access.Scope``) restricts what every session of this store reads;
    ``scoped`` makes a restricted view of the same database. None reads everything.
    """

    def __init__(self, engine: Engine, scope: object | None = None):
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.scope = scope

    def scoped(self, scope: object | None) -> Store:
        """The same database, seen through ``scope`` (sharing engine and connection pool)."""
        view = Store.__new__(Store)
        view.engine, view.sessions, view.scope = self.engine, self.sessions, scope
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
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def collection(self, session: Session, name: str, create: bool = True):
        from redes.store.models import Collection

        coll = session.scalar(select(Collection).where(Collection.name == name))
        if coll is None and create:
            coll = Collection(name=name)
            session.add(coll)
            session.flush()
        return coll

    def close(self) -> None:
        self.engine.dispose()


def open_store(db: str | os.PathLike = DEFAULT_DB, upgrade: bool = True) -> Store:
    """Open (and by default create or migrate) the database named by a path or URL."""
    engine = make_engine(db)
    if upgrade:
        migrate(engine)
    return Store(engine)
