"""A list kept in a confidential collection: a reader without the grant sees nothing of
it, through the list reads, the dossier, claims, search and the network with lists."""

from pathlib import Path

import pytest
from sqlalchemy import select

from redes import kb
from redes.access.scope import Scope
from redes.analyse.graph_build import build_graph
from redes.analyse.options import GraphFilters
from redes.kb.lookup import LookupFailed
from redes.sources import importing, lists
from redes.store.models import Collection, Entity
from redes.store.search import search_documents

SAMPLE = Path(__file__).parent / "data" / "sdn_2024-05-03.csv"


@pytest.fixture
def secret_list(sqlite_store):
    with sqlite_store.session() as s:
        s.add(Collection(name="public", visibility="public"))
        s.add(Collection(name="listas", visibility="confidential"))
    importing.import_file(sqlite_store, "ofac-sdn", SAMPLE, collection="listas")
    with sqlite_store.session() as s:
        ids = dict(s.execute(select(Collection.name, Collection.id)).all())
    outsider = sqlite_store.scoped(Scope("v", "viewer", frozenset({ids["public"]}), frozenset()))
    insider = sqlite_store.scoped(Scope("w", "viewer", frozenset(ids.values()), frozenset()))
    return outsider, insider


def test_a_confidential_list_shows_a_reader_without_the_grant_nothing(secret_list):
    outsider, insider = secret_list
    with insider.session() as s:
        assert len(list(lists.listed(s))) == 9
        mencho = s.scalar(select(Entity.id).where(Entity.slug == "ofac-sdn-17674"))
        assert lists.facts(s, mencho)
    with outsider.session() as s:
        assert list(lists.listed(s)) == []
        assert lists.facts(s, mencho) == []
        assert s.scalar(select(Entity.id).where(Entity.slug == "ofac-sdn-17674")) is None
    for query in ("ofac-sdn-17674", "Nemesio OSEGUERA CERVANTES", "Mencho"):
        with pytest.raises((LookupError, LookupFailed)):
            kb.dossier(outsider, query)
    assert kb.dossier(insider, "ofac-sdn-17674")["sanctioned"]
    assert kb.list_claims(outsider, predicate="linked_to") == []
    assert kb.list_claims(outsider, predicate="action_against") == []
    assert build_graph(outsider, GraphFilters(lists=True, relations=None, entity_types=None)).vcount() == 0
    assert build_graph(insider, GraphFilters(lists=True, relations=None, entity_types=None)).vcount() > 0
    assert search_documents(outsider, "OSEGUERA") == []
    assert len(search_documents(insider, "OSEGUERA")) == 2


def test_importing_needs_an_editor_who_may_write_the_collection(secret_list, sqlite_store):
    outsider, _ = secret_list
    with pytest.raises(PermissionError):
        importing.import_file(outsider, "ofac-sdn", SAMPLE, collection="listas")
    with sqlite_store.session() as s:
        ids = dict(s.execute(select(Collection.name, Collection.id)).all())
    editor = sqlite_store.scoped(Scope("e", "editor", frozenset({ids["public"]}), frozenset({ids["public"]})))
    with pytest.raises(PermissionError):
        importing.import_file(editor, "ofac-sdn", SAMPLE, collection="listas")


@pytest.mark.postgres
def test_postgresql_row_security_hides_a_confidential_lists_records(pg_url):
    """Raw SQL, with the ORM filter off: the database's own wall (``redes.access.rls``)."""
    from sqlalchemy import event, text
    from sqlalchemy.orm import Session

    from redes.access import filters
    from redes.store import open_store

    store = open_store(pg_url)
    try:
        with store.session() as s:
            s.add(Collection(name="public", visibility="public"))
            s.add(Collection(name="listas", visibility="confidential"))
        importing.import_file(store, "ofac-sdn", SAMPLE, collection="listas")
        with store.session() as s:
            public = s.scalar(select(Collection.id).where(Collection.name == "public"))
        outsider = store.scoped(Scope("v", "viewer", frozenset({public}), frozenset(), 1))
        count = text("SELECT count(*) FROM list_records")
        event.remove(Session, "do_orm_execute", filters._restrict)
        try:
            with store.session() as s:
                assert s.execute(count).scalar_one() == 17
            with outsider.session() as s:
                assert s.execute(count).scalar_one() == 0
        finally:
            event.listen(Session, "do_orm_execute", filters._restrict)
    finally:
        store.close()
