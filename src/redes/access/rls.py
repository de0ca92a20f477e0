"""PostgreSQL row-level security: the database's own wall behind the query filter.

``redes.access.filters`` restricts every ORM query; raw SQL and any query the ORM filter
misses would still reach every row. On PostgreSQL, migration 0006 (where the policies'
SQL lives) puts the tables that hold text from documents under a read policy (``documents``
with its full text, ``document_sources``, ``mentions``, ``evidence`` with its quotes,
``tip_files``; ``list_records`` since 0014): a row is visible only when its
document's collection is listed in the transaction's ``redes.readable`` setting, or when
that setting is empty (the owner, migrations, ingest's unrestricted writes).

A session of a restricted store sets ``redes.readable`` at the start of each of its
transactions (``SET LOCAL`` semantics, so a pooled connection never carries it to another
user). Entities and claims are not under a policy: their rows hold no document text, and a
per-row check through evidence would double the cost the ORM filter already pays; the ORM
filter hides them (``docs/security.md``).

Policies bind neither superusers nor roles with ``BYPASSRLS``: a team's redes must connect
as an ordinary role that owns its tables (the policies are ``FORCE``d on the owner).
"""

from __future__ import annotations

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session, SessionTransaction

SETTING = "redes.readable"


def setting(readable: frozenset[int]) -> str:
    """The value of ``redes.readable`` for a scope that reads collections ``readable``: a
    PostgreSQL array literal, ``{}`` when nothing is readable (never empty)."""
    return "{" + ",".join(str(i) for i in sorted(readable)) + "}"


@event.listens_for(Session, "after_begin")
def _set_readable(session: Session, transaction: SessionTransaction, connection: Connection) -> None:
    from redes.access.filters import SCOPE_KEY

    scope = session.info.get(SCOPE_KEY)
    if scope is None or not scope.restricted or connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(
        "SELECT set_config(%(name)s, %(value)s, true)",
        {"name": SETTING, "value": setting(scope.readable)},
    )
