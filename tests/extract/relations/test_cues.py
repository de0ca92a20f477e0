"""The trigger prefilter (``relations.cues``): stems derived from regex fragments, and a
lookup that must find exactly what the plain regex finds."""

from __future__ import annotations

import re

import pytest

from redes.extract.relations import lexicon as lex
from redes.extract.relations.cues import Cue, Lexicons, Words, spellings, stems
from redes.extract.relations.fragments import alt, both


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
    # Case traps: a case-insensitive regex reads "ı" and "ſ" as "i" and "s", and "İ" as "i",
    # which a lookup of lower-cased words does not.
    "El lıder y cofundador del cártel, su hıjo y su sobrıno fueron detenıdos y extradıtados.",
    "The LİEUTENANT, a leader of the cell, was arreſted; the cartel's riſe and its rivalſ.",
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
    trapped = [t for t in SAMPLES if Words(t).trapped]
    assert len(trapped) == 2
    assert all(cue.present(Words(t)) for t in trapped)


def test_spellings_give_a_leading_letter_class_its_stems() -> None:
    frags = [r"[óo]rden(?:es)? de aprehensi[óo]n", r"[a-z]+ ", r"arrest(?:ed)?"]
    assert spellings(frags) == [
        r"órden(?:es)? de aprehensi[óo]n", r"orden(?:es)? de aprehensi[óo]n", r"[a-z]+ ", r"arrest(?:ed)?"
    ]  # fmt: skip
    cue = Cue(spellings(frags[:1]), alt(frags[:1]))
    assert not cue.any_word
    text = "Cumplió una Orden de aprehensión y dos órdenes de aprehensión; la orden de aprehensión."
    plain = [(m.start(), m.end()) for m in re.compile(alt(frags[:1])).finditer(text)]
    assert len(plain) == 3
    assert [(m.start(), m.end()) for m in cue.finditer(text, 0, None, Words(text))] == plain


def test_lexicons_find_what_each_cue_finds() -> None:
    """One pass for several lexicons finds what their cues find one by one."""
    cues = {detail: Cue(spellings(frags), alt(frags)) for detail, frags in lex.ACTION.items()}
    together = Lexicons(cues)
    for text in SAMPLES + ["La Marina detuvo a X con orden de aprehensión; fue extraditado y sancionado."]:
        words = Words(text)
        one_by_one = sorted(
            (m.start(), m.end(), name) for name, c in cues.items() for m in c.finditer(text, 0, None, words)
        )
        assert together.matches(text, words) == one_by_one, text
        assert together.present(words) == any(c.present(words) for c in cues.values())


def test_windows_and_repeated_lookups() -> None:
    """Lookups in a window of the text (cached per lexicon on ``Words``) find what the regex
    finds there."""
    fragments = both(lex.LEAD)
    regex = alt(fragments)
    cue = Cue(fragments, regex)
    text = SAMPLES[0] + " " + SAMPLES[1]
    words = Words(text)
    for lo, hi in [(0, len(text)), (5, 60), (30, 200), (90, len(text)), (0, 0)]:
        plain = [(m.start(), m.end()) for m in re.compile(regex).finditer(text, lo, hi)]
        fast = [(m.start(), m.end()) for m in cue.finditer(text, lo, hi, words)]
        assert fast == plain, (lo, hi)
