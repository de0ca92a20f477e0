"""The trained models that ship with redes, and their manifest.

``redes train`` writes them here from the annotated corpus: ``entities.crfsuite`` (the
entity tagger), ``relations.json.gz`` (the relation classifier) and ``manifest.json`` (the
version, the SHA-256 of each file and of the training data). Loading reads only these
files: nothing is downloaded and ``shared/`` is never needed at run time. A missing file
leaves that stage to the rules.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redes.extract.pipeline import RelationModel, Stage

DIR = Path(__file__).resolve().parent
TAGGER_FILE = "entities.crfsuite"
RELATIONS_FILE = "relations.json.gz"
MANIFEST_FILE = "manifest.json"


@cache
def manifest() -> dict[str, Any]:
    path = DIR / MANIFEST_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def files_digest() -> str:
    """A short digest of the shipped model files ("none" without models)."""
    files = manifest().get("files", {})
    if not files:
        return "none"
    return hashlib.sha256("".join(f"{k}={v};" for k, v in sorted(files.items())).encode()).hexdigest()[:12]


@cache
def load_tagger() -> Stage | None:
    path = DIR / TAGGER_FILE
    if not path.is_file():
        return None
    from redes.extract.tagger import EntityTagger

    return EntityTagger(path.read_bytes())


@cache
def load_relation_model() -> RelationModel | None:
    path = DIR / RELATIONS_FILE
    if not path.is_file():
        return None
    from redes.extract.relate.model import RelationClassifier

    return RelationClassifier.from_bytes(path.read_bytes())
