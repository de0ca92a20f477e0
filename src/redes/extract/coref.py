"""In-document coreference of partial names: "Oseguera", "Harfuch", "Peña Nieto",
"Nemesio Oseguera" refer to the person whose full name the document gives, when only
one person in the document carries those names.

A partial form keeps the order of the full name, contains at least one surname, and
may start with the first given name only: "Nemesio Oseguera" is a partial form of
"Nemesio Rubén Oseguera Cervantes" but "Rubén Oseguera" is not (that is his son,
"El Menchito"). A surname two people share in the document is left alone.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations, compress
from operator import and_

from rapidfuzz.distance import OSA

from redes.extract.doc import PRIORITY, Candidate, Doc
from redes.extract.lexicon import given_names
from redes.extract.names import PARTICLES, _name_token

MAX_TOKENS = 6


def name_parts(words: list[str]) -> tuple[list[str], list[str]]:
    """(given names, surnames) of a full name's folded tokens (particles dropped)."""
    given = given_names()
    # Drop an inner nickname ("Ismael “El Mayo” Zambada"): its article and the word after it.
    words = [
        w
        for k, w in enumerate(words)
        if w not in ("el", "la") and (k == 0 or words[k - 1] not in ("el", "la"))
    ]
    toks = [w for w in words if w not in PARTICLES and w not in ("jr", "sr", "n") and len(w) > 1]
    g = 0
    while g < len(toks) - 1 and toks[g] in given and g < 3:
        g += 1
    return toks[:g], toks[g:]


def partial_forms(words: list[str]) -> set[tuple[str, ...]]:
    """Every partial form of a full name (see the module docstring)."""
    return set(_partial_forms(tuple(words)))


@lru_cache(maxsize=65536)
def _partial_forms(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """``partial_forms`` in the order they are made, computed once per name (a name recurs in
    a document and across documents)."""
    given, sur = name_parts(list(words))
    if not sur or len(given) + len(sur) > MAX_TOKENS:
        return ()
    out: list[tuple[str, ...]] = []
    for n in range(1, len(sur) + 1):
        for combo in combinations(sur, n):
            out.append(combo)
            if given:
                out.append((given[0], *combo))
    return tuple(out)


def run(doc: Doc) -> None:
    toks = doc.tokens
    # Names with withheld surnames ('Armando “N”') are never partial forms of one another.
    persons = [c for c in doc.candidates if c.type == "person" and c.role == "name" and c.rule != "name-n"]
    # One person per name: the longest candidate of overlapping ones, the lexicon id if any.
    persons.sort(key=lambda c: -(c.j - c.i))
    spans: list[tuple[int, int]] = []
    index: dict[tuple[str, ...], set[object]] = {}
    owner: dict[object, Candidate] = {}
    for c in persons:
        words = tuple(toks.words[c.i : c.j])
        if len(words) < 2 or any(a <= c.i and c.j <= b for a, b in spans):
            continue
        spans.append((c.i, c.j))
        pid: object = c.key or words
        owner.setdefault(pid, c)
        for form in partial_forms(list(words)):
            index.setdefault(form, set()).add(pid)
    if not index:
        return
    # Forms two different people share are ambiguous.
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for form, pids in index.items():
        if len(pids) == 1:
            by_first.setdefault(form[0], []).append(form)
    for forms in by_first.values():
        forms.sort(key=len, reverse=True)
    # Short names other rules proposed ("Martínez-Álvarez" as an author) that are partial
    # forms of one full name in the document belong to that person.
    for c in persons:
        pid = c.key or tuple(toks.words[c.i : c.j])
        form = tuple(w for w in toks.words[c.i : c.j] if len(w) > 1)
        owners = index.get(form, set()) - {pid}
        if (
            c.key is None
            and len(owners) == 1
            and not any(a <= c.i and c.j <= b for a, b in spans if (a, b) != (c.i, c.j))
        ):
            doc.link(owner[next(iter(owners))], c)
    covered = _covered(doc)
    towns = _bare_towns(doc)
    covered -= set(towns)
    n = len(toks)
    free = 0  # the first token a partial form found so far leaves free
    # Partial forms start at a capitalised token: only those are visited.
    for i in compress(range(n), toks.caps):
        if i < free or i in covered:
            continue
        hit = None
        for form in by_first.get(toks.words[i], ()):
            L = len(form)
            if tuple(toks.words[i : i + L]) == form and not any(k in covered for k in range(i, i + L)):
                if all(toks.gap(k).strip() in ("", "-") for k in range(i + 1, i + L)):
                    hit = form
                    break
        if hit is None:
            continue
        j = i + len(hit)
        free = j
        # Part of a longer unknown name ("Oseguera" in "Juan Oseguera"): leave it.
        if (i > 0 and _name_token(doc, i - 1) and toks.gap(i).strip() == "") or (
            j < n and _name_token(doc, j) and toks.gap(j).strip() == ""
        ):
            continue
        pid = next(iter(index[hit]))
        if i in towns:
            towns[i].alive = False  # "Judge Woodland", not Woodland, California
        cand = doc.span(i, j, "person", "partial", priority=PRIORITY["partial"], role="partial")
        doc.add(cand)
        doc.link(owner[pid], cand)
    _typos(doc, persons, covered)


PLACE_WORDS = frozenset("in en at from desde to hacia near cerca of de".split())


def _bare_towns(doc: Doc) -> dict[int, Candidate]:
    """One-word city matches with no place word before them: a surname may win these."""
    from redes.extract.lexicon import load

    lex = load()
    out: dict[int, Candidate] = {}
    for c in doc.candidates:
        if c.type != "place" or c.j - c.i != 1 or c.rule != "lexicon":
            continue
        e = lex.entry(c.key or "")
        if e is None or e.kind not in ("municipality", "us_city"):
            continue
        if c.i > 0 and doc.tokens.words[c.i - 1] in PLACE_WORDS:
            continue
        out[c.i] = c
    return out


def _close(a: str, b: str) -> bool:
    return a == b or (a[0] == b[0] and min(len(a), len(b)) >= 5 and OSA.distance(a, b) == 1)


def _covered(doc: Doc) -> set[int]:
    out: set[int] = set()
    for c in doc.candidates:
        if c.priority >= PRIORITY["pattern"] or c.type != "person":
            out.update(range(c.i, c.j))
    return out


def _typos(doc: Doc, persons: list[Candidate], covered: set[int]) -> None:
    """Names misspelt by a letter or two: "Ramos Gonzales" for "Ramos González",
    "Adriana Rios" for "Adrianna Ríos"."""
    toks = doc.tokens
    words, caps = toks.words, toks.caps
    full = [c for c in persons if c.j - c.i >= 2 and "n" not in words[c.i : c.j]]
    by_shape: dict[tuple[int, str], list[Candidate]] = {}
    for c in full:
        by_shape.setdefault((c.j - c.i, words[c.i][0]), []).append(c)
    for group in by_shape.values():
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                a, b = group[x], group[y]
                wa, wb = words[a.i : a.j], words[b.i : b.j]
                if wa != wb and all(_close(p, q) for p, q in zip(wa, wb, strict=True)):
                    doc.link(a, b)
    # Two capitalised words no rule took, close to a known name ("Adriana Rios"), or the
    # last two surnames of one ("Ramos Gonzales").
    known: dict[tuple[str, str], list[tuple[tuple[str, str], Candidate]]] = {}
    for c in full:
        if c.j - c.i == 2:
            pair = (words[c.i], words[c.i + 1])
            known.setdefault((pair[0][0], pair[1][0]), []).append((pair, c))
        _, sur = name_parts(list(words[c.i : c.j]))
        if len(sur) >= 2:
            known.setdefault((sur[-2][0], sur[-1][0]), []).append(((sur[-2], sur[-1]), c))
    if not known:
        return
    starts = {c.i for c in full}
    # Only pairs of capitalised tokens are visited.
    for i in compress(range(len(words) - 1), map(and_, caps, caps[1:])):
        if i in covered or i + 1 in covered or i in starts:
            continue
        options = known.get((words[i][0], words[i + 1][0]))
        if not options or toks.gap(i + 1).strip() not in ("", "-"):
            continue
        pair = (words[i], words[i + 1])
        for name, c in options:
            if pair != name and _close(pair[0], name[0]) and _close(pair[1], name[1]):
                cand = doc.span(
                    i, i + 2, "person", "partial-typo", priority=PRIORITY["partial"], role="partial"
                )
                doc.add(cand)
                doc.link(c, cand)
                break
