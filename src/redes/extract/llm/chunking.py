"""Cutting a document into the chunks sent to the model: whole sentences
(``redes.extract.sentences``) up to a number of characters; a sentence longer than that
is cut like a long document's sections (``redes.extract.sections``)."""

from __future__ import annotations

from redes.extract.sections import sections
from redes.extract.sentences import split_spans


def chunks(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive chunks of ``text``, each at most ``size`` characters
    and made of whole sentences where a sentence fits."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for s, e in split_spans(text):
        if start is not None and e - start > size:
            out.append((start, end))
            start = None
        if e - s > size:
            out += [(s + a, s + b) for a, b in sections(text[s:e], size)]
            continue
        if start is None:
            start = s
        end = e
    if start is not None:
        out.append((start, end))
    return out
