"""Dossier lines in Spanish: relations, attributes and spans; English as the library says it."""

from __future__ import annotations

import pytest

from redes.i18n.phrases import attribute_phrase, phrase, relation_parts, span
from redes.kb.render import phrase as english_phrase
from redes.kb.template_helpers import relation_parts as english_parts

CJNG = {"id": "cjng", "name": "CJNG", "type": "criminal_group"}


def line(predicate, direction="out", detail=None, **extra):
    return {"predicate": predicate, "direction": direction, "detail": detail, "value": None, "other": CJNG, **extra}


def test_relations_in_spanish_around_the_linked_entity():
    assert relation_parts(line("leads"), "es", english_parts) == ("dirige ", CJNG, "")
    assert relation_parts(line("leads", "in"), "es", english_parts) == ("dirigido por ", CJNG, "")
    # A detail of the vocabulary reads in Spanish (kb.details).
    assert relation_parts(line("family", detail="stepson"), "es", english_parts) == ("hijastro de ", CJNG, "")
    leads = line("leads", details=["founder", "leader"])
    assert relation_parts(leads, "es", english_parts) == ("dirige ", CJNG, " [fundador, líder]")
    assert relation_parts(line("family"), "es", english_parts) == ("pariente de ", CJNG, "")


def test_english_is_the_library_s_own_wording():
    item = line("leads", "in")
    assert relation_parts(item, "en", english_parts) == english_parts(item)
    assert phrase(item, "en", english_phrase) == english_phrase(item)


def test_attributes_money_and_dates():
    reward = {"predicate": "reward", "value": "USD 5000000", "detail": "Department of State", "other": None}
    assert attribute_phrase(reward, "es") == "recompensa de 5.000.000\xa0US$ ofrecida por Department of State"
    assert attribute_phrase({**reward, "detail": None}, "es") == "recompensa de 5.000.000\xa0US$"
    died = {"predicate": "died", "value": "2026-02-22", "detail": "killed", "other": None}
    assert attribute_phrase(died, "es") == "asesinado 22 feb 2026"
    assert attribute_phrase({**died, "value": None, "detail": None}, "es") == "murió (fecha no indicada)"
    # A value holding a placeholder is text, not a template.
    odd = {"predicate": "reward", "value": "{d}", "detail": "X", "other": None}
    assert attribute_phrase(odd, "es") == "recompensa de {d} ofrecida por X"
    # A nationality is stored as a country code and read as the country's name.
    nationality = {"predicate": "nationality", "value": "mx", "detail": None, "other": None, "year": None}
    assert attribute_phrase(nationality, "es") == "nacionalidad: México"
    assert english_phrase(nationality) == "nationality Mexico"
    # An identity number is read with its kind.
    number = {"predicate": "identifier", "value": "SORR800101HSLTZL05", "detail": "CURP", "other": None, "year": None}
    assert attribute_phrase(number, "es") == "CURP SORR800101HSLTZL05"
    assert english_phrase(number) == "CURP SORR800101HSLTZL05"


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("since 2014", "desde 2014"),
        ("2014–2019", "2014–2019"),
        ("until 2026-02-22 (death)", "hasta 22 feb 2026 (muerte)"),
        ("former (since 2010, ended by 2019)", "anterior (desde 2010, terminó antes de 2019)"),
        ("former", "anterior"),
        ("since 2012, until death", "desde 2012, hasta su muerte"),
        ("something new", "something new"),
    ],
)
def test_spans(english, spanish):
    assert span(english, "es") == spanish
    assert span(english, "en") == english


def test_a_whole_line_with_years_and_span():
    item = line("leads", years=["2015", "2018"], span="since 2014")
    assert phrase(item, "es", english_phrase) == "dirige CJNG (2015, 2018) · desde 2014"
