"""Relation and attribute extraction (being written: see issue 3)."""

from __future__ import annotations

from redes.extract.model import ExtractedEntity, ExtractedRelation, Span


def find_relations(
    text: str, sentences: list[Span], entities: list[ExtractedEntity], lang: str
) -> list[ExtractedRelation]:
    """Relations between ``entities`` and their attributes, each with its evidence sentence."""
    return []
