"""The store on both backends: schema, constraints, transactions."""

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from redes.store import metadata, open_store
from redes.store.models import Claim, Document, Entity, Evidence, Mention


def _doc(store, name="a.txt", digest="0" * 64):
    with store.session() as s:
        coll = store.collection(s, "public")
        doc = Document(collection_id=coll.id, content_hash=digest, file_name=name, format="txt", text="x")
        s.add(doc)
        s.flush()
        return doc.id


def test_migrations_create_every_model_table(store):
    tables = set(inspect(store.engine).get_table_names())
    assert set(metadata().tables) <= tables


def test_migrations_match_the_models(store):
    """Alembic autogenerate finds nothing to add: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata())
    # Full-text search objects (FTS5 tables, the GIN index and PostgreSQL's stored vector)
    # live only in migrations 0002, 0013, 0016 and 0017, not in the models.
    diff = [
        d
        for d in diff
        if not (d[0] in ("remove_table", "remove_index") and "documents_fts" in d[1].name)
        and not (d[0] == "remove_column" and d[2] == "documents" and d[3].name == "search_vector")
    ]
    assert diff == []


def test_reopening_is_a_no_op(db):
    open_store(db).close()
    store = open_store(db)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    store.close()


def test_content_hash_is_unique_per_collection(store):
    _doc(store)
    with pytest.raises(IntegrityError):
        _doc(store, name="b.txt")


def test_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError):
        with store.session() as s:
            coll = store.collection(s, "public")
            s.add(
                Document(collection_id=coll.id, content_hash="1" * 64, file_name="a", format="txt", text="x")
            )
            s.flush()
            raise RuntimeError("crash mid-write")
    with store.session() as s:
        assert s.scalar(select(Document)) is None


def test_claims_evidence_and_cascades(store):
    doc_id = _doc(store)
    with store.session() as s:
        mencho = Entity(
            slug="nemesio-oseguera-cervantes", type="person", name="Nemesio Oseguera Cervantes", key="x"
        )
        cjng = Entity(slug="cjng", type="criminal_group", name="CJNG", key="cjng")
        s.add_all([mencho, cjng])
        s.flush()
        claim = Claim(key="k1", subject_id=mencho.id, predicate="leads", object_id=cjng.id, year=2009)
        s.add(claim)
        s.flush()
        s.add(Evidence(claim_id=claim.id, document_id=doc_id, start=0, end=1, quote="x"))
        s.add(Mention(document_id=doc_id, entity_id=mencho.id, start=0, end=1, text="x", type="person"))
    with store.session() as s:
        claim = s.scalar(select(Claim))
        assert claim.subject.slug == "nemesio-oseguera-cervantes" and claim.object.slug == "cjng"
        assert [e.quote for e in claim.evidence] == ["x"]
        s.delete(s.get(Document, doc_id))
    with store.session() as s:
        assert s.scalar(select(Evidence)) is None and s.scalar(select(Mention)) is None


def test_sqlite_runs_in_wal_mode(sqlite_store):
    with sqlite_store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
