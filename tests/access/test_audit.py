"""The audit log: a hash chain that shows edited, deleted, moved and (with a checkpoint)
cut-off rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text

from redes.access import audit
from redes.access.models import AuditEvent


def _fill(store, n=5):
    with store.session() as s:
        for i in range(n):
            audit.record(s, "search", f"user{i % 2}", detail={"query": f"term {i}", "n": i}, origin="cli")


def _verify(store, checkpoint=None):
    with store.session() as s:
        return audit.verify(s, checkpoint)


def _head(store):
    with store.session() as s:
        return audit.head(s)


def _ids(store):
    with store.session() as s:
        return s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()


def _sql(store, statement, **params):
    with store.session() as s:
        s.execute(text(statement), params)


def test_an_intact_chain_verifies(store):
    assert _verify(store) == []
    _fill(store)
    with store.session() as s:
        audit.record(s, "login", "ana", origin="web 127.0.0.1")
    assert _verify(store) == []
    with store.session() as s:
        rows = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert rows[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    assert _head(store) == {"rows": 6, "last_id": rows[-1].id, "last_hash": rows[-1].hash}


def test_an_edited_field_is_detected(store):
    for column, value in (("actor", "someone else"), ("target", "x"), ("origin", "web"), ("action", "login")):
        _sql(store, "DELETE FROM audit_events")
        _fill(store)
        third = _ids(store)[2]
        _sql(store, f"UPDATE audit_events SET {column} = :v WHERE id = :id", v=value, id=third)
        problems = _verify(store)
        assert len(problems) == 1 and f"row {third}" in problems[0], column
        assert "contents were changed" in problems[0], column


def test_an_edited_detail_or_time_is_detected(store):
    _fill(store)
    with store.session() as s:
        ev = s.get(AuditEvent, 2)
        ev.detail = {"query": "something innocent", "n": 1}
    assert any("row 2" in p for p in _verify(store))
    _sql(store, "DELETE FROM audit_events")
    _fill(store)
    fourth = _ids(store)[3]
    with store.session() as s:
        s.get(AuditEvent, fourth).at = datetime.now(UTC) - timedelta(days=30)
    assert any(f"row {fourth}" in p for p in _verify(store))


def test_a_deleted_middle_row_is_detected(store):
    _fill(store)
    _sql(store, "DELETE FROM audit_events WHERE id = 3")
    problems = _verify(store)
    assert problems and "row 4" in problems[0] and "does not follow" in problems[0]


def test_a_deleted_first_row_is_detected(store):
    _fill(store)
    _sql(store, "DELETE FROM audit_events WHERE id = 1")
    assert "rows before it are missing" in _verify(store)[0]


def test_reordered_rows_are_detected(store):
    _fill(store)
    _sql(store, "UPDATE audit_events SET id = 1000 WHERE id = 2")
    _sql(store, "UPDATE audit_events SET id = 2 WHERE id = 3")
    _sql(store, "UPDATE audit_events SET id = 3 WHERE id = 1000")
    assert len(_verify(store)) >= 2


def test_a_cut_off_end_needs_the_checkpoint(store):
    _fill(store)
    checkpoint = _head(store)
    _sql(store, "DELETE FROM audit_events WHERE id >= 4")
    assert _verify(store) == []  # the chain alone cannot tell
    problems = _verify(store, checkpoint)
    assert problems and "cut short" in problems[0]


def test_a_cut_end_refilled_with_new_rows_is_detected(store):
    _fill(store)
    checkpoint = _head(store)
    _sql(store, "DELETE FROM audit_events WHERE id >= 4")
    _fill(store, 3)  # SQLite may reuse the ids 4 and 5
    assert _verify(store) == []
    assert _verify(store, checkpoint)


def test_a_rewritten_chain_is_detected_by_the_checkpoint(store):
    """Someone who edits a row and recomputes every hash after it fools the chain, not the
    checkpoint kept outside the database."""
    _fill(store)
    checkpoint = _head(store)
    with store.session() as s:
        rows = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        rows[1].detail = {"query": "nothing to see"}
        prev = rows[0].hash
        for ev in rows[1:]:
            ev.prev_hash = prev
            ev.hash = prev = audit.row_hash(prev, ev)
    assert _verify(store) == []
    assert any("rewritten" in p for p in _verify(store, checkpoint))


def test_the_checkpoint_accepts_a_log_that_grew(store):
    _fill(store)
    checkpoint = _head(store)
    _fill(store, 3)
    assert _verify(store, checkpoint) == []


def test_secrets_never_reach_the_log(store):
    with store.session() as s:
        ev = audit.record(
            s, "login", "ana", detail={"password": "hunter2 hunter2", "token": "abc", "ok": True}
        )
    assert ev.detail == {"ok": True}
    assert _verify(store) == []


def test_events_filters(store):
    _fill(store, 6)
    with store.session() as s:
        audit.record(s, "login", "ana")
        audit.record(s, "login.failed", "mallory", detail={"username": "ana"})
        audit.record(s, "login_other", "ana")
    with store.session() as s:
        newest = audit.events(s, limit=2)
        assert [e["action"] for e in newest] == ["login_other", "login.failed"]
        assert {e["action"] for e in audit.events(s, action="login")} == {"login", "login.failed"}
        assert len(audit.events(s, actor="user0")) == 3
        assert audit.events(s, since=datetime.now(UTC) + timedelta(minutes=1)) == []
        assert len(audit.events(s, since=datetime.now(UTC) - timedelta(minutes=5))) == 9
        first = audit.events(s, actor="user0")[-1]
        assert first["detail"] == {"query": "term 0", "n": 0} and first["origin"] == "cli"
        assert first["at"].endswith("Z")


def test_concurrent_appends_keep_one_chain(store):
    """Appends from several connections at once are serialized: no two rows claim the same
    predecessor."""
    errors = []

    def work(n):
        try:
            for i in range(8):
                with store.session() as s:
                    audit.record(s, "search", f"t{n}", detail={"i": i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _head(store)["rows"] == 32
    assert _verify(store) == []
