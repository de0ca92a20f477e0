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

from collections.abc import Iterator
from dataclasses import dataclass

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


def pairs(analysis: object, entities: list[ExtractedEntity], lang: str) -> Iterator[Pair]:
    """Every candidate pair of the document, with its features."""
    ctx = context(analysis, entities, lang)
    sents = analysis.sentences  # type: ignore[attr-defined]
    views = [build(s.masked, s.words, lang) for s in sents]
    for n, (sent, view) in enumerate(zip(sents, views, strict=True)):
        ms = sent.mentions
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                a, b = ms[i], ms[j]
                if a.ent is b.ent or not LABELS_FOR[(a.code, b.code)]:
                    continue
                ta, tb = view.mention_token.get(i), view.mention_token.get(j)
                if ta is None or tb is None:
                    continue
                yield Pair(a.ent, b.ent, a.code + b.code, "s", sent, view, ta, tb,
                           _same(ctx, sent, view, i, j, a, b), _anaphor(a, b))  # fmt: skip
        if n and sents[n - 1].index == sent.index - 1:
            prev, pview = sents[n - 1], views[n - 1]
            here = {m.ent.local_id for m in ms}
            for i, a in enumerate(prev.mentions):
                if a.ent.local_id in here:
                    continue
                for j, b in enumerate(ms):
                    if a.ent is b.ent or not LABELS_FOR[(a.code, b.code)] or b.coref:
                        continue
                    ta, tb = pview.mention_token.get(i), view.mention_token.get(j)
                    if ta is None or tb is None:
                        continue
                    yield Pair(a.ent, b.ent, a.code + b.code, "x", sent, view, -1, tb,
                               _adjacent(ctx, pview, view, ta, tb, a, b), _anaphor(a, b))  # fmt: skip
    yield from _window(ctx, sents, views)


# Types whose subject is often named a few sentences before: the group a paragraph is about
# and the places where it operates, the agency and the people it arrests or charges.
_WINDOW_TYPES = {("G", "L"), ("S", "P"), ("S", "G")}
_WINDOW = 3


def _window(ctx: DocContext, sents: list, views: list[SentenceView]) -> Iterator[Pair]:
    """An entity named two or three sentences before, paired with a place or a target of a
    sentence that names no entity of the subject's type itself."""
    for n, (sent, view) in enumerate(zip(sents, views, strict=True)):
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
        fams = sorted({fam for hits in view.triggers for fam in hits})
        for j, b in enumerate(sent.mentions):
            tb = view.mention_token.get(j)
            if tb is None:
                continue
            for dist, a in seen.values():
                if (a.code, b.code) not in _WINDOW_TYPES:  # type: ignore[attr-defined]
                    continue
                t = "w" + a.code + b.code  # type: ignore[attr-defined]
                f = _common(ctx, t, a, b)
                f.append(f"{t}|dist={dist}")
                f += [f"{t}|fam={fam}" for fam in fams]
                f += [f"{t}|ab={w}" for w in _words(view, tb - 3, tb)]
                f += [f"{t}|zb={w}" for w in _words(view, tb + 1, tb + 3)]
                for k in range(max(0, tb - 6), tb):
                    for fam in view.triggers[k]:
                        f.append(f"{t}|tpre={fam}")
                if tb == 0 or (tb <= 2 and view.tokens[tb - 1] in (",", "en", "in")):
                    f.append(f"{t}|opens")
                yield Pair(a.ent, b.ent, a.code + b.code, "w", sent, view, -1, tb, f, _anaphor(a, b))  # type: ignore[attr-defined]


def _anaphor(a: object, b: object) -> str:
    return ("a" if a.coref else "") + ("b" if b.coref else "")  # type: ignore[attr-defined]


def _words(view: SentenceView, lo: int, hi: int) -> list[str]:
    return view.tokens[max(0, lo) : max(0, hi)]


def _common(ctx: DocContext, t: str, a: object, b: object) -> list[str]:
    ea, eb = a.ent, b.ent  # type: ignore[attr-defined]
    f = [f"T={t}", f"{t}|lang={ctx.lang}", f"U={_unordered(t)}"]
    if a.coref:  # type: ignore[attr-defined]
        f.append(f"{t}|corefA")
    if b.coref:  # type: ignore[attr-defined]
        f.append(f"{t}|corefB")
    if ea.local_id in ctx.officials:
        f.append(f"{t}|officialA")
    if eb.local_id in ctx.officials:
        f.append(f"{t}|officialB")
    f.append(f"{t}|nA={_count_bucket(ctx.counts.get(ea.local_id, 1))}")
    f.append(f"{t}|nB={_count_bucket(ctx.counts.get(eb.local_id, 1))}")
    if ea.key:
        f.append(f"{t}|knownA")
    if eb.key:
        f.append(f"{t}|knownB")
    for vote in ctx.doc_votes.get((ea.local_id, eb.local_id), ()):
        f.append(f"docrule={vote}")
    return f


def _unordered(t: str) -> str:
    return "".join(sorted(t[-2:]))


def _same(
    ctx: DocContext, sent: object, view: SentenceView, i: int, j: int, a: object, b: object
) -> list[str]:
    t = a.code + b.code  # type: ignore[attr-defined]
    ta, tb = view.mention_token[i], view.mention_token[j]
    la, lb = view.list_span.get(i, (ta, ta)), view.list_span.get(j, (tb, tb))
    f = _common(ctx, t, a, b)
    if la == lb:
        f.append(f"{t}|samelist")
        lo, hi = ta + 1, tb
        before_lo, after_hi = la[0], lb[1] + 1
    else:
        lo, hi = (la[1] + 1, lb[0]) if la[1] < lb[0] else (ta + 1, tb)
        before_lo, after_hi = la[0], lb[1] + 1
        if la[0] != la[1]:
            f.append(f"{t}|listA")
        if lb[0] != lb[1]:
            f.append(f"{t}|listB")
    toks = view.tokens
    between = toks[lo:hi]
    f.append(f"{t}|dist={_bucket(len(between))}")
    words = [w for w in between if w[0] != "<"]
    if len(between) > 12:
        f.append(f"{t}|long")
        idx = list(range(lo, lo + 6)) + list(range(hi - 6, hi))
    else:
        idx = list(range(lo, hi))
    for k in idx:
        w = toks[k]
        f.append(f"{t}|b={w}")
        lem = view.lemma(k)
        if lem != w:
            f.append(f"{t}|bl={lem}")
    if between:
        f.append(f"{t}|bf={between[0]}")
        f.append(f"{t}|bL={between[-1]}")
        if len(between) >= 2:
            f.append(f"{t}|bf2={between[0]}_{between[1]}")
            f.append(f"{t}|bL2={between[-2]}_{between[-1]}")
    else:
        f.append(f"{t}|adjacent")
    shape = "".join(w if len(w) == 1 and not w.isalnum() else w[1] if w[0] == "<" else "" for w in between)
    f.append(f"{t}|shape={shape[:8]}")
    for k in range(before_lo - 3, before_lo):
        if k >= 0:
            f.append(f"{t}|a{k - before_lo}={toks[k]}")
    if before_lo == 0:
        f.append(f"{t}|startA")
    for k in range(after_hi, after_hi + 3):
        if k < len(toks):
            f.append(f"{t}|z{k - after_hi + 1}={toks[k]}")
    trig = view.triggers
    for k in range(lo, hi):
        for fam in trig[k]:
            f.append(f"{t}|tb={fam}")
            f.append(f"{_unordered(t)}|tb={fam}")
            # Where the trigger stands: right after the first name, right before the second.
            if k - lo < 4:
                f.append(f"{t}|tnA={fam}")
            if hi - k <= 5:
                f.append(f"{t}|tnB={fam}")
    content = [
        k for k in range(lo, hi) if toks[k] not in FUNCTION_WORDS and toks[k][0] != "<" and toks[k].isalnum()
    ]
    if content:
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
        f.append(f"{t}|pat={_pattern(toks, trig, lo, hi)}")
    else:
        f.append(f"{t}|patA={_pattern(toks, trig, lo, lo + 5)}")
        f.append(f"{t}|patB={_pattern(toks, trig, hi - 5, hi)}")
    codes_between = [w[1] for w in between if w[0] == "<"]
    for code in set(codes_between):
        n = codes_between.count(code)
        f.append(f"{t}|mid{code}={min(n, 3)}")
    for k in range(max(0, before_lo - 6), before_lo):
        for fam in trig[k]:
            f.append(f"{t}|tpre={fam}")
    for k in range(after_hi, min(len(toks), after_hi + 6)):
        for fam in trig[k]:
            f.append(f"{t}|tpost={fam}")
    if any(w in NEGATIONS for w in words) or any(
        w in NEGATIONS for w in toks[max(0, before_lo - 3) : before_lo]
    ):
        f.append(f"{t}|neg")
    if any(w in SPEECH for w in words):
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


def _pattern(toks: list[str], trig: list[list[str]], lo: int, hi: int) -> str:
    """The words between two names, abstracted: trigger words become their family, other
    content words "w", articles go; what is left reads like a hand-written pattern."""
    out: list[str] = []
    for k in range(lo, hi):
        w = toks[k]
        if trig[k]:
            tok = trig[k][0].upper()
        elif w[0] == "<" or not w.isalnum() or w in _KEEP:
            tok = w
        elif w in FUNCTION_WORDS:
            continue
        else:
            tok = "w"
        if not out or out[-1] != tok:
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
    ctx: DocContext, pview: SentenceView, view: SentenceView, ta: int, tb: int, a: object, b: object
) -> list[str]:
    t = "x" + a.code + b.code  # type: ignore[attr-defined]
    f = _common(ctx, t, a, b)
    after_a = _words(pview, ta + 1, ta + 6)
    before_b = _words(view, tb - 5, tb)
    for w in after_a:
        f.append(f"{t}|za={w}")
    for w in before_b:
        f.append(f"{t}|ab={w}")
    for w in view.tokens[:3]:
        f.append(f"{t}|s2={w}")
    if tb == 0:
        f.append(f"{t}|bStarts")
    for k in range(ta + 1, len(pview.tokens)):
        for fam in pview.triggers[k]:
            f.append(f"{t}|t1={fam}")
    for k in range(0, tb):
        for fam in view.triggers[k]:
            f.append(f"{t}|t2={fam}")
    for k in range(tb + 1, min(len(view.tokens), tb + 6)):
        for fam in view.triggers[k]:
            f.append(f"{t}|t2post={fam}")
    f.append(f"{t}|others2={sum(1 for w in view.tokens if w[0] == '<')}")
    return f
