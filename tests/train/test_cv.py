"""Cross-validation on Dask workers (``jobs`` > 1: a LocalCluster, ``redes.scale.cluster``)
gives what one process gives: the same output per document, folds and pooled scores."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from redes.train.cv import cross_validate
from redes.train.models import train_pipeline
from tests.train.test_relations import _corpus

pytest.importorskip("distributed")


def _score(gold, system):
    """A scorer that keeps what it is given: the comparison is of the extractions."""
    return {"documents": sorted(system), "output": system}


def test_folds_on_two_workers_equal_one_process():
    docs = _corpus()  # 12 invented documents in 3 folds; both stages trained per fold
    scorer = SimpleNamespace(score=_score)  # not a module: it must never go to the workers
    one = cross_validate(docs, train_pipeline, scorer, jobs=1)
    two = cross_validate(docs, train_pipeline, scorer, jobs=2)
    assert list(two.output) == list(one.output) == [d.name for k in (0, 1, 2) for d in docs if d.fold == k]
    assert two.output == one.output
    assert two.folds == one.folds and two.pooled == one.pooled and two.by_lang == one.by_lang
    assert any(out["relations"] for out in one.output.values())  # the trained models found something
