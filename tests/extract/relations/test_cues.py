"""The trigger prefilter (``relations.cues``): stems derived from regex fragments, and a
lookup that must find exactly what the plain regex finds."""

from __future__ import annotations

import re

import pytest

from redes.extract.relations import lexicon as lex
from redes.extract.relations.cues import Cue, Words, stems
from redes.extract.relations.fragments import alt


def test_stems_from_fragments() -> None:
    assert stems(r"(?:top |main )?leaders?") == {"top", "main", "leader"}
    assert stems(r"l[íi]der(?:es)?") == {"líder", "lider"}
    assert stems(r"(?:son|daughter)s?-in-law") == {"son", "daughter"}
    assert stems(r"[a-z]+ ") == {""}  # a class: any word may start it


SAMPLES = [
    "Marco Ruiz, top leader and co-founder of the Sierra Cartel, named a second-in-command.",
    "Raúl “N”, jefe de plaza, líder máximo y cofundador del cártel, hijo de Luis y cuñado de Juan.",
    "The armed wing, a splinter faction and the cell fought rivals; alliances and turf wars ensued.",
    "La célula delictiva, brazo armado del grupo, se alió con sus rivales y disputa el territorio.",
    "Assistant U.S. Attorney X, the Secretary of National Defense and the presidenta municipal.",
    "Its presence was reported in Sonora, where it operates, controls routes and expanded.",
    "Fue detenido y extraditado; la Fiscalía lo acusó y el Tesoro lo sancionó con recompensa.",
]


@pytest.mark.parametrize(
    "name",
    ["LEAD", "LEAD_VERB", "MEMBER", "MEMBER_VERB", "KIN", "PART", "SPLIT_VERB", "RIVAL", "ALLY", "ROLE",
     "PRESENCE", "LOCATIVE", "COLLUDE", "ACTION", "FOUNDED", "DIED"],
)  # fmt: skip
def test_cue_finds_what_the_plain_regex_finds(name: str) -> None:
    """The word prefilter must not lose matches: compare with the plain alternation."""
    fragments = [f for part in getattr(lex, name).values() for f in part]
    regex = alt(fragments)
    cue = Cue(fragments, regex)
    for text in SAMPLES:
        plain = [(m.start(), m.end()) for m in re.compile(regex).finditer(text)]
        fast = [(m.start(), m.end()) for m in cue.finditer(text, 0, None, Words(text))]
        assert fast == plain, text
        if plain:
            assert cue.present(Words(text))
