"""The same corpus searched on SQLite and on PostgreSQL finds the same documents.

PostgreSQL's text-search parser takes its idea of a letter from the database's locale: in
a database created with the C locale, every non-ASCII character is a letter, so a word
next to a curly quote, an angle quote or a dash was indexed with it attached ("mencho”")
and not found. Migration 0013 indexes the text with that punctuation turned to spaces.
"""

import uuid

import pytest
from sqlalchemy import create_engine, text

from redes.ingest.pipeline import ingest
from redes.store import open_store
from redes.store.db import db_url
from redes.store.search import search_documents, with_snippets
from tests.conftest import APP_ROLE

# Ten documents that name "Mencho", each next to a different punctuation mark.
MENCHO = [
    "Según la Fiscalía, “El Mencho” dirige el Cártel de Jalisco Nueva Generación.",
    "La prensa lo llama «Mencho» desde hace un año.",
    "Lo apodan ‘Mencho’ en Michoacán.",
    "Oseguera—alias Mencho—huyó de la Marina.",
    "El jefe es Mencho… o eso dicen en Jalisco.",
    "¿Mencho? Nadie lo ha visto este año.",
    "„Mencho“ wurde in Jalisco gesucht.",
    "Mencho’s men attacked a convoy – officials said.",
    "The DEA offers a reward for Mencho (Nemesio Oseguera Cervantes).",
    "El Mencho controla la plaza, dijo un testigo.",
]
OTHERS = [
    "Los Zetas pelearon con el Cártel del Golfo en Tamaulipas.",
    "La Familia Michoacana fue fundada en Michoacán.",
]
# Query: documents it finds, the same on both backends.
EXPECTED = {
    "mencho": 10,
    "Mencho": 10,
    '"El Mencho"': 2,
    "jalisco": 3,
    "año": 2,
    "cartel": 2,
    "Michoacán": 2,
    "oseguera": 2,
    "alias": 1,
    "huyó": 1,
    "convoy": 1,
    "mencho -jalisco": 7,
    "Zetas OR Mencho": 11,
}


def _write(folder):
    folder.mkdir()
    for i, body in enumerate(MENCHO + OTHERS):
        (folder / f"doc{i:02}.txt").write_text(f"Nota {i}\n\n{body}\n", encoding="utf-8")
    return folder


def _counts(store) -> dict[str, int]:
    return {q: len(search_documents(store, q, limit=100)) for q in EXPECTED}


@pytest.fixture
def c_locale_pg(pg_server):
    """A fresh database created with the C locale whatever the server's default, owned by
    the application role; dropped afterwards."""
    name = "redes_c_" + uuid.uuid4().hex[:12]
    admin = create_engine(db_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}).first() is None:
            conn.execute(text(f'CREATE ROLE "{APP_ROLE}" LOGIN NOSUPERUSER NOBYPASSRLS'))
        conn.execute(
            text(
                f'CREATE DATABASE "{name}" OWNER "{APP_ROLE}" ENCODING \'UTF8\' '
                "LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
            )
        )
    scheme, rest = pg_server.split("://", 1)
    host = rest.rsplit("@", 1)[-1].rsplit("/", 1)[0]
    try:
        yield f"{scheme}://{APP_ROLE}@{host}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_both_backends_find_the_same_documents(tmp_path, c_locale_pg):
    folder = _write(tmp_path / "corpus")
    sqlite = open_store(tmp_path / "s.db")
    pg = open_store(c_locale_pg)
    try:
        with pg.engine.connect() as conn:
            ctype = conn.execute(
                text("SELECT datctype FROM pg_database WHERE datname = current_database()")
            ).scalar()
        assert ctype == "C"
        for store in (sqlite, pg):
            ingest(store, [folder], extract=False)
        counts = {"sqlite": _counts(sqlite), "postgresql": _counts(pg)}
        assert counts == {"sqlite": EXPECTED, "postgresql": EXPECTED}
        (hit,) = search_documents(pg, '"alias Mencho"')
        assert "**alias** **Mencho**" in hit.snippet
        # Snippets keep quotes, as ASCII ones.
        (hit,) = search_documents(pg, "dirige")
        assert '"El Mencho" **dirige**' in hit.snippet
        # Matches counted without snippets, the few shown given theirs: the same snippets.
        for store in (sqlite, pg):
            bare = search_documents(store, "Mencho", limit=100, snippets=False)
            assert len(bare) == EXPECTED["Mencho"] and all(h.marked == "" for h in bare)
            shown = with_snippets(store, "Mencho", bare[:3])
            assert [h.marked for h in shown] == [h.marked for h in search_documents(store, "Mencho", limit=3)]
            assert all("**Mencho**" in h.snippet for h in shown)
    finally:
        sqlite.close()
        pg.close()


def _index_definition(engine) -> str:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_documents_fts'")
        ).scalar()


@pytest.mark.postgres
def test_an_existing_database_is_reindexed_when_it_migrates(tmp_path, c_locale_pg):
    from alembic import command

    from redes.store.db import alembic_config, make_engine, migrate

    folder = _write(tmp_path / "corpus")
    store = open_store(c_locale_pg)
    ingest(store, [folder], extract=False)
    store.close()
    engine = make_engine(c_locale_pg)
    command.downgrade(alembic_config(engine), "0012")  # the index as 0002 made it
    assert "redes_fts_text" not in _index_definition(engine)
    with engine.connect() as conn:
        old = conn.execute(
            text(
                "SELECT count(*) FROM documents WHERE to_tsvector('redes'::regconfig, "
                "coalesce(title, '') || ' ' || text) @@ to_tsquery('redes'::regconfig, 'mencho')"
            )
        ).scalar()
    assert old == 2  # only "(Mencho)" and "El Mencho controla": the quotes stuck to the rest
    migrate(engine)
    # Indexed as 0013 made the vector (punctuation as spaces), stored since 0016, made by a
    # trigger when the title or the text is written since 0017.
    assert "search_vector" in _index_definition(engine)
    with engine.begin() as conn:
        made_by = conn.execute(
            text("SELECT prosrc FROM pg_proc WHERE proname = 'redes_documents_search_vector'")
        ).scalar()
        assert "redes_fts_text" in made_by
        word = "SELECT count(*) FROM documents WHERE search_vector @@ to_tsquery('redes'::regconfig, :w)"
        (doc_id,) = conn.execute(text("SELECT min(id) FROM documents")).one()
        conn.execute(text("UPDATE documents SET text = text || ' zanahoria' WHERE id = :i"), {"i": doc_id})
        conn.execute(text("UPDATE documents SET source_group = id WHERE id = :i"), {"i": doc_id})
        assert conn.execute(text(word), {"w": "zanahoria"}).scalar() == 1
        conn.execute(text("UPDATE documents SET text = replace(text, ' zanahoria', '') WHERE id = :i"), {"i": doc_id})
        assert conn.execute(text(word), {"w": "zanahoria"}).scalar() == 0
    engine.dispose()
    store = open_store(c_locale_pg)
    try:
        assert _counts(store) == EXPECTED
    finally:
        store.close()
