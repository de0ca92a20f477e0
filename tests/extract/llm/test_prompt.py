"""The prompt's data files: the examples teach only what verification lets through, and a
document is never its own example."""

import json
from collections import Counter
from pathlib import Path

import pytest

from redes.extract.llm.prompt import PROMPTS, examples_for, messages, prompt_version, schema, system
from redes.extract.llm.verify import Merger
from redes.extract.model import ENTITY_TYPES, RELATION_TYPES, DocExtraction

CORPUS = Path(__file__).resolve().parents[3] / "src" / "redes" / "data" / "corpus"
EXAMPLES = json.loads((PROMPTS / "examples-v1.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e["source"])
def test_each_example_is_from_the_bundled_corpus_and_passes_verification(example):
    assert example["text"] in (CORPUS / example["source"]).read_text(encoding="utf-8")
    drops: Counter = Counter()
    merger = Merger(example["text"], DocExtraction(example["lang"]), "llm:x", drops)
    merger.add_chunk(0, len(example["text"]), example["answer"])
    out = merger.finish()
    assert not drops and len(out.relations) == len(example["answer"]["relations"])


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e["source"])
def test_a_document_is_never_its_own_example(example):
    whole = (CORPUS / example["source"]).read_text(encoding="utf-8")
    assert example["source"] not in {e["source"] for e in examples_for(whole)}
    # Nor a document that is a part of the example, whitespace and quotes aside.
    part = example["text"][: len(example["text"]) // 2].replace("’", "'").replace(" ", "  ")
    assert example["source"] not in {e["source"] for e in examples_for(part)}
    assert len(examples_for("Nothing in common with any example, at all.")) == len(EXAMPLES)


def test_schema_and_instructions_name_every_extracted_type():
    s = schema()
    assert set(s["properties"]["entities"]["items"]["properties"]["type"]["enum"]) == set(ENTITY_TYPES)
    relations = set(s["properties"]["relations"]["items"]["properties"]["type"]["enum"])
    assert relations <= set(RELATION_TYPES) and len(relations) == 10
    assert all(f"- {t}:" in system() for t in relations)
    msgs = messages("A passage.", "A passage.")
    assert msgs[0]["role"] == "system" and msgs[-1]["content"].endswith("A passage.\n>>>")
    assert prompt_version().startswith("v1-")
