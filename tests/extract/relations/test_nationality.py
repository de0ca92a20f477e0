"""A person's nationality as a text states it (``relations.nationality``): explicit forms
only, in English and Spanish, with the country's ISO code as the value."""

from __future__ import annotations

import pytest

from .helpers import run

STATED = [
    ("en", "The reward is for Mexican national Abel Torres Lara, known as “El Tigre.”", {"a": "P:Abel Torres Lara"}, {("a", "mx")}),
    ("en", "Juan Pérez Soto, 36, a Colombian citizen, was arrested in Miami.", {"a": "P:Juan Pérez Soto"}, {("a", "co")}),
    ("en", "Guatemalan nationals Pedro Ruiz Gama and Luis Lara Vega were charged.",
     {"a": "P:Pedro Ruiz Gama", "b": "P:Luis Lara Vega"}, {("a", "gt"), ("b", "gt")}),
    ("es", "Fue detenido el ciudadano hondureño José Martínez Paz en Tapachula.", {"a": "P:José Martínez Paz"}, {("a", "hn")}),
    ("es", "Ana López Ruiz, de nacionalidad venezolana, fue detenida en Cancún.", {"a": "P:Ana López Ruiz"}, {("a", "ve")}),
    ("es", "Los ciudadanos mexicanos Juan Soto Paz y María Gómez Ruiz fueron extraditados.",
     {"a": "P:Juan Soto Paz", "b": "P:María Gómez Ruiz"}, {("a", "mx"), ("b", "mx")}),
    ("es", "Detuvieron a Luis Chan Wu (de nacionalidad china) en Manzanillo.", {"a": "P:Luis Chan Wu"}, {("a", "cn")}),
]  # fmt: skip

NOT_STATED = [
    # A title's country, a place of residence, a people: no nationality said.
    ("en", "The Mexican Secretary of Defense Luis Peña Soto met the Colombian ambassador.", {"a": "P:Luis Peña Soto"}),
    ("en", "Ramiro Soto Velasco, 41, of Culiacan, Mexico, was extradited.", {"a": "P:Ramiro Soto Velasco"}),
    ("es", "El colombiano Pedro Ruiz Gama fue visto en Cali.", {"a": "P:Pedro Ruiz Gama"}),
]  # fmt: skip


def _nationalities(text: str, specs: dict[str, str], lang: str) -> set[tuple[str, str]]:
    rels = run(text, specs, lang)
    assert all(r.object is None for r in rels if r.type == "nationality")
    return {(r.subject, r.value) for r in rels if r.type == "nationality"}


@pytest.mark.parametrize(("lang", "text", "specs", "expected"), STATED)
def test_stated_nationalities(lang, text, specs, expected) -> None:
    assert _nationalities(text, specs, lang) == expected


@pytest.mark.parametrize(("lang", "text", "specs"), NOT_STATED)
def test_no_nationality_without_an_explicit_form(lang, text, specs) -> None:
    assert _nationalities(text, specs, lang) == set()
