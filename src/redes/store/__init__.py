"""The store: SQLAlchemy models, Alembic migrations, sessions and full-text search."""

from redes.store.db import DEFAULT_DB, Busy, Store, open_store

__all__ = ["DEFAULT_DB", "Busy", "Store", "open_store", "metadata"]

# Packages that declare tables on the shared Base, imported so that the metadata is whole.
MODEL_MODULES = ("redes.store.models", "redes.events.models", "redes.access.models")


def metadata():
    """The complete MetaData, with the tables of every package that declares some."""
    import importlib

    for name in MODEL_MODULES:
        importlib.import_module(name)
    from redes.store.models import Base

    return Base.metadata
