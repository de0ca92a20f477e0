"""Merging the model's labels with the rule candidates (see ``merge``), and tying what the
tagger adds to the names the document already gives."""

from __future__ import annotations

import re

from redes.extract import context
from redes.extract.chunks import CONNECTORS
from redes.extract.doc import PRIORITY, Candidate, Doc
from redes.extract.model import ENTITY_TYPES
from redes.extract.tagger.features import ARTICLES, _heading, spans

# Merge thresholds on the model's marginal probabilities.
# A span the model proposes is added when every token's label is at least this likely.
ADD = {"person": 0.7, "criminal_group": 0.8, "state_body": 0.9, "place": 0.9, "organization": 0.85}
DROP = 0.05  # a rule candidate is withdrawn when its span is less likely than this ...
DROP_LEXICON = 0.01  # ... or than this for a lexicon match
RESHAPE = 0.5  # a doubtful rule candidate is reshaped or retyped into a span this likely
HOLD = 0.5  # a rule candidate inside a proposed span of another type blocks it when this likely
# Rule candidates the model cannot judge, never withdrawn: a legal form ("S.A. de C.V.")
# makes a company, and the training documents name none.
DECISIVE = frozenset({"company-form"})


def span_probability(marginal, n: int, i: int, j: int, type_: str) -> float:
    """How likely the model finds tokens i..j-1 to be exactly one mention of ``type_``: the
    least likely of its tokens' labels and of the next token not continuing it."""
    p = marginal(f"B-{type_}", i)
    inside = f"I-{type_}"
    for k in range(i + 1, j):
        if p <= 0.0:
            return p
        p = min(p, marginal(inside, k))
    if j < n:
        p = min(p, 1.0 - marginal(inside, j))
    return p


def _extent(doc: Doc, c: Candidate) -> tuple[int, int]:
    """The tokens a candidate's characters cover ('Luis “N”' ends after the N's token)."""
    toks = doc.tokens
    if c.end <= toks.ends[c.j - 1] or c.j >= len(toks) or c.end <= toks.starts[c.j]:
        return c.i, c.j
    from bisect import bisect_left

    return c.i, max(c.j, bisect_left(toks.starts, c.end))


def merge(doc: Doc, labels: list[str], marginal) -> None:
    """Withdraw the rule candidates the model finds unlikely and add its confident spans.

    A rule candidate whose tokens the model labels as one mention of its type is kept as it
    is. One it finds unlikely is withdrawn, unless a span the model proposes over the same
    tokens can take its place: then the candidate itself is reshaped or retyped, and keeps
    its links (and its lexicon id when the type stays). Spans that replace nothing are added
    when they are well formed (see ``_well_formed``) and overlap no rule candidate of
    another type that the model does not doubt.
    """
    n = len(labels)
    cands = [c for c in doc.candidates if c.alive and c.type in ENTITY_TYPES]
    extent = {id(c): _extent(doc, c) for c in cands}
    by_span: dict[tuple[int, int], list[Candidate]] = {}
    for c in cands:
        by_span.setdefault(extent[id(c)], []).append(c)
    at: dict[int, list[Candidate]] = {}  # token -> candidates over it, built when first needed
    predicted = spans(labels)
    span_at: dict[int, tuple[int, int, str]] = {}
    for sp in predicted:
        for k in range(sp[0], sp[1]):
            span_at[k] = sp
    doubtful: list[Candidate] = []
    for c in cands:
        ci, cj = extent[id(c)]
        sp = span_at.get(ci)
        if sp is not None and sp[2] == c.type and sp[0] <= ci and cj <= sp[1]:
            if (sp[0], sp[1]) == (ci, cj) or c.role in ("nick", "acronym"):
                # The model's own span, or a nickname or acronym nested in a name of its type:
                # kept without asking.
                continue
        if c.nested_ok or c.rule in DECISIVE:
            continue  # a mention the rules nest in another (a person in "the Fox administration")
        p = span_probability(marginal, n, ci, cj, c.type)
        if p < (DROP_LEXICON if c.rule == "lexicon" else DROP):
            doubtful.append(c)
    doubt = {id(c) for c in doubtful}
    # A name the rules tied to a nickname or an acronym the model keeps ("Long Name (LN)")
    # stays: the tie is evidence the model does not see.
    if doubtful and doc.links:
        alive = {id(c) for c in cands}
        for a, b in doc.links:
            for x, y in ((a, b), (b, a)):
                if id(x) in doubt and id(y) in alive and id(y) not in doubt and x.type == y.type:
                    doubt.discard(id(x))
        doubtful = [c for c in doubtful if id(c) in doubt]
    blocked: set[int] | None = None
    added: list[Candidate] = []
    reshaped: list[Candidate] = []
    probs: dict[int, float] = {}
    for i, j, t in predicted:
        here = by_span.get((i, j), [])
        if any(c.type == t for c in here):
            continue
        if blocked is None:
            blocked = _blocked(doc)
            for c in cands:
                for k in range(*extent[id(c)]):
                    at.setdefault(k, []).append(c)
        if not _well_formed(doc, i, j) or any(k in blocked for k in range(i, j)) or _heading(doc, i):
            continue
        p = span_probability(marginal, n, i, j, t)
        if p < RESHAPE:
            continue
        overlapping = list({id(c): c for k in range(i, j) for c in at.get(k, ())}.values())
        if any(c.type != t and _holds(c, extent[id(c)], i, j, doubt, marginal, n) for c in overlapping):
            continue
        # Retype a doubtful candidate over exactly these tokens, or reshape an overlapping one
        # of the same type; else add a new candidate.
        target = next((c for c in here if id(c) in doubt), None)
        if target is None:
            target = next((c for c in overlapping if c.type == t and id(c) in doubt), None)
        if target is not None:
            doubt.discard(id(target))
            _reshape(doc, target, i, j, t)
            reshaped.append(target)
            continue
        if p < ADD.get(t, 1.0):
            continue
        added.append(_add(doc, i, j, t))
        probs[id(added[-1])] = p
    withdrawn = [c for c in doubtful if id(c) in doubt]
    for c in withdrawn:
        c.alive = False
    _link_people(doc, [c for c in added if c.type == "person"])
    _link_short_names(doc, [c for c in added if c.type != "person"])
    doc.cache["tagger"] = {"withdrawn": withdrawn, "added": added, "reshaped": reshaped, "p": probs}


def _holds(c: Candidate, ext: tuple[int, int], i: int, j: int, doubt: set[int], marginal, n: int) -> bool:
    """Whether a rule candidate of another type stands against a span the model proposes over
    tokens i..j-1: one that crosses the span's edges unless the model doubts it, one inside
    it only when the model still gives it a fair chance ("Michoacán" in "fiscalía de
    Michoacán" gives way; a person's name after a title does not)."""
    if id(c) in doubt:
        return False
    ci, cj = ext
    if i <= ci and cj <= j and (ci, cj) != (i, j):
        return span_probability(marginal, n, ci, cj, c.type) >= HOLD
    return True


def _blocked(doc: Doc) -> set[int]:
    """Tokens where the tagger adds nothing, as the rules decided: names of streets and of
    places that look like people's, of buildings and works (the "none" candidates). (Nor in
    headings in capitals or title case, where only the lexicon is trusted: see ``merge``.)"""
    out = set(doc.cache.get("streets", ())) | set(doc.cache.get("not_people", ()))
    for c in doc.candidates:
        if c.type == "none" and c.alive:
            out.update(range(c.i, c.j))
    return out


# Punctuation that never sits inside one mention: a list or a parenthesis ends it.
_BREAKS = frozenset(',;()[]\n“”"«»')


def _well_formed(doc: Doc, i: int, j: int) -> bool:
    """A span the tagger may add: one line, no list separators or double quotes inside, and
    at least one capitalised word (common nouns such as 'the military' are left to the rules)."""
    toks = doc.tokens
    text, starts, ends = toks.text, toks.starts, toks.ends
    for k in range(i + 1, j):
        if any(ch in _BREAKS for ch in text[ends[k - 1] : starts[k]]):
            return False
    return any(toks.caps[k] for k in range(i, j))


def _reshape(doc: Doc, c: Candidate, i: int, j: int, type_: str) -> None:
    toks = doc.tokens
    old = set(toks.words[c.i : c.j])
    new = toks.words[i:j]
    if type_ != c.type or not all(w in old or w in ARTICLES for w in new):
        # The lexicon id holds only for the words it was matched on.
        c.key = None
        c.name = None
    c.type = type_
    c.i, c.j = i, j
    c.start, c.end = toks.starts[i], _end(doc, j)
    c.rule = f"{c.rule}+tagger"


def _end(doc: Doc, j: int) -> int:
    """End offset of a span whose last token is j-1: after a withheld surname's closing quote."""
    toks = doc.tokens
    end = toks.ends[j - 1]
    text = toks.text
    if end < len(text) and text[end] in "’'”\"»" and toks.ends[j - 1] - toks.starts[j - 1] == 1:
        end += 1
    return end


def _add(doc: Doc, i: int, j: int, type_: str) -> Candidate:
    toks = doc.tokens
    cand = Candidate(toks.starts[i], _end(doc, j), i, j, type_, "tagger", PRIORITY["pattern"])
    if type_ == "person":
        words = toks.words[i:j]
        if words[0] in ("el", "la") and len(words) <= 3:
            cand.role = "nick"
    elif j - i == 1 and toks.is_upper(i):
        cand.role = "acronym"
    doc.add(cand)
    return cand


# Between a name and its nickname: "X, alias “Y”", "X (a) Y", "X — also known as Y", "X, El Y".
_ALIAS_GAP = re.compile(
    r"\s*(?:,|\(|—|–|-)?\s*(?:\(a\)|alias|a\.\s?k\.\s?a\.?|aka|also known as|known as|conocid[oa] como|"
    r"apodad[oa]|apodo)?\s*[,:]?\s*[“\"‘«'(]?\s*",
    re.I,
)
# After a name: it is someone's ("Alfredo Guzmán Salazar (Guzmán Loera’s son)"), not an alias.
_POSSESSIVE = re.compile(r"\s?['’]s\b")
# Between two nicknames of one person: "El Gordo o El Coruco", "El Fresa, El Feyo, and La Fruta".
_NICK_LIST = re.compile(r"\s*[”\"’»')]?\s*(?:,|,?\s*(?:y|o|and|or|y/o))\s*[“\"‘«'(]?\s*", re.I)


def _link_people(doc: Doc, added: list[Candidate]) -> None:
    """Tie the people the tagger added to the names the document gives them: a nickname
    right after a name ('X, alias “Y”') or after another nickname of the same person, a
    partial form of exactly one full name. A partial form that several people share
    ("Guzmán" beside two Guzmáns) is withdrawn, as the coreference stage leaves it."""
    from bisect import bisect_right

    from redes.extract.coref import partial_forms

    if not added:
        return
    toks = doc.tokens
    text = toks.text
    # By end, the longest last among those ending together ("El Ratón" over the "Ratón" in it).
    people = sorted(
        (c for c in doc.candidates if c.alive and c.type == "person"), key=lambda c: (c.end, c.end - c.start)
    )
    index: dict[tuple[str, ...], list[Candidate]] = {}
    for c in people:
        if c.role != "name":
            continue
        words = [w for w in toks.words[c.i : c.j] if w != "n"]
        if len(words) >= 2:
            for form in partial_forms(words):
                index.setdefault(form, []).append(c)
    ends = [c.end for c in people]
    for a in sorted(added, key=lambda c: c.start):
        k = bisect_right(ends, a.start) - 1
        prev = people[k] if k >= 0 and a.start - ends[k] <= 40 else None
        if prev is not None and prev is not a and not _POSSESSIVE.match(text, a.end):
            gap = text[prev.end : a.start]
            explicit = any(ch in gap for ch in "“\"‘«'(") or re.search(
                r"alias|a\.k\.a|known|conocid|apod", gap, re.I
            )
            if prev.role == "nick" and (a.role == "nick" or explicit) and _NICK_LIST.fullmatch(gap):
                doc.link(prev, a)
                a.role = "nick"
                continue
            if prev.role == "name" and (a.role == "nick" or explicit) and _ALIAS_GAP.fullmatch(gap):
                doc.link(prev, a)
                a.role = "nick"
                continue
        if a.role == "nick":
            # A nickname with no name and no quotes may be a place ("en El Rosario").
            if not context.quoted(text, a.start, a.end):
                a.alive = False
            continue
        form = tuple(w for w in toks.words[a.i : a.j] if len(w) > 1)
        owners = [
            c for c in index.get(form, ()) if c is not a and not (c.start <= a.start and a.end <= c.end)
        ]
        if not owners:
            continue
        if _persons(doc, owners) == 1:
            doc.link(max(owners, key=lambda c: c.j - c.i), a)
        else:
            a.alive = False


def _link_short_names(doc: Doc, added: list[Candidate]) -> None:
    """A body or group the tagger added under a short or variant form of a name the document
    gives ("Guardia" after "Guardia Nacional", "Secretaría de la Marina" beside "Secretaría de
    Marina"): linked to it when exactly one name of its type contains all its words."""
    if not added:
        return
    words = doc.tokens.words
    longer = [
        c for c in doc.candidates if c.alive and c.type != "person" and c.j - c.i > 1 and c not in added
    ]
    for a in added:
        own = {w for w in words[a.i : a.j] if w not in CONNECTORS}
        if not own:
            continue
        hosts = [c for c in longer if c.type == a.type and own <= set(words[c.i : c.j])]
        names = {c.key or " ".join(words[c.i : c.j]) for c in hosts}
        if len(names) == 1:
            doc.link(hosts[0], a)


def _persons(doc: Doc, names: list[Candidate]) -> int:
    """How many distinct people ``names`` are: names that overlap in the text, are linked,
    share a lexicon id, or of which one is a partial form of the other, are one person."""
    from redes.extract.coref import partial_forms

    words = doc.tokens.words
    parent = list(range(len(names)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pos = {id(c): n for n, c in enumerate(names)}
    for a, b in doc.links:
        if id(a) in pos and id(b) in pos:
            parent[find(pos[id(a)])] = find(pos[id(b)])
    # Each name's words and partial forms, made once rather than once per pair.
    tokens = [tuple(words[c.i : c.j]) for c in names]
    forms = [partial_forms(list(w)) for w in tokens]
    for x, a in enumerate(names):
        for y in range(x + 1, len(names)):
            b = names[y]
            if (
                (a.start < b.end and b.start < a.end)
                or (a.key is not None and a.key == b.key)
                or tokens[x] in forms[y]
                or tokens[y] in forms[x]
            ):
                parent[find(x)] = find(y)
    return len({find(x) for x in range(len(names))})
