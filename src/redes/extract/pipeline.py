"""The extraction pipeline: named stages over a shared ``Doc``, spaCy-style.

    sentences → gazetteer → names → places → orgs → companies → nicknames → acronyms → coref
              → tagger (learned) → select → assemble → relation rules → relation classifier (learned)

Each stage is a function ``stage(doc) -> None`` that adds candidates or links, so a
statistical or LLM stage can be inserted anywhere with ``Pipeline.add``. ``extract``
runs the default pipeline on one text; ``extract_documents`` runs several documents
(optionally on Dask workers: ``redes.scale.cluster``) and resolves their entities across
documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Protocol

from redes.extract import aliases, companies, coref, gazetteer, names, orgs, places
from redes.extract.assemble import assemble, select
from redes.extract.doc import Doc
from redes.extract.model import DocExtraction, ExtractedEntity, ExtractedRelation
from redes.extract.sentences import split
from redes.extract.tokens import tokenize

if TYPE_CHECKING:
    from redes.extract.llm.runner import LLMExtractor
    from redes.extract.relations import RuleAnalysis
    from redes.scale.cluster import Cluster, Inline

Stage = Callable[[Doc], None]


class RelationModel(Protocol):
    """A learned relation stage: reads the rules' analysis, returns the final relations."""

    def __call__(
        self, text: str, entities: list[ExtractedEntity], lang: str, analysis: RuleAnalysis
    ) -> list[ExtractedRelation]: ...


def _shipped_tagger() -> Stage | None:
    from redes.extract.models import load_tagger

    return load_tagger()


def _shipped_relation_model() -> RelationModel | None:
    from redes.extract.models import load_relation_model

    return load_relation_model()


DEFAULT_STAGES: list[tuple[str, Stage]] = [
    ("gazetteer", gazetteer.run),
    ("names", names.run),
    ("places", places.run),
    ("orgs", orgs.run),
    ("companies", companies.run),
    ("nicknames", aliases.nicknames),
    ("acronyms", aliases.acronyms),
    ("coref", coref.run),
]


@dataclass
class Pipeline:
    stages: list[tuple[str, Stage]] = field(default_factory=lambda: list(DEFAULT_STAGES))
    relations: bool = True
    # The learned stages (``redes train``); None leaves the rules alone.
    tagger: Stage | None = field(default_factory=_shipped_tagger)
    relation_model: RelationModel | None = field(default_factory=_shipped_relation_model)

    def add(self, name: str, stage: Stage, before: str | None = None) -> None:
        """Insert a stage (at the end, or before the stage called ``before``)."""
        if before is None:
            self.stages.append((name, stage))
            return
        at = [n for n, _ in self.stages].index(before)
        self.stages.insert(at, (name, stage))

    @classmethod
    def rules_only(cls) -> Pipeline:
        """The rules and lexicons alone, without the learned stages: the baseline."""
        return cls(tagger=None, relation_model=None)

    def remove(self, name: str) -> None:
        self.stages = [(n, s) for n, s in self.stages if n != name]

    def doc(self, text: str, lang: str | None = None) -> Doc:
        """Run the candidate stages and return the working ``Doc`` (for debugging)."""
        lang = lang or _detect(text)
        doc = Doc(text=text, lang=lang, tokens=tokenize(text), sentences=split(text))
        for _, stage in self.stages:
            stage(doc)
        if self.tagger is not None:
            self.tagger(doc)
        return doc

    def entities(self, text: str, lang: str | None = None) -> tuple[Doc, list[ExtractedEntity]]:
        """The working ``Doc`` and the entities assembled from it (no relations)."""
        doc = self.doc(text, lang)
        return doc, assemble(doc, select(doc))

    def __call__(self, text: str, lang: str | None = None) -> DocExtraction:
        doc, entities = self.entities(text, lang)
        relations = []
        if self.relations:
            from redes.extract.relations import analyse

            analysis = analyse(text, doc.sentences, entities, doc.lang)
            relations = analysis.relations
            if self.relation_model is not None:
                relations = self.relation_model(text, entities, doc.lang, analysis)
            from redes.extract.spans import annotate

            annotate(text, entities, relations)
        return DocExtraction(lang=doc.lang, entities=entities, relations=relations)


def _detect(text: str) -> str:
    from redes.ingest.language import detect

    lang = detect(text)
    return lang if lang in ("en", "es") else "en"


@cache
def default_pipeline() -> Pipeline:
    """The shipped pipeline, built on first use: importing redes loads no model."""
    return Pipeline()


def extract(text: str, lang: str | None = None) -> DocExtraction:
    """Entities and relations of one document (``lang`` "en" or "es"; detected if None)."""
    return default_pipeline()(text, lang)


# Documents per task on Dask workers (``extract_documents``): fewer when there are few, so
# that every worker gets several tasks.
BATCH = 16


def extract_batch(payload: tuple[Pipeline | None, list[tuple[str, str | None]]]) -> list[DocExtraction]:
    """The extraction of each ``(text, lang)`` by ``pipeline`` (None: the shipped one, loaded
    once per process): the task a worker runs for a batch of ``extract_documents``."""
    pipeline, items = payload
    run = pipeline if pipeline is not None else default_pipeline()
    return [run(text, lang) for text, lang in items]


@dataclass
class ResolvedDocument:
    """One document's extraction with its entities mapped to run-wide ids."""

    name: str
    extraction: DocExtraction
    ids: dict[str, str]  # local_id -> global id
    names: dict[str, str]  # global id -> canonical name


def extract_documents(
    docs: Iterable[tuple[str, str] | tuple[str, str, str | None]],
    jobs: int = 1,
    resolver: object | None = None,
    pipeline: Pipeline | None = None,
    llm: LLMExtractor | None = None,
    cluster: str | None = None,
    runner: Inline | Cluster | None = None,
) -> list[ResolvedDocument]:
    """Extract ``(name, text[, lang])`` documents and give each entity a run-wide id.

    Extraction runs on ``runner`` (``redes.scale.cluster.workers``), else on ``jobs`` local
    Dask worker processes or the Dask scheduler at ``cluster``; in this process when
    ``jobs`` is 1 and no cluster is given. The result is the same wherever it ran.
    ``resolver`` is a ``redes.resolve.Resolver`` (a fresh one seeded with the lexicons
    by default); pass the store's resolver to resolve against known entities. ``llm``
    (``redes.extract.llm``) adds a language model's verified proposals before resolution.
    """
    from redes.resolve import Resolver
    from redes.scale.cluster import Inline, workers

    items = [(d[0], d[1], d[2] if len(d) > 2 else None) for d in docs]  # type: ignore[misc]
    opened = nullcontext(runner) if runner is not None else workers(jobs if len(items) > 1 else 1, cluster)
    with opened as run:
        # One batch in this process; on workers about 4 a worker (at most BATCH documents),
        # so that a slow batch leaves no worker idle for long.
        size = max(1, len(items) if isinstance(run, Inline) else min(BATCH, -(-len(items) // (4 * run.size))))
        batches = (
            (None, (pipeline, [(text, lang) for _, text, lang in items[i : i + size]]))
            for i in range(0, len(items), size)
        )
        # In the order of the batches, whatever ran them: resolution below then learns the
        # documents in the order given, as in one process.
        extractions = [ex for _, batch in run.map_batches(extract_batch, batches) for ex in batch]
    results: Sequence[tuple[str, DocExtraction]] = [
        (item[0], ex) for item, ex in zip(items, extractions, strict=True)
    ]
    if llm is not None:
        # Documents are named for the LLM's list of failures; a repeated name gets its place.
        seen = Counter(n for n, _ in results)
        labels = [n if seen[n] == 1 else f"{n} (document {k + 1})" for k, (n, _) in enumerate(results)]
        merged = llm.run([(lab, item[1], ex) for lab, item, (_, ex) in zip(labels, items, results, strict=True)])
        results = [(n, merged[lab]) for lab, (n, _) in zip(labels, results, strict=True)]
    res = resolver if resolver is not None else Resolver()
    out: list[ResolvedDocument] = []
    for name, ex in results:
        resolved = res.resolve(ex.entities)  # type: ignore[attr-defined]
        ids = {local: r.id for local, r in resolved.items()}
        names_ = {r.id: r.name for r in resolved.values()}
        out.append(ResolvedDocument(name, ex, ids, names_))
    return out
