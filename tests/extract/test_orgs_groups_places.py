from redes.extract.pipeline import Pipeline
from tests.extract.helpers import by_mention, mentions, run


def rules(text: str, lang: str = "en"):
    """The rule stages alone (these tests are about them; the tagger has its own tests)."""
    return Pipeline(tagger=None, relation_model=None, relations=False)(text, lang)


def test_public_bodies_from_head_words():
    ex = run(
        "The Ohio Department of Public Safety sent its files to the Office of Border Affairs last spring."
    )
    bodies = mentions(ex, "state_body")
    assert "Ohio Department of Public Safety" in bodies
    assert "Office of Border Affairs" in bodies


def test_spanish_public_bodies():
    ex = run(
        "La Fiscalía General de Justicia del Estado de Colima y la Fuerza Civil de Nuevo León "
        "apoyaron al 12 Batallón de Infantería en la búsqueda.",
        "es",
    )
    bodies = mentions(ex, "state_body")
    assert {"Fiscalía General de Justicia del Estado de Colima", "Fuerza Civil de Nuevo León"} <= bodies
    assert "12 Batallón de Infantería" in bodies


def test_coordinated_bodies_are_split():
    ex = run(
        "Elementos del Ejército y de la Guardia Nacional, con la Secretaría de Marina y la Fuerza Aérea.",
        "es",
    )
    bodies = mentions(ex, "state_body")
    assert {"Ejército", "Guardia Nacional", "Secretaría de Marina", "Fuerza Aérea"} <= bodies
    assert not any(" y " in b for b in bodies)
    en = run("Both the Western District of Texas and the Southern District of Ohio were named in the suit.")
    assert {"Western District of Texas", "Southern District of Ohio"} <= mentions(en, "state_body")


def test_organisations_and_public_modifiers():
    ex = run("Researchers at Leiden University and the National Institute of Public Health disagreed.")
    assert by_mention(ex, "Leiden University").type == "organization"
    assert by_mention(ex, "National Institute of Public Health").type == "state_body"


def test_unknown_groups_from_patterns():
    ex = rules(
        "The Pérez Organization worked with the Ruiz-Soto Organization and the Caborca cartel; "
        "the World Health Organization warned about fentanyl."
    )
    groups = mentions(ex, "criminal_group")
    assert {"Pérez Organization", "Ruiz-Soto Organization", "Caborca cartel"} <= groups
    assert by_mention(ex, "World Health Organization").type == "organization"


def test_spanish_group_patterns():
    ex = run(
        "Armando “N”, jefe de plaza del Cártel Nuevo Imperio, y un integrante de la célula “La Barredora” "
        "fueron detenidos. Los Totoys operan en Nuevo León.",
        "es",
    )
    groups = mentions(ex, "criminal_group")
    assert {"Cártel Nuevo Imperio", "La Barredora", "Los Totoys"} <= groups


def test_plans_and_designations_are_not_entities():
    ex = run(
        "The Mérida Initiative funded training. CJNG was designated a Foreign Terrorist Organization. "
        "Mexican Drug Cartel Leaders were charged."
    )
    assert by_mention(ex, "Mérida") is None
    assert by_mention(ex, "Foreign Terrorist Organization") is None
    assert not any("Mexican Drug Cartel" in m for m in mentions(ex))


def test_places_from_patterns():
    ex = run("Sightings in Lincoln, Nebraska, Orange County and Napa Valley, and in Southern Mexico.")
    places = mentions(ex, "place")
    assert {"Lincoln", "Orange County", "Napa Valley", "Southern Mexico"} <= places
    es = run("Hubo bloqueos en San Pedro Pochutla y en el Valle de Bravo.", "es")
    assert {"San Pedro Pochutla", "Valle de Bravo"} <= mentions(es, "place")


def test_buildings_are_not_places_and_hide_the_place_in_their_name():
    es = run("Llegó al Aeropuerto Internacional de Tepic y luego a la Central de Abasto de Colima.", "es")
    assert not mentions(es, "place") & {"Tepic", "Colima", "Aeropuerto Internacional de Tepic"}


def test_local_police():
    ex = run("The Tulsa municipal police closed two roads near the border.")
    assert by_mention(ex, "Tulsa municipal police").type == "state_body"


def test_local_bodies_with_lower_case_heads():
    es = run(
        "La fiscalía de Colima, la policía de Tulum, el gobierno de Yucatán y la policía municipal de "
        "Ciudad Madero firmaron el convenio con la fiscalía del estado de Nayarit.",
        "es",
    )
    bodies = mentions(es, "state_body")
    assert {
        "fiscalía de Colima",
        "policía de Tulum",
        "gobierno de Yucatán",
        "policía municipal de Ciudad Madero",
        "fiscalía del estado de Nayarit",
    } <= bodies
    # The place inside the body's name is not a mention of the place.
    assert "Colima" not in mentions(es, "place")
    # Officers are not the body.
    assert not mentions(run("Detuvieron a tres policías de Colima.", "es"), "state_body")
    en = run("The Sonora state government asked the Preventive police to leave.")
    assert "Sonora state government" in mentions(en, "state_body")
    assert "Preventive police" not in mentions(en, "state_body")


def test_an_administration_is_its_countrys_government():
    en = run("The Calderón administration and the López Obrador government disagreed.")
    gov = by_mention(en, "Calderón administration")
    assert gov is not None and gov.key == "government-of-mexico"
    assert by_mention(en, "López Obrador government") is gov
    es = run("El gobierno de Vicente Fox negoció con la administración de Joe Biden.", "es")
    assert by_mention(es, "gobierno de Vicente Fox").key == "government-of-mexico"
    assert by_mention(es, "administración de Joe Biden").key == "us-government"
    # The head of government stays a mention of the person.
    assert by_mention(es, "Vicente Fox").type == "person"
