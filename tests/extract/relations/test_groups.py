"""Rivals and allies between groups (``relations.groups``): trigger words between two
coordination lists, "between A and B", reciprocal verbs, and the group a text is about."""

from __future__ import annotations

import pytest

from .helpers import check, run, triples

CASES = [
    (
        "ally-then-rival-en", "en",
        "The Sierra Cartel allied with Los Lobos and fought against Los Tigres.",
        {"sc": "G:Sierra Cartel", "lo": "G:Los Lobos", "ti": "G:Los Tigres"},
        {("allied_with", "sc", "lo"), ("rival_of", "sc", "ti")},
        {("rival_of", "sc", "lo"), ("allied_with", "sc", "ti"), ("rival_of", "lo", "ti")},
    ),
    (
        # One side of "between ... against" is a coalition: its members fight together.
        "coalition-against-en", "en",
        "Clashes between Los Lobos, Los Tigres and the Sierra Cartel against the Cártel del Norte left dozens dead.",
        {"lo": "G:Los Lobos", "ti": "G:Los Tigres", "sc": "G:Sierra Cartel", "cdn": "G:Cártel del Norte"},
        {("rival_of", "lo", "cdn"), ("rival_of", "ti", "cdn"), ("rival_of", "sc", "cdn"),
         ("allied_with", "lo", "ti")},
        {("rival_of", "lo", "ti"), ("rival_of", "sc", "lo")},
    ),
    (
        "between-en", "en",
        "The war between Los Lobos and Los Tigres left hundreds dead.",
        {"lo": "G:Los Lobos", "ti": "G:Los Tigres"},
        {("rival_of", "lo", "ti")}, set(),
    ),
    (
        "reciprocal-rival-es", "es",
        "El Cártel del Norte y Los Tigres se disputan el control de Nogales.",
        {"cdn": "G:Cártel del Norte", "ti": "G:Los Tigres", "nog": "L:Nogales"},
        {("rival_of", "cdn", "ti"), ("operates_in", "cdn", "nog"), ("operates_in", "ti", "nog")}, set(),
    ),
    (
        "ally-es", "es",
        "Los Lobos se aliaron con el Cártel del Norte.",
        {"cdn": "G:Cártel del Norte", "lo": "G:Los Lobos"},
        {("allied_with", "cdn", "lo")}, {("rival_of", "cdn", "lo")},
    ),
    (
        "negated-alliance-en", "en",
        "Los Lobos never formed an alliance with Los Tigres.",
        {"lo": "G:Los Lobos", "ti": "G:Los Tigres"},
        set(), {("allied_with", "lo", "ti")},
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_group_pairs(case: tuple) -> None:
    check(case)


def test_conflict_with_takes_the_group_the_text_is_about() -> None:
    rels = run(
        "The Sierra Cartel grew fast in Sonora. Since 2015, conflict with Los Tigres and Los Lobos has grown.",
        {"sc": "G:Sierra Cartel", "ti": "G:Los Tigres", "lo": "G:Los Lobos", "son": "L:Sonora"},
    )
    assert {("rival_of", "sc", "ti"), ("rival_of", "lo", "sc")} <= triples(rels)
    assert {r.rule for r in rels if r.type == "rival_of"} == {"rival_of-topic"}


def test_an_attack_of_a_group_is_not_a_conflict_with_the_topic() -> None:
    rels = run(
        "The Sierra Cartel grew fast in Sonora. An attack of Los Tigres gunmen left two dead.",
        {"sc": "G:Sierra Cartel", "ti": "G:Los Tigres", "son": "L:Sonora"},
    )
    assert ("rival_of", "sc", "ti") not in triples(rels)
