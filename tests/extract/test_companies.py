"""Companies named with their legal form (``extract.companies``), through the whole pipeline:
the entity tagger, which never saw a legal form, keeps them whole. Names are invented."""

from __future__ import annotations

import pytest

from redes.extract import extract


def _names(text: str, lang: str, type_: str = "organization") -> list[str]:
    return [e.name for e in extract(text, lang).entities if e.type == type_]


@pytest.mark.parametrize(
    ("lang", "text", "names"),
    [
        ("es", "La UIF congeló las cuentas de Comercializadora del Norte, S.A. de C.V., y de Servicios "
               "Costa S. de R.L. de C.V. por operaciones con recursos de procedencia ilícita.",
         ["Comercializadora del Norte, S.A. de C.V.", "Servicios Costa S. de R.L. de C.V."]),
        ("en", "OFAC designated Grupo Inmobiliario Sierra S.A. de C.V., a front company of the cartel.",
         ["Grupo Inmobiliario Sierra S.A. de C.V."]),
        # Without dots, in capitals; a sentence's full stop is not the form's.
        ("es", "Tequilera Los Altos SAPI de CV vendía a Operadora Turística del Pacífico SA DE CV. Luego cerró.",
         ["Tequilera Los Altos SAPI de CV", "Operadora Turística del Pacífico SA DE CV"]),
        # The article before the name is not part of it.
        ("es", "La Fundación Paz y Justicia, A.C. denunció los hechos.", ["Fundación Paz y Justicia, A.C."]),
    ],
)  # fmt: skip
def test_a_legal_form_makes_a_company(lang: str, text: str, names: list[str]) -> None:
    assert _names(text, lang) == names


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # "S.C." and "SC" are South Carolina as often: not a form; two letters need their dots.
        ("en", "The meeting in Charleston, S.C. ended; he lived in Columbia, SC, and in Austin, SA."),
        ("es", "La ciudad fue fundada hacia el 500 a.C. por pueblos del norte."),
        ("es", "La empresa S.A. de C.V. no fue identificada por la fiscalía."),  # no name before it
    ],
)
def test_no_company_without_a_name_and_its_form(lang: str, text: str) -> None:
    assert _names(text, lang) == []


def test_a_companys_rfc_is_its_own() -> None:
    text = "Raúl Soto Ruiz era socio de Inmobiliaria Real, S.A. de C.V., RFC IRE1203158K2."
    found = extract(text, "es")
    names = {e.local_id: e.name for e in found.entities}
    numbers = [(names[r.subject], r.detail, r.value) for r in found.relations if r.type == "identifier"]
    assert numbers == [("Inmobiliaria Real, S.A. de C.V.", "RFC", "IRE1203158K2")]


def test_the_name_without_its_form_is_the_same_company() -> None:
    text = (
        "La UIF congeló las cuentas de Comercializadora del Norte, S.A. de C.V. por operaciones "
        "ilícitas. Según la UIF, Comercializadora del Norte recibió depósitos de Raúl Soto Ruiz."
    )
    (company,) = [e for e in extract(text, "es").entities if e.type == "organization"]
    assert company.name == "Comercializadora del Norte, S.A. de C.V."
    assert [m.text for m in company.mentions] == [company.name, "Comercializadora del Norte"]


def test_without_form() -> None:
    from redes.extract.companies import without_form

    assert without_form("Comercializadora del Norte, S.A. de C.V.") == "Comercializadora del Norte"
    assert without_form("Comercializadora del Norte SA DE CV") == "Comercializadora del Norte"
    assert without_form("Fundación Paz, A.C.") == "Fundación Paz"
    for name in ("S.A. de C.V.", "Grupo S.A. Norte", "Cártel de Sinaloa"):
        assert without_form(name) == name
