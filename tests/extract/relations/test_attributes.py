"""Attributes for the knowledge base (``relations.attributes``): founded, died, age, reward."""

from __future__ import annotations

from redes.extract.model import ATTRIBUTE_TYPES, RELATION_TYPES

from .helpers import one, run


def test_founded_years_in_both_languages() -> None:
    en = run("Since its founding in 2012, Los Lobos has spread to four states.", {"lo": "G:Los Lobos"})
    assert [(r.type, r.value) for r in en if r.type == "founded"] == [("founded", "2012")]
    es = run(
        "Los Tigres, fundado en 2008 en Sonora, es hoy el grupo más violento.", {"ti": "G:Los Tigres"}, "es"
    )
    assert [(r.type, r.value) for r in es if r.type == "founded"] == [("founded", "2008")]


def test_death_with_date_and_not_a_near_miss() -> None:
    rels = run(
        "Marco Ruiz died on March 3, 2024, in a military operation near Caborca.",
        {"mr": "P:Marco Ruiz", "cab": "L:Caborca"},
    )
    died = one(rels, "died", "mr", None)
    assert (died.value, died.detail) == ("2024-03-03", "killed")
    near = run("Ana Torres was nearly killed when gunmen ambushed her car in 2019.", {"at": "P:Ana Torres"})
    assert not [r for r in near if r.type == "died"]
    others = run(
        "Towns suffered at the hands of Luis Peña; many officers have died in the pursuit of him.",
        {"lp": "P:Luis Peña"},
    )
    assert not [r for r in others if r.type == "died"]
    toll = run("Luis Peña said the death toll had risen again.", {"lp": "P:Luis Peña"})
    assert not [r for r in toll if r.type == "died"]
    es = run(
        "La activista Marta Gil, quien fue asesinada el 10 de enero de 2022, había denunciado amenazas.",
        {"mg": "P:Marta Gil"},
        "es",
    )
    assert one(es, "died", "mg", None).value == "2022-01-10"


def test_age() -> None:
    en = run("29-year-old Diego Ruiz is a U.S. citizen.", {"dr": "P:Diego Ruiz"})
    assert one(en, "age", "dr", None).value == "29"
    es = run("Juan Pérez, de 45 años, fue detenido.", {"jp": "P:Juan Pérez"}, "es")
    assert one(es, "age", "jp", None).value == "45"


def test_reward_amounts_and_who_offers_them() -> None:
    en = run(
        "The State Department offers rewards of up to $8 million (up from $2 million) for Diego Ruiz; "
        "up to $4 million each for Jorge Vela and Marco Ruiz’s son-in-law, Iván Mora.",
        {"dr": "P:Diego Ruiz", "jv": "P:Jorge Vela", "mr": "P:Marco Ruiz", "im": "P:Iván Mora"},
    )
    values = {r.subject: r.value for r in en if r.type == "reward"}
    assert values == {"dr": "USD 8000000", "jv": "USD 4000000", "im": "USD 4000000"}
    es = run(
        "La Fiscalía de Sonora ofreció 10 millones de pesos de recompensa por información sobre Raúl Pérez.",
        {"fgr": "S:Fiscalía de Sonora", "rp": "P:Raúl Pérez"},
        "es",
    )
    rel = one(es, "reward", "rp", None)
    assert (rel.value, rel.detail) == ("MXN 10000000", "Fiscalía de Sonora")


def test_attributes_have_a_value_and_no_object() -> None:
    text = (
        "Los Lobos, founded in 2009 by Marco Ruiz, fought the Sierra Cartel in Sonora. "
        "The DEA offered a reward of $10 million for Marco Ruiz."
    )
    specs = {
        "lo": "G:Los Lobos",
        "mr": "P:Marco Ruiz",
        "sc": "G:Sierra Cartel",
        "son": "L:Sonora",
        "dea": "S:DEA",
    }
    rels = run(text, specs)
    assert {"founded", "reward"} <= {r.type for r in rels}
    for rel in rels:
        assert rel.type in RELATION_TYPES or rel.type in ATTRIBUTE_TYPES
        assert (rel.object is None) == (rel.type in ATTRIBUTE_TYPES)
        assert (rel.value is not None) == (rel.type in ATTRIBUTE_TYPES)
