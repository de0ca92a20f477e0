"""``Store.snapshot``: every statement of a session reads the same committed state."""

from sqlalchemy import func, select

from redes.store.models import Entity


def _count(s) -> int:
    return s.scalar(select(func.count()).select_from(Entity))


def _add(store, slug: str) -> None:
    with store.session() as s:
        s.add(Entity(slug=slug, type="person", name=slug, key=slug))


def test_a_snapshot_session_does_not_see_what_commits_meanwhile(store):
    _add(store, "first")
    with store.snapshot().session() as s:
        assert _count(s) == 1
        _add(store, "second")  # committed by another session
        assert _count(s) == 1
        assert s.scalar(select(Entity.id).where(Entity.slug == "second")) is None
    with store.snapshot().session() as s:
        assert _count(s) == 2
    # An ordinary session reads what is committed when each statement runs.
    with store.session() as s:
        assert _count(s) == 2
        _add(store, "third")
        assert _count(s) == 3


def test_a_snapshot_keeps_the_scope_and_scoped_views_keep_the_snapshot(store):
    view = store.snapshot()
    assert view.one_snapshot and not store.one_snapshot
    assert view.scoped(None).one_snapshot and view.engine is store.engine
