from redes.extract.model import ExtractedEntity, Span
from redes.resolve import Resolver


def ent(local: str, type_: str, name: str, *mentions: str, key: str | None = None) -> ExtractedEntity:
    spans = [Span(0, len(m), m) for m in (name, *mentions)]
    return ExtractedEntity(local, type_, name, spans, list(mentions), key=key)


def test_lexicon_ids_and_exact_keys_ignore_accents_hyphens_and_case():
    r = Resolver()
    out = r.resolve(
        [
            ent("a", "criminal_group", "Cartel de Jalisco Nueva Generacion", "CJNG"),
            ent("b", "person", "Nemesio Oseguera-Cervantes"),
        ]
    )
    assert out["a"].id == "cjng" and not out["a"].created
    assert out["b"].id == "nemesio-oseguera-cervantes"


def test_father_and_son_stay_apart():
    r = Resolver(lexicon=False)
    r.add("nemesio-oseguera-cervantes", "person", "Nemesio Rubén Oseguera Cervantes", ["El Mencho"])
    out = r.resolve(
        [
            ent("a", "person", "Rubén Oseguera González", "El Menchito"),
            ent("b", "person", "Rubén Oseguera"),
        ]
    )
    assert out["a"].id != "nemesio-oseguera-cervantes"
    assert out["b"].id != "nemesio-oseguera-cervantes"


def test_junior_is_not_his_father():
    r = Resolver(lexicon=False)
    r.add("john-smith", "person", "John Smith")
    assert r.resolve([ent("a", "person", "John Smith Jr.")])["a"].id != "john-smith"


def test_a_shared_surname_is_not_enough():
    r = Resolver(lexicon=False)
    r.add("joaquin-guzman-loera", "person", "Joaquín Guzmán Loera")
    out = r.resolve([ent("a", "person", "Ovidio Guzmán López"), ent("b", "person", "Guzmán")])
    assert out["a"].id != "joaquin-guzman-loera"
    assert out["b"].id != "joaquin-guzman-loera"


def test_shorter_form_of_a_known_name_merges():
    r = Resolver(lexicon=False)
    r.add("carlos-antonio-flores-perez", "person", "Carlos Antonio Flores Pérez")
    assert r.resolve([ent("a", "person", "Carlos Flores Pérez")])["a"].id == "carlos-antonio-flores-perez"


def test_typos_in_long_names_merge_but_different_places_do_not():
    r = Resolver(lexicon=False)
    r.add("fiscalia-general-del-estado-de-tabasco", "state_body", "Fiscalía General del Estado de Tabasco")
    out = r.resolve(
        [
            ent("a", "state_body", "Fiscalia General del Estado de Tabasko"),
            ent("b", "state_body", "Fiscalía General del Estado de Chihuahua"),
        ]
    )
    assert out["a"].id == "fiscalia-general-del-estado-de-tabasco"
    assert out["b"].id != "fiscalia-general-del-estado-de-tabasco"


def test_anonymised_names_do_not_merge_by_name_alone():
    r = Resolver()
    first = r.resolve([ent("a", "person", "Jesús “N”")])["a"].id
    second = r.resolve([ent("a", "person", "Jesús “N”")])["a"].id
    assert first != second


def test_incremental_use_by_the_store():
    r = Resolver(known=[("la-barredora", "criminal_group", "La Barredora", ["Barredora"])], lexicon=False)
    out = r.resolve([ent("x", "criminal_group", "la Barredora")])
    assert out["x"].id == "la-barredora" and not out["x"].created
    new = r.resolve([ent("y", "criminal_group", "Los Totoys")])["y"]
    assert new.created and new.id == "los-totoys"
    assert r.resolve([ent("z", "criminal_group", "Los Totoys")])["z"].id == "los-totoys"
    assert any(j.decision == "new" for j in r.judgements)


def test_a_name_shared_by_several_known_places_is_never_merged_by_chance():
    r = Resolver(lexicon=False)
    for state in ("chihuahua", "colima", "zacatecas"):
        r.add(f"cuauhtemoc-{state}", "place", "Cuauhtémoc")
    out = r.resolve([ent("a", "place", "Cuauhtémoc")])
    assert out["a"].created and out["a"].id not in {
        "cuauhtemoc-chihuahua",
        "cuauhtemoc-colima",
        "cuauhtemoc-zacatecas",
    }
    assert any(j.reason == "ambiguous" for j in r.judgements)
    # One known place of that name is merged as before.
    r2 = Resolver(lexicon=False)
    r2.add("cuauhtemoc-colima", "place", "Cuauhtémoc")
    assert r2.resolve([ent("a", "place", "Cuauhtémoc")])["a"].id == "cuauhtemoc-colima"


def test_an_ambiguous_name_gets_one_entity_not_one_per_document():
    r = Resolver(lexicon=False)
    for state in ("chihuahua", "colima"):
        r.add(f"cuauhtemoc-{state}", "place", "Cuauhtémoc")
    ids = {r.resolve([ent("a", "place", "Cuauhtémoc")])["a"].id for _ in range(5)}
    assert len(ids) == 1 and ids.isdisjoint({"cuauhtemoc-chihuahua", "cuauhtemoc-colima"})


def test_a_company_is_one_with_or_without_its_legal_form():
    r = Resolver(lexicon=False)
    first = r.resolve([ent("a", "organization", "Comercializadora del Norte, S.A. de C.V.")])["a"].id
    assert r.resolve([ent("b", "organization", "Comercializadora del Norte SA DE CV")])["b"].id == first
    assert r.resolve([ent("c", "organization", "Comercializadora del Norte")])["c"].id == first
    # Only a company's name loses its form: a place or a group keeps every word.
    assert r.resolve([ent("d", "organization", "Comercializadora del Sur, S.A.")])["d"].id != first
