"""The LLM in the cross-validation: asked once per document, scored alone and merged with
the learned pipeline on the same folds."""

from types import SimpleNamespace

from redes.extract.llm.config import LLMConfig
from redes.extract.pipeline import Pipeline
from redes.train.corpus import AnnotatedDoc, assign_folds
from redes.train.llm import evaluate_llm
from tests.extract.llm.fakeserver import fake_llm
from tests.extract.llm.test_runner import ANSWER


def _score(gold, system):
    return {
        "documents": len(system),
        "relations": sorted((r["type"], doc) for doc, out in system.items() for r in out["relations"]),
    }


TRAINED: list[int] = []


def _rules(docs):
    TRAINED.append(len(docs))
    return Pipeline.rules_only()


def test_llm_alone_and_merged():
    docs = [
        AnnotatedDoc(
            f"d{n}.txt",
            "dev",
            f"Report EVAL-{n}.\n\nThe Cártel del Noreste is led by Juan Pérez Rojas.",
            "en",
            {},
        )
        for n in range(4)
    ]
    assign_folds(docs, k=2)
    with fake_llm() as server:
        for n in range(4):
            server.script(f"EVAL-{n}", {"answer": ANSWER} if n != 3 else {"status": 500})
        config = LLMConfig(server.url, "fake", timeout=2, retries=0, backoff=0.01)
        (learned, alone, merged), stats = evaluate_llm(docs, _rules, SimpleNamespace(score=_score), config)
        assert len(server.requests) == 4  # once per document, for both systems
    assert (learned.name, alone.name, merged.name) == ("learned", "llm", "learned+llm")
    assert TRAINED == [2, 2]  # each fold trained once for both learned systems
    assert learned.pooled["documents"] == merged.pooled["documents"] == 4
    assert alone.pooled["relations"] == [("leads", f"d{n}.txt") for n in range(3)]
    assert [list(f) for f in merged.folds] and stats.requests == 3 and list(stats.failed) == ["d3.txt"]
    assert all(out["relations"] for name, out in merged.output.items() if name != "d3.txt")
