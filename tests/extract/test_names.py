from tests.extract.helpers import by_mention, mentions, run


def test_english_names_with_initials_and_suffixes():
    ex = run("U.S. Attorney Robert L. Capers and Richard J. Kilroy, Jr. met James P. O’Neill.")
    people = mentions(ex, "person")
    assert {"Robert L. Capers", "Richard J. Kilroy, Jr.", "James P. O’Neill"} <= people


def test_spanish_double_surnames_and_particles():
    ex = run(
        "Ayer declaró María del Rosario Ponce de León y más tarde Luis Cresencio Sandoval González.", "es"
    )
    people = mentions(ex, "person")
    assert "María del Rosario Ponce de León" in people
    assert "Luis Cresencio Sandoval González" in people


def test_a_title_makes_one_surname_a_person():
    ex = run("Secretary Rubio and Governor Abbott spoke after President Trump.")
    assert {"Rubio", "Abbott", "Trump"} <= mentions(ex, "person")


def test_withheld_surnames_convention():
    ex = run("Fueron detenidos Nabor “N”, Ovidio ‘N’ y Rosa María “N” en Culiacán.", "es")
    assert {"Nabor “N”", "Ovidio ‘N’", "Rosa María “N”"} <= mentions(ex, "person")


def test_anonymised_people_with_the_same_name_are_told_apart_by_nickname():
    text = (
        "En Cárdenas fue detenido Jesús “N”, alias “el Gato”, quien se fugó en 2023. "
        "En Culiacán se detuvo a Jesús “N”, alias “Chuy”, integrante del Cártel de Sinaloa."
    )
    ex = run(text, "es")
    jesus = [e for e in ex.entities if e.type == "person" and e.name.startswith("Jesús")]
    assert len(jesus) == 2
    # A later bare mention belongs to the one introduced with a nickname, when only one was.
    ex = run("Se detuvo a Miguel Ángel “N”, alias “Z-40”. Miguel Ángel “N” fue trasladado.", "es")
    assert len([e for e in ex.entities if e.type == "person"]) == 1


def test_names_of_things_are_not_people():
    ex = run(
        "Bloqueos en el boulevard Pedro Infante y Juan M. Zambada; en la localidad de Jesús María.", "es"
    )
    assert "Pedro Infante" not in mentions(ex, "person")
    assert "Juan M. Zambada" not in mentions(ex, "person")
    assert "Jesús María" not in mentions(ex, "person")


def test_title_case_headlines_do_not_stretch_names():
    ex = run(
        "Joaquin El Chapo Guzman Loera Faces Charges in New York for Leading a Criminal Enterprise\n\nText."
    )
    assert by_mention(ex, "Joaquin El Chapo Guzman Loera").key == "joaquin-guzman-loera"


def test_unknown_given_names_from_shape_lists_and_citations():
    ex = run(
        "[1] See Wil G. Pansters, “Drug Trafficking and Caciques”, Global Crime, 2018.\n"
        "[2] Falko Ernst, “Time to End the Limbo”, Crisis Group Commentary, 7 October 2020.\n"
        "Prosecutors Andrea Goldbarg, Hiral Mehta and Patricia Notopoulos handled the case."
    )
    assert {"Wil G. Pansters", "Falko Ernst", "Hiral Mehta"} <= mentions(ex, "person")
