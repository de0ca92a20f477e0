"""Relation quality on the annotated dev sets, with the gold entities, by the shared scorer.

Floors a little below what the rules measure (relations alone, ``bench/relations_dev.py``;
measured after the cleanup of issue 10: dev P 0.874 F1 0.691, dev-public P 0.794 F1 0.555,
dev-news P 0.661 F1 0.486), so that a real regression fails.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from redes.extract.model import ATTRIBUTE_TYPES
from redes.extract.relations import find_relations
from redes.extract.sentences import split

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"

# gold set, corpus, F1 floor, precision floor
FLOORS = [
    ("dev", "seeds", 0.67, 0.85),
    ("dev-public", "public", 0.53, 0.77),
    ("dev-news", "news", 0.46, 0.63),
]


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.parametrize(("gold", "corpus", "f1", "precision"), FLOORS, ids=[f[0] for f in FLOORS])
def test_relation_f1_with_gold_entities(gold: str, corpus: str, f1: float, precision: float) -> None:
    gold_dir, corpus_dir = SHARED / "eval" / gold, SHARED / "corpus" / corpus
    if not gold_dir.is_dir() or not corpus_dir.is_dir():
        pytest.skip("../shared is not present")
    bench = _module(ROOT / "bench" / "relations_dev.py", "relations_dev")
    scorer = _module(SHARED / "eval" / "score.py", "gold_score")
    docs = []
    for gold_file in sorted(gold_dir.glob("*.gold.json")):
        doc = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (corpus_dir / doc["doc"]).read_text(encoding="utf-8")
        rels = find_relations(text, split(text), bench.gold_entities(text, doc), doc.get("lang", "en"))
        docs.append(
            {
                "doc": doc["doc"],
                "entities": doc["entities"],
                "relations": [
                    {"type": r.type, "subject": r.subject, "object": r.object}
                    for r in rels
                    if r.type not in ATTRIBUTE_TYPES
                ],
            }
        )
    result = scorer.score(scorer.load_gold(gold_dir), {d["doc"]: d for d in docs})
    assert result["relation"]["f1"] >= f1, result["relation"]
    assert result["relation"]["p"] >= precision, result["relation"]
