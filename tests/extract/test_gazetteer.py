from tests.extract.helpers import by_mention, mentions, run


def test_capitalisation_decides_between_word_and_name():
    ex = run("The Navy seized a boat. The navy blue flag of the PAN party flew; pan dulce was sold.")
    assert by_mention(ex, "Navy").key == "mexican-navy"
    assert "navy" not in mentions(ex)
    assert by_mention(ex, "PAN").key == "pan"
    assert "pan" not in mentions(ex)


def test_language_flags():
    es = run("La Marina y la Defensa aseguraron el puerto.", "es")
    assert by_mention(es, "Marina").key == "mexican-navy"
    assert by_mention(es, "Defensa").key == "sedena"
    en = run("Marina Silva spoke about Defensa Civil in Brazil.", "en")
    assert by_mention(en, "Defensa") is None


def test_us_prefix_belongs_to_the_body():
    ex = run("Neither the U.S. Drug Enforcement Administration nor the U.S. Department of State commented.")
    assert by_mention(ex, "U.S. Drug Enforcement Administration").key == "dea"
    assert by_mention(ex, "U.S. Department of State").key == "us-department-of-state"


def test_surname_municipalities_need_place_context():
    ex = run("Osiel Cárdenas Guillén led the cartel.")
    assert by_mention(ex, "Cárdenas") is None
    es = run("En Cárdenas, Tabasco, fueron detenidos dos hombres.", "es")
    assert by_mention(es, "Cárdenas").key == "cardenas-tabasco"


def test_shared_municipality_names_follow_the_state_in_the_document():
    ex = run("Violence rose in Los Cabos and in La Paz, Baja California Sur, last year.")
    assert by_mention(ex, "La Paz").key == "la-paz-baja-california-sur"
    es = run("En La Paz, Estado de México, y en Chalco hubo detenciones.", "es")
    assert by_mention(es, "La Paz").key == "la-paz-mexico"


def test_places_in_a_list_support_each_other():
    ex = run("The municipalities were Tijuana with 436, Irapuato with 36 and Zamora with 30.")
    assert by_mention(ex, "Zamora") is not None and by_mention(ex, "Zamora").type == "place"


def test_acronyms_in_capital_headings_are_ignored():
    ex = run("ALL RIGHTS RESERVED FOR US AND OUR PARTNERS\n\nThe US government acted.")
    us = [m for e in ex.entities for m in e.mentions if m.text == "US"]
    assert len(us) == 0 or all(m.start > 40 for m in us)
    assert by_mention(ex, "US government").key == "us-government"


def test_media_with_common_names_only_in_citations():
    ex = run("[3] “Fin de la guerra”, Proceso, 8 January 2021. The proceso took months.", "en")
    assert by_mention(ex, "Proceso").type == "organization"
    prose = run("The Reforma of 1861 changed Mexico.")
    assert by_mention(prose, "Reforma") is None
