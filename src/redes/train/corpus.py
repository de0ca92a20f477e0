"""The annotated documents that the learned stages are trained and measured on.

Gold files live in ``<shared>/eval/<set>/*.gold.json`` (format and conventions in
``GOLD_FORMAT.md``); the texts in ``<shared>/corpus/<corpus>/``. Nothing here is needed at
run time: ``redes extract`` uses the shipped models and never reads ``shared``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Gold set -> the corpus folder that holds its texts.
SETS = {"dev": "seeds", "dev-public": "public", "dev-news": "news"}
FOLDS = 5


class CorpusError(Exception):
    """The annotated corpus is missing or malformed."""


@dataclass(slots=True)
class AnnotatedDoc:
    name: str  # file name of the text, the key the scorer uses ("p07_state-….txt")
    set: str  # gold set ("dev", "dev-public", "dev-news")
    text: str
    lang: str
    gold: dict[str, Any]
    fold: int = 0


def default_shared() -> Path:
    """``$REDES_SHARED``, else the ``shared`` folder beside the repository (or the cwd)."""
    env = os.environ.get("REDES_SHARED")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    for cand in (repo.parent / "shared", Path.cwd().parent / "shared", Path.cwd() / "shared"):
        if (cand / "eval").is_dir():
            return cand
    return repo.parent / "shared"


def load(shared: Path | None = None, sets: tuple[str, ...] = tuple(SETS)) -> list[AnnotatedDoc]:
    """Every annotated document of ``sets``, with its fold, in a fixed order."""
    from redes.ingest.readers import read_path

    shared = Path(shared) if shared else default_shared()
    docs: list[AnnotatedDoc] = []
    for set_name in sets:
        gold_dir = shared / "eval" / set_name
        corpus_dir = shared / "corpus" / SETS[set_name]
        if not gold_dir.is_dir():
            raise CorpusError(f"no gold annotations in {gold_dir} (pass --shared DIR or set REDES_SHARED)")
        for path in sorted(gold_dir.glob("*.gold.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            name = Path(gold["doc"]).name
            text_path = corpus_dir / name
            if not text_path.is_file():
                raise CorpusError(f"{path.name}: text {text_path} not found")
            # The same reader as ``redes extract``, so offsets and text are what the models see.
            text = read_path(text_path).text
            docs.append(AnnotatedDoc(name, set_name, text, gold.get("lang") or "en", gold))
    if not docs:
        raise CorpusError(f"no annotated documents under {shared / 'eval'}")
    assign_folds(docs)
    return docs


def assign_folds(docs: list[AnnotatedDoc], k: int = FOLDS) -> None:
    """A fixed split of whole documents: within each (set, language) group, in name order,
    documents are dealt to the folds in turn, so every fold mixes sets and languages."""
    groups: dict[tuple[str, str], list[AnnotatedDoc]] = defaultdict(list)
    for d in docs:
        groups[(d.set, d.lang)].append(d)
    n = 0
    for key in sorted(groups):
        for d in sorted(groups[key], key=lambda d: d.name):
            d.fold = n % k
            n += 1


def data_hash(docs: list[AnnotatedDoc]) -> str:
    """SHA-256 over the texts and gold annotations, in a canonical order: the identity of a
    training set, recorded in every model trained on it."""
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: (d.set, d.name)):
        h.update(f"{d.set}/{d.name}\0".encode())
        h.update(d.text.encode("utf-8"))
        h.update(b"\0")
        h.update(json.dumps(d.gold, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()
