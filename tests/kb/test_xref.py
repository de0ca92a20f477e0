"""Cross-referencing the demo knowledge base against a small list, on SQLite and
PostgreSQL: safe matches accepted as machine output, the rest waiting for review,
decisions surviving a rebuild, a refused match undone at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from followthemoney import model
from sqlalchemy import select

from redes.kb import review, xref
from redes.store.models import Entity
from tests.resolve.parties import party

PROGRAMS = ["SDNTK", "ILLICIT-DRUGS-EO14059"]


def _link(a: str, b: str):
    e = model.make_entity("UnknownLink")
    e.make_id(a, b)
    e.add("subject", a)
    e.add("object", b)
    return e


PARTIES = [
    party(17674, "Person", "Nemesio OSEGUERA CERVANTES", program=PROGRAMS, firstName="Nemesio",
           lastName="OSEGUERA CERVANTES", weakAlias="Mencho", birthDate="1966-07-17", topics="sanction",
           nationality="mx"),
    party(17671, "Organization", "CARTEL DE JALISCO NUEVA GENERACION", program=PROGRAMS),
    party(6861, "Person", "Joaquin GUZMAN LOERA", program=PROGRAMS, firstName="Joaquin", lastName="GUZMAN LOERA",
           birthDate="1954-12-25"),
    party(13149, "Person", "Ovidio GUZMAN LOPEZ", program=PROGRAMS, firstName="Ovidio", lastName="GUZMAN LOPEZ",
           alias="El Raton", topics="sanction"),
    # Made-up parties: the documents give these two men's ages (57 in 2012; 34 in 2011).
    party(900001, "Person", "Mario CARDENAS GUILLEN", program=PROGRAMS, firstName="Mario", lastName="CARDENAS GUILLEN",
           birthDate="1970-01-01"),
    party(900002, "Person", "Alfredo Gaston MENDOZA HERNANDEZ", program=PROGRAMS, firstName="Alfredo Gaston",
           lastName="MENDOZA HERNANDEZ", birthDate="1977"),
]  # fmt: skip
LINKS = [_link("ofac-sdn-17674", "ofac-sdn-17671")]


@pytest.fixture(scope="module")
def store(demo_store_any):
    from redes.sources.importing import OFAC, import_list

    import_list(demo_store_any, OFAC, [*PARTIES, *LINKS], date(2024, 5, 3), "sdn.csv", b"test list")
    return demo_store_any


def _entity(store, slug_or_name: str) -> Entity:
    with store.session() as s:
        e = s.scalar(select(Entity).where((Entity.slug == slug_or_name) | (Entity.name == slug_or_name)))
        assert e is not None, slug_or_name
        s.expunge(e)
        return e


def _listed_into(store, name: str) -> list[str]:
    from redes.sources.lists import facts

    with store.session() as s:
        e = s.scalar(select(Entity).where(Entity.name == name))
        return [f["id"] for f in facts(s, e.id)]


def _state(store, slugs: list[str]) -> dict[str, dict]:
    """What the knowledge base holds about each entity: names, mentions, claims with their
    status, origin and evidence, named by slugs (ids change in a rebuild)."""
    from redes.store.models import Alias, Claim, Evidence, Mention

    out = {}
    with store.session() as s:
        slug_of = dict(s.execute(select(Entity.id, Entity.slug)).all())
        for slug in slugs:
            e = s.scalar(select(Entity).where(Entity.slug == slug))
            claims = s.scalars(select(Claim).where((Claim.subject_id == e.id) | (Claim.object_id == e.id)))
            out[slug] = {
                "type": e.type,
                "source": e.source,
                "names": sorted(s.scalars(select(Alias.name).where(Alias.entity_id == e.id))),
                "mentions": sorted(s.execute(select(Mention.document_id, Mention.start).where(Mention.entity_id == e.id)).all()),
                "claims": sorted(
                    (
                        slug_of[c.subject_id], c.predicate, slug_of.get(c.object_id), c.detail, c.status, c.origin,
                        sorted(s.execute(select(Evidence.document_id, Evidence.start, Evidence.extractor).where(Evidence.claim_id == c.id)).all()),
                    )
                    for c in claims
                ),
            }  # fmt: skip
    return out


def test_strong_matches_are_accepted_as_machine_output(store):
    # El Mencho: both surnames, the listed given name and the nickname 'Mencho' agree.
    assert _listed_into(store, "Nemesio Rubén Oseguera Cervantes") == ["ofac-sdn-17674"]
    assert _listed_into(store, "Cártel de Jalisco Nueva Generación") == ["ofac-sdn-17671"]
    assert _listed_into(store, "Ovidio Guzmán López") == ["ofac-sdn-13149"]


def test_nationality_from_the_documents(store):
    # A State Department release calls him "Mexican national Nemesio Rubén Oseguera
    # Cervantes"; the list gives his nationality as Mexico.
    from redes.resolve import xref as matcher

    with store.session() as s:
        mencho = s.scalar(select(Entity.id).where(Entity.name == "Nemesio Rubén Oseguera Cervantes"))
        query = xref._queries(s, [mencho])[mencho]  # what the entity is matched with
    assert query.countries == {"mx"}
    (listed,) = matcher.Index([PARTIES[0]]).parties
    same = matcher.compare(query, listed)
    assert same.features["nationality"] == "agrees" and "same nationality" in same.reasons
    other = matcher.compare(replace(query, countries={"co"}), listed)
    assert other.features["nationality"] == "differs" and other.score < same.score


def test_birth_years_from_age_claims(store):
    # "Mario Cárdenas Guillén, 57" in 2012 was born about 1955: not the man born in 1970.
    assert _listed_into(store, "Mario Cárdenas Guillén") == []
    assert not [c for c in xref.candidates(store) if c["list_id"] == "ofac-sdn-900001"]
    # Same full name and the birth year the age gives: accepted without asking.
    assert _listed_into(store, "Alfredo Gaston Mendoza Hernandez") == ["ofac-sdn-900002"]


def test_weaker_matches_wait_for_review_with_their_features(store):
    found = xref.candidates(store)
    chapo = [c for c in found if c["list_id"] == "ofac-sdn-6861"]
    assert chapo and chapo[0]["entity"]["name"] == "Joaquín Guzmán Loera"
    assert chapo[0]["features"]["name"] == "same name"
    assert "listed as 'Joaquin GUZMAN LOERA'" in chapo[0]["because"]


def test_the_son_is_not_matched_to_his_fathers_listing(store):
    with store.session() as s:
        son = s.scalar(select(Entity.id).where(Entity.name == "Rubén Oseguera González"))
        assert son is not None
        assert not [c for c in xref.find(s) if c["entity"] == son]


def test_accept_and_reject_survive_a_rebuild(store):
    from redes.kb.pipeline import rebuild

    chapo = _entity(store, "Joaquín Guzmán Loera")
    review.merge(store, chapo.slug, "ofac-sdn-6861", author="tester")
    assert _listed_into(store, "Joaquín Guzmán Loera") == ["ofac-sdn-6861"]
    # A reviewer undoes an automatic acceptance: the pair is never merged again.
    with store.session() as s:
        ovidio = s.scalar(select(Entity).where(Entity.name == "Ovidio Guzmán López"))
        ovidio_slug = ovidio.slug
    done = xref.reject(store, ovidio_slug, "ofac-sdn-13149", author="tester")
    # The party comes out at once, as the rebuild below leaves it.
    assert done["detached"]
    assert _listed_into(store, "Ovidio Guzmán López") == []
    refused = _state(store, [ovidio_slug, "ofac-sdn-13149"])
    assert [c for c in refused["ofac-sdn-13149"]["claims"] if c[3] == "sanctioned"], "its designation too"
    assert not [c for c in refused[ovidio_slug]["claims"] if c[3] == "sanctioned"]
    assert "El Raton" in refused["ofac-sdn-13149"]["names"]
    rebuild(store)
    assert _state(store, [ovidio_slug, "ofac-sdn-13149"]) == refused
    assert _listed_into(store, "Joaquín Guzmán Loera") == ["ofac-sdn-6861"]
    assert _listed_into(store, "Ovidio Guzmán López") == []
    assert _listed_into(store, "Nemesio Rubén Oseguera Cervantes") == ["ofac-sdn-17674"]
    assert not [c for c in xref.candidates(store) if c["list_id"] in ("ofac-sdn-6861", "ofac-sdn-13149")]


def test_a_refused_match_takes_the_partys_links_and_names_back(store):
    from redes.kb.pipeline import rebuild

    mencho = _entity(store, "Nemesio Rubén Oseguera Cervantes").slug
    cjng = _entity(store, "Cártel de Jalisco Nueva Generación").slug
    before = _state(store, [mencho])[mencho]
    assert "Nemesio OSEGUERA CERVANTES" in before["names"]
    assert xref.reject(store, mencho, "ofac-sdn-17674", author="tester")["detached"]
    refused = _state(store, [mencho, "ofac-sdn-17674", cjng])
    party = refused["ofac-sdn-17674"]
    assert party["source"] == "ofac-sdn" and party["type"] == "person"
    # The list's link to the cartel (listed too, and merged into the cartel's entity) and
    # the designation are the party's now; what the documents say stays with the entity.
    assert {(c[0], c[1], c[2]) for c in party["claims"]} >= {("ofac-sdn-17674", "linked_to", cjng)}
    assert not [c for c in refused[mencho]["claims"] if "list" in {e[2] for e in c[6]}]
    assert "Nemesio OSEGUERA CERVANTES" not in refused[mencho]["names"]
    assert len(refused[mencho]["claims"]) > 5 and refused[mencho]["mentions"]
    rebuild(store)
    assert _state(store, [mencho, "ofac-sdn-17674", cjng]) == refused


def test_identity_numbers_from_the_documents(tmp_path):
    """A CURP a document gives a person matches the listing with that number, and rules out
    a namesake listed with another (invented people and numbers)."""
    from redes.extract.relations.identifiers import parse
    from redes.ingest.pipeline import ingest
    from redes.sources.importing import OFAC, import_list
    from redes.store import open_store
    from tests.resolve.parties import person

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "uif.txt").write_text(
        "La Unidad de Inteligencia Financiera bloqueó las cuentas de Raúl Soto Ruiz, con CURP "
        "SORR800101HSLTZL05, operador financiero del Cártel de la Sierra.\n",
        encoding="utf-8",
    )
    store = open_store(tmp_path / "kb.db")
    try:
        ingest(store, [folder], extract=True)
        with store.session() as s:
            raul = s.scalar(select(Entity.id).where(Entity.name == "Raúl Soto Ruiz"))
            assert xref._queries(s, [raul])[raul].ids == {"SORR800101HSLTZL05"}
        # The dossier reads it with its kind.
        from redes import kb

        facts = kb.dossier(store, "raul-soto-ruiz")["attributes"]["identifier"]
        assert [(f["detail"], f["value"]) for f in facts] == [("CURP", "SORR800101HSLTZL05")]
        same = person(900010, "Raul", "SOTO RUIZ", idNumber="SORR800101HSLTZL05", program=PROGRAMS)
        other = person(900011, "Raul", "SOTO RUIZ", idNumber="SORR751010HSLTZL03", program=PROGRAMS)
        assert parse("SORR751010HSLTZL03") is not None  # a valid number, only another one
        import_list(store, OFAC, [same, other], date(2024, 5, 3), "sdn.csv", b"test list")
        assert _listed_into(store, "Raúl Soto Ruiz") == ["ofac-sdn-900010"]
        assert not [c for c in xref.candidates(store) if c["list_id"] == "ofac-sdn-900011"]
    finally:
        store.close()
