"""References resolved through relations already found (``relations.references``): the kin
of "the top leader", and "of the same group"."""

from __future__ import annotations

from .helpers import one, run, triples


def test_kin_of_the_leader_resolves_to_whoever_leads_the_group() -> None:
    en = run(
        "The Sierra Cartel is led by Marco Ruiz. Police arrested Diego Ruiz, the son of the top leader.",
        {"mr": "P:Marco Ruiz", "dr": "P:Diego Ruiz", "sc": "G:Sierra Cartel"},
    )
    rel = one(en, "family", "dr", "mr")
    assert (rel.detail, rel.rule) == ("son", "kin-of-leader")
    assert ("leads", "dr", "sc") not in triples(en)
    es = run(
        "Raúl Pérez es el líder de Los Tigres. Fue detenida Lucía Pérez, hija del máximo líder de Los Tigres.",
        {"rp": "P:Raúl Pérez", "lp": "P:Lucía Pérez", "ti": "G:Los Tigres"},
        "es",
    )
    assert one(es, "family", "lp", "rp").detail == "daughter"
    # Being the leader's daughter says nothing about leading the group.
    assert ("leads", "lp", "ti") not in triples(es)


def test_no_one_said_to_lead_the_group_no_guess() -> None:
    rels = run("Police arrested Diego Ruiz, son of the cartel's leader.", {"dr": "P:Diego Ruiz"})
    assert "family" not in {r.type for r in rels}


def test_of_the_same_group_takes_the_group_of_the_statement_before() -> None:
    # Patterns only read sentences that name two things: here the person and the town.
    rels = run(
        "Fue detenido Raúl “N”, líder de Los Tigres. "
        "También fue detenido Iván “N”, del mismo grupo delictivo, en Caborca.",
        {"raul": "P:Raúl “N”", "ivan": "P:Iván “N”", "ti": "G:Los Tigres", "cab": "L:Caborca"},
        "es",
    )
    assert one(rels, "member_of", "ivan", "ti").rule == "member-same"
