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


# The table's ASCII part as a byte table: UTF-8 leaves ASCII bytes as they are and gives
# non-ASCII characters bytes above 127 only, so bytes.translate folds the ASCII letters.
_ASCII_BYTES = bytes(ord(FOLD_TABLE.get(b, chr(b))) if b < 128 else b for b in range(256))
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Below this length str.translate is as fast as the byte route.
_LONG = 200


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(FOLD_TABLE)


def fold(text: str) -> str:
    """Lower-case, accent-free text of the same length as ``text``."""
    if len(text) < _LONG:
        return text.translate(FOLD_TABLE)
    # str.translate looks every character of a non-ASCII text up in the table: a document's
    # ASCII letters are folded in one pass over its bytes instead, and only its runs of
    # other characters go through the table.
    data = text.encode("utf-8", "surrogatepass").translate(_ASCII_BYTES).decode("utf-8", "surrogatepass")
    return _NON_ASCII.sub(_fold_run, data) if not data.isascii() else data


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
