"""Train both learned stages on annotated documents, build the pipeline that uses them, and
write them as the shipped model files.

The entity tagger is trained first. The relation classifier then learns from the entities
the tagger finds, as it will see them at run time: with ``cross_fit`` each document's
entities come from a tagger that did not train on it, so the relation stage does not learn
from entities better than it will ever get.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from redes.extract.models import MANIFEST_FILE, RELATIONS_FILE, TAGGER_FILE
from redes.extract.pipeline import Pipeline
from redes.extract.relate.model import RelationClassifier
from redes.extract.relations import analyse
from redes.extract.tagger import EntityTagger
from redes.train.corpus import AnnotatedDoc, data_hash
from redes.train.entities import train_tagger
from redes.train.relations import DocExamples, Settings, prepare, train

# Bumped when features, labels or training change; recorded in the manifest.
MODEL_VERSION = "2026.12.1"
SETTINGS = Settings()
# Relation training sees entities from a tagger that did not train on their document.
CROSS_FIT = True
Log = Callable[[str], None]


@dataclass
class TrainedModels:
    tagger: bytes
    relations: RelationClassifier

    def pipeline(self) -> Pipeline:
        return Pipeline(tagger=EntityTagger(self.tagger), relation_model=self.relations)


def _relation_examples(docs: list[AnnotatedDoc], tagger: EntityTagger) -> list[DocExamples]:
    pipe = Pipeline(tagger=tagger, relation_model=None)
    out = []
    for d in docs:
        doc, entities = pipe.entities(d.text)
        out.append(prepare(d, entities, analyse(d.text, doc.sentences, entities, doc.lang)))
    return out


def train_models(
    docs: list[AnnotatedDoc],
    settings: Settings | None = None,
    cross_fit: bool = CROSS_FIT,
    log: Log | None = None,
) -> TrainedModels:
    say = log or (lambda _msg: None)
    say(f"entity tagger: {len(docs)} documents")
    tagger_bytes = train_tagger(docs)
    if cross_fit:
        examples: list[DocExamples] = []
        for k in sorted({d.fold for d in docs}):
            held = [d for d in docs if d.fold == k]
            inner = EntityTagger(train_tagger([d for d in docs if d.fold != k]))
            examples += _relation_examples(held, inner)
    else:
        examples = _relation_examples(docs, EntityTagger(tagger_bytes))
    say(f"relation classifier: {sum(len(e.examples) for e in examples)} candidate pairs")
    relations = train(examples, settings or SETTINGS)
    return TrainedModels(tagger_bytes, relations)


def train_pipeline(docs: list[AnnotatedDoc]) -> Pipeline:
    """The trainer that cross-validation calls: both stages, trained on ``docs``."""
    return train_models(docs).pipeline()


def write(models: TrainedModels, docs: list[AnnotatedDoc], directory: Path) -> dict[str, object]:
    """Write the model files and their manifest; nothing in them depends on when or where
    they were trained, so the same documents give the same bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    digest = data_hash(docs)
    models.relations.meta = {"version": MODEL_VERSION, "training_data_sha256": digest}
    files = {TAGGER_FILE: models.tagger, RELATIONS_FILE: models.relations.to_bytes()}
    for name, blob in files.items():
        (directory / name).write_bytes(blob)
    manifest = {
        "version": MODEL_VERSION,
        "training_data_sha256": digest,
        "documents": len(docs),
        "languages": dict(sorted(_count(d.lang for d in docs).items())),
        "files": {name: hashlib.sha256(blob).hexdigest() for name, blob in sorted(files.items())},
        "relation_thresholds": models.relations.thresholds,
        "relation_rules_kept": models.relations.rules_kept,
    }
    (directory / MANIFEST_FILE).write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest


def _count(items: object) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in items:  # type: ignore[attr-defined]
        out[x] = out.get(x, 0) + 1
    return out
