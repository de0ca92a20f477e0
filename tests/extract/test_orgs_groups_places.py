from tests.extract.helpers import by_mention, mentions, run


def test_public_bodies_from_head_words():
    ex = run(
        "The Texas Department of Public Safety and the Executive Secretariat of the National Public "
        "Security System shared data with the Office of International Affairs."
    )
    bodies = mentions(ex, "state_body")
    assert "Texas Department of Public Safety" in bodies
    assert "Office of International Affairs" in bodies


def test_spanish_public_bodies():
    ex = run(
        "La Fiscalía General de Justicia del Estado de México y la Fuerza Civil de Nuevo León "
        "coordinaron el operativo con el 43 Batallón de Infantería.",
        "es",
    )
    bodies = mentions(ex, "state_body")
    assert {"Fiscalía General de Justicia del Estado de México", "Fuerza Civil de Nuevo León"} <= bodies
    assert "43 Batallón de Infantería" in bodies


def test_coordinated_bodies_are_split():
    ex = run(
        "Elementos del Ejército y de la Guardia Nacional, con la Secretaría de Marina y la Fuerza Aérea.",
        "es",
    )
    bodies = mentions(ex, "state_body")
    assert {"Ejército", "Guardia Nacional", "Secretaría de Marina", "Fuerza Aérea"} <= bodies
    assert not any(" y " in b for b in bodies)
    en = run("The Western District of Texas and the Southern District of California filed charges.")
    assert {"Western District of Texas", "Southern District of California"} <= mentions(en, "state_body")


def test_organisations_and_public_modifiers():
    ex = run("Researchers at Uppsala University and the National Institute of Public Health disagreed.")
    assert by_mention(ex, "Uppsala University").type == "organization"
    assert by_mention(ex, "National Institute of Public Health").type == "state_body"


def test_unknown_groups_from_patterns():
    ex = run(
        "The Don Lucho Organization worked with the Cifuentes-Villa Organization and the Caborca cartel; "
        "the World Health Organization warned about fentanyl."
    )
    groups = mentions(ex, "criminal_group")
    assert {"Don Lucho Organization", "Cifuentes-Villa Organization", "Caborca cartel"} <= groups
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
    ex = run(
        "Sightings in Imperial, Nebraska, Orange County and San Ysidro. Ranchers near Izaguirre Ranch "
        "and in Southern Mexico complained."
    )
    places = mentions(ex, "place")
    assert {"Imperial", "Orange County", "Izaguirre Ranch", "Southern Mexico"} <= places
    es = run("Hubo bloqueos en San Miguel Zapotitlán y en el Valle de Toluca.", "es")
    assert {"San Miguel Zapotitlán", "Valle de Toluca"} <= mentions(es, "place")


def test_local_police():
    ex = run("Half of the Guadalajara municipal police were on the cartel's payroll.")
    assert by_mention(ex, "Guadalajara municipal police").type == "state_body"
