"""The LLM extractor in the cross-validation (``bench/eval.py --llm URL --llm-model NAME``):
the model alone, and merged with the learned pipeline, on the same folds.

Every document's answers are asked once, up front (concurrently, cached in memory), so that
both systems score the same answers and the fold workers never talk to the server. The
model learns nothing from the folds: its few-shot examples come from the package and are
never the document being extracted (``redes.extract.llm.prompt.examples_for``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from types import ModuleType

from redes.extract.llm.config import LLMConfig
from redes.extract.llm.runner import LLMExtractor, LLMStats, text_hash
from redes.extract.llm.verify import Merger
from redes.extract.model import DocExtraction
from redes.extract.pipeline import Pipeline
from redes.train.corpus import AnnotatedDoc
from redes.train.cv import Evaluation, Trainer, cross_validate_all, evaluate_fixed

Answers = dict[str, list[tuple[int, int, dict]]]  # by text hash


@dataclass
class WithAnswers:
    """A pipeline: ``base``'s extraction (none: the LLM alone) merged with the answers."""

    answers: Answers
    extractor: str
    base: Pipeline | None = None
    drops: Counter[str] = field(default_factory=Counter)

    def __call__(self, text: str, lang: str | None = None) -> DocExtraction:
        if self.base is not None:
            ex = self.base(text, lang)
        else:
            from redes.extract.pipeline import _detect

            ex = DocExtraction(lang or _detect(text))
        merger = Merger(text, ex, self.extractor, self.drops)
        for s, e, data in self.answers.get(text_hash(text), []):
            merger.add_chunk(s, e, data)
        return merger.finish()


@dataclass
class WithLLM:
    """A fold's trained pipeline merged with the answers (picklable, for fold workers)."""

    answers: Answers
    extractor: str

    def __call__(self, pipeline: Pipeline) -> Pipeline:
        return WithAnswers(self.answers, self.extractor, pipeline)  # type: ignore[return-value]


def evaluate_llm(
    docs: list[AnnotatedDoc], trainer: Trainer, scorer: ModuleType, config: LLMConfig, jobs: int = 1
) -> tuple[list[Evaluation], LLMStats]:
    """The learned pipeline, the LLM alone and both merged, each fold trained once, and
    what asking the model cost."""
    llm = LLMExtractor(config)
    got = llm.answers([(d.name, d.text) for d in docs])
    answers = {text_hash(d.text): got[d.name] or [] for d in docs}
    alone = WithAnswers(answers, config.extractor)
    only = evaluate_fixed(docs, alone, scorer, "llm")  # type: ignore[arg-type]
    llm.stats.drops.update(alone.drops)
    learned, merged = cross_validate_all(
        docs, trainer, scorer, jobs, {"learned": None, "learned+llm": WithLLM(answers, config.extractor)}
    )
    return [learned, only, merged], llm.stats
