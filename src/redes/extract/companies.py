"""Pattern stage for companies named with their legal form: "Comercializadora del Norte,
S.A. de C.V.", "Servicios Costa S. de R.L. de C.V.", "Fundación Paz, A.C.".

The front companies of sanctions and financial-intelligence releases are named so, and
their names have no head word for ``orgs`` to go by ("Comercializadora", "Operadora"). The
legal form is what makes them organizations; the name is the capitalised run right before
it (the form itself, a run of one-letter tokens, is part of the entity's name). Forms with
a head word of their own ("LLC", "Inc") are ``orgs``'s. The forms are in
``lexicons/legal_forms.txt``; resolution and list matching (``redes.resolve``) compare
companies without them (``without_form``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from pathlib import Path

from redes.extract.chunks import runs
from redes.extract.doc import PRIORITY, Candidate, Doc
from redes.extract.lexicon import ARTICLES

_DATA = Path(__file__).resolve().parent / "lexicons" / "legal_forms.txt"


@cache
def _forms() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One regex of every legal form: its words with dots, or, for a form of three letters
    or more, with or without them and the spaces between ("S.A. de C.V.", "SA DE CV"); and
    a regex of the two characters a form may start with, to find where to try it (an
    alternation of forms tried at every offset costs 50 µs a page)."""
    alternatives = []
    firsts, seconds = set(), {".", " "}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        form = line.split("#", 1)[0].strip()
        if not form:
            continue
        letters = [c for c in form if c.isalpha()]
        firsts.add(letters[0])
        seconds.add(letters[1])
        loose = sum(c.isalpha() for c in form.replace(" de ", " ")) >= 3
        parts = []
        for word in form.split():
            if word in ("de", "en"):
                parts.append(f"(?:{word}|{word.upper()})")
            elif loose:  # "S.A." -> S\.?\s?A\.?
                parts.append(r"\s?".join(re.escape(c) + r"\.?" for c in word if c != "."))
            else:
                parts.append(r"\s?".join(re.escape(c) + r"\." for c in word if c != "."))
        alternatives.append(r"\s+".join(parts))
    alternatives.sort(key=len, reverse=True)  # the longest first: "S.A. de C.V." before "S.A."
    forms = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    starts = re.compile("[" + re.escape("".join(sorted(firsts))) + "][" + re.escape("".join(sorted(seconds))) + "]")
    return forms, starts


def _find(text: str) -> list[re.Match[str]]:
    """The legal forms of ``text``, left to right, none inside another."""
    forms, starts = _forms()
    out: list[re.Match[str]] = []
    for s in starts.finditer(text):
        if out and s.start() < out[-1].end():
            continue
        m = forms.match(text, s.start())
        if m:
            out.append(m)
    return out


# What stands between a name and its form.
_BEFORE_FORM = re.compile(r",?\s+$")


def without_form(name: str) -> str:
    """A company's name without the legal form that closes it ("Comercializadora del Norte"
    for "Comercializadora del Norte, S.A. de C.V." or "... SA DE CV"); other names as given."""
    found = _find(name)
    if found and not name[found[-1].end() :].strip(" ."):
        before = name[: found[-1].start()]
        head = _BEFORE_FORM.sub("", before)
        if head.strip() and head != before:
            return head
    return name


def run(doc: Doc) -> None:
    """An organization candidate for each capitalised run followed by a legal form, and for
    the same name without the form elsewhere in the document."""
    toks = doc.tokens
    found = _find(doc.text) if toks.starts else []
    if not found:
        return
    run_of = {k: (a, b) for a, b in runs(toks) for k in range(a, b)}
    starts, ends = toks.starts, toks.ends
    names: dict[tuple[str, ...], Candidate] = {}  # the name without its form -> the company
    for m in found:
        # The name: the capitalised run of the word before the form, up to the form (a run
        # may go on into the form's letters: "Servicios Costa S", "Sierra SAPI").
        k = _token_at(starts, m.start())
        if k is None or k == 0 or not _BEFORE_FORM.match(doc.text, ends[k - 1], m.start()):
            continue  # the form does not follow a word right away ("Norte) S.A.")
        if k - 1 not in run_of:
            continue
        a, b = run_of[k - 1][0], k
        if toks.words[a] in ARTICLES and b - a > 1:
            a += 1  # "La Fundación Paz, A.C."
        if b - a == 1 and len(toks.words[a]) < 3:
            continue  # a lone initial is no name
        end = m.end()
        if doc.text[end - 1] == "." and "." not in m.group()[:-1]:
            end -= 1  # "SA DE CV." ends a sentence: the form itself has no dots
        last = _token_at(starts, end - 1, before=True)
        if last is None or last < b:
            continue
        company = doc.add(
            Candidate(starts[a], end, a, last + 1, "organization", "company-form", priority=PRIORITY["pattern"])
        )
        names[tuple(toks.words[a:b])] = company
    _later_names(doc, names)


def _later_names(doc: Doc, names: dict[tuple[str, ...], Candidate]) -> None:
    """The company's name without its form elsewhere in the document ("Comercializadora del
    Norte recibió..."), capitalised as before: a mention of the same company."""
    toks = doc.tokens
    taken = [(c.i, c.j) for c in names.values()]
    for words, company in names.items():
        n = len(words)
        for k in range(len(toks.words) - n + 1):
            if (
                toks.words[k] == words[0]
                and tuple(toks.words[k : k + n]) == words
                and toks.is_cap(k)
                and not any(i <= k < j for i, j in taken)
            ):
                later = doc.add(
                    Candidate(
                        toks.starts[k], toks.ends[k + n - 1], k, k + n, "organization", "company-name",
                        priority=PRIORITY["pattern"],
                    )
                )
                doc.link(company, later)


def _token_at(starts: list[int], offset: int, before: bool = False) -> int | None:
    """The first token starting at or after ``offset`` (``before``: the last one starting at or
    before it)."""
    if before:
        k = bisect_right(starts, offset) - 1
        return k if k >= 0 else None
    k = bisect_left(starts, offset)
    return k if k < len(starts) else None
