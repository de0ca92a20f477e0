"""Text folding shared by every matching stage and by cross-document resolution.

``fold`` keeps the string's length (one character in, one character out), so offsets
found in folded text are offsets in the original: accents are stripped, case is
folded, and the many quote and dash variants collapse to one each.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = unicodedata.normalize("NFKD", ch)[0].lower()
        if base.isascii() and base.isalpha():
            table[cp] = base
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp).lower()
    # Letters whose decomposition is not a plain ASCII letter.
    table.update({ord("ß"): "s", ord("Ø"): "o", ord("ø"): "o", ord("Đ"): "d", ord("đ"): "d"})
    table.update({ord("Ł"): "l", ord("ł"): "l", ord("Æ"): "a", ord("æ"): "a", ord("ı"): "i"})
    for q in "“”„‟«»″":
        table[ord(q)] = '"'
    for q in "‘’‚‛´`′":
        table[ord(q)] = "'"
    for d in "‐‑‒–—―−":
        table[ord(d)] = "-"
    table[0xA0] = " "
    return table


FOLD_TABLE = _build_table()


def fold(text: str) -> str:
    """Lower-case, accent-free text of the same length as ``text``."""
    return text.translate(FOLD_TABLE)


_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Matching key: folded, punctuation and hyphens as single spaces, leading "the" dropped.

    "the Cártel del Milenio" and "Cartel del milenio" share a key; so do
    "Oseguera-Cervantes" and "Oseguera Cervantes", "U.S." and "u s".
    """
    k = _NON_WORD.sub(" ", fold(text)).strip()
    if k.startswith("the "):
        k = k[4:]
    return k


def slug(text: str) -> str:
    """Lowercase ASCII slug: "Nemesio Oseguera Cervantes" -> "nemesio-oseguera-cervantes"."""
    s = _NON_WORD.sub("-", fold(text).replace("'", "")).strip("-")
    return s or "entity"
