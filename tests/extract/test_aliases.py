import pytest

from tests.extract.helpers import by_mention, mentions, run, same_entity

NICKNAME_FORMS = [
    ("en", "The DEA named Abel Torres Lara, “El Tigre,” as the leader.", "Abel Torres Lara", "El Tigre"),
    (
        "en",
        "Prosecutors charged Abel Torres Lara, alias “El Tigre”, with murder.",
        "Abel Torres Lara",
        "El Tigre",
    ),
    ("es", "Fue detenido Abel Torres Lara alias El Tigre en Morelia.", "Abel Torres Lara", "El Tigre"),
    ("es", "Detuvieron a Abel Torres Lara (a) El Tigre en Morelia.", "Abel Torres Lara", "El Tigre"),
    ("en", "Abel Torres Lara, also known as 'El Tigre', fled.", "Abel Torres Lara", "El Tigre"),
    ("en", "Abel Torres Lara, a.k.a. “El Tigre,” fled.", "Abel Torres Lara", "El Tigre"),
    ("es", "Cayó Abel Torres Lara, conocido como «El Tigre», en Morelia.", "Abel Torres Lara", "El Tigre"),
    ("en", "Police arrested “El Tigre” Abel Torres Lara in Morelia.", "Abel Torres Lara", "El Tigre"),
    ("en", "Abel “El Tigre” Torres Lara was arrested.", "Abel “El Tigre” Torres Lara", "El Tigre"),
    ("es", "Se detuvo a Abel “N”, alias “el Tigre”, en Morelia.", "Abel “N”", "el Tigre"),
]


@pytest.mark.parametrize(("lang", "text", "name", "nick"), NICKNAME_FORMS)
def test_nickname_forms(lang, text, name, nick):
    ex = run(text, lang)
    assert same_entity(ex, name, nick), [(e.name, [m.text for m in e.mentions]) for e in ex.entities]
    assert by_mention(ex, name).type == "person"


def test_nickname_lists_and_later_uses():
    ex = run(
        "Se capturó a José Luis “N”, alias “El Güero” y/o “El Flaco”. Más tarde, “El Flaco” fue trasladado.",
        "es",
    )
    person = by_mention(ex, "José Luis “N”")
    texts = [m.text for m in person.mentions]
    assert "El Güero" in texts and texts.count("El Flaco") == 2


def test_aka_lists_in_indictments():
    ex = run("Miguel Trevino-Morales\n(AKA 40, Cuarenta and Comandante Forty)\nwas charged.")
    assert same_entity(ex, "Miguel Trevino-Morales", "Cuarenta")
    assert same_entity(ex, "Miguel Trevino-Morales", "Comandante Forty")


def test_a_nickname_two_people_share_does_not_make_them_one():
    # Made-up names, in the layout of a rewards list where two men are both "Licenciado".
    ex = run(
        "They include:\n\nRamiro Soto-Velasco\n(AKA El Verdugo, Catorce and Licenciado)\n\n"
        "Julio Ernesto Montero-Ruiz\n(AKA Ernesto Montero-Ruiz, Tony Trueno and Licenciado)\n\n"
        "Soto-Velasco was killed in 2012."
    )
    assert same_entity(ex, "Ramiro Soto-Velasco", "El Verdugo")
    assert same_entity(ex, "Julio Ernesto Montero-Ruiz", "Tony Trueno")
    assert not same_entity(ex, "Ramiro Soto-Velasco", "Julio Ernesto Montero-Ruiz")


def test_an_aka_of_two_full_names_still_joins_them():
    ex = run("The defendants, Pedro Ruiz Soto, aka Juan Manuel Lara Vega, aka Zafado, 36, were convicted.")
    assert same_entity(ex, "Pedro Ruiz Soto", "Juan Manuel Lara Vega")


def test_a_name_in_parentheses_that_owns_something_is_not_an_alias():
    ex = run(
        "The indictment charges Soto-Velasco and five associates, including Alfredo Montero-Ruiz "
        "(Soto-Velasco’s son) and Julio Lara-Vega (Ruiz-Gama's nephew), with trafficking."
    )
    assert not same_entity(ex, "Alfredo Montero-Ruiz", "Soto-Velasco")
    assert not same_entity(ex, "Julio Lara-Vega", "Ruiz-Gama")


def test_list_of_aliases_does_not_leak_to_the_next_person():
    ex = run(
        "rewards for Ramiro Soto Velasco, a.k.a. “Pata,” Julio Ernesto Montero Ruiz, a.k.a. “El Tinta,” and two more."
    )
    assert same_entity(ex, "Ramiro Soto Velasco", "Pata")
    assert same_entity(ex, "Julio Ernesto Montero Ruiz", "El Tinta")
    assert not same_entity(ex, "Julio Ernesto Montero Ruiz", "Pata")


def test_citation_titles_are_not_nicknames():
    ex = run("[4] Carlos Pérez Ricart, “The Militarization”, Alternatives, 1 June 2023.")
    assert "The Militarization" not in mentions(ex)
    assert "Carlos Pérez Ricart" in mentions(ex, "person")


def test_acronym_defined_in_parentheses_links_and_types_the_long_form():
    ex = run(
        "The Centro de Estudios sobre Seguridad Regional (CESSR) hosted the Comisión Estatal "
        "de Búsqueda de Personas (CEBP). Later the CEBP published a report."
    )
    assert same_entity(ex, "Centro de Estudios sobre Seguridad Regional", "CESSR")
    cebp = by_mention(ex, "CEBP")
    assert cebp.type == "state_body"
    assert len([m for m in cebp.mentions if m.text == "CEBP"]) == 2


def test_acronym_with_or():
    ex = run("one lieutenant of the Cartel de Jalisco Nueva Generacion, or CJNG, pleaded guilty.")
    assert same_entity(ex, "Cartel de Jalisco Nueva Generacion", "CJNG")


def test_acronym_or_does_not_chain_unrelated_bodies():
    ex = run("Tips went to the DEA, FBI, or HSI office nearest to them.")
    assert not same_entity(ex, "FBI", "HSI")
