"""Merge candidates (redes.resolve.candidates): Spanish naming, group translations, and
the pairs that must never be merged (father and son, brothers, "Jr.", "hijo")."""

import pytest

from redes.resolve.candidates import AUTO_MERGE, Side, compare, pairs


def person(*names: str) -> Side:
    return Side("person", names[0], list(names))


def group(*names: str) -> Side:
    return Side("criminal_group", names[0], list(names))


def body(*names: str) -> Side:
    return Side("state_body", names[0], list(names))


def test_a_missing_first_given_name_and_a_hyphen_are_a_question():
    v = compare(person("Alfredo Guzman-Salazar"), person("Jesús Alfredo Guzmán Salazar"))
    assert v is not None and v.reasons == ["same surnames", "given-name subset"]
    assert 0.85 <= v.score < AUTO_MERGE and not v.safe


def test_the_same_full_name_twice_merges_safely():
    v = compare(person("Heriberto Lazcano Lazcano"), person("Heriberto Lazcano Lazcano", "El Lazca"))
    assert v is not None and v.safe and v.reasons == ["same name"]


def test_a_missing_second_surname_is_a_question_with_the_same_given_names_only():
    v = compare(person("Heriberto Lazcano"), person("Heriberto Lazcano Lazcano"))
    assert v is not None and not v.safe and "second surname missing on one side" in v.reasons
    assert compare(person("Rubén Oseguera"), person("Nemesio Rubén Oseguera Cervantes")) is None


def test_misspelt_surnames_are_alike():
    v = compare(person("Jesús Alfredo Guzmán Salazar"), person("Jesus Alfredo Guzman Salazr"))
    assert v is not None and v.reasons[0] == "surnames alike" and not v.safe


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # father and son
        (("Nemesio Rubén Oseguera Cervantes", "El Mencho"), ("Rubén Oseguera González", "El Menchito")),
        (("Nemesio Oseguera Cervantes", "El Mencho"), ("Nemesio Oseguera Cervantes", "El Menchito")),
        (("Joaquín Guzmán Loera", "El Chapo"), ("Joaquín Guzmán Loera", "El Chapito")),
        (("Joaquín Guzmán Loera",), ("Joaquín Guzmán Loera Jr.",)),
        (("Juan Pérez Gómez",), ("Juan Pérez Gómez hijo",)),
        # brothers: other given names, or another second surname
        (("Ovidio Guzmán López",), ("Joaquín Guzmán López",)),
        (("Arturo Beltrán Leyva",), ("Héctor Beltrán Leyva",)),
        (("Iván Archivaldo Guzmán Salazar",), ("Jesús Alfredo Guzmán Salazar",)),
        # a bare surname names a family; anonymised names a release's suspect
        (("Beltrán Leyva",), ("Arturo Beltrán Leyva",)),
        (("José Antonio “N”",), ("José Antonio Yépez Ortiz",)),
    ],
)
def test_never_candidates(a, b):
    assert compare(person(*a), person(*b)) is None


def test_group_names_in_two_languages_through_the_lexicon():
    # Names of one curated entry and of no other: that entry, merged without asking.
    v = compare(group("Cártel de Golfo"), group("Gulf Cartel"))
    assert v is not None and v.reasons == ["both names of Gulf Cartel in the group lexicon"] and v.safe
    assert compare(group("Clan del Golfo"), group("Gulf Cartel")) is None
    navy = compare(body("Secretaría de la Marina"), body("Mexican Navy"))
    assert navy is not None and navy.safe
    assert navy.reasons == ["both names of Mexican Navy in the lexicon of state bodies"]


def test_a_name_of_two_lexicon_entries_is_a_question(monkeypatch):
    from redes.resolve import candidates

    # A lexicon where "Los Golfos" names the Gulf Cartel and another group too.
    real = candidates.lexicon_ids
    two = frozenset({"gulf-cartel", "los-golfos"})
    monkeypatch.setattr(candidates, "lexicon_ids", lambda t, n: two if n == "Los Golfos" else real(t, n))
    v = compare(group("Los Golfos"), group("Gulf Cartel"))
    assert v is not None and not v.safe and v.score == candidates.LEXICON_SHARED


def test_group_names_differing_by_particles_or_qualifiers():
    v = compare(group("Norte Valle"), group("Norte del Valle"))
    assert v is not None and v.safe and v.reasons == ["same name but for particles"]
    v = compare(group("Colombian Norte Valle Cartel"), group("Norte del Valle Cartel"))
    assert v is not None and not v.safe and v.reasons == ["same name but for colombian"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("La Familia Michoacana", "La Nueva Familia Michoacana"),  # a splinter
        ("Unión Tepito", "Fuerza Anti-Unión Tepito"),  # its enemy
        ("Los Zetas", "Zetas Vieja Escuela"),
        ("Los Chapitos", "Los Chapos"),
        ("Cártel de Sinaloa", "Cártel de Jalisco"),
    ],
)
def test_other_groups_are_no_candidates(a, b):
    assert compare(group(a), group(b)) is None


def test_qualifiers_only_for_criminal_groups():
    body = lambda name: Side("state_body", name, [name])  # noqa: E731
    assert compare(body("Mexican Attorney General's Office"), body("Attorney General's Office")) is None


def test_a_match_through_an_alias_is_never_safe():
    v = compare(group("Los Rojos", "Norte del Valle"), group("Norte Valle"))
    assert v is not None and not v.safe and "through the alias" in v.reasons[-1]


def test_types_never_mix_and_pairs_come_from_shared_words():
    assert compare(person("Sinaloa Cartel"), group("Sinaloa Cartel")) is None
    sides = [
        (1, person("Alfredo Guzman-Salazar")),
        (2, person("Jesús Alfredo Guzmán Salazar")),
        (3, person("Ismael Zambada García")),
        (4, group("Cártel de Golfo")),
        (5, group("Gulf Cartel")),
    ]
    found = {(a, b): v.score for a, b, v in pairs(sides)}
    assert set(found) == {(1, 2), (4, 5)}
