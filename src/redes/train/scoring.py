"""Scoring with the shared scorer (``<shared>/eval/score.py``), so that every figure redes
prints is the one the annotators' tool gives: entity, mention, B³ and relation F1, by type.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from redes.train.corpus import AnnotatedDoc, CorpusError, default_shared


def load_scorer(shared: Path | None = None) -> ModuleType:
    path = (Path(shared) if shared else default_shared()) / "eval" / "score.py"
    if not path.is_file():
        raise CorpusError(f"scorer {path} not found")
    spec = importlib.util.spec_from_file_location("redes_shared_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(scorer: ModuleType, docs: list[AnnotatedDoc], system: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The scorer's result for ``docs`` against system output keyed by document name."""
    gold = {d.name: d.gold for d in docs}
    return scorer.score(gold, {name: system[name] for name in gold if name in system})


def summary(result: dict[str, Any]) -> dict[str, float]:
    return {k: result[k]["f1"] for k in ("entity", "mention", "b3", "relation")}
