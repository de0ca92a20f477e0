"""Runs of capitalised words: the raw material of the pattern stages.

A run is a maximal sequence of capitalised tokens inside one line, joined by spaces,
hyphens, initials' dots or ampersands, and possibly by lower-case connectors ("de",
"del", "of", "and") when a capitalised token follows them: "Secretaría de Seguridad
y Protección Ciudadana", "Office of Foreign Assets Control", "Nemesio Oseguera".
"""

from __future__ import annotations

import re
from itertools import compress

from redes.extract.tokens import Tokens

CONNECTORS = frozenset(
    "de del la las los el y e of the for and on in at en para contra sobre al da do dos das di van von der le du".split()
)
# Capitalised function words that start sentences or headings and are not names.
STOP_CAPS = frozenset(
    """
    the a an in on at of for from to by with and or but as if this that these those it its his her
    their our we they he she i you since after before during when while where which who whom whose
    how why what according however although though also today yesterday tomorrow there here then than thus
    meanwhile moreover furthermore despite between among under over into about above below
    el la los las un una unos unas en de del por para con sin sobre entre desde hasta hacia y o
    pero como si este esta estos estas ese esa eso aquel aquella su sus nuestro nuestra se lo le
    les al ya hoy ayer mañana manana tambien además ademas asimismo durante cuando donde mientras
    segun según sin embargo aunque porque pues que quien cual cuyo cuya tras ante bajo
    see ibid op cit figure table map source fuente figura tabla mapa note nota
    monday tuesday wednesday thursday friday saturday sunday lunes martes miercoles jueves viernes sabado domingo
    """.split()
)
DOTTED = frozenset("st mt ft dr mr mrs ms jr sr gen lt col sgt gov sen rep lic ing dra sra cd edo".split())
_GAP_IN_RUN = re.compile(r"[ \t]{1,3}|[ \t]?[-–][ \t]?|\.[ \t]?|['’]|[ \t]&[ \t]")
_ORDINAL = re.compile(r"\d{1,3}[ªºo]?")
_GAP_BEFORE_CONNECTOR = re.compile(r"[ \t]{1,3}|[ \t]&[ \t]")
_GAP_AFTER_CONNECTOR = re.compile(r"[ \t]{1,3}")


def is_cap(toks: Tokens, i: int) -> bool:
    return toks.text[toks.starts[i]].isupper()


def runs(toks: Tokens) -> list[tuple[int, int]]:
    """(first, one-past-last) token indices of each capitalised run (computed once per text)."""
    if toks._runs is None:
        toks._runs = _runs(toks)
    return toks._runs


def _runs(toks: Tokens) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    text, starts, ends, words, caps = toks.text, toks.starts, toks.ends, toks.words, toks.caps
    n = len(words)
    j = 0
    # A run starts at a capitalised token past the previous run: only those are visited.
    for i in compress(range(n), caps):
        if i < j:
            continue
        j = i + 1
        while j < n:
            gap = text[ends[j - 1] : starts[j]]
            if not _GAP_IN_RUN.fullmatch(gap):
                break
            # A dot joins only after an initial or a dotted abbreviation ("J. Smith", "U.S. Army").
            if "." in gap and not (ends[j - 1] - starts[j - 1] == 1 or words[j - 1] in DOTTED):
                break
            if caps[j]:
                j += 1
                continue
            # Possessive inside a name: "Attorney General's Office".
            if words[j] == "s" and gap in ("'", "’") and j + 1 < n and text[starts[j + 1]].isupper():
                j += 1
                continue
            if _ORDINAL.fullmatch(words[j]) and j + 1 < n and text[starts[j + 1]].isupper():
                j += 1
                continue
            # Lower-case connectors ("de la", "of the") only when a capital follows them.
            k = j
            while k < n and words[k] in CONNECTORS and not text[starts[k]].isupper() and k - j < 3:
                g = text[ends[k - 1] : starts[k]]
                if not _GAP_BEFORE_CONNECTOR.fullmatch(g):
                    break
                k += 1
            if (
                k > j
                and k < n
                and text[starts[k]].isupper()
                and _GAP_AFTER_CONNECTOR.fullmatch(text[ends[k - 1] : starts[k]])
            ):
                j = k + 1
                continue
            break
        out.append((i, j))
    return out


def subruns(toks: Tokens, a: int, b: int) -> list[tuple[int, int]]:
    """A run split at its lower-case connectors: "Orange County and San Ysidro" gives two."""
    out: list[tuple[int, int]] = []
    start = a
    for k in range(a, b):
        if not toks.caps[k] and toks.words[k] in CONNECTORS:
            if k > start:
                out.append((start, k))
            start = k + 1
    if b > start:
        out.append((start, b))
    return out
