"""PostgreSQL's row-level security behind the query filter (``redes.access.rls``): raw SQL
in a restricted session reads no row of a hidden document, even with the ORM filter off."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from redes.access import filters
from redes.access.scope import Scope
from redes.store import open_store
from tests.access import canary

pytestmark = pytest.mark.postgres

TABLES = ("documents", "document_sources", "mentions", "evidence")


@pytest.fixture
def app_store(pg_url, tmp_path):
    """A store on a database owned by an ordinary role, as a team runs it (policies bind
    neither superusers nor the test server's own user, which is one)."""
    store = open_store(pg_url)
    try:
        yield store, canary.build(store, tmp_path / "canary")
    finally:
        store.close()


@pytest.fixture
def no_orm_filter():
    """The ORM filter switched off, so that only the database's wall is left."""
    event.remove(Session, "do_orm_execute", filters._restrict)
    try:
        yield
    finally:
        event.listen(Session, "do_orm_execute", filters._restrict)


def _counts(store) -> dict[str, int]:
    with store.session() as s:
        counts = {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}
        counts["phrase"] = s.execute(
            text("SELECT count(*) FROM documents WHERE text LIKE :p"), {"p": f"%{canary.CANARY.phrase}%"}
        ).scalar_one()
        counts["quotes"] = s.execute(
            text("SELECT count(*) FROM evidence WHERE quote LIKE :p"), {"p": f"%{canary.CANARY.place}%"}
        ).scalar_one()
    return counts


def test_raw_sql_in_a_restricted_session_reads_no_hidden_row(app_store, no_orm_filter):
    store, ids = app_store
    owner = _counts(store)
    assert owner["phrase"] == 1 and owner["quotes"] >= 1  # the secret is there to find
    public = store.scoped(Scope("viewer", "viewer", frozenset({ids["public"]}), frozenset(), 1))
    seen = _counts(public)
    assert seen["phrase"] == 0 and seen["quotes"] == 0
    for table in TABLES:
        assert 0 < seen[table] < owner[table], table
    nothing = store.scoped(Scope("nobody", "viewer", frozenset(), frozenset(), 2))
    assert set(_counts(nothing).values()) == {0}
    insider = store.scoped(Scope("insider", "viewer", frozenset(ids.values()), frozenset(), 3))
    assert _counts(insider) == owner


def test_the_setting_stays_in_its_transaction(app_store, no_orm_filter):
    """A pooled connection that served a restricted session serves the owner in full."""
    store, ids = app_store
    owner = _counts(store)
    public = store.scoped(Scope("viewer", "viewer", frozenset({ids["public"]}), frozenset(), 1))
    for _ in range(3):
        assert _counts(public)["phrase"] == 0
        assert _counts(store) == owner
