"""English/Spanish language detection: function words first, then lingua (whose models
ship inside the wheel) when they do not decide.

Function words come first because lingua, judging character n-grams, classes a short
English text full of Spanish names and places as Spanish.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import islice

# Below this many letters any guess is noise; such texts get "und".
MIN_LETTERS = 12

_EN_WORDS = frozenset("the of and to in is was were for with that by from has have his their".split())
_ES_WORDS = frozenset("el la los las de del que y en por con para se su fue una un al como".split())


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def _has_letters(text: str, count: int) -> bool:
    """Whether ``text`` has ``count`` letters or more: read up to the ``count``-th only."""
    return next(islice(filter(str.isalpha, text), count - 1, None), None) is not None


def detect(text: str, sample: int = 4000) -> str:
    """Return "en", "es" or "und" for ``text`` (judged on a sample from its start)."""
    head = text[:sample]
    if not _has_letters(head, MIN_LETTERS):
        return "und"
    words = head.lower().split()
    en = sum(map(_EN_WORDS.__contains__, words))
    es = sum(map(_ES_WORDS.__contains__, words))
    if en + es >= 2 and (en >= 2 * es or es >= 2 * en):
        return "en" if en > es else "es"
    lang = _detector().detect_language_of(head[:800])
    if lang is None:
        return "und"
    return {"ENGLISH": "en", "SPANISH": "es"}[lang.name]
