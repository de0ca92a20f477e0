"""Candidate entity pairs and their features, for the relation classifier.

Candidates are every type-compatible pair of mentions in one sentence (anaphors such as
"the cartel", "he" or "dichas personas" count as mentions of what they refer to, so a
relation stated through a pronoun is a pair in its sentence), pairs across two adjacent
sentences, and, for the groups a paragraph is about and the agencies that act in it, pairs
with the places and targets named two or three sentences later.

Features are strings: the words and lemmas between and around the pair, read from list
boundaries so that "A, B y C, líderes de Y" gives every member the words of C; trigger
families and where they stand; punctuation shapes; distance and order; entity types;
negation and reported speech; and the rules' own verdicts as votes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from redes.extract.model import SYMMETRIC_RELATIONS, ExtractedEntity
from redes.extract.relate.view import FUNCTION_WORDS, NEGATIONS, SPEECH, SentenceView, build
from redes.extract.relations.document import SIGNATURE

CODES = "PGSOL"


def _labels_for(a: str, b: str) -> tuple[str, ...]:
    """Labels a pair of types (first in text, second) can take: "leads>" means the first
    is the subject, "leads<" the second; symmetric types take "family=" and the like."""
    out = []
    for rtype, (subj, obj) in SIGNATURE.items():
        if rtype in SYMMETRIC_RELATIONS:
            if a in subj and b in obj:
                out.append(f"{rtype}=")
            continue
        if a in subj and b in obj:
            out.append(f"{rtype}>")
        if b in subj and a in obj:
            out.append(f"{rtype}<")
    return tuple(out)


LABELS_FOR = {(a, b): _labels_for(a, b) for a in CODES for b in CODES}
LABELS = tuple(sorted({lab for labs in LABELS_FOR.values() for lab in labs}))


@dataclass(slots=True, eq=False)
class Pair:
    """A candidate: entity ``a`` (first in text) and entity ``b``, in ``sent``."""

    a: ExtractedEntity
    b: ExtractedEntity
    codes: str  # "PG": the types of a and b
    kind: str  # "s" same sentence, "x" adjacent sentences, "w" a few sentences apart
    sent: object  # the RuleSentence that states it (b's sentence)
    view: SentenceView
    ta: int  # token of a in ``view`` (-1 when a is in another sentence)
    tb: int
    features: list[str]
    anaphor: str = ""  # "a", "b" or "ab": which side is a reference ("he", "el detenido")


def _bucket(n: int) -> str:
    if n <= 4:
        return str(n)
    if n <= 8:
        return "5-8"
    if n <= 15:
        return "9-15"
    return "16+"


def _count_bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-9" if n <= 9 else "10+"


@dataclass(slots=True)
class DocContext:
    """What the features need to know about the document as a whole."""

    lang: str
    officials: set[str]
    counts: dict[str, int]  # local id -> mentions in the document
    rule_votes: dict[tuple[str, str, int], list[str]]  # (a id, b id, sentence) -> votes
    doc_votes: dict[tuple[str, str], set[str]]  # (a id, b id) -> relation labels
    sides: dict[str, tuple[bool, str, bool]] = field(default_factory=dict)  # local id -> _side()


def _ordered_vote(rtype: str, subj_first: bool) -> str:
    if rtype in SYMMETRIC_RELATIONS:
        return f"{rtype}="
    return f"{rtype}{'>' if subj_first else '<'}"


def context(analysis: object, entities: list[ExtractedEntity], lang: str) -> DocContext:
    sents = analysis.sentences  # type: ignore[attr-defined]
    rule_votes: dict[tuple[str, str, int], list[str]] = {}
    doc_votes: dict[tuple[str, str], set[str]] = {}
    start_to_index = {s.span.start: s.index for s in sents}
    for r in analysis.relations:  # type: ignore[attr-defined]
        if r.object is None:
            continue
        si = start_to_index.get(r.evidence.start, -1)
        for first, second, subj_first in ((r.subject, r.object, True), (r.object, r.subject, False)):
            vote = _ordered_vote(r.type, subj_first)
            rule_votes.setdefault((first, second, si), []).append(vote)
            rule_votes[(first, second, si)].append(f"{vote}:{r.rule}")
            doc_votes.setdefault((first, second), set()).add(vote)
    return DocContext(
        lang,
        set(analysis.officials),  # type: ignore[attr-defined]
        {e.local_id: len(e.mentions) for e in entities},
        rule_votes,
        doc_votes,
    )


# Pairs of types (first's code, second's) that can hold some relation.
_TYPED = frozenset(codes for codes, labels in LABELS_FOR.items() if labels)


def pairs(
    analysis: object,
    entities: list[ExtractedEntity],
    lang: str,
    codes: Collection[tuple[str, str]] | None = None,
) -> Iterator[Pair]:
    """Every candidate pair of the document, with its features; with ``codes``, only the
    pairs of those types (first's code, second's): the classifier asks for the types of
    the relations it can add, and a sentence is read only when a pair needs it."""
    wanted = _TYPED if codes is None else _TYPED.intersection(codes)
    ctx = context(analysis, entities, lang)
    sents = analysis.sentences  # type: ignore[attr-defined]
    views: list[_Tokens | None] = [None] * len(sents)

    def tokens(n: int) -> _Tokens:
        """The view of sentence n, built when a pair first needs it."""
        tv = views[n]
        if tv is None:
            tv = views[n] = _Tokens(build(sents[n].masked, sents[n].words, lang))
        return tv

    for n, sent in enumerate(sents):
        ms = sent.mentions
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                a, b = ms[i], ms[j]
                if a.ent is b.ent or (a.code, b.code) not in wanted:
                    continue
                tv = tokens(n)
                ta, tb = tv.view.mention_token.get(i), tv.view.mention_token.get(j)
                if ta is None or tb is None:
                    continue
                yield Pair(a.ent, b.ent, a.code + b.code, "s", sent, tv.view, ta, tb,
                           _same(ctx, sent, tv, i, j, a, b), _anaphor(a, b))  # fmt: skip
        if n and sents[n - 1].index == sent.index - 1:
            prev = sents[n - 1]
            here = {m.ent.local_id for m in ms}
            for i, a in enumerate(prev.mentions):
                if a.ent.local_id in here:
                    continue
                for j, b in enumerate(ms):
                    if a.ent is b.ent or (a.code, b.code) not in wanted or b.coref:
                        continue
                    ptv, tv = tokens(n - 1), tokens(n)
                    ta, tb = ptv.view.mention_token.get(i), tv.view.mention_token.get(j)
                    if ta is None or tb is None:
                        continue
                    yield Pair(a.ent, b.ent, a.code + b.code, "x", sent, tv.view, -1, tb,
                               _adjacent(ctx, ptv, tv, ta, tb, a, b), _anaphor(a, b))  # fmt: skip
    yield from _window(ctx, sents, tokens, wanted)


# Types whose subject is often named a few sentences before: the group a paragraph is about
# and the places where it operates, the agency and the people it arrests or charges.
_WINDOW_TYPES = {("G", "L"), ("S", "P"), ("S", "G")}
_WINDOW = 3


def _window(
    ctx: DocContext, sents: list, tokens: Callable[[int], _Tokens], wanted: frozenset[tuple[str, str]]
) -> Iterator[Pair]:
    """An entity named two or three sentences before, paired with a place or a target of a
    sentence that names no entity of the subject's type itself."""
    for n, sent in enumerate(sents):
        codes = {m.code for m in sent.mentions}
        seen: dict[str, tuple[int, object]] = {}
        for back in range(n - 1, -1, -1):
            prev = sents[back]
            dist = sent.index - prev.index
            if dist > _WINDOW:
                break
            if dist < 2:
                continue
            for m in prev.mentions:
                if m.code in "GS" and m.code not in codes and m.ent.local_id not in seen:
                    seen[m.ent.local_id] = (dist, m)
        if not seen:
            continue
        for j, b in enumerate(sent.mentions):
            for dist, a in seen.values():
                pair_codes = (a.code, b.code)  # type: ignore[attr-defined]
                if pair_codes not in _WINDOW_TYPES or pair_codes not in wanted:
                    continue
                tv = tokens(n)
                tb = tv.view.mention_token.get(j)
                if tb is None:
                    break  # b has no token: no pair with it
                view = tv.view
                t = "w" + a.code + b.code  # type: ignore[attr-defined]
                f = _common(ctx, t, a, b)
                f.append(f"{t}|dist={dist}")
                f += tv.window(t, tb)
                yield Pair(a.ent, b.ent, a.code + b.code, "w", sent, view, -1, tb, f, _anaphor(a, b))  # type: ignore[attr-defined]


def _anaphor(a: object, b: object) -> str:
    return ("a" if a.coref else "") + ("b" if b.coref else "")  # type: ignore[attr-defined]


def _words(view: SentenceView, lo: int, hi: int) -> list[str]:
    return view.tokens[max(0, lo) : max(0, hi)]


def _common(ctx: DocContext, t: str, a: object, b: object) -> list[str]:
    ea, eb = a.ent, b.ent  # type: ignore[attr-defined]
    f = list(_common_features(ctx.lang, t, _side(ctx, ea), bool(a.coref), _side(ctx, eb), bool(b.coref)))  # type: ignore[attr-defined]
    # Sorted: a set's order follows the process's string hashing, and the order of the
    # features, the order of the classifier's float sums (the same scores in every process).
    for vote in sorted(ctx.doc_votes.get((ea.local_id, eb.local_id), ())):
        f.append(f"docrule={vote}")
    return f


def _side(ctx: DocContext, ent: ExtractedEntity) -> tuple[bool, str, bool]:
    """What the features say of one entity: an official, how often named, in the lexicon."""
    got = ctx.sides.get(ent.local_id)
    if got is None:
        got = ctx.sides[ent.local_id] = (
            ent.local_id in ctx.officials,
            _count_bucket(ctx.counts.get(ent.local_id, 1)),
            bool(ent.key),
        )
    return got


@lru_cache(maxsize=100_000)
def _common_features(
    lang: str,
    t: str,
    side_a: tuple[bool, str, bool],
    coref_a: bool,
    side_b: tuple[bool, str, bool],
    coref_b: bool,
) -> tuple[str, ...]:
    """The features of a pair's types and of its two entities; there are few distinct
    combinations, so each is built once."""
    (official_a, n_a, known_a), (official_b, n_b, known_b) = side_a, side_b
    f = [f"T={t}", f"{t}|lang={lang}", f"U={_unordered(t)}"]
    if coref_a:
        f.append(f"{t}|corefA")
    if coref_b:
        f.append(f"{t}|corefB")
    if official_a:
        f.append(f"{t}|officialA")
    if official_b:
        f.append(f"{t}|officialB")
    f.append(f"{t}|nA={n_a}")
    f.append(f"{t}|nB={n_b}")
    if known_a:
        f.append(f"{t}|knownA")
    if known_b:
        f.append(f"{t}|knownB")
    return tuple(f)


def _unordered(t: str) -> str:
    return "".join(sorted(t[-2:]))


def _in_range(positions: list[int], lo: int, hi: int) -> list[int]:
    """The positions k (ascending) with lo <= k < hi."""
    return positions[bisect_left(positions, lo) : bisect_left(positions, hi)]


def _any_in(positions: list[int], lo: int, hi: int) -> bool:
    return bisect_left(positions, lo) < bisect_left(positions, hi)


class _Tokens:
    """A sentence view as the features of its pairs read it, worked out once for all of them.

    Where the trigger tokens and placeholders stand (ascending, so that those of a token
    range are found by bisection); for the words between two names of one sentence
    (``scan``) where the content, negation and speech words stand and each token's shape
    and pattern symbol; and memos of the feature strings that depend only on one token or
    one boundary and the pair type, which the pairs of the sentence share.
    """

    __slots__ = ("view", "triggers", "marks", "content", "negations", "speech", "shape", "symbol",
                 "_lemmas", "_words", "_trig", "_before", "_after", "_side", "_window")  # fmt: skip

    def __init__(self, view: SentenceView):
        self.view = view
        self.triggers = sorted({k for k, _, _ in view.hits})  # tokens with a trigger family
        self.marks = [k for k, w in enumerate(view.tokens) if w[0] == "<"]  # placeholders
        self.content: list[int] | None = None  # the rest is filled by scan()
        self.negations: list[int] = []
        self.speech: list[int] = []
        self.shape: list[str] = []
        self.symbol: list[str | None] = []
        self._lemmas: list[str | None] = [None] * len(view.tokens)
        self._words: dict[str, list[list[str] | None]] = {}
        self._trig: dict[tuple[str, int, bool, bool], list[str]] = {}
        self._before: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
        self._after: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
        self._side: dict[tuple[str, str, int], tuple[list[str], list[str]]] = {}
        self._window: dict[tuple[str, int], list[str]] = {}

    def scan(self) -> None:
        """What the features of the words between two names need (pairs of one sentence)."""
        toks = self.view.tokens
        self.content = [
            k for k, w in enumerate(toks) if w not in FUNCTION_WORDS and w[0] != "<" and w.isalnum()
        ]
        self.negations = [k for k, w in enumerate(toks) if w in NEGATIONS]
        self.speech = [k for k, w in enumerate(toks) if w in SPEECH]
        self.shape = [w if len(w) == 1 and not w.isalnum() else w[1] if w[0] == "<" else "" for w in toks]
        self.symbol = [_symbol(w, fams) for w, fams in zip(toks, self.view.triggers, strict=True)]

    def words(self, t: str) -> list[list[str] | None]:
        """For a pair type, each token's features as a word between the names (None until
        ``word`` builds them)."""
        got = self._words.get(t)
        if got is None:
            got = self._words[t] = [None] * len(self.view.tokens)
        return got

    def word(self, t: str, k: int) -> list[str]:
        """Token k as a word between the names of a pair of type t, and its lemma."""
        memo = self.words(t)
        got = memo[k]
        if got is None:
            w = self.view.tokens[k]
            lem = self._lemmas[k]
            if lem is None:
                lem = self._lemmas[k] = self.view.lemma(k)
            got = memo[k] = [f"{t}|b={w}", f"{t}|bl={lem}"] if lem != w else [f"{t}|b={w}"]
        return got

    def trigger(self, t: str, k: int, near_a: bool, near_b: bool) -> list[str]:
        """The trigger families of token k between the names, and whether they stand right
        after the first name or right before the second."""
        got = self._trig.get((t, k, near_a, near_b))
        if got is None:
            u = _unordered(t)
            got = []
            for fam in self.view.triggers[k]:
                got.append(f"{t}|tb={fam}")
                got.append(f"{u}|tb={fam}")
                if near_a:
                    got.append(f"{t}|tnA={fam}")
                if near_b:
                    got.append(f"{t}|tnB={fam}")
            self._trig[(t, k, near_a, near_b)] = got
        return got

    def before(self, t: str, at: int) -> tuple[list[str], list[str]]:
        """The words before token ``at`` (where the first name's list starts), and the
        trigger families among the six tokens before it."""
        got = self._before.get((t, at))
        if got is None:
            toks, trig = self.view.tokens, self.view.triggers
            words = [f"{t}|a{k - at}={toks[k]}" for k in range(at - 3, at) if k >= 0]
            if at == 0:
                words.append(f"{t}|startA")
            pre = [f"{t}|tpre={fam}" for k in _in_range(self.triggers, at - 6, at) for fam in trig[k]]
            got = self._before[(t, at)] = (words, pre)
        return got

    def after(self, t: str, at: int) -> tuple[list[str], list[str]]:
        """The words from token ``at`` on (after the second name's list), and the trigger
        families among the six tokens from there."""
        got = self._after.get((t, at))
        if got is None:
            toks, trig = self.view.tokens, self.view.triggers
            words = [f"{t}|z{k - at + 1}={toks[k]}" for k in range(at, min(len(toks), at + 3))]
            post = [f"{t}|tpost={fam}" for k in _in_range(self.triggers, at, at + 6) for fam in trig[k]]
            got = self._after[(t, at)] = (words, post)
        return got

    def first_side(self, t: str, ta: int) -> tuple[list[str], list[str]]:
        """Features of a pair across sentences from its first name's sentence: the words
        after the name, and the trigger families after it."""
        got = self._side.get((t, "a", ta))
        if got is None:
            view = self.view
            words = [f"{t}|za={w}" for w in _words(view, ta + 1, ta + 6)]
            trig = [f"{t}|t1={fam}" for k in _in_range(self.triggers, ta + 1, len(view.tokens))
                    for fam in view.triggers[k]]  # fmt: skip
            got = self._side[(t, "a", ta)] = (words, trig)
        return got

    def second_side(self, t: str, tb: int) -> tuple[list[str], list[str]]:
        """Features of a pair across sentences from its second name's sentence: the words
        before the name and those that open the sentence; the trigger families before and
        after the name, and how many names the sentence has."""
        got = self._side.get((t, "b", tb))
        if got is None:
            view = self.view
            words = [f"{t}|ab={w}" for w in _words(view, tb - 5, tb)]
            words += [f"{t}|s2={w}" for w in view.tokens[:3]]
            if tb == 0:
                words.append(f"{t}|bStarts")
            trig = [f"{t}|t2={fam}" for k in _in_range(self.triggers, 0, tb) for fam in view.triggers[k]]
            trig += [f"{t}|t2post={fam}" for k in _in_range(self.triggers, tb + 1, tb + 6)
                     for fam in view.triggers[k]]  # fmt: skip
            trig.append(f"{t}|others2={len(self.marks)}")
            got = self._side[(t, "b", tb)] = (words, trig)
        return got

    def window(self, t: str, tb: int) -> list[str]:
        """Features of a pair a few sentences apart from its second name's sentence: the
        trigger families of the sentence, the words around the name and the families
        before it, and whether the name opens the sentence."""
        got = self._window.get((t, tb))
        if got is None:
            view = self.view
            fams = sorted({fam for hits in view.triggers for fam in hits})
            got = [f"{t}|fam={fam}" for fam in fams]
            got += [f"{t}|ab={w}" for w in _words(view, tb - 3, tb)]
            got += [f"{t}|zb={w}" for w in _words(view, tb + 1, tb + 3)]
            got += [
                f"{t}|tpre={fam}" for k in _in_range(self.triggers, tb - 6, tb) for fam in view.triggers[k]
            ]
            if tb == 0 or (tb <= 2 and view.tokens[tb - 1] in (",", "en", "in")):
                got.append(f"{t}|opens")
            self._window[(t, tb)] = got
        return got


def _symbol(w: str, fams: tuple[str, ...]) -> str | None:
    """A token in a pattern (``_pattern``): a trigger word becomes its family, another
    content word "w"; names, punctuation and the words of _KEEP stay; other function words
    go (None)."""
    if fams:
        return fams[0].upper()
    if w[0] == "<" or not w.isalnum() or w in _KEEP:
        return w
    if w in FUNCTION_WORDS:
        return None
    return "w"


def _same(ctx: DocContext, sent: object, tv: _Tokens, i: int, j: int, a: object, b: object) -> list[str]:
    view = tv.view
    if tv.content is None:
        tv.scan()
    t = a.code + b.code  # type: ignore[attr-defined]
    ta, tb = view.mention_token[i], view.mention_token[j]
    la, lb = view.list_span.get(i, (ta, ta)), view.list_span.get(j, (tb, tb))
    f = _common(ctx, t, a, b)
    if la == lb:
        f.append(f"{t}|samelist")
        lo, hi = ta + 1, tb
    else:
        lo, hi = (la[1] + 1, lb[0]) if la[1] < lb[0] else (ta + 1, tb)
        if la[0] != la[1]:
            f.append(f"{t}|listA")
        if lb[0] != lb[1]:
            f.append(f"{t}|listB")
    before_lo, after_hi = la[0], lb[1] + 1
    toks = view.tokens
    n = max(0, hi - lo)  # tokens between
    f.append(f"{t}|dist={_bucket(n)}")
    if n > 12:
        f.append(f"{t}|long")
        idx: range | list[int] = [*range(lo, lo + 6), *range(hi - 6, hi)]
    else:
        idx = range(lo, hi)
    words = tv.words(t)
    for k in idx:
        f += words[k] or tv.word(t, k)
    if n:
        f.append(f"{t}|bf={toks[lo]}")
        f.append(f"{t}|bL={toks[hi - 1]}")
        if n >= 2:
            f.append(f"{t}|bf2={toks[lo]}_{toks[lo + 1]}")
            f.append(f"{t}|bL2={toks[hi - 2]}_{toks[hi - 1]}")
    else:
        f.append(f"{t}|adjacent")
    f.append(f"{t}|shape={''.join(tv.shape[lo:hi])[:8]}")
    words_before, trig_before = tv.before(t, before_lo)
    words_after, trig_after = tv.after(t, after_hi)
    f += words_before
    f += words_after
    for k in _in_range(tv.triggers, lo, hi):
        # Where the trigger stands: right after the first name, right before the second.
        f += tv.trigger(t, k, k - lo < 4, hi - k <= 5)
    content = _in_range(tv.content, lo, hi)
    if content:
        trig = view.triggers
        first, last = content[0], content[-1]
        f.append(f"{t}|cf={toks[first]}")
        f.append(f"{t}|cL={toks[last]}")
        # The word that carries the relation, and how it attaches to each name: "A, líder
        # de la organización B" (apposition, then "of"), "A, who leads B", "B, led by A".
        link_a = _link(toks[lo:first])
        link_b = _link(toks[last + 1 : hi])
        f.append(f"{t}|linkA={link_a}")
        f.append(f"{t}|linkB={link_b}")
        u = _unordered(t)
        for fam in trig[first]:
            f.append(f"{t}|cfam={fam}|{link_a}")
            f.append(f"{u}|cfam={fam}")
        for fam in trig[last]:
            f.append(f"{t}|cLfam={fam}|{link_b}")
            f.append(f"{u}|cLfam={fam}")
            if first == last or len(content) <= 2:
                f.append(f"{t}|only={fam}|{link_a}|{link_b}")
    if hi - lo <= 12:
        f.append(f"{t}|pat={_pattern(tv.symbol, lo, hi)}")
    else:
        f.append(f"{t}|patA={_pattern(tv.symbol, lo, lo + 5)}")
        f.append(f"{t}|patB={_pattern(tv.symbol, hi - 5, hi)}")
    # Placeholders between ("<P>"); a "<" of the text is no name.
    codes_between = [toks[k][1] for k in _in_range(tv.marks, lo, hi) if len(toks[k]) > 1]
    for code in sorted(set(codes_between)):  # in one order in every process (``_common``)
        f.append(f"{t}|mid{code}={min(codes_between.count(code), 3)}")
    f += trig_before
    f += trig_after
    if _any_in(tv.negations, lo, hi) or _any_in(tv.negations, before_lo - 3, before_lo):
        f.append(f"{t}|neg")
    if _any_in(tv.speech, lo, hi):
        f.append(f"{t}|said")
    for vote in ctx.rule_votes.get((a.ent.local_id, b.ent.local_id, sent.index), ()):  # type: ignore[attr-defined]
        f.append(f"rule={vote}")
    return f


_OF = frozenset({"of", "de", "del", "for", "para", "within", "in", "en", "at"})
_COPULA = frozenset(
    "is was are were be been being became es era fue son eran fueron sera ser como as now then also tambien".split()
)
_RELATIVE = frozenset({"who", "which", "that", "quien", "quienes", "que", "cual", "whose", "cuyo", "cuya"})


_KEEP = _OF | _COPULA | _RELATIVE | {"by", "por", "and", "y", "e", "or", "o", "not", "no", "'s", "s"}


def _pattern(symbols: list[str | None], lo: int, hi: int) -> str:
    """The words between two names, abstracted (``_symbol``): trigger words become their
    family, other content words "w", articles go; what is left reads like a hand-written
    pattern."""
    out: list[str] = []
    for tok in symbols[lo:hi]:
        if tok is not None and (not out or out[-1] != tok):
            out.append(tok)
    return "_".join(out)


def _link(gap: list[str]) -> str:
    """How a name attaches to the content word next to it, from the words in between."""
    if not gap:
        return "none"
    kinds = []
    for w in gap:
        if w in (",", "(", "-", ":"):
            kinds.append("appos")
        elif w in _OF:
            kinds.append("of")
        elif w in _COPULA:
            kinds.append("cop")
        elif w in _RELATIVE:
            kinds.append("rel")
        elif w in ("by", "por"):
            kinds.append("by")
        elif w[0] == "<":
            kinds.append("name")
    return "+".join(dict.fromkeys(kinds)) or "det"


def _adjacent(
    ctx: DocContext, ptv: _Tokens, tv: _Tokens, ta: int, tb: int, a: object, b: object
) -> list[str]:
    t = "x" + a.code + b.code  # type: ignore[attr-defined]
    after_a, triggers_after_a = ptv.first_side(t, ta)
    before_b, triggers_around_b = tv.second_side(t, tb)
    f = _common(ctx, t, a, b)
    f += after_a
    f += before_b
    f += triggers_after_a
    f += triggers_around_b
    return f
