"""The LLM extractor in the knowledge-base pipeline: its answers cached in the store
(``llm_answers``), and each batch's trained extractions merged with its verified answers
before they are resolved and written (``redes.kb.pipeline``)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from redes.extract.llm.client import Reply
from redes.extract.llm.runner import LLMExtractor, reply_json
from redes.extract.model import DocExtraction
from redes.store import Store
from redes.store.models import Document, LlmAnswer

ANSWERS = LlmAnswer.__table__


class StoreCache:
    """Answers in the store, so that re-ingest and rebuild ask the server nothing twice."""

    def __init__(self, store: Store):
        self.store = store

    def get_many(self, keys: list[str]) -> dict[str, Reply]:
        with self.store.session() as s:
            rows = s.execute(
                select(
                    ANSWERS.c.key, ANSWERS.c.answer, ANSWERS.c.prompt_tokens, ANSWERS.c.completion_tokens
                ).where(ANSWERS.c.key.in_(keys))
            )
            return {k: Reply(json.loads(a), pt, ct) for k, a, pt, ct in rows}

    def put(self, key: str, model: str, version: str, reply: Reply) -> None:
        row = {
            "key": key,
            "model": model[:200],
            "prompt_version": version,
            "answer": reply_json(reply),
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
        }
        try:
            with self.store.session() as s:
                s.execute(ANSWERS.insert(), [row])
        except IntegrityError:
            pass  # another run cached the same answer meanwhile


def augment(
    store: Store, llm: LLMExtractor, results: list[tuple[int, DocExtraction | str]]
) -> list[tuple[int, DocExtraction | str]]:
    """``results`` (document id, trained extraction or error) with each extraction merged
    with the LLM's verified answers; documents the server failed on are listed in
    ``llm.stats.failed`` (by id and file name) and keep their trained extraction."""
    ids = [doc_id for doc_id, ex in results if isinstance(ex, DocExtraction)]
    if not ids:
        return results
    with store.session() as s:
        rows = s.execute(
            select(Document.id, Document.text, Document.file_name).where(Document.id.in_(ids))
        ).all()
    texts = {doc_id: (text, name) for doc_id, text, name in rows}
    docs = [
        (doc_id, texts[doc_id][0], ex)
        for doc_id, ex in results
        if isinstance(ex, DocExtraction) and doc_id in texts
    ]
    merged = llm.run(docs)  # type: ignore[arg-type]
    for doc_id in ids:
        why = llm.stats.failed.pop(str(doc_id), None)
        if why is not None and doc_id in texts:
            llm.stats.failed[f"document {doc_id} ({texts[doc_id][1]})"] = why
    return [
        (doc_id, merged.get(doc_id, ex)) if isinstance(ex, DocExtraction) else (doc_id, ex)
        for doc_id, ex in results
    ]
