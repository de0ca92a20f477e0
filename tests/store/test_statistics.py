"""The query planner's statistics (``Store.analyze``): without them SQLite read a million
claims through the predicate index to find the few between two entities."""

from sqlalchemy import func, select, text

from redes.store.models import Claim, Entity

PREDICATES = ("leads", "member_of", "rival_of", "operates_in")


def _claims(store, entities: int = 300, per_entity: int = 12) -> None:
    """Many claims over few predicates: the shape of a real knowledge base."""
    with store.session() as s:
        s.execute(
            Entity.__table__.insert(),
            [{"slug": f"e{i}", "type": "person", "name": f"E {i}", "key": f"e {i}"} for i in range(entities)],
        )
        ids = list(s.scalars(select(Entity.id).order_by(Entity.id)))
        rows = [
            {
                "key": f"{a}-{k}",
                "subject_id": a,
                "object_id": ids[(n * 7 + k) % len(ids)],
                "predicate": PREDICATES[k % len(PREDICATES)],
                "status": "machine",
                "origin": "machine",
            }
            for n, a in enumerate(ids)
            for k in range(per_entity)
        ]
        s.execute(Claim.__table__.insert(), rows)


def _plan(store, stmt) -> str:
    compiled = stmt.compile(store.engine, compile_kwargs={"literal_binds": True})
    with store.engine.connect() as conn:
        return "\n".join(str(row[-1]) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))


def test_the_leaders_among_a_few_entities_are_looked_up_by_subject(sqlite_store):
    """What a review decision's graph patch asks (``analyse.graph_build.update_graph``):
    without statistics SQLite takes ``predicate = 'leads'`` for the selective condition."""
    store = sqlite_store
    _claims(store)
    stmt = select(Claim.id).where(Claim.subject_id.in_([5, 40, 77]), Claim.predicate == "leads")
    assert "ix_claims_predicate" in _plan(store, stmt)  # the guess
    store.analyze()
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'claims'")).scalar() > 0
    plan = _plan(store, stmt)
    assert "ix_claims_subject_id" in plan and "ix_claims_predicate" not in plan, plan


def test_analyze_on_either_backend_changes_no_data(store):
    _claims(store, entities=20, per_entity=3)
    with store.session() as s:
        before = s.scalar(select(func.count()).select_from(Claim))
    store.analyze()
    store.analyze("claims", "evidence")  # some tables, again: harmless
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Claim)) == before == 60
