from tests.extract.helpers import by_mention, mentions, run


def test_english_names_with_initials_and_suffixes():
    ex = run("U.S. Attorney Robert L. Hadley and Thomas J. Brandt, Jr. met James P. O’Neill.")
    people = mentions(ex, "person")
    assert {"Robert L. Hadley", "Thomas J. Brandt, Jr.", "James P. O’Neill"} <= people


def test_spanish_double_surnames_and_particles():
    ex = run("Ayer declaró María del Carmen Ponce de León y más tarde Luis Alberto Sandoval Robles.", "es")
    people = mentions(ex, "person")
    assert "María del Carmen Ponce de León" in people
    assert "Luis Alberto Sandoval Robles" in people


def test_a_title_makes_one_surname_a_person():
    ex = run("Secretary Rubio and Governor Abbott spoke after President Trump.")
    assert {"Rubio", "Abbott", "Trump"} <= mentions(ex, "person")


def test_withheld_surnames_convention():
    ex = run("Fueron detenidos Nabor “N”, Ovidio ‘N’ y Rosa María “N” en Culiacán.", "es")
    assert {"Nabor “N”", "Ovidio ‘N’", "Rosa María “N”"} <= mentions(ex, "person")


def test_anonymised_people_with_the_same_name_are_told_apart_by_nickname():
    text = (
        "En Cárdenas fue detenido Jesús “N”, alias “el Gato”, quien se fugó en 2023. "
        "Días después cayó en Culiacán otro Jesús “N”, alias “Chuy”, operador de una célula local."
    )
    ex = run(text, "es")
    jesus = [e for e in ex.entities if e.type == "person" and e.name.startswith("Jesús")]
    assert len(jesus) == 2
    # A later bare mention belongs to the one introduced with a nickname, when only one was.
    ex = run("Se detuvo a Miguel Ángel “N”, alias “Z-40”. Miguel Ángel “N” fue trasladado.", "es")
    assert len([e for e in ex.entities if e.type == "person"]) == 1


def test_names_of_things_are_not_people():
    ex = run(
        "Hubo retenes en la calle Benito Juárez y Miguel Hidalgo; también en la localidad de José María.",
        "es",
    )
    assert "Benito Juárez" not in mentions(ex, "person")
    assert "Miguel Hidalgo" not in mentions(ex, "person")
    assert "José María" not in mentions(ex, "person")


def test_title_case_headlines_do_not_stretch_names():
    ex = run("Joaquin El Chapo Guzman Loera Loses Appeal Before Federal Judges in Denver Hearing\n\nText.")
    assert by_mention(ex, "Joaquin El Chapo Guzman Loera").key == "joaquin-guzman-loera"


def test_unknown_given_names_from_shape_lists_and_citations():
    ex = run(
        "[1] See Wim K. Vandersloot, “Border Towns and Their Bosses”, Regional Review, 2019.\n"
        "[2] Falko Brandt, “The Long Ceasefire”, Policy Notes, 3 March 2021.\n"
        "Prosecutors Andrea Goldbarg, Hiral Mehta and Patricia Notopoulos handled the case."
    )
    assert {"Wim K. Vandersloot", "Falko Brandt", "Hiral Mehta"} <= mentions(ex, "person")
