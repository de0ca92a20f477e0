"""Mail correspondents as people: a named address goes to the person of that name (found
by extraction or added from the header line) as an alias, and stays through a rebuild."""

from sqlalchemy import select

from redes import kb
from redes.ingest.pipeline import ingest
from redes.store.models import Alias, Entity
from tests.ingest.formats.test_mail import message


def _people(store) -> dict[str, set[str]]:
    with store.session() as s:
        return {
            e.name: set(s.scalars(select(Alias.name).where(Alias.entity_id == e.id)))
            for e in s.scalars(select(Entity).where(Entity.type == "person"))
        }


def test_named_addresses_become_aliases_of_people(sqlite_store, tmp_path):
    (tmp_path / "a.eml").write_bytes(message("Pagos", "Ana Torres pagó a la policía de Culiacán."))
    ingest(sqlite_store, [tmp_path / "a.eml"])
    people = _people(sqlite_store)
    # Ana Torres is named in the body (extraction) and the From line; Luis Gómez only in To.
    assert "ana.torres@example.org" in people["Ana Torres"]
    assert "luis@example.net" in people["Luis Gómez"]
    # Addresses without a display name name nobody.
    assert not any("redaccion@example.org" in names for names in people.values())

    kb.rebuild(sqlite_store)
    after = _people(sqlite_store)
    assert "ana.torres@example.org" in after["Ana Torres"] and "luis@example.net" in after["Luis Gómez"]


def test_a_second_mail_from_the_same_address_adds_no_one(sqlite_store, tmp_path):
    (tmp_path / "a.eml").write_bytes(message("Uno", "Primer mensaje."))
    (tmp_path / "b.eml").write_bytes(message("Dos", "Segundo mensaje."))
    ingest(sqlite_store, [tmp_path / "a.eml"])
    before = _people(sqlite_store)
    ingest(sqlite_store, [tmp_path / "b.eml"])
    assert _people(sqlite_store) == before
