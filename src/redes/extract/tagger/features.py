"""The tagger's features: one list of strings per token, computed by the same function at
training time (``redes.train.entities``) and at run time (``EntityTagger``).

A token is described by its folded form, shape and affixes, the word lists it belongs to
(given names, surnames, titles, heads of public bodies, place and group words, ...), the
same for its two neighbours, the punctuation before and after it, whether its line is a
heading, the lexicon matches over it (whatever their flags decide), the capitalised run it
sits in, and the candidates the rule stages proposed for it: the one ``select`` would keep
(its type, rule, lexicon id, edges) and any other type (stacking: the model learns when to
trust each rule). Only the tokens near a name, a head word or a candidate are labelled
(``tagged_tokens``): the rest is prose, labelled O.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from itertools import compress
from typing import Any

from redes.extract import context
from redes.extract.chunks import CONNECTORS, STOP_CAPS, runs
from redes.extract.doc import Candidate, Doc
from redes.extract.heads import PUBLIC_MODIFIERS, head_of
from redes.extract.lexicon import given_names, surnames
from redes.extract.model import ENTITY_TYPES
from redes.extract.normalize import fold

LABELS = ("O", *(f"{p}-{t}" for t in ENTITY_TYPES for p in "BI"))

ARTICLES = frozenset("el la los las the".split())
PLACE_WORDS = frozenset(
    """
    municipio municipality ciudad city town puerto port poblado localidad comunidad village estado state
    colonia county region
    """.split()
)
GROUP_WORDS = frozenset(
    """
    celula grupo cartel carteles organizacion banda faccion brazo gang group cell faction wing denominada
    denominado llamado llamada autodenominado conocido conocida alias integrantes members miembros lider
    leader jefe operador
    """.split()
)
_QUOTES = frozenset("\"“”‘’«»'")


class _Lists:
    """The word lists that word features test, loaded once."""

    def __init__(self) -> None:
        from redes.extract.gazetteer import PLACE_TRIGGERS
        from redes.extract.names import NOT_NAME, STREET_WORDS

        self.given = given_names()
        self.surnames = surnames()
        self.not_name = NOT_NAME
        self.streets = STREET_WORDS
        self.place_triggers = PLACE_TRIGGERS


_LISTS: _Lists | None = None
# Surface form -> (own features, as the left neighbour, as the right neighbour, two left, two right).
_WORDS: dict[str, tuple[tuple[str, ...], ...]] = {}
_GAPS: dict[str, str] = {}
_MAX_CACHE = 200_000


def _shape(s: str) -> str:
    """Character classes with repeats collapsed, at most four: "Xx", "X", "d", "XxXx"."""
    if s.isalpha():
        if s.islower():
            return "x"
        if s.isupper():
            return "X"
        if s[0].isupper() and (len(s) == 1 or s[1:].islower()):
            return "Xx"
    elif s.isdigit() and s.isascii():
        return "d"
    out = []
    for ch in s:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:4])


def _classes(w: str, lists: _Lists) -> list[str]:
    out = []
    if w in lists.given:
        out.append("given")
    if w in lists.surnames:
        out.append("sur")
    if w in context.TITLES:
        out.append("title")
    if w in context.MONTHS:
        out.append("month")
    h = head_of(w)
    if h is not None:
        out.append("head=" + h)
    if w in STOP_CAPS:
        out.append("stop")
    if w in CONNECTORS:
        out.append("conn")
    if w in ARTICLES:
        out.append("art")
    if w in lists.not_name:
        out.append("notname")
    if w in PUBLIC_MODIFIERS:
        out.append("public")
    if w in PLACE_WORDS or w in lists.place_triggers:
        out.append("placew")
    if w in lists.streets:
        out.append("street")
    if w in GROUP_WORDS:
        out.append("groupw")
    return out


def _word(
    surface: str, cache: dict, vocab: frozenset[str] | None, encode: bool = False
) -> tuple[tuple[str | bytes, ...], ...]:
    """The feature strings of one word, as itself and as each neighbour (cached by surface;
    with ``vocab``, only the strings the model knows, which changes nothing in its output;
    with ``encode``, UTF-8 encoded)."""
    global _LISTS
    if _LISTS is None:
        _LISTS = _Lists()
    if len(cache) > _MAX_CACHE:
        cache.clear()
    w = fold(surface)
    sh = _shape(surface)
    cls = _classes(w, _LISTS)
    own = [f"w={w}", f"sh={sh}", f"p3={w[:3]}", f"s3={w[-3:]}"]
    if len(surface) == 1:
        own.append("one")
    if surface != w and surface.lower() != w:
        own.append("acc")  # accented letters: Spanish names
    own.extend(cls)
    view = (
        tuple(own),
        (f"w-1={w}", f"sh-1={sh}", *(f"-1{c}" for c in cls)),
        (f"w+1={w}", f"sh+1={sh}", *(f"+1{c}" for c in cls)),
    )
    if vocab is not None:
        view = tuple(tuple(f for f in part if f in vocab) for part in view)
    if encode:
        view = tuple(_encoded(part) for part in view)
    cache[surface] = view
    return view


def _encoded(fs: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple(f.encode() for f in fs)


def _gap(g: str) -> str:
    cls = _GAPS.get(g)
    if cls is not None:
        return cls
    if "\n" in g:
        cls = "nl"
    elif any(c in _QUOTES for c in g):
        cls = "q"
    elif "(" in g:
        cls = "("
    elif ")" in g:
        cls = ")"
    elif "," in g:
        cls = ","
    elif "." in g:
        cls = "."
    elif ":" in g or ";" in g:
        cls = ":"
    elif "-" in g:
        cls = "-"
    elif g == "":
        cls = "none"
    elif g.isspace():
        cls = "sp"
    else:
        cls = "o"
    if len(_GAPS) < 10_000:
        _GAPS[g] = cls
    return cls


def _selection(cands: list[Candidate]) -> dict[int, Candidate]:
    """Token -> the candidate ``select`` would keep there (longest, then most trusted), without
    touching the candidates."""
    owner: dict[int, Candidate] = {}
    for c in sorted(cands, key=lambda c: (-(c.j - c.i), -c.priority, c.start)):
        if not owner.keys().isdisjoint(range(c.i, c.j)):
            continue
        for k in range(c.i, c.j):
            owner[k] = c
    return owner


def _gazetteer_matches(doc: Doc) -> list[tuple[int, Any]]:
    cached = doc.cache.get("gazetteer")
    if cached is not None:
        return cached["matches"]
    from redes.extract.gazetteer import match

    return match(doc)


def tagged_tokens(doc: Doc) -> list[int]:
    """The tokens the model labels: those within one token of a capitalised word (other than a
    capitalised function word), a head word or a rule candidate. The rest (most of a text's function words and lower-case prose) is
    left out of the sequence, labelled O, at training and at run time alike."""
    toks = doc.tokens
    n = len(toks)
    hot = bytearray(n + 2)
    words, caps = toks.words, toks.caps
    heads = _heads()
    # hot[k + 1] marks token k, and a hot token marks its neighbours too.
    for k in range(n):
        if (caps[k] and words[k] not in STOP_CAPS) or words[k] in heads:
            hot[k] = hot[k + 1] = hot[k + 2] = 1
    for c in doc.candidates:
        if c.alive:
            for k in range(c.i, min(c.j, n)):
                hot[k] = hot[k + 1] = hot[k + 2] = 1
    return list(compress(range(n), memoryview(hot)[1 : n + 1]))


_HEADS: frozenset[str] | None = None


def _heads() -> frozenset[str]:
    global _HEADS
    if _HEADS is None:
        from redes.extract.heads import AMBIGUOUS_HEADS, GROUP_HEADS, ORG_HEADS, STATE_HEADS

        _HEADS = STATE_HEADS | AMBIGUOUS_HEADS | ORG_HEADS | GROUP_HEADS
    return _HEADS


def features(
    doc: Doc,
    vocab: frozenset[str] | None = None,
    cache: dict | None = None,
    tokens: list[int] | None = None,
    encode: bool = False,
) -> list[list[str | bytes]]:
    """The feature strings of the tokens of ``doc`` (all, or those listed in ``tokens``), after
    the rule stages ran.

    Training and tagging both call this. At run time ``vocab`` (the strings the model has
    weights for) leaves out the rest, which the model would ignore anyway, and ``cache``
    holds the per-word strings across documents. With ``encode`` the strings of words and
    gaps come UTF-8 encoded, as CRFsuite reads them: pycrfsuite encodes every str it is
    given, anew for each token, while these are encoded once, when cached (``cache`` must
    then hold encoded strings only)."""
    toks = doc.tokens
    n = len(toks)
    if not n:
        return []
    if cache is None:
        cache = _WORDS if vocab is None else {}
    if tokens is None:
        tokens = list(range(n))
    text, starts, ends = toks.text, toks.starts, toks.ends
    # Each token's word strings, looked up by surface form (built on a miss).
    surfaces = list(map(text.__getitem__, map(slice, starts, ends)))
    views = list(map(cache.get, surfaces))
    if None in views:
        for k, v in enumerate(views):
            if v is None:
                views[k] = cache.get(surfaces[k]) or _word(surfaces[k], cache, vocab, encode)
    dyn = _token_features(doc, vocab, tokens)
    base = _allowed(("b", f"lang={doc.lang}"), vocab, encode)
    # The punctuation before each token (and after the last), as a class.
    gaps = list(map(text.__getitem__, map(slice, [0, *ends], [*starts, ends[-1] + 2])))
    cls = list(map(_GAPS.get, gaps))
    if None in cls:
        cls = list(map(_gap, gaps))
    before = list(map(_gap_features("gb", vocab, encode).__getitem__, cls))
    after = list(map(_gap_features("ga", vocab, encode).__getitem__, cls))
    bos = _allowed(("w-1=BOS",), vocab, encode)
    eos = _allowed(("w+1=EOS",), vocab, encode)
    empty: tuple[str, ...] = ()
    # Views padded at both ends, so that token k's neighbours are at k and k + 2.
    padded = [((), bos, ()), *views, ((), (), eos)]
    get = dyn.get
    return [
        [
            *base,
            *padded[k + 1][0],
            *padded[k][1],
            *padded[k + 2][2],
            *before[k],
            *after[k + 1],
            *get(k, empty),
        ]
        for k in tokens
    ]


def _token_features(doc: Doc, vocab: frozenset[str] | None, tokens: list[int]) -> dict[int, list[str]]:
    """Token -> the features that depend on its place in the document rather than on its word:
    headings, lexicon matches, capitalised runs, street names and the rule candidates."""
    toks = doc.tokens
    n = len(toks)
    # defaultdict rather than setdefault(k, []), which builds a list at every call.
    dyn: defaultdict[int, list[str]] = defaultdict(list)
    known = vocab.__contains__ if vocab is not None else None

    def add(k: int, f: str) -> None:
        if known is None or known(f):
            dyn[k].append(f)

    # Headings: lines in capitals or in title case, tested once per line.
    text, starts = toks.text, toks.starts
    x = 0
    while x < len(tokens):
        k = tokens[x]
        line_end = text.find("\n", starts[k])
        if line_end < 0:
            line_end = len(text)
        y = bisect_right(tokens, line_end, x, key=starts.__getitem__)
        for f in _heading(doc, k):
            for on_line in tokens[x:y]:
                add(on_line, f)
        x = y

    # Lexicon matches, whatever their flags decide.
    for i, form in _gazetteer_matches(doc):
        first, rest = _form_features(form, vocab)
        for k in range(i, min(n, i + len(form.tokens))):
            dyn[k].extend(first if k == i else rest)
    # Runs of capitalised words (with their connectors), where names are.
    r_b, r_u, r_i, r_l = (_allowed((f"run={x}",), vocab) for x in "BUIL")
    for a, b in runs(toks):
        dyn[a].extend(r_b if b - a > 1 else r_u)
        for k in range(a + 1, b):
            dyn[k].extend(r_i if k < b - 1 else r_l)
    # Names the rules took for streets ("calle Benito Juárez").
    for k in sorted(doc.cache.get("streets", ())):
        if k < n:
            add(k, "streetname")
    # The rule stages' candidates: the one selection would keep, and any other type.
    cands = [c for c in doc.candidates if c.alive]
    owner = _selection(cands)
    last = ("r=last",) if known is None or known("r=last") else ()
    for c in {id(c): c for c in owner.values()}.values():
        first, rest = _candidate_features(c.type, c.rule, bool(c.key), vocab)
        for k in range(c.i, c.j):
            feats = dyn[k]
            feats.extend(first if k == c.i else rest)
            if k == c.j - 1:
                feats.extend(last)
    other: dict[int, set[str]] = {}
    for c in cands:
        for k in range(c.i, c.j):
            if owner.get(k) is not c:
                other.setdefault(k, set()).add(c.type)
    for k, types in other.items():
        for t in sorted(types):
            add(k, f"ro={t}")
    return dyn


def _allowed(fs: tuple[str, ...], vocab: frozenset[str] | None, encode: bool = False) -> tuple[str | bytes, ...]:
    out = fs if vocab is None else tuple(f for f in fs if f in vocab)
    return _encoded(out) if encode else out


_CANDIDATES: dict[tuple[str, str, bool, frozenset[str] | None], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _candidate_features(
    type_: str, rule: str, has_key: bool, vocab: frozenset[str] | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the candidate ``select`` would keep says of its first and of its other tokens."""
    got = _CANDIDATES.get((type_, rule, has_key, vocab))
    if got is None:
        key = ("r=key",) if has_key else ()
        got = (
            _allowed((f"r=B-{type_}", f"rr=B-{rule}", *key), vocab),
            _allowed((f"r=I-{type_}", f"rr=I-{rule}", *key), vocab),
        )
        if len(_CANDIDATES) > _MAX_CACHE:
            _CANDIDATES.clear()
        _CANDIDATES[type_, rule, has_key, vocab] = got
    return got


# (form, vocab) -> the features of a lexicon match on its first and on its other tokens.
_FORMS: dict[tuple[Any, frozenset[str] | None], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _form_features(form: Any, vocab: frozenset[str] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a lexicon match says of its tokens: the types its entries have, whether a flag
    makes it conditional, and the kind of place (the same for every match of the form)."""
    got = _FORMS.get((form, vocab))
    if got is not None:
        return got
    kinds = sorted({e.type for e, _ in form.options})
    flagged = any(f & {"weak", "ctx", "cite"} for _, f in form.options)
    place_kind = next((e.kind for e, _ in form.options if e.kind), "")
    common = (["gz=flagged"] if flagged else []) + ([f"gz={place_kind}"] if place_kind else [])
    got = (
        _allowed((*(f"gz=B-{t}" for t in kinds), *common), vocab),
        _allowed((*(f"gz=I-{t}" for t in kinds), *common), vocab),
    )
    if len(_FORMS) > _MAX_CACHE:
        _FORMS.clear()
    _FORMS[form, vocab] = got
    return got


GAP_CLASSES = ("nl", "q", "(", ")", ",", ".", ":", "-", "none", "sp", "o")


_GAP_FEATURES: dict[tuple[str, frozenset[str] | None, bool], dict[str, tuple[str | bytes, ...]]] = {}


def _gap_features(prefix: str, vocab: frozenset[str] | None, encode: bool = False) -> dict[str, tuple[str | bytes, ...]]:
    """Gap class -> its feature (built once per model)."""
    got = _GAP_FEATURES.get((prefix, vocab, encode))
    if got is None:
        if len(_GAP_FEATURES) > 64:
            _GAP_FEATURES.clear()
        got = _GAP_FEATURES[prefix, vocab, encode] = {
            c: _allowed((f"{prefix}={c}",), vocab, encode) for c in GAP_CLASSES
        }
    return got


def _heading(doc: Doc, k: int) -> tuple[str, ...]:
    """ "UL"/"TL" when token k's line is a heading in capitals or in title case."""
    text, pos = doc.tokens.text, doc.tokens.starts[k]
    f = []
    if context.upper_line(text, pos, doc.cache.setdefault("upper", {})):
        f.append("UL")
    if context.title_line(text, pos, doc.cache.setdefault("title", {})):
        f.append("TL")
    return tuple(f)


def spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """(first token, one past the last, type) of each BIO span (an I after O starts one)."""
    out: list[tuple[int, int, str]] = []
    start, type_, last = -1, "", -1
    # Only the labels other than O are visited (most are O); an O between two of them, seen
    # as a gap in their positions, ends the open span.
    for k in compress(range(len(labels)), map("O".__ne__, labels)):
        lab = labels[k]
        if start >= 0 and k > last + 1:
            out.append((start, last + 1, type_))
            start = -1
        last = k
        kind, t = lab[0], lab[2:]
        if kind == "I" and start >= 0 and t == type_:
            continue
        if start >= 0:
            out.append((start, k, type_))
        start, type_ = k, t
    if start >= 0:
        out.append((start, last + 1, type_))
    return out
