"""Running the LLM extractor over documents: chunks, cached answers, concurrent requests,
verification and merging, counts. A document whose chunks the server fails to answer keeps
the trained stages' output and is listed in ``LLMStats.failed``."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, Protocol

from redes.extract.llm.chunking import chunks
from redes.extract.llm.client import Client, LLMError, Reply
from redes.extract.llm.config import LLMConfig
from redes.extract.llm.prompt import messages, prompt_version
from redes.extract.llm.verify import Merger
from redes.extract.model import DocExtraction

# Dropped items kept in ``LLMStats.dropped`` to be shown (``--format json``).
SHOWN = 500


class AnswerCache(Protocol):
    """Answers by key (``answer_key``): the store's table, or a dict."""

    def get_many(self, keys: list[str]) -> dict[str, Reply]: ...

    def put(self, key: str, model: str, version: str, reply: Reply) -> None: ...


class MemoryCache:
    def __init__(self) -> None:
        self.answers: dict[str, Reply] = {}

    def get_many(self, keys: list[str]) -> dict[str, Reply]:
        return {k: self.answers[k] for k in keys if k in self.answers}

    def put(self, key: str, model: str, version: str, reply: Reply) -> None:
        self.answers[key] = reply


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def answer_key(doc_hash: str, start: int, end: int, model: str, version: str) -> str:
    """The cache key of one chunk's answer: (document hash, chunk, model, prompt version)."""
    return hashlib.sha256(f"{doc_hash}\0{start}:{end}\0{model}\0{version}".encode()).hexdigest()


@dataclass
class LLMStats:
    documents: int = 0
    chunks: int = 0
    requests: int = 0  # chunks asked of the server (the others were cached)
    cached: int = 0
    not_cached: int = 0  # answers the cache could not store
    prompt_tokens: int = 0
    completion_tokens: int = 0
    entities: int = 0  # entities the LLM added to the trained stages' ones
    relations: int = 0  # relations the LLM added
    confirmed: int = 0  # relations the trained stages found too
    drops: Counter[str] = field(default_factory=Counter)
    # The first dropped items, to be shown: {"document", "reason", "item"}.
    dropped: list[dict[str, Any]] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # document -> why

    def as_dict(self) -> dict[str, Any]:
        out = dict(vars(self))
        out["drops"] = dict(sorted(self.drops.items()))
        return out

    def summary(self) -> str:
        dropped = ", ".join(f"{k} {v}" for k, v in sorted(self.drops.items())) or "none"
        return (
            f"{self.documents} documents, {self.chunks} chunks ({self.requests} asked, {self.cached} cached), "
            f"tokens {self.prompt_tokens} prompt + {self.completion_tokens} completion; "
            f"added {self.entities} entities, {self.relations} relations, confirmed {self.confirmed}; "
            f"dropped: {dropped}"
        )


# progress(chunks done, tokens used by them)
Progress = Callable[[int, int], None]


class LLMExtractor:
    def __init__(
        self,
        config: LLMConfig,
        cache: AnswerCache | None = None,
        progress: Progress | None = None,
        client: Client | None = None,
    ):
        self.config = config
        self.cache = cache if cache is not None else MemoryCache()
        self.progress = progress
        self.client = client or Client(config)  # imports openai
        self.version = prompt_version()
        self.stats = LLMStats()

    def answers(self, docs: list[tuple[Hashable, str]]) -> dict[Hashable, list[tuple[int, int, dict]] | None]:
        """Each document's chunks and their answers (None when the server failed on any),
        from the cache or asked ``config.concurrency`` at a time."""
        plans: dict[Hashable, list[tuple[int, int, str]]] = {}
        texts = dict(docs)
        for label, text in docs:
            h = text_hash(text)
            plans[label] = [
                (s, e, answer_key(h, s, e, self.config.model, self.version))
                for s, e in chunks(text, self.config.chunk_chars)
            ]
        keys = [k for plan in plans.values() for _, _, k in plan]
        found: dict[str, Reply] = {}
        for i in range(0, len(keys), 500):
            found.update(self.cache.get_many(keys[i : i + 500]))
        todo = {k: (label, s, e) for label, plan in plans.items() for s, e, k in plan if k not in found}
        self.stats.documents += len(docs)
        self.stats.chunks += len(keys)
        self.stats.cached += len(keys) - len(todo)
        failed: dict[str, str] = {}  # chunk key -> why
        if todo:
            with ThreadPoolExecutor(max_workers=max(1, self.config.concurrency)) as pool:
                futures = {
                    pool.submit(self.client.ask, messages(texts[label][s:e], texts[label])): k
                    for k, (label, s, e) in todo.items()
                }
                for future in as_completed(futures):
                    k = futures[future]
                    try:
                        reply = future.result()
                    except Exception as exc:  # whatever the server did: this document only
                        failed[k] = str(exc) if isinstance(exc, LLMError) else f"{type(exc).__name__}: {exc}"
                        self._tick(0)
                        continue
                    self.stats.requests += 1
                    self.stats.prompt_tokens += reply.prompt_tokens
                    self.stats.completion_tokens += reply.completion_tokens
                    found[k] = reply
                    # In this thread: the store's cache is written by the caller's thread only.
                    try:
                        self.cache.put(k, self.config.model, self.version, reply)
                    except Exception:  # a busy database: the answer is used, only not kept
                        self.stats.not_cached += 1
                    self._tick(reply.prompt_tokens + reply.completion_tokens)
        out: dict[Hashable, list[tuple[int, int, dict]] | None] = {}
        for label, plan in plans.items():
            why = next((failed[k] for _, _, k in plan if k in failed), None)
            if why is not None:
                self.stats.failed[str(label)] = why
                out[label] = None
            else:
                out[label] = [(s, e, found[k].data) for s, e, k in plan]
        return out

    def _tick(self, tokens: int) -> None:
        if self.progress is not None:
            self.progress(1, tokens)

    def merge(
        self, text: str, answers: list[tuple[int, int, dict]], base: DocExtraction, label: Hashable = None
    ) -> DocExtraction:
        """``base`` (the trained stages' output, or an empty extraction) with what survives
        of the answers; counts what was added and dropped."""
        merger = Merger(text, base, self.config.extractor, self.stats.drops)
        for s, e, data in answers:
            merger.add_chunk(s, e, data)
        self.stats.entities += merger.entities_added
        self.stats.relations += merger.relations_added
        self.stats.confirmed += merger.confirmed
        room = SHOWN - len(self.stats.dropped)
        self.stats.dropped += [{"document": str(label), **d} for d in merger.dropped[: max(room, 0)]]
        return merger.finish()

    def run(self, docs: list[tuple[Hashable, str, DocExtraction]]) -> dict[Hashable, DocExtraction]:
        """Each (label, text, trained extraction) merged with the LLM's verified answers;
        where the server failed, the trained extraction as it was."""
        got = self.answers([(label, text) for label, text, _ in docs])
        out = {}
        for label, text, base in docs:
            answers = got.get(label)
            out[label] = base if answers is None else self.merge(text, answers, base, label)
        return out


def reply_json(reply: Reply) -> str:
    return json.dumps(reply.data, ensure_ascii=False)
