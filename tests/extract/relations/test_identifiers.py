"""Identity and tax numbers (``relations.identifiers``): a CURP or an RFC that python-stdnum
accepts, given to the person (or, for a company's RFC, the organization) the sentence
names before it. The numbers are invented, of valid form."""

from __future__ import annotations

import pytest

from redes.extract.relations.identifiers import parse

from .helpers import run

STATED = [
    ("es", "La UIF bloqueó las cuentas de Raúl Soto Ruiz, con CURP SORR800101HSLTZL05.",
     {"u": "S:UIF", "r": "P:Raúl Soto Ruiz"}, {("r", "CURP", "SORR800101HSLTZL05")}),
    # OFAC's way of writing them, and an RFC in three parts.
    ("en", "Treasury designated Raúl Soto Ruiz (C.U.R.P. #SORR800101HSLTZL05; R.F.C. #SORR-800101-AB1).",
     {"t": "S:Treasury", "r": "P:Raúl Soto Ruiz"},
     {("r", "CURP", "SORR800101HSLTZL05"), ("r", "RFC", "SORR800101AB1")}),
    # Each number to the person named just before it; a company's RFC to the company.
    ("es", "Ana Gil Paz (CURP GIPA750312MJCLZN02) y Luis Mora Vega (CURP MOVL690830HMNRGS08) "
           "eran socios de Servicios Costa Azul, RFC SCA1203158K2.",
     {"a": "P:Ana Gil Paz", "l": "P:Luis Mora Vega", "c": "O:Servicios Costa Azul"},
     {("a", "CURP", "GIPA750312MJCLZN02"), ("l", "CURP", "MOVL690830HMNRGS08"), ("c", "RFC", "SCA1203158K2")}),
]  # fmt: skip

NOT_STATED = [
    # Not a valid date, a CURP without a state, a company RFC with no company named.
    ("es", "A Raúl Soto Ruiz le asignaron el folio SORR801301HSLTZL05.", {"r": "P:Raúl Soto Ruiz"}),
    ("es", "Raúl Soto Ruiz presentó la clave SORR800101HXXTZL05.", {"r": "P:Raúl Soto Ruiz"}),
    ("es", "Raúl Soto Ruiz firmó por la empresa con RFC SCA1203158K2.", {"r": "P:Raúl Soto Ruiz"}),
    # Two people, the number before both: whose it is, the sentence does not say.
    ("es", "Con CURP SORR800101HSLTZL05 se identificó a Raúl Soto Ruiz o a Ana Gil Paz.",
     {"r": "P:Raúl Soto Ruiz", "a": "P:Ana Gil Paz"}),
]  # fmt: skip


def _numbers(text: str, specs: dict[str, str], lang: str) -> set[tuple[str, str, str]]:
    rels = run(text, specs, lang)
    assert all(r.object is None for r in rels if r.type == "identifier")
    return {(r.subject, r.detail, r.value) for r in rels if r.type == "identifier"}


@pytest.mark.parametrize(("lang", "text", "specs", "expected"), STATED)
def test_stated_numbers(lang, text, specs, expected) -> None:
    assert _numbers(text, specs, lang) == expected


@pytest.mark.parametrize(("lang", "text", "specs"), NOT_STATED)
def test_no_number_without_a_valid_form_and_a_holder(lang, text, specs) -> None:
    assert _numbers(text, specs, lang) == set()


def test_parse_names_the_kind_and_drops_separators() -> None:
    assert parse("SORR800101HSLTZL05") == ("CURP", "SORR800101HSLTZL05")
    assert parse("sorr-800101-ab1") == ("RFC", "SORR800101AB1")
    assert parse("SCA 120315 8K2") == ("RFC", "SCA1203158K2")
    assert parse("12345") is None
    assert parse("SORR801301HSLTZL05") is None  # month 13
