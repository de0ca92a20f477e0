"""Matching keys and name analysis for cross-document resolution."""

from __future__ import annotations

import re

from redes.extract.lexicon import given_names
from redes.extract.normalize import key

PARTICLES = frozenset("de del la las los y van von der da di du dos le st".split())
ARTICLES = frozenset("el la los las the".split())
GENERATIONAL = frozenset("jr sr ii iii iv junior".split())
_ACRONYM = re.compile(r"^[A-ZÁÉÍÓÚÑ&.\-]{2,10}$")
_ANON = re.compile(r"[“\"‘'«]\s?[A-Z]\.?\s?[”\"’'»]?\s*$")


def name_key(text: str) -> str:
    """Accent-, case-, hyphen- and punctuation-blind key ("Oseguera-Cervantes" = "oseguera cervantes")."""
    return key(text)


def nick_key(text: str) -> str:
    """A nickname's key without its article: "El Mencho", "el Mencho", "Mencho" -> "mencho"."""
    words = key(text).split()
    while len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def is_anonymised(text: str) -> bool:
    """A name with the surnames withheld ('Ovidio “N”'), as Mexican authorities write them."""
    return bool(_ANON.search(text))


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text.strip())) and sum(c.isalpha() for c in text) >= 2


def person_tokens(text: str) -> list[str]:
    """Name tokens of a person's name, without particles, quotes' "N" and suffixes."""
    return [w for w in key(text).split() if w not in PARTICLES and w != "n"]


def split_person(text: str) -> tuple[list[str], list[str], bool]:
    """(given names, surnames, generational suffix?) of a full name."""
    toks = person_tokens(text)
    gen = any(t in GENERATIONAL for t in toks)
    toks = [t for t in toks if t not in GENERATIONAL]
    given = given_names()
    g = 0
    while g < len(toks) - 1 and toks[g] in given and g < 3:
        g += 1
    return toks[:g], toks[g:], gen
