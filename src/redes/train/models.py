"""Train the learned stages on annotated documents and build the pipeline that uses them."""

from __future__ import annotations

from redes.extract.pipeline import Pipeline
from redes.train.corpus import AnnotatedDoc


def train_pipeline(docs: list[AnnotatedDoc]) -> Pipeline:
    return Pipeline.rules_only()
