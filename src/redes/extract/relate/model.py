"""The relation classifier: linear weights over pair features, one binary decision per
label ("leads>", "family=", ...), read from a small JSON file that ``redes train`` writes.

A relation holds for a document when its best candidate pair scores above the type's
threshold; its evidence is that pair's sentence, its year the one written nearest, its
detail the trigger word that states it. The rules stay: their attributes (founded, died,
age, reward) always, and their relations of the types where they are more precise than
the classifier (``rules_kept``).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from redes.extract.dates import nearest_year
from redes.extract.model import SYMMETRIC_RELATIONS, ExtractedEntity, ExtractedRelation, Span
from redes.extract.relate.pairs import LABELS_FOR, Pair, pairs
from redes.extract.relate.triggers import KIN_DETAIL
from redes.extract.relations.presence import attached_before

FORMAT = 1
# Trigger families whose words name a relation's detail, by relation type.
_DETAIL_FAMILIES = {
    "leads": ("lead", "leadv", "leadp"),
    "member_of": ("member", "memberv"),
    "family": ("kin",),
    "part_of": ("part", "split"),
    "holds_position": ("role",),
    "collusion": ("collude",),
}


@dataclass
class RelationClassifier:
    labels: list[str]
    features: list[str]
    weights: np.ndarray  # (features + 1, labels); the last row is zero (unknown features)
    bias: np.ndarray  # (labels,)
    thresholds: dict[str, float]
    rules_kept: list[str]
    meta: dict[str, Any] = field(default_factory=dict)
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {f: n for n, f in enumerate(self.features)}
        self._label_index = {lab: n for n, lab in enumerate(self.labels)}
        # Per pair of types ("PG"), which labels its pairs can take: one row of the mask.
        self._codes_row = {codes: n for n, codes in enumerate(LABELS_FOR)}
        self._masks = np.zeros((len(LABELS_FOR), len(self.labels)), dtype=np.float32)
        for codes, n in self._codes_row.items():
            for lab in LABELS_FOR[codes]:
                self._masks[n, self._label_index[lab]] = 1.0
        # Each label as (relation type, direction): "leads>" -> ("leads", ">").
        self._label_parts = [(lab[:-1], lab[-1]) for lab in self.labels]

    # -- file format ------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        weights = {}
        for n, lab in enumerate(self.labels):
            col = self.weights[:-1, n]
            nz = np.nonzero(col)[0]
            weights[lab] = [[int(k), round(float(col[k]), 5)] for k in nz]
        data = {
            "format": FORMAT,
            "labels": self.labels,
            "features": self.features,
            "weights": weights,
            "bias": {lab: round(float(self.bias[n]), 5) for n, lab in enumerate(self.labels)},
            "thresholds": self.thresholds,
            "rules_kept": self.rules_kept,
            "meta": self.meta,
        }
        raw = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return gzip.compress(raw, compresslevel=9, mtime=0)

    @classmethod
    def from_bytes(cls, blob: bytes) -> RelationClassifier:
        data = json.loads(gzip.decompress(blob).decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"relation model format {data.get('format')!r}, expected {FORMAT}")
        labels, features = data["labels"], data["features"]
        weights = np.zeros((len(features) + 1, len(labels)), dtype=np.float32)
        for n, lab in enumerate(labels):
            for k, w in data["weights"].get(lab, []):
                weights[k, n] = w
        bias = np.array([data["bias"][lab] for lab in labels], dtype=np.float32)
        return cls(
            labels, features, weights, bias, data["thresholds"], data["rules_kept"], data.get("meta", {})
        )

    # -- scoring ----------------------------------------------------------------------------

    def probabilities(self, found: list[Pair]) -> np.ndarray:
        """(pairs, labels) probabilities; labels a pair's types cannot take are 0."""
        if not found:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        unknown = len(self.features)
        index = self._index
        flat: list[int] = []
        offsets: list[int] = []
        for p in found:
            offsets.append(len(flat))
            flat.append(unknown)  # every pair has at least one row to sum
            # Features are binary: a word twice between the names counts once, as in training.
            flat.extend({k for k in map(index.get, p.features) if k is not None})
        scores = np.add.reduceat(self.weights[np.asarray(flat)], np.asarray(offsets), axis=0) + self.bias
        probs = 1.0 / (1.0 + np.exp(-scores))
        rows = self._codes_row
        return probs * self._masks[[rows[(p.codes[0], p.codes[1])] for p in found]]

    def emittable_codes(self) -> set[tuple[str, str]]:
        """The pair types (first's code, second's) with a label of a relation type this
        classifier can add. A probability is at most 1, so a type whose threshold is above 1
        is left to the rules: the pairs that can only take such labels decide nothing."""
        return {
            codes
            for codes, labels in LABELS_FOR.items()
            if any(self.thresholds.get(lab[:-1], 0.5) <= 1.0 for lab in labels)
        }

    def best_pairs(
        self, found: list[Pair], officials: set[str] | frozenset[str] = frozenset()
    ) -> dict[tuple[str, str, str], tuple[float, Pair]]:
        """(type, subject id, object id) -> the probability of its best pair, and that pair.

        A reference ("he", "el detenido") that stands for someone holding a position never
        makes that official a leader, a member or a target: these reports mean the accused.
        """
        probs = self.probabilities(found)
        best: dict[tuple[str, str, str], tuple[float, Pair]] = {}
        # Row by row, as a loop over the pairs would visit them.
        rows, cols = np.nonzero(probs >= 0.05)
        for r, n, pr in zip(rows.tolist(), cols.tolist(), probs[rows, cols].tolist(), strict=True):
            p = found[r]
            rtype, direction = self._label_parts[n]
            subj, obj = (p.b, p.a) if direction == "<" else (p.a, p.b)
            if p.anaphor and rtype in _PERSON_SIDE:
                person, side = (
                    (subj, "b" if direction == "<" else "a")
                    if rtype != "action_against"
                    else (obj, "a" if direction == "<" else "b")
                )
                if side in p.anaphor and person.local_id in officials:
                    continue
            k = (rtype, subj.local_id, obj.local_id)
            if rtype in _SYMMETRIC and k[2] < k[1]:
                k = (rtype, k[2], k[1])
            if k not in best or pr > best[k][0]:
                best[k] = (pr, p)
        return best

    def __call__(
        self, text: str, entities: list[ExtractedEntity], lang: str, analysis: object
    ) -> list[ExtractedRelation]:
        rules = analysis.relations  # type: ignore[attr-defined]
        # A group's pair with a place its sentence gives a title, an origin or a destination
        # ("X, born in L, leads G") says nothing of where the group operates.
        found = [p for p in pairs(analysis, entities, lang, self.emittable_codes()) if not _attached_place(p)]
        best = self.best_pairs(found, analysis.officials)  # type: ignore[attr-defined]
        out: list[ExtractedRelation] = [r for r in rules if r.object is None or r.type in self.rules_kept]
        have = {(r.type, r.subject, r.object) for r in out if r.object is not None}
        have |= {(r.type, r.object, r.subject) for r in out if r.object is not None and r.type in _SYMMETRIC}
        by_rule = {(r.type, r.subject, r.object): r for r in rules if r.object is not None}
        doc_year = getattr(analysis, "doc_year", None)
        for (rtype, s, o), (pr, p) in sorted(best.items(), key=lambda kv: -kv[1][0]):
            if pr < self.thresholds.get(rtype, 0.5) or (rtype, s, o) in have:
                continue
            have.add((rtype, s, o))
            if rtype in _SYMMETRIC:
                have.add((rtype, o, s))
            rule = by_rule.get((rtype, s, o))
            span = p.sent.span  # type: ignore[attr-defined]
            year = rule.year if rule else _year(p, rtype, doc_year)
            detail = rule.detail if rule else _detail(p, rtype)
            out.append(
                ExtractedRelation(
                    type=rtype,
                    subject=s,
                    object=o,
                    evidence=Span(span.start, span.end, span.text),
                    year=year,
                    detail=detail,
                    rule=f"classifier:{p.kind}:{pr:.2f}",
                )
            )
        return out


_SYMMETRIC = SYMMETRIC_RELATIONS
# Types with a person on one side that a reference to an official must not fill.
_PERSON_SIDE = frozenset({"leads", "member_of", "action_against"})


def _attached_place(p: Pair) -> bool:
    """Whether the pair is a group and a place that belongs to a title, an origin or a
    destination in its sentence: the rules' guard, which 51 documents cannot teach."""
    if set(p.codes) != {"G", "L"}:
        return False
    at = p.tb if p.b.type == "place" else p.ta
    if at < 0:
        return False
    return attached_before(p.sent, p.view.starts[at])  # type: ignore[arg-type]


def _year(p: Pair, rtype: str, doc_year: int | None) -> int | None:
    masked = p.sent.masked  # type: ignore[attr-defined]
    at = p.view.starts[p.tb] if p.tb < len(p.view.starts) else len(masked) // 2
    year = nearest_year(masked, at)
    if year is None and rtype == "action_against":
        return doc_year
    return year


def _detail(p: Pair, rtype: str) -> str | None:
    """The trigger word nearest the pair's second mention that names this relation."""
    if rtype == "action_against":
        acts = [(abs(k - p.tb), fam) for k, fam, _ in p.view.hits if fam.startswith("act-")]
        return min(acts)[1].removeprefix("act-") if acts else None
    fams = _DETAIL_FAMILIES.get(rtype)
    if not fams:
        return None
    near = [(abs(k - p.tb), words) for k, fam, words in p.view.hits if fam in fams]
    if not near:
        return None
    words = " ".join(min(near)[1].split()).lower()
    return KIN_DETAIL.get(words, words) if rtype == "family" else words
