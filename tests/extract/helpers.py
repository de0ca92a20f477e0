"""Helpers for extraction tests: run the pipeline on a snippet and look at what it found."""

from __future__ import annotations

from redes.extract import extract
from redes.extract.model import DocExtraction, ExtractedEntity


def run(text: str, lang: str = "en") -> DocExtraction:
    return extract(text, lang)


def by_mention(ex: DocExtraction, surface: str) -> ExtractedEntity | None:
    """The entity that has ``surface`` among its mentions, as written."""
    for e in ex.entities:
        if any(m.text == surface for m in e.mentions):
            return e
    return None


def mentions(ex: DocExtraction, type_: str | None = None) -> set[str]:
    return {m.text for e in ex.entities if type_ is None or e.type == type_ for m in e.mentions}


def same_entity(ex: DocExtraction, a: str, b: str) -> bool:
    ea, eb = by_mention(ex, a), by_mention(ex, b)
    return ea is not None and ea is eb
