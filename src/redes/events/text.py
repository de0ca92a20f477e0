"""Name keys and slugs: the accent-, case- and punctuation-free forms used for lookup."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def name_key(name: str) -> str:
    """``"Cártel de Jalisco Nueva Generación"`` -> ``"cartel de jalisco nueva generacion"``."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub(" ", bare).strip()


def slugify(name: str) -> str:
    return name_key(name).replace(" ", "-")


def key_variants(name: str) -> list[str]:
    """Forms another module may have stored as a key (spaced, joined, hyphenated)."""
    key = name_key(name)
    forms = {key, key.replace(" ", ""), key.replace(" ", "-")}
    if key.startswith("the "):  # the extraction lexicon drops a leading article
        forms.add(key[4:])
    return sorted(forms)
