"""English/Spanish language detection with lingua, whose models ship inside the wheel."""

from __future__ import annotations

from functools import lru_cache

# Below this many letters lingua's guess is noise; such texts get "und".
MIN_LETTERS = 12


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def detect(text: str, sample: int = 800) -> str:
    """Return "en", "es" or "und" for ``text`` (judged on a sample from its start)."""
    head = text[:sample]
    if sum(map(str.isalpha, head)) < MIN_LETTERS:
        return "und"
    lang = _detector().detect_language_of(head)
    if lang is None:
        return "und"
    return {"ENGLISH": "en", "SPANISH": "es"}[lang.name]
