"""Alembic environment: runs against the engine that redes passes in ``config.attributes``."""

from alembic import context
from sqlalchemy import create_engine

from redes.store import metadata
from redes.store.db import db_url

config = context.config
target_metadata = metadata()


def run() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # plain `alembic` command line: take the URL from -x db=...
        engine = create_engine(db_url(context.get_x_argument(as_dictionary=True).get("db", "redes.db")))
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # Python's sqlite3 commits each CREATE at once: a process killed while it
            # created a new database's tables left some, and no revision stamped. In one
            # transaction the schema is created whole or not at all.
            conn.exec_driver_sql("BEGIN")
        context.configure(
            connection=conn,
            target_metadata=target_metadata,
            render_as_batch=conn.dialect.name == "sqlite",
        )
        context.run_migrations()


run()
