"""One vocabulary of relation details: "líder", "leaders" and "jefe" are all "leader".

Extraction keeps the word a document used; the knowledge base stores the English key of
the vocabulary in ``extract/lexicons/relation_values.json`` (``DETAILS``), so that one fact
found in Spanish and in English is one claim. For a relation the vocabulary lists, a detail
that matches none of its forms (a raw clause the extractor caught) is dropped rather than
shown; relations it does not list (a position's title, a reward's offerer) keep theirs.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from redes.extract.normalize import key as fold

_FILE = Path(__file__).resolve().parents[1] / "extract" / "lexicons" / "relation_values.json"


@cache
def _vocabulary() -> tuple[dict[str, dict[str, dict[str, str]]], dict[tuple[str, str], str]]:
    """(labels by relation and key, key by (relation, folded form))."""
    with open(_FILE, encoding="utf-8") as fh:
        data = json.load(fh)
    labels: dict[str, dict[str, dict[str, str]]] = {}
    forms: dict[tuple[str, str], str] = {}
    for relation, entries in data["DETAILS"]["table"].items():
        labels[relation] = {}
        for k, entry in entries.items():
            labels[relation][k] = {"en": entry["en"], "es": entry["es"]}
            for form in (k, entry["en"], entry["es"], *entry["forms"]):
                forms[(relation, fold(form))] = k
    # Kin words the extractor already maps (KIN_DETAIL) mean the same keys.
    for form, k in data["KIN_DETAIL"]["table"].items():
        if k in labels.get("family", {}):
            forms.setdefault(("family", fold(form)), k)
    return labels, forms


def governed(relation: str) -> bool:
    """Whether the vocabulary lists the relation's details."""
    return relation in _vocabulary()[0]


def normalize(relation: str, detail: str | None) -> str | None:
    """The vocabulary key of ``detail`` for ``relation`` (any case, accents or language);
    None when the vocabulary lists the relation and not the detail. Details of relations
    it does not list come back as written."""
    if detail is None:
        return None
    if not governed(relation):
        return detail
    return _vocabulary()[1].get((relation, fold(detail)))


def label(relation: str, detail: str | None, lang: str = "en") -> str | None:
    """How a detail key reads in ``lang`` ("en" or "es"); other details as they are."""
    if detail is None:
        return None
    entry = _vocabulary()[0].get(relation, {}).get(detail)
    return entry.get(lang, entry["en"]) if entry else detail


def vocabulary() -> dict[str, dict[str, dict[str, str]]]:
    """Every relation's detail keys with their English and Spanish labels."""
    return {r: dict(v) for r, v in _vocabulary()[0].items()}
