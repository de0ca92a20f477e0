"""Training data and training for the relation classifier.

Each annotated document is run through the entity stages as they will be at run time; its
entities are aligned to the gold entities (same type, a shared mention, greedily, as the
scorer does), and every candidate pair gets the gold labels of its two entities. A pair in
a sentence that the gold evidence quotes is a positive; a pair of related entities in some
other sentence is left out of training rather than called a negative, since the gold
names one evidence sentence per relation and others may state it too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from redes.extract.model import SYMMETRIC_RELATIONS, ExtractedEntity
from redes.extract.normalize import key
from redes.extract.relate.model import RelationClassifier
from redes.extract.relate.pairs import LABELS, LABELS_FOR, Pair, pairs
from redes.train.corpus import AnnotatedDoc

POSITIVE, OTHER_SENTENCE = 1, 2


@dataclass
class Settings:
    c: float = 0.3  # inverse L2 strength of the logistic regressions
    min_count: int = 2  # features seen fewer times in training are dropped
    threshold: float = 0.5
    thresholds: dict[str, float] | None = None
    rules_kept: tuple[str, ...] = ()
    other_sentence_positive: bool = False
    merge_directions: bool = True
    drop_prefixes: tuple[str, ...] = ()  # feature families left out (ablation)
    margin: float = 0.01  # F1 the classifier must add over the rules to be used for a type
    min_support: int = 20  # gold relations of a type needed to decide it by cross-validation


def align(gold: dict, entities: list[ExtractedEntity]) -> dict[str, str]:
    """local id -> gold id: same type and at least one shared mention, most shared first."""
    gsets = {g["id"]: {key(m) for m in g["mentions"]} | {key(g.get("name", ""))} for g in gold["entities"]}
    gtype = {g["id"]: g["type"] for g in gold["entities"]}
    cands = []
    for e in entities:
        forms = {key(m.text) for m in e.mentions} | {key(e.name)}
        for gid, gs in gsets.items():
            if gtype[gid] == e.type:
                shared = len(forms & gs - {""})
                if shared:
                    cands.append((-shared, e.local_id, gid))
    cands.sort()
    used_s: set[str] = set()
    used_g: set[str] = set()
    out: dict[str, str] = {}
    for _, sid, gid in cands:
        if sid not in used_s and gid not in used_g:
            used_s.add(sid)
            used_g.add(gid)
            out[sid] = gid
    return out


def _evidence_spans(text: str, evidence: str) -> list[tuple[int, int]]:
    """Where a gold evidence quote stands in the text (quotes may be trimmed or joined by …)."""
    spans = []
    for piece in re.split(r"\s*(?:\.\.\.|…)\s*", evidence):
        piece = piece.strip(' "“”')
        if len(piece) < 8:
            continue
        words = [re.escape(w) for w in piece.split()]
        rx = re.compile(r"\s+".join(words))
        spans += [m.span() for m in rx.finditer(text)]
    return spans


def labelled_pairs(
    doc: AnnotatedDoc, entities: list[ExtractedEntity], analysis: object
) -> list[tuple[Pair, dict[str, int]]]:
    """Candidate pairs of one document with their labels (label -> POSITIVE or OTHER_SENTENCE)."""
    mapping = align(doc.gold, entities)
    gold: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for r in doc.gold.get("relations", []):
        s, o = r["subject"], r["object"]
        if r["type"] in SYMMETRIC_RELATIONS and o < s:
            s, o = o, s
        gold.setdefault((r["type"], s, o), []).extend(_evidence_spans(doc.text, r.get("evidence", "")))
    out = []
    for p in pairs(analysis, entities, doc.lang):
        ga, gb = mapping.get(p.a.local_id), mapping.get(p.b.local_id)
        labels: dict[str, int] = {}
        if ga is not None and gb is not None:
            span = p.sent.span  # type: ignore[attr-defined]
            for lab in LABELS_FOR[(p.codes[0], p.codes[1])]:
                rtype, d = lab[:-1], lab[-1]
                s, o = (gb, ga) if d == "<" else (ga, gb)
                if d == "=" and o < s:
                    s, o = o, s
                ev = gold.get((rtype, s, o))
                if ev is None:
                    continue
                stated_here = not ev or any(a < span.end and span.start < b for a, b in ev)
                labels[lab] = POSITIVE if stated_here else OTHER_SENTENCE
        out.append((p, labels))
    return out


def fit(examples: list[tuple[Pair, dict[str, int]]], settings: Settings | None = None) -> RelationClassifier:
    """One L2 logistic regression per relation type (per label for ``part_of``) over the
    pairs whose types admit it; thresholds and ``rules_kept`` from ``settings``."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    st = settings or Settings()
    counts: Counter[str] = Counter(
        f for p, _ in examples for f in set(p.features) if not f.startswith(st.drop_prefixes or ("\0",))
    )
    features = sorted(f for f, n in counts.items() if n >= st.min_count)
    index = {f: n for n, f in enumerate(features)}
    rows, cols = [], []
    for r, (p, _) in enumerate(examples):
        ks = sorted({index[f] for f in p.features if f in index})
        rows += [r] * len(ks)
        cols += ks
    X = csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(examples), len(features)))
    weights = np.zeros((len(features) + 1, len(LABELS)), dtype=np.float32)
    bias = np.full(len(LABELS), -20.0, dtype=np.float32)
    # Both directions of a type share one model when the entity types tell them apart
    # ("leads>" for a person named before the group, "leads<" after it): twice the data.
    groups: dict[str, list[str]] = {}
    for lab in LABELS:
        groups.setdefault(lab[:-1] if st.merge_directions and lab[:-1] != "part_of" else lab, []).append(lab)
    for members in groups.values():
        sel, y = [], []
        for r, (p, labels) in enumerate(examples):
            applicable = [lab for lab in members if lab in LABELS_FOR[(p.codes[0], p.codes[1])]]
            if len(applicable) != 1:
                continue
            v = labels.get(applicable[0], 0)
            if v == OTHER_SENTENCE and not st.other_sentence_positive:
                continue
            sel.append(r)
            y.append(1 if v else 0)
        if sum(y) < 2 or sum(y) == len(y):
            continue  # nothing to learn: the label is never predicted
        clf = LogisticRegression(C=st.c, solver="liblinear", max_iter=2000, random_state=0)
        clf.fit(X[sel], np.asarray(y))
        for lab in members:
            n = LABELS.index(lab)
            weights[:-1, n] = clf.coef_[0]
            bias[n] = clf.intercept_[0]
    weights[np.abs(weights) < 1e-4] = 0.0
    used = np.nonzero(np.any(weights[:-1] != 0, axis=1))[0]
    kept = [features[k] for k in used]
    w = np.vstack([weights[used], np.zeros((1, len(LABELS)), dtype=np.float32)])
    thresholds = {lab[:-1]: st.threshold for lab in LABELS}
    thresholds.update(st.thresholds or {})
    return RelationClassifier(list(LABELS), kept, w, bias, thresholds, list(st.rules_kept))


@dataclass
class DocExamples:
    """One training document as the relation stage sees it."""

    doc: AnnotatedDoc
    entities: list[ExtractedEntity]
    analysis: object
    examples: list[tuple[Pair, dict[str, int]]]


def prepare(doc: AnnotatedDoc, entities: list[ExtractedEntity], analysis: object) -> DocExamples:
    return DocExamples(doc, entities, analysis, labelled_pairs(doc, entities, analysis))


_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9)
NEVER = 1.01  # a threshold no probability reaches: the classifier adds nothing to that type


def train(docs: list[DocExamples], settings: Settings | None = None) -> RelationClassifier:
    """Fit the classifier on every document; choose, per relation type, how its output joins
    the rules' (rules and classifier together, or the classifier alone) and the threshold,
    by cross-validation inside the training documents, on the document-level F1 the scorer
    measures. The folds are the documents' own (``AnnotatedDoc.fold``)."""
    st = settings or Settings()
    folds = sorted({d.doc.fold for d in docs})
    tallies: dict[tuple[str, bool, float], list[int]] = {}
    if len(folds) > 1:
        for k in folds:
            model = fit([ex for d in docs if d.doc.fold != k for ex in d.examples], st)
            for d in docs:
                if d.doc.fold == k:
                    _tally(model, d, tallies)
    model = fit([ex for d in docs for ex in d.examples], st)
    thresholds: dict[str, float] = {}
    kept: list[str] = []
    for rtype in sorted({lab[:-1] for lab in LABELS}):
        union, thr = _decide(rtype, tallies, st)
        thresholds[rtype] = thr
        if union:
            kept.append(rtype)
    model.thresholds = thresholds
    model.rules_kept = kept
    return model


def _decide(
    rtype: str, tallies: dict[tuple[str, bool, float], list[int]], st: Settings
) -> tuple[bool, float]:
    """How a type's output is made: the rules, plus the classifier above a threshold, or the
    classifier alone. The rules alone are the default; another choice must beat them by
    ``st.margin`` F1 on at least ``st.min_support`` gold relations, so that a handful of
    examples of a rare type never decides it."""
    if not tallies:
        return True, st.threshold
    rules_only = tallies.get((rtype, True, NEVER), [0, 0, 0])
    if rules_only[2] < st.min_support:
        return True, NEVER
    base = _f1(*rules_only)
    f1, union, thr = max((round(_f1(*c), 6), u, t) for (t_, u, t), c in tallies.items() if t_ == rtype)
    return (union, thr) if f1 >= base + st.margin else (True, NEVER)


def _tally(
    model: RelationClassifier, d: DocExamples, tallies: dict[tuple[str, bool, float], list[int]]
) -> None:
    """Add one held-out document's counts, for every type, mode and threshold."""
    mapping = align(d.doc.gold, d.entities)
    gold: set[tuple[str, str, str]] = set()
    for r in d.doc.gold.get("relations", []):
        gold.add(_key(r["type"], r["subject"], r["object"]))
    best = model.best_pairs([p for p, _ in d.examples], d.analysis.officials)  # type: ignore[attr-defined]
    rules: set[tuple[str, str, str]] = set()
    for r in d.analysis.relations:  # type: ignore[attr-defined]
        if r.object is not None:
            s, o = mapping.get(r.subject, "?" + r.subject), mapping.get(r.object, "?" + r.object)
            rules.add(_key(r.type, s, o))
    scored = {
        _key(t, mapping.get(s, "?" + s), mapping.get(o, "?" + o)): pr for (t, s, o), (pr, _) in best.items()
    }
    for rtype in {lab[:-1] for lab in LABELS}:
        g = {k for k in gold if k[0] == rtype}
        r_t = {k for k in rules if k[0] == rtype}
        for union in (True, False):
            for thr in (*_GRID, NEVER):
                found = {k for k, pr in scored.items() if k[0] == rtype and pr >= thr}
                if union:
                    found |= r_t
                c = tallies.setdefault((rtype, union, thr), [0, 0, 0])
                c[0] += len(found & g)
                c[1] += len(found)
                c[2] += len(g)


def _f1(tp: int, n_sys: int, n_gold: int) -> float:
    return 2 * tp / (n_sys + n_gold) if n_sys + n_gold else 0.0


def _key(rtype: str, s: str, o: str) -> tuple[str, str, str]:
    if rtype in SYMMETRIC_RELATIONS and o < s:
        s, o = o, s
    return (rtype, s, o)
