"""Migration 0008 (claim spans) upgrades a 0007 database in place, rows kept, and back."""

from alembic import command
from sqlalchemy import inspect, text

from redes.store.db import alembic_config, make_engine, migrate


def test_upgrade_from_0007_keeps_claims_and_adds_span_columns(tmp_path):
    engine = make_engine(tmp_path / "old.db")
    migrate(engine, "0007")
    with engine.begin() as conn:
        now = "2026-01-01 00:00:00"
        conn.execute(
            text(
                "INSERT INTO entities (id, slug, type, name, key, created_at) VALUES (1, 'a', 'person', 'A', 'a', :t)"
            ),
            {"t": now},
        )
        conn.execute(
            text(
                "INSERT INTO claims (id, key, subject_id, predicate, year, status, created_at)"
                " VALUES (1, 'k', 1, 'leads', 2014, 'machine', :t)"
            ),
            {"t": now},
        )
    migrate(engine, "0008")
    columns = {c["name"] for c in inspect(engine).get_columns("claims")}
    assert {"start_date", "start_precision", "end_date", "end_precision", "end_basis"} <= columns
    assert {"span_start", "span_end", "end_cue"} <= {
        c["name"] for c in inspect(engine).get_columns("evidence")
    }
    with engine.begin() as conn:
        row = conn.execute(text("SELECT key, year, start_date, end_precision FROM claims")).one()
        assert tuple(row) == ("k", 2014, None, None)
        conn.execute(text("UPDATE claims SET start_date = '2014-01-01', start_precision = 'year'"))
    command.downgrade(alembic_config(engine), "0007")
    assert "start_date" not in {c["name"] for c in inspect(engine).get_columns("claims")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT year FROM claims")).scalar() == 2014
    engine.dispose()
