"""Person names from name morphology, titles and the Spanish press's "N" convention.

A name starts at a known given name and runs over capitalised name tokens, initials
("John Q. Public"), particles ("María del Carmen", "Ponce de León") and a final
"Jr."; a quoted nickname may sit inside it ("Joaquin “El Chapo” Guzman"). A name
needs two name tokens, unless the Mexican authorities' ``Nombre “N”`` convention or
a title ("President Trump", "Secretary Rubio") makes one enough.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress

from redes.extract import context
from redes.extract.chunks import STOP_CAPS, runs, subruns
from redes.extract.doc import PRIORITY, Candidate, Doc
from redes.extract.heads import GROUP_HEADS, head_of
from redes.extract.lexicon import given_names, surnames

PARTICLES = frozenset("de del la las los van von der da di du dos le st".split())
SUFFIXES = frozenset("jr sr ii iii iv".split())
# Words that are capitalised in names of things, never in people's names.
NOT_NAME = frozenset(
    """
    cartel cartels cartel cartels carteles organization organizacion group grupo university universidad
    department secretaria ministry state estado city ciudad county district court corte police policia
    army ejercito navy marina guard guardia government gobierno president presidente presidenta
    republic republica national nacional federal united unidos north south east west northern southern
    new nueva nuevo san santa santo saint fort port puerto lake river rio mount sierra valle valley
    island isla bay gulf golfo ocean avenue street calle boulevard road highway
    assistant associate executive acting deputy special trial magistrate district general attorney
    charge former then current interim
    """.split()
)
_N_QUOTE = re.compile(r"\s?[“\"‘'«]\s?[A-Z]\.?\s?[”\"’'»]")
_INNER_NICK = re.compile(r"\s[“\"‘«]([^”\"’»\n]{1,30})[”\"’»]\s")


def _name_token(doc: Doc, k: int) -> bool:
    toks = doc.tokens
    if not toks.is_cap(k):
        return False
    s = toks.surface(k)
    if len(s) == 1 and k + 1 < len(toks) and toks.gap(k + 1) in ("'", "’") and toks.is_cap(k + 1):
        return True  # O'Neill, D'Angelo
    if _never_name(toks.words[k]):
        return False
    return s.isalpha() and len(s) > 1


@lru_cache(maxsize=65536)
def _never_name(w: str) -> bool:
    """A folded word that is no name however written: function words, months, titles, heads."""
    return (
        w in NOT_NAME
        or w in STOP_CAPS
        or w in context.MONTHS
        or w in context.TITLES
        or head_of(w) is not None
    )


def _initial(doc: Doc, k: int) -> bool:
    toks = doc.tokens
    s = toks.surface(k)
    return len(s) == 1 and s.isupper() and toks.text[toks.ends[k] : toks.ends[k] + 1] == "."


def scan_name(doc: Doc, i: int, end: int) -> tuple[int, int]:
    """(one-past-last token, number of name tokens) of a name starting at token i."""
    toks = doc.tokens
    k, count = i + 1, 1
    heading = context.title_line(toks.text, toks.starts[i], doc.cache.setdefault("title", {}))
    sur = surnames()
    while k < end:
        gap = toks.gap(k)
        if any(c in gap for c in '\n,()“”"«»') or ("." in gap and not _initial(doc, k - 1)):
            break
        if _initial(doc, k):
            k += 1
            continue
        if _name_token(doc, k):
            if heading and count >= 2 and toks.words[k] not in sur:
                break  # in a title-case heading, only known surnames extend a name
            k += 1
            count += 1
            continue
        w = toks.words[k]
        # An unquoted nickname inside a name: "Pedro El Flaco Ruiz".
        if w in ("el", "la") and toks.is_cap(k) and count == 1 and k + 2 < end:
            if _name_token(doc, k + 1) and _name_token(doc, k + 2) and toks.gap(k + 2).strip() == "":
                k += 2
                continue
        if w in PARTICLES and not toks.is_cap(k):
            m = k + 1
            while m < end and toks.words[m] in PARTICLES and not toks.is_cap(m) and m - k < 2:
                m += 1
            if m < end and _name_token(doc, m) and count >= 1:
                k = m
                continue
        break
    return k, count


def run(doc: Doc) -> None:
    toks = doc.tokens
    given = given_names()
    n = len(toks)
    streets: set[int] = set()
    for a, b in runs(toks):
        if given.isdisjoint(toks.words[a:b]):
            continue  # a name starts at a known given name
        i = a
        while i < b:
            w = toks.words[i]
            if (
                w in given
                and toks.is_cap(i)
                and not (i > a and toks.words[i - 1] in given and _name_token(doc, i - 1))
            ):
                j, count = scan_name(doc, i, b)
                j, count, nick = _inner_nickname(doc, i, j, count)
                if _street(doc, i, streets):
                    streets.add(j)
                    doc.cache.setdefault("streets", set()).update(range(i, j))
                    i = j
                    continue
                cand = _make(doc, i, j, count)
                if cand is not None and i == a + 1 and count >= 2 and _unknown_first(doc, a):
                    cand.i, cand.start = a, toks.starts[a]  # "Heber Fernando López"
                if cand is not None:
                    doc.add(cand)
                    if nick is not None:
                        doc.add(nick)
                        doc.link(cand, nick)
                    i = j
                    continue
            i += 1
    _anonymised(doc)
    _unknown_given(doc)
    _titled_surnames(doc, n)


def _unknown_first(doc: Doc, k: int) -> bool:
    """A capitalised word right before a name that starts a run mid-sentence: a given name
    the list lacks ("Heber Fernando López"), not a sentence's first word or a title."""
    toks = doc.tokens
    if k == 0 or not _name_token(doc, k) or toks.gap(k + 1) != " ":
        return False
    if toks.words[k] in given_names() or toks.is_upper(k):
        return False
    return _mid_sentence(doc, k)


def _mid_sentence(doc: Doc, k: int) -> bool:
    """Token k follows another word of its sentence (its capital is not the sentence's)."""
    return k > 0 and not any(ch in doc.tokens.gap(k) for ch in '.\n:;!?¿¡“”"«»()')


def _inner_nickname(doc: Doc, i: int, j: int, count: int) -> tuple[int, int, Candidate | None]:
    """Extend ``Joaquin “El Chapo” Guzman``: a quoted nickname between given name and surname."""
    toks = doc.tokens
    if j >= len(toks) or count > 2:
        return j, count, None
    m = _INNER_NICK.match(toks.text, toks.ends[j - 1])
    if not m:
        return j, count, None
    after = toks.at(m.end())
    nick_i = toks.at(m.start(1))
    if after is None or nick_i is None or not _name_token(doc, after):
        return j, count, None
    k, c2 = scan_name(doc, after, len(toks))
    end_tok = nick_i
    while end_tok < len(toks) and toks.ends[end_tok] <= m.end(1):
        end_tok += 1
    nick = doc.span(nick_i, end_tok, "person", "nickname-inner", priority=PRIORITY["alias"], role="nick")
    nick.nested_ok = True
    return k, count + c2, nick


def _make(doc: Doc, i: int, j: int, count: int) -> Candidate | None:
    toks = doc.tokens
    text = toks.text
    end = toks.ends[j - 1]
    # Spanish releases: "Luis Marcos “N”" — the "N" stands for the withheld surnames.
    m = _N_QUOTE.match(text, end)
    if m:
        cand = doc.span(i, j, "person", "name-n", priority=PRIORITY["name"])
        cand.end = m.end()
        return cand
    # "John Q. Public, Jr."
    sfx = re.match(r",?\s(Jr|Sr|II|III|IV)\b\.?", text[end : end + 6])
    if count < 2:
        if not context.title_before(toks, i) and not _nick_follows(text, end):
            return None
    elif all(w in given_names() for w in toks.words[i:j]) and _place_before(doc, i):
        # "la localidad de José María" is a town (later stages must not make it a person).
        doc.cache.setdefault("not_people", set()).update(range(i, j))
        return None
    # A name directly followed by an organisation's head is part of that name ("Carter Center").
    if j < len(toks) and "\n" not in toks.gap(j) and toks.gap(j).strip() == "":
        h = head_of(toks.words[j])
        if h is not None and toks.is_cap(j):
            return None
        if toks.words[j] in GROUP_HEADS and toks.is_cap(j):
            return None
    cand = doc.span(i, j, "person", "name", priority=PRIORITY["name"])
    if sfx:
        cand.end = end + sfx.end()
    return cand


STREET_WORDS = frozenset(
    """calle avenida av boulevard bulevar bulevard blvd bul calzada calz carretera colonia col street avenue
    plaza escuela hospital estadio prolongacion periferico libramiento glorieta puente""".split()
)


def _street(doc: Doc, i: int, streets: set[int]) -> bool:
    """'calle Benito Juárez y Miguel Hidalgo' names streets, not people."""
    words = doc.tokens.words
    if i > 0 and words[i - 1] in STREET_WORDS:
        return True
    return i > 1 and words[i - 1] in ("y", "and", "e") and (i - 1) in streets


def _place_before(doc: Doc, i: int) -> bool:
    from redes.extract.gazetteer import PLACE_TRIGGERS

    words = doc.tokens.words
    prev = words[i - 1] if i > 0 else ""
    prev2 = words[i - 2] if i > 1 else ""
    return (
        prev in PLACE_TRIGGERS
        or prev in STREET_WORDS
        or prev in ("en", "in")
        or (prev in ("de", "of") and prev2 in PLACE_TRIGGERS)
    )


_NICK_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:\(a\)|alias\b|a\.k\.a\.?|aka\b|also known as|known as|conocido como|apodado|[“\"‘«])",
    re.I,
)


def _nick_follows(text: str, end: int) -> bool:
    return bool(_NICK_AFTER.match(text[end : end + 20]))


def _titled_surnames(doc: Doc, n: int) -> None:
    """'President Trump', 'Secretary Rubio', 'U.S. Attorney Smith': a title, then surnames."""
    toks = doc.tokens
    sur = surnames()
    given = given_names()
    titles = context.TITLES
    words = toks.words
    for i in [k + 1 for k in compress(range(n - 1), map(titles.__contains__, words))]:
        if not toks.is_cap(i) or toks.words[i] in given:
            continue
        if "\n" in toks.gap(i) or toks.gap(i).strip():
            continue
        if not _name_token(doc, i):
            continue
        j, count = scan_name(doc, i, n)
        # Titles before place or organisation names ("President of Mexico") are not names.
        if j < n and toks.words[j] in ("of", "de", "del") and toks.gap(j).strip() == "":
            continue
        if count > 3:
            continue
        if count == 1 and toks.words[i] not in sur and not toks.surface(i)[0].isupper():
            continue
        doc.add(doc.span(i, j, "person", "title-name", priority=PRIORITY["partial"]))


def _person_spans(doc: Doc) -> set[int]:
    return {k for c in doc.candidates if c.type == "person" for k in range(c.i, c.j)}


def _anonymised(doc: Doc) -> None:
    """'Nabor “N”': any one to three capitalised words before a quoted N are a person."""
    toks = doc.tokens
    taken = _person_spans(doc)
    for m in _N_QUOTE.finditer(toks.text):
        k = toks.at(_word_start_before(toks.text, m.start()))
        if k is None or k in taken:
            continue
        i = k
        while i > 0 and k - i < 2 and _name_token(doc, i - 1) and toks.gap(i).strip() == "":
            i -= 1
        if not _name_token(doc, k):
            continue
        cand = doc.span(i, k + 1, "person", "name-n", priority=PRIORITY["name"])
        cand.end = m.end()
        doc.add(cand)


def _word_start_before(text: str, pos: int) -> int:
    k = pos
    while k > 0 and text[k - 1].isalnum():
        k -= 1
    return k


_AUTHOR_AFTER = re.compile(r"\s*,\s*[“\"]")
_LIST_SEP = re.compile(r"\s*(?:,|;|,?\s+and|,?\s+y)\s+")


def _unknown_given(doc: Doc) -> None:
    """Names whose given name is not in the list: 'Wim K. Vandersloot' (an initial),
    'Falko Brandt, “Title”' (an author), 'Hiral Mehta' in a list of names, 'Hilario Ramos
    Hernández' (two known surnames)."""
    toks = doc.tokens
    text = toks.text
    words = toks.words
    sur = surnames()
    taken = _person_spans(doc) | {k for c in doc.candidates if c.rule == "lexicon" for k in range(c.i, c.j)}
    streets = doc.cache.get("streets", set())
    taken |= streets
    taken |= {k + 2 for k in streets if k + 1 < len(toks) and toks.words[k + 1] in ("y", "and", "e")}
    pending: list[tuple[int, int]] = []
    for a, b in (sub for run in runs(toks) for sub in subruns(toks, *run)):
        while a < b and toks.words[a] in STOP_CAPS:
            a += 1
        if b - a < 2 or b - a > 4:
            continue  # the cheap test first: most runs are one word
        if not taken.isdisjoint(range(a, b)) or not all(
            _name_token(doc, k) or _initial(doc, k) for k in range(a, b)
        ):
            continue
        if _initial(doc, b - 1) or not _name_token(doc, a):
            continue
        if toks.is_upper(b - 1) and not toks.is_upper(a):
            continue  # "A.M. CST"
        if head_of(toks.words[b - 1]) is not None:
            continue
        has_initial = any(_initial(doc, k) for k in range(a + 1, b - 1))
        author = bool(_AUTHOR_AFTER.match(text, toks.ends[b - 1])) and b - a <= 3
        # Two known surnames after an unknown given name: "Hilario Ramos Hernández".
        surnamed = b - a >= 3 and words[b - 1] in sur and words[b - 2] in sur and _mid_sentence(doc, a)
        if has_initial or author or surnamed:
            doc.add(doc.span(a, b, "person", "name-shape", priority=PRIORITY["name"] - 1))
            taken.update(range(a, b))
        elif b - a <= 3 and not context.title_line(text, toks.starts[a], doc.cache.setdefault("title", {})):
            pending.append((a, b))
    # Lists of names: a name-shaped run next to a person is a person.
    for _ in range(2):
        persons = [c for c in doc.candidates if c.type == "person" and c.role == "name"]
        ends = {c.end for c in persons}
        starts = {c.start for c in persons}
        for a, b in list(pending):
            s, e = toks.starts[a], toks.ends[b - 1]
            before = any(_LIST_SEP.fullmatch(text[x:s]) for x in ends if 0 < s - x <= 6)
            after = any(_LIST_SEP.fullmatch(text[e:x]) for x in starts if 0 < x - e <= 6)
            if before or after:
                doc.add(doc.span(a, b, "person", "name-list", priority=PRIORITY["name"] - 1))
                pending.remove((a, b))
