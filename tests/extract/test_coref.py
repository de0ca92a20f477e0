from tests.extract.helpers import by_mention, run, same_entity


def test_partial_names_join_the_full_name():
    ex = run(
        "Omar Hamid García Harfuch survived an attack ordered by Nemesio Oseguera Cervantes. "
        "Harfuch blamed Oseguera, and Nemesio Oseguera denied it."
    )
    assert same_entity(ex, "Omar Hamid García Harfuch", "Harfuch")
    assert same_entity(ex, "Nemesio Oseguera Cervantes", "Oseguera")
    assert same_entity(ex, "Nemesio Oseguera Cervantes", "Nemesio Oseguera")


def test_father_and_son_never_merge():
    ex = run(
        "Nemesio Oseguera Cervantes, “El Mencho,” leads the cartel. His son Rubén Oseguera González, "
        "“El Menchito,” was extradited. Oseguera was not caught."
    )
    assert not same_entity(ex, "Nemesio Oseguera Cervantes", "Rubén Oseguera González")
    assert not same_entity(ex, "El Mencho", "El Menchito")
    # "Oseguera" is ambiguous here: it names neither.
    assert by_mention(ex, "Oseguera") is None


def test_partial_name_is_not_the_son_by_second_given_name():
    ex = run("Nemesio Rubén Oseguera Cervantes was killed. Rubén Oseguera was already in prison.")
    assert not same_entity(ex, "Nemesio Rubén Oseguera Cervantes", "Rubén Oseguera")


def test_shared_surname_is_ambiguous():
    ex = run("Ovidio Guzmán López and Joaquín Guzmán Loera were charged. Guzmán said nothing.")
    assert by_mention(ex, "Guzmán") is None


def test_misspelt_names():
    ex = run(
        "Juan Carlos Valencia Gonzalez leads the wing. Valencia Gonzales is wanted. "
        "Viridiana Ríos wrote a book; Virdiana Rios also wrote articles."
    )
    assert same_entity(ex, "Juan Carlos Valencia Gonzalez", "Valencia Gonzales")
    assert same_entity(ex, "Viridiana Ríos", "Virdiana Rios")


def test_surname_beats_a_town_of_the_same_name():
    ex = run("Judge Steve S. Woodland accepted the plea. Woodland set sentencing for June.")
    assert same_entity(ex, "Steve S. Woodland", "Woodland")
