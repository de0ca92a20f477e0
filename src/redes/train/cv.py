"""Cross-validation over whole documents: train on k−1 folds, extract the held-out fold.

The pooled score (every document scored once, by a model that never saw it) is the
estimate of quality on new documents; a score on training documents says nothing.
A rules-only run over the same documents is measured alongside as the baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from redes.extract.contract import document_json
from redes.extract.pipeline import Pipeline, extract_documents
from redes.scale.cluster import workers
from redes.train.corpus import FOLDS, AnnotatedDoc
from redes.train.scoring import score

# Trains on annotated documents and returns the pipeline to extract with.
Trainer = Callable[[list[AnnotatedDoc]], Pipeline]


@dataclass
class Evaluation:
    """System output for every document, and its scores."""

    name: str
    output: dict[str, dict[str, Any]] = field(default_factory=dict)
    folds: list[dict[str, Any]] = field(default_factory=list)
    pooled: dict[str, Any] = field(default_factory=dict)
    by_lang: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_set: dict[str, dict[str, Any]] = field(default_factory=dict)


def run_pipeline(pipeline: Pipeline | None, docs: list[AnnotatedDoc]) -> dict[str, dict[str, Any]]:
    """The extraction contract for ``docs``, one resolver across them, as ``redes extract``."""
    resolved = extract_documents([(d.name, d.text) for d in docs], pipeline=pipeline)
    return {r.name: document_json(r) for r in resolved}


# Makes another system of a fold's trained pipeline (the learned stages with a language
# model's answers merged in: ``redes.train.llm``), so that each fold is trained once.
Variant = Callable[[Pipeline], Pipeline]


def _fold(
    args: tuple[Trainer, list[AnnotatedDoc], int, tuple[Variant, ...]],
) -> list[dict[str, dict[str, Any]]]:
    trainer, docs, k, variants = args
    train = [d for d in docs if d.fold != k]
    test = [d for d in docs if d.fold == k]
    pipeline = trainer(train)
    return [run_pipeline(pipeline, test)] + [run_pipeline(v(pipeline), test) for v in variants]


def cross_validate(
    docs: list[AnnotatedDoc], trainer: Trainer, scorer: ModuleType, jobs: int = 1, name: str = "learned"
) -> Evaluation:
    """Train on k−1 folds and extract the held-out one, for every fold; score each fold,
    then all held-out output pooled, by language and by gold set."""
    return cross_validate_all(docs, trainer, scorer, jobs, {name: None})[0]


def cross_validate_all(
    docs: list[AnnotatedDoc],
    trainer: Trainer,
    scorer: ModuleType,
    jobs: int = 1,
    systems: dict[str, Variant | None] | None = None,
) -> list[Evaluation]:
    """``cross_validate`` of several systems made from each fold's one trained pipeline:
    ``systems`` maps names to a ``Variant`` (None, first: the trained pipeline itself).
    With ``jobs`` > 1 the folds are trained on a Dask LocalCluster of that many worker
    processes (``redes.scale.cluster``); the result is the one of a single process."""
    systems = systems or {"learned": None}
    names = list(systems)
    variants = tuple(v for v in systems.values() if v is not None)
    if systems[names[0]] is not None or len(variants) != len(names) - 1:
        raise ValueError("the trained pipeline itself (None) is the first system, and the only one")
    folds = sorted({d.fold for d in docs}) or list(range(FOLDS))
    # A fold's task carries the trainer and variants (importable functions and picklable
    # objects), never the scorer: scoring runs here, on what the folds return.
    tasks = [(k, (trainer, docs, k, variants)) for k in folds]
    with workers(min(jobs, len(tasks))) as run:
        outputs = [out for _, out in run.map_batches(_fold, tasks)]
    evals = [Evaluation(name) for name in names]
    for k, outs in zip(folds, outputs, strict=True):
        for ev, out in zip(evals, outs, strict=True):
            ev.output.update(out)
            ev.folds.append(score(scorer, [d for d in docs if d.fold == k], out))
    return [_score_all(ev, docs, scorer) for ev in evals]


def evaluate_fixed(
    docs: list[AnnotatedDoc], pipeline: Pipeline | None, scorer: ModuleType, name: str
) -> Evaluation:
    """A system that learns nothing (the rules), run fold by fold like the learned one, so
    that cross-document resolution spans the same documents in both."""
    ev = Evaluation(name)
    for k in sorted({d.fold for d in docs}):
        fold = [d for d in docs if d.fold == k]
        out = run_pipeline(pipeline, fold)
        ev.output.update(out)
        ev.folds.append(score(scorer, fold, out))
    return _score_all(ev, docs, scorer)


def _score_all(ev: Evaluation, docs: list[AnnotatedDoc], scorer: ModuleType) -> Evaluation:
    ev.pooled = score(scorer, docs, ev.output)
    for lang in sorted({d.lang for d in docs}):
        ev.by_lang[lang] = score(scorer, [d for d in docs if d.lang == lang], ev.output)
    for set_name in sorted({d.set for d in docs}):
        ev.by_set[set_name] = score(scorer, [d for d in docs if d.set == set_name], ev.output)
    return ev
