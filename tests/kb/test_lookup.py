"""Finding entities by name: exact names for naming one, and names that contain the words
for a search (issue 13: "Sinaloa" found the state and not the Sinaloa Cartel, "Guzman"
missed Ovidio Guzmán López)."""

from __future__ import annotations

import pytest

from redes import kb
from redes.kb.pipeline import apply_extractions
from tests.kb.kbfixtures import Corpus, Doc


@pytest.fixture
def store(sqlite_store):
    corpus = Corpus(sqlite_store)
    texts = [
        ("El Cártel de Sinaloa opera en Sinaloa.", [("a", "criminal_group", "Cártel de Sinaloa"),
                                                   ("b", "place", "Sinaloa")]),
        ("Ovidio Guzmán López y Joaquín Guzmán Loera.", [("c", "person", "Ovidio Guzmán López"),
                                                        ("d", "person", "Joaquín Guzmán Loera")]),
        ("Un tal Guzmán fue detenido; El Mencho y El Menchito.", [("e", "person", "Guzmán"),
                                                                 ("f", "person", "El Mencho"),
                                                                 ("g", "person", "El Menchito")]),
    ]  # fmt: skip
    for text, entities in texts:
        d = Doc(text)
        for local, type_, name in entities:
            d = d.entity(local, type_, name)
        corpus.add(d)
    apply_extractions(sqlite_store, corpus.results())
    return sqlite_store


def _names(found):
    return [e["name"] for e in found]


def test_a_search_lists_the_exact_name_first_then_names_that_contain_it(store):
    found = kb.find(store, "Sinaloa", broad=True)
    assert [(e["name"], e["type"]) for e in found][0] == ("Sinaloa", "place")
    assert [e["type"] for e in found[1:]] == ["criminal_group"]  # the cartel, by its canonical name
    found = _names(kb.find(store, "guzman", broad=True))
    assert found[0] == "Guzmán"
    assert set(found[1:]) == {"Ovidio Guzmán López", "Joaquín Guzmán Loera"}
    # Whole words: El Mencho is not El Menchito (whatever names the resolver gave them).
    mencho = kb.find(store, "El Mencho", broad=True)
    assert len(mencho) == 1
    assert mencho[0]["id"] != kb.dossier(store, "El Menchito")["id"]


def test_naming_one_entity_takes_the_exact_name_alone(store):
    assert _names(kb.find(store, "Sinaloa")) == ["Sinaloa"]
    assert kb.dossier(store, "Guzmán")["name"] == "Guzmán"
    # With no exact name, names that contain the words answer (one: the dossier).
    assert kb.dossier(store, "Ovidio")["name"] == "Ovidio Guzmán López"
