"""Sentence segmentation for English and Spanish news and reports.

Rules, not a model: a sentence ends at . ! ? … (optionally followed by closing quotes,
brackets or footnote markers such as ``[12]``) when the next token starts like a new
sentence, and never after a known abbreviation ("U.S.", "Gen.", "Lic.") or an initial.
Blank lines and lines that look like headings always end a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from redes.extract.model import Span

# Lower-cased abbreviations (without the final dot) after which a dot does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col sgt capt cmdr adm gov sen rep pres jr sr st mt ft no nos vs etc
    inc corp co ltd dept univ est approx jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.n u.k e.g i.e a.k.a d.c p.m a.m
    sra srta lic ing arq mtro mtra dra gral cap tte cnel sec subsec núm art arts pág págs
    ee.uu eeuu ud uds edo cd col
    """.split()
)

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?:\[\d+\])*[\"'”’»)]*")
_NEXT_START = re.compile(r"\s+(?=[\"'“‘«(¿¡\[]?[A-ZÁÉÍÓÚÑÜ0-9])")
_LINE = re.compile(r"[^\n]+")
_DOTTED_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")
_PARA = re.compile(r"\n\s*\n|\n(?=\s*(?:[•\-*–]\s|\d+\.\s))")


def _ends_in_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at ``dot`` closes an abbreviation or an initial."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word or (start > 0 and text[start - 1].isalnum()):  # "2000s." is not an initial
        return False
    if word in ABBREVIATIONS:
        return True
    # Single-letter initials ("J. Smith") and dotted acronyms ("U.S.", "E.U.A.").
    if len(word) == 1 and word.isalpha():
        return True
    return bool(_DOTTED_ACRONYM.fullmatch(word))


def split_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of sentences in ``text[start:end]``, trimmed of spaces."""
    end = len(text) if end is None else end
    for para_start, para_end in _paragraphs(text, start, end):
        yield from _sentences(text, para_start, para_end)


def _paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in _PARA.finditer(text, start, end):
        yield pos, m.start()
        pos = m.end()
    yield pos, end


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    sent_start = start
    for m in _END.finditer(text, start, end):
        stop = m.end()
        nxt = _NEXT_START.match(text, stop, end)
        if nxt is None and stop < end and not text[stop:end].strip() == "":
            # Not followed by something that starts a sentence (lower case, etc.).
            if "\n" not in text[stop : stop + 2]:
                continue
        if text[m.start()] == "." and m.group().startswith(".") and len(m.group().rstrip("\"'”’»)]")) == 1:
            if _ends_in_abbreviation(text, m.start()):
                continue
        yield from _trim(text, sent_start, stop)
        sent_start = stop
    yield from _trim(text, sent_start, end)


def _trim(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    # Single newlines inside a paragraph still separate lines such as titles and bylines.
    for line in _LINE.finditer(text, start, end):
        s, e = line.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


def split(text: str) -> list[Span]:
    """The sentences of ``text`` as spans."""
    return [Span(s, e, text[s:e]) for s, e in split_spans(text)]
