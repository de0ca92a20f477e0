"""Where groups operate (``relations.presence``): places introduced by a locative in a
sentence with a presence word, place chains, and places that are no presence."""

from __future__ import annotations

import pytest

from .helpers import check, one, run

CASES = [
    (
        "presence-list-es", "es",
        "El Cártel del Norte opera en Caborca, Nogales y Hermosillo desde 2017.",
        {"cdn": "G:Cártel del Norte", "a": "L:Caborca", "b": "L:Nogales", "c": "L:Hermosillo"},
        {("operates_in", "cdn", "a"), ("operates_in", "cdn", "b"), ("operates_in", "cdn", "c")}, set(),
    ),
    (
        "presence-not-title-or-extradition-en", "en",
        "The governor of Sonora said the Sierra Cartel member was extradited to the United States.",
        {"sc": "G:Sierra Cartel", "son": "L:Sonora", "us": "L:United States"},
        set(), {("operates_in", "sc", "son"), ("operates_in", "sc", "us")},
    ),
    (
        "presence-not-origin-en", "en",
        "Los Lobos control the port, said Pedro Salas, originally from Sinaloa.",
        {"lo": "G:Los Lobos", "ps": "P:Pedro Salas", "sin": "L:Sinaloa"},
        set(), {("operates_in", "lo", "sin")},
    ),
    (
        # Every place of a chain "Town, State" takes the relation given to the town.
        "presence-place-chain-es", "es",
        "En Caborca, Sonora, elementos del Ejército detuvieron a Rosa “N”, operadora del Cártel del Norte.",
        {"cab": "L:Caborca", "son": "L:Sonora", "army": "S:Ejército", "rosa": "P:Rosa “N”",
         "cdn": "G:Cártel del Norte"},
        {("operates_in", "cdn", "cab"), ("operates_in", "cdn", "son"), ("member_of", "rosa", "cdn"),
         ("action_against", "army", "rosa")},
        {("action_against", "army", "cdn")},
    ),
    (
        "presence-group-right-before-en", "en",
        "The Sierra Cartel in Texas and Los Lobos in Arizona control the drug routes.",
        {"sc": "G:Sierra Cartel", "lo": "G:Los Lobos", "tx": "L:Texas", "az": "L:Arizona"},
        {("operates_in", "sc", "tx"), ("operates_in", "lo", "az")},
        {("operates_in", "sc", "az"), ("operates_in", "lo", "tx")},
    ),
    (
        # The group right before the place only qualifies the head of the apposition.
        "presence-faction-apposition-en", "en",
        "The Army arrested five members of Los Primos, a faction of the Sierra Cartel, in Tijuana.",
        {"army": "S:Army", "lp": "G:Los Primos", "sc": "G:Sierra Cartel", "tij": "L:Tijuana"},
        {("operates_in", "lp", "tij"), ("part_of", "lp", "sc")}, {("operates_in", "sc", "tij")},
    ),
    (
        "presence-faccion-aposicion-es", "es",
        "La Marina detuvo a integrantes de Los Primos, una facción del Cártel de la Sierra, en Tijuana.",
        {"mar": "S:Marina", "lp": "G:Los Primos", "sc": "G:Cártel de la Sierra", "tij": "L:Tijuana"},
        {("operates_in", "lp", "tij"), ("part_of", "lp", "sc")}, {("operates_in", "sc", "tij")},
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_presence(case: tuple) -> None:
    check(case)


def test_presence_year() -> None:
    rels = run("In 2019, Los Lobos expanded into Sonora.", {"lo": "G:Los Lobos", "son": "L:Sonora"})
    assert one(rels, "operates_in", "lo", "son").year == 2019
