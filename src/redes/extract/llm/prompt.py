"""The prompt, the JSON schema of an answer and the few-shot examples: versioned data files
in ``prompts/``. ``VERSION`` names them and a hash of their bytes is part of every cache
key, so that editing any of them asks the model again."""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from redes.extract.model import SYMMETRIC_RELATIONS
from redes.extract.normalize import fold
from redes.extract.relations.document import SIGNATURE

VERSION = "v1"
PROMPTS = Path(__file__).parent / "prompts"
# Relation signatures as the rules write them (one letter per entity type).
CODE_TYPES = {"P": "person", "G": "criminal_group", "S": "state_body", "O": "organization", "L": "place"}
ARGUMENTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    rtype: (frozenset(CODE_TYPES[c] for c in subj), frozenset(CODE_TYPES[c] for c in obj))
    for rtype, (subj, obj) in SIGNATURE.items()
}
# An example is the document itself (or part of it) when a sentence of it this long is in it.
_SAME = 40


def _file(name: str) -> bytes:
    return (PROMPTS / f"{name}-{VERSION}.{'txt' if name == 'system' else 'json'}").read_bytes()


@cache
def prompt_version() -> str:
    """``VERSION`` and a hash of the prompt, schema and examples files."""
    h = hashlib.sha256()
    for name in ("system", "schema", "examples"):
        h.update(_file(name))
    return f"{VERSION}-{h.hexdigest()[:10]}"


@cache
def schema() -> dict[str, Any]:
    return json.loads(_file("schema"))


@cache
def _examples() -> list[dict[str, Any]]:
    return json.loads(_file("examples"))


@cache
def system() -> str:
    lines = []
    for rtype, (subj, obj) in ARGUMENTS.items():
        both = " or ".join(sorted(subj)) + " -> " + " or ".join(sorted(obj))
        lines.append(f"- {rtype}: {both}" + (" (symmetric)" if rtype in SYMMETRIC_RELATIONS else ""))
    return _file("system").decode("utf-8").format(relations="\n".join(lines))


def _squash(text: str) -> str:
    return " ".join(fold(text).split())


def examples_for(document: str) -> list[dict[str, Any]]:
    """The few-shot examples, except any taken from ``document``: a document is never its
    own example (its gold answer would be handed to the model)."""
    doc = _squash(document)
    out = []
    for ex in _examples():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", ex["text"]) if len(s) >= _SAME]
        if any(_squash(s) in doc for s in sentences) or (len(doc) >= _SAME and doc in _squash(ex["text"])):
            continue
        out.append(ex)
    return out


def _user(text: str) -> str:
    return f"Passage:\n<<<\n{text}\n>>>"


def messages(chunk: str, document: str) -> list[dict[str, str]]:
    """The chat messages that ask for ``chunk`` of ``document``."""
    out = [{"role": "system", "content": system()}]
    for ex in examples_for(document):
        out.append({"role": "user", "content": _user(ex["text"])})
        out.append({"role": "assistant", "content": json.dumps(ex["answer"], ensure_ascii=False)})
    out.append({"role": "user", "content": _user(chunk)})
    return out
