"""Positions named by a country (``relations.positions``): a country adjective before a
title, and a bare "President X" through general knowledge of heads of state."""

from __future__ import annotations

from .helpers import one, run, triples


def test_country_adjective_before_a_title() -> None:
    rels = run(
        "Colombian Minister of Defense Pedro Salas visited Bogotá. Colombia sent troops.",
        {"ps": "P:Pedro Salas", "bog": "L:Bogotá", "col": "L:Colombia"},
    )
    rel = one(rels, "holds_position", "ps", "col")
    assert (rel.rule, rel.detail) == ("country-title", "Minister of Defense")


def test_head_of_state_only_when_the_document_names_the_country() -> None:
    es = run(
        "La presidenta Claudia Sheinbaum afirmó que México no enviará tropas.",
        {"cs": "P:Claudia Sheinbaum", "mx": "L:México"},
        "es",
    )
    assert ("holds_position", "cs", "mx") in triples(es)
    alone = run("La presidenta Claudia Sheinbaum habló ayer.", {"cs": "P:Claudia Sheinbaum"}, "es")
    assert "holds_position" not in {r.type for r in alone}


def test_a_district_office_is_not_a_position_in_the_country() -> None:
    rels = run(
        "U.S. District Judge Laura Kim sentenced Diego Ruiz. The United States sought life.",
        {"lk": "P:Laura Kim", "dr": "P:Diego Ruiz", "us": "L:United States|U.S."},
    )
    assert ("holds_position", "lk", "us") not in triples(rels)
