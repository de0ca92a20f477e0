"""Nicknames and acronyms, in every form the press and official releases write them.

Nicknames, linked to the person named next to them:
  ``Name, “Alias,”`` · ``Name, alias “X”`` · ``Name alias X`` · ``Name (a) X`` ·
  ``Name, also known as “X”`` · ``a.k.a. “X”`` · ``known by various aliases including X`` ·
  ``“X” Name`` · ``Name (“X”)``, with straight, curly or «» quotes.
Later occurrences of a nickname in the same document are mentions of the same person.

Acronyms: ``Long Name (ACR)`` and ``Long Name, or ACR``: the acronym is linked to the
long form, typed like it, and every later use of the acronym is a mention too.
"""

from __future__ import annotations

import re
from itertools import compress

from redes.extract import context
from redes.extract.chunks import STOP_CAPS, runs
from redes.extract.doc import PRIORITY, Candidate, Doc
from redes.extract.gazetteer import _lang_ok
from redes.extract.heads import PUBLIC_MODIFIERS, head_of
from redes.extract.lexicon import given_names, load
from redes.extract.normalize import fold, key

OPEN = '“"‘«'
CLOSE = '”"’»'
_INTRO = re.compile(
    r"\s*,?\s*(?:\(a\)|alias(?:es)?|a\.\s?k\.\s?a\.?|aka|also known as|better known as|known as|conocid[oa] como|"
    r"apodad[oa]|(?:known|identified) by (?:various|several|the) aliases,? (?:including|of|such as)?)\s*[:,]?\s*",
    re.I,
)
# "Name\n(AKA 40, Cuarenta, L-40 and Comandante Forty)" in indictment lists.
_PAREN_AKA = re.compile(r"\s*\(\s*(?:AKA|A\.K\.A\.|aka|a\.k\.a\.|alias)\s+([^()\n]{1,200})\)")
_AKA_SPLIT = re.compile(r"\s*,\s*|\s+and\s+|\s+y\s+|\s*;\s*|\.\s+")
_COMMA_QUOTE = re.compile(r"\s*,\s*(?=[“\"‘«])")
_PAREN_QUOTE = re.compile(r"\s*\(\s*(?=[“\"‘«])")
_QUOTED = re.compile(
    r"(?:“\s*([^“”\"\n]{1,40}?)\s*[,.]?\s*”|\"\s*([^“”\"\n]{1,40}?)\s*[,.]?\s*\"|‘\s*([^‘’\n]{1,40}?)\s*[,.]?\s*’|"
    r"«\s*([^«»\n]{1,40}?)\s*[,.]?\s*»|'\s*([^'\n]{1,40}?)\s*[,.]?\s*')(?![\w])"
)
_BARE = re.compile(
    r"(?:(?:el|la|los|las|El|La|Los|Las)\s+)?[A-ZÁÉÍÓÚÑ0-9][\wÁÉÍÓÚÑáéíóúñü\-]*(?:\s+[A-ZÁÉÍÓÚÑ0-9][\w\-]*){0,2}"
)
_MORE = re.compile(r"\s*(?:,|y/o|y|o|or|and)\s*(?=[“\"‘«])")
_BEFORE = re.compile(r"[“\"‘«]([^“”\"‘’«»\n,]{2,30}?)[”\"’»]\s*$")
_ACRONYM = re.compile(r"\(\s*([A-ZÁÉÍÓÚÑ][A-Za-zÁÉÍÓÚÑ0-9&\-.]{1,11})\s*\)")
_OR_ACRONYM = re.compile(r",\s+(?:or|o)\s+([A-Z][A-Z0-9\-]{1,9})\b")


def _nick_at(text: str, pos: int, quoted_only: bool = False) -> list[tuple[int, int]]:
    """Spans of the nickname(s) starting at ``pos``."""
    out: list[tuple[int, int]] = []
    m = _QUOTED.match(text, pos)
    if m:
        out.append(_inner(m))
        end = m.end()
        while True:
            more = _MORE.match(text, end)
            if not more:
                break
            m2 = _QUOTED.match(text, more.end())
            if not m2:
                break
            out.append(_inner(m2))
            end = m2.end()
        return out
    if quoted_only:
        return out
    m = _BARE.match(text, pos)
    if m:
        out.append((m.start(), m.end()))
    return out


def _aka_items(m: re.Match) -> list[tuple[int, int]]:
    out = []
    pos = m.start(1)
    for part in _AKA_SPLIT.split(m.group(1)):
        at = m.string.find(part, pos, m.end(1))
        if at < 0 or not part.strip():
            continue
        pos = at + len(part)
        if part[:1].isupper() or part[:1].isdigit():
            out.append((at, at + len(part.rstrip(" ."))))
    return out


def _inner(m: re.Match) -> tuple[int, int]:
    g = next(n for n in range(1, 6) if m.group(n) is not None)
    return m.start(g), m.end(g)


def _person_candidates(doc: Doc) -> list[Candidate]:
    return [c for c in doc.candidates if c.type == "person" and c.role == "name"]


def nicknames(doc: Doc) -> None:
    toks = doc.tokens
    text = toks.text
    found: list[tuple[Candidate, int, int]] = []
    names_at = {c.start: c for c in _person_candidates(doc)}
    for p in _person_candidates(doc):
        spans: list[tuple[int, int]] = []
        paren = _PAREN_AKA.match(text, p.end)
        m = _INTRO.match(text, p.end)
        if paren:
            spans = _aka_items(paren)
        elif m and m.end() > p.end:
            spans = _nick_at(text, m.end())
        else:
            m = _COMMA_QUOTE.match(text, p.end) or _PAREN_QUOTE.match(text, p.end)
            if m:
                spans = [
                    sp for sp in _nick_at(text, m.end(), quoted_only=True) if not _cited_title(text, sp[1])
                ]
        b = _BEFORE.search(text, max(0, p.start - 40), p.start)
        if b and b.end() == p.start:
            spans.append((b.start(1), b.end(1)))
        for s, e in spans:
            other = names_at.get(s)
            if other is not None and other is not p:
                doc.link(p, other)  # "Pedro Ruiz Soto, aka Juan Manuel Lara Vega": one person, two names
            elif _plausible(text[s:e]):
                found.append((p, s, e))
    known: dict[str, Candidate] = {}
    for p, s, e in found:
        cand = _candidate(doc, s, e, "nickname")
        if cand is None:
            continue
        doc.add(cand)
        doc.link(p, cand)
        known.setdefault(_nick_key(text[s:e]), p)
    _quoted_nicknames(doc, known)
    _repeat_nicknames(doc, known)


_QUOTED_EL = re.compile(
    r"[‘'“\"«]\s?((?:el|El|EL)\s+[A-ZÁÉÍÓÚÑ0-9][\wÁÉÍÓÚÑáéíóúñü\-]*(?:\s+[A-ZÁÉÍÓÚÑ0-9][\w\-]*){0,2})\s?[’'”\"»´,]"
)


def _quoted_nicknames(doc: Doc, known: dict[str, Candidate]) -> None:
    """A quoted "el X" is a nickname even where no name comes with it: "detuvieron a ‘el Tigre’"
    (with the masculine article only: a quoted "La X" may be a group or a newspaper)."""
    toks = doc.tokens
    text = toks.text
    covered: set[int] = set()
    places: set[int] = set()
    for c in doc.candidates:
        (places if c.type == "place" else covered).update(range(c.i, c.j))
    for m in _QUOTED_EL.finditer(text):
        cand = _candidate(doc, m.start(1), m.end(1), "nickname-quoted")
        # A place's name after the article is still a nickname ("‘el Chino’").
        if cand is None or any(k in covered for k in range(cand.i, cand.j)) or cand.i in places:
            continue
        cand.nested_ok = False
        doc.add(cand)
        covered.update(range(cand.i, cand.j))
        known.setdefault(_nick_key(m.group(1)), cand)


_AFTER_TITLE = re.compile(
    r"[,.]?[”\"’»]?\s*[,.]\s*(?:[A-Z][^,\n]{0,60},\s*)?(?:\d|vol\b|no\b|pp?\b|op\.?\s?cit|ibid|[A-Z][a-z]+ \d{4})",
    re.I,
)


def _cited_title(text: str, end: int) -> bool:
    """'Author, “Title”, Publisher, 2023': the quoted words are a title, not a nickname."""
    return bool(_AFTER_TITLE.match(text, end, min(len(text), end + 90)))


def _plausible(nick: str) -> bool:
    words = nick.split()
    if not words or len(words) > 4 or len(nick) > 35:
        return False
    first = fold(words[0])
    if first in STOP_CAPS and first not in ("el", "la", "los", "las"):
        return False
    # A quoted sentence is not a nickname.
    if (
        sum(1 for w in words if w[:1].islower() and fold(w) not in ("el", "la", "los", "las", "de", "del"))
        > 0
    ):
        return False
    return any(ch.isalnum() for ch in nick)


def _candidate(doc: Doc, s: int, e: int, rule: str) -> Candidate | None:
    toks = doc.tokens
    i = toks.at(s)
    if i is None:
        return None
    j = i
    while j < len(toks) and toks.ends[j] <= e:
        j += 1
    if j == i:
        return None
    cand = Candidate(s, e, i, j, "person", rule, PRIORITY["alias"], role="nick")
    cand.nested_ok = True
    return cand


def _nick_key(nick: str) -> str:
    words = fold(nick).split()
    if len(words) > 1 and words[0] in ("el", "la", "los", "las"):
        words = words[1:]
    return " ".join(w.strip(".,") for w in words)


def _repeat_nicknames(doc: Doc, known: dict[str, Candidate]) -> None:
    """Later uses of a nickname: 'El Mencho', 'el Mencho', '“Mencho”', 'del Mencho'."""
    if not known:
        return
    toks = doc.tokens
    text, words = toks.text, toks.words
    taken = {(c.start, c.end) for c in doc.candidates}
    by_first: dict[str, list[tuple[tuple[str, ...], Candidate]]] = {}
    for k, p in known.items():
        parts = tuple(k.replace("-", " ").split())
        if parts:
            by_first.setdefault(parts[0], []).append((parts, p))
    given = given_names()
    # Only the tokens a nickname starts with are visited.
    for i in compress(range(len(words)), map(by_first.__contains__, words)):
        w = words[i]
        for parts, p in by_first[w]:
            L = len(parts)
            if tuple(words[i : i + L]) != parts:
                continue
            if i + L < len(words) and toks.gap(i + L) in ("-", " ") and words[i + L].isdigit():
                continue  # "Alfa" is not "Alfa 1"
            start, end = toks.starts[i], toks.ends[i + L - 1]
            art = i > 0 and words[i - 1] in ("el", "la") and toks.gap(i).strip() == ""
            if art:
                start, i0 = toks.starts[i - 1], i - 1
            else:
                i0 = i
            quoted = context.quoted(text, start, end) or context.quoted(text, toks.starts[i], end)
            plain = text[toks.starts[i]].isupper() and (
                L > 1 or art or (w not in given and w not in STOP_CAPS and not w.isdigit())
            )
            if not (quoted or plain or (i > 0 and words[i - 1] in ("del", "al"))):
                continue
            if (start, end) in taken:
                continue
            cand = Candidate(
                start, end, i0, i + L, "person", "nickname-repeat", PRIORITY["alias"], role="nick"
            )
            doc.add(cand)
            doc.link(p, cand)
            taken.add((start, end))


def acronyms(doc: Doc) -> None:
    toks = doc.tokens
    text = toks.text
    lex = load()
    by_end: dict[int, list[Candidate]] = {}
    for c in doc.candidates:
        if c.type != "person":
            by_end.setdefault(c.j, []).append(c)
    run_by_end = {b: (a, b) for a, b in runs(toks)}
    defined: dict[str, Candidate] = {}
    for m in _ACRONYM.finditer(text):
        acr = m.group(1).rstrip(".")
        letters = [c for c in acr if c.isalpha()]
        if len(letters) < 2 or sum(c.isupper() for c in letters) < max(2, 0.6 * len(letters)):
            continue
        k = toks.at(_prev_token_start(text, m.start()))
        if k is None:
            continue
        long_ = _long_form(doc, k + 1, by_end, run_by_end, acr)
        if long_ is None:
            continue
        ai = toks.at(m.start(1))
        if ai is None:
            continue
        aj = ai
        while aj < len(toks) and toks.ends[aj] <= m.start(1) + len(acr):
            aj += 1
        form = lex.lookup(acr)
        if form is not None and not any(_lang_ok(f, doc.lang) for _, f in form.options):
            form = None
        acand = Candidate(
            m.start(1),
            m.start(1) + len(acr),
            ai,
            aj,
            long_.type,
            "acronym",
            PRIORITY["alias"],
            role="acronym",
        )
        if form is not None:
            entry = next((e for e, _ in form.options if e.type == long_.type), None)
            if entry is not None:
                acand.key, acand.name = entry.id, entry.name
                if long_.key is None:
                    long_.key, long_.name = entry.id, entry.name
        doc.add(acand)
        doc.link(long_, acand)
        defined.setdefault(acr, long_)
    for m in _OR_ACRONYM.finditer(text):
        k = toks.at(_prev_token_start(text, m.start()))
        if k is None:
            continue
        for c in by_end.get(k + 1, ()):
            ai = toks.at(m.start(1))
            if ai is None or c.role == "acronym" or c.j - c.i < 2:
                continue
            if fold(m.group(1))[0] != toks.words[c.i][0]:
                continue
            acand = Candidate(
                m.start(1), m.end(1), ai, ai + 1, c.type, "acronym", PRIORITY["alias"], role="acronym"
            )
            doc.add(acand)
            doc.link(c, acand)
            defined.setdefault(m.group(1), c)
            break
    _repeat_acronyms(doc, defined)


def _prev_token_start(text: str, pos: int) -> int:
    """Start offset of the word that ends right before ``pos`` (skipping spaces)."""
    k = pos
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    end = k
    while k > 0 and (text[k - 1].isalnum()):
        k -= 1
    return k if k < end else -1


def _long_form(doc: Doc, j: int, by_end: dict, run_by_end: dict, acr: str) -> Candidate | None:
    cands = sorted(by_end.get(j, ()), key=lambda c: (-(c.j - c.i), -c.priority))
    if cands:
        best = cands[0]
        # "United Self-Defense Forces of Colombia (AUC)": the acronym is not the country's.
        if best.type == "place" and not _initials_ok(doc.tokens.words[best.i : best.j], acr):
            return None
        return best
    run = run_by_end.get(j)
    if run is None:
        return None
    toks = doc.tokens
    a, b = run
    words = toks.words
    while a < b and (words[a] in STOP_CAPS or words[a] in context.TITLES):
        a += 1
    if b - a < 2:
        return None
    from redes.extract.orgs import designation

    if designation(words[a:b]):
        return None
    heads = [head_of(w) for w in words[a:b]]
    if "state" in heads:
        type_ = "state_body"
    elif "ambiguous" in heads:
        type_ = "state_body" if any(w in PUBLIC_MODIFIERS for w in words[a:b]) else "organization"
    elif "org" in heads:
        type_ = "organization"
    elif "group" in heads:
        type_ = "criminal_group"
    else:
        # No head word: only a known acronym whose entry has this very name types it.
        form = load().lookup(acr)
        long_key = key(toks.span_text(a, b))
        entry = next(
            (
                e
                for e, _ in (form.options if form else [])
                if long_key in {key(n) for n in [e.name, *e.aliases]}
            ),
            None,
        )
        if entry is None:
            return None
        type_ = entry.type
    cand = doc.span(a, b, type_, "acronym-long", priority=PRIORITY["pattern"])
    doc.add(cand)
    return cand


def _initials_ok(words: list[str], acr: str) -> bool:
    letters = [c for c in fold(acr) if c.isalpha()]
    initials = [w[0] for w in words if w not in ("de", "del", "la", "of", "the", "and", "y")]
    return bool(letters) and bool(initials) and letters[0] == initials[0]


def _repeat_acronyms(doc: Doc, defined: dict[str, Candidate]) -> None:
    if not defined:
        return
    toks = doc.tokens
    taken = {(c.start, c.end) for c in doc.candidates if c.role == "acronym"}
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(map(re.escape, sorted(defined, key=len, reverse=True))) + r")(?![\w-])"
    )
    for m in pattern.finditer(toks.text):
        if (m.start(), m.end()) in taken:
            continue
        i = toks.at(m.start())
        if i is None:
            continue
        j = i
        while j < len(toks) and toks.ends[j] <= m.end():
            j += 1
        long_ = defined[m.group(1)]
        cand = Candidate(
            m.start(), m.end(), i, j, long_.type, "acronym-repeat", PRIORITY["alias"], role="acronym"
        )
        doc.add(cand)
        doc.link(long_, cand)
