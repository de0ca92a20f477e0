"""The ``--llm`` options of ``redes extract``, ``ingest`` and ``rebuild``: the optional
LLM extractor (``redes.extract.llm``). Without ``--llm`` or ``REDES_LLM_URL`` nothing of it
is imported."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import click


def llm_options(f: Callable) -> Callable:
    f = click.option(
        "--llm-retries",
        type=click.IntRange(0, 10),
        default=3,
        show_default=True,
        help="Retries (with backoff) after a timeout, a rate limit or a server error.",
    )(f)
    f = click.option(
        "--llm-timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=300.0,
        show_default=True,
        help="Seconds to wait for one answer.",
    )(f)
    f = click.option(
        "--llm-context",
        type=click.IntRange(1024),
        default=8192,
        show_default=True,
        help="The model's context in tokens: documents are sent in chunks of whole sentences that fit.",
    )(f)
    f = click.option(
        "--llm-concurrency",
        type=click.IntRange(1, 64),
        default=4,
        show_default=True,
        help="LLM requests at once.",
    )(f)
    f = click.option(
        "--llm-model",
        envvar="REDES_LLM_MODEL",
        metavar="NAME",
        help="The model to ask (env REDES_LLM_MODEL).",
    )(f)
    return click.option(
        "--llm",
        "llm_url",
        envvar="REDES_LLM_URL",
        metavar="URL",
        help="Also extract with a language model on this OpenAI-compatible server, e.g. "
        "http://localhost:11434/v1 (env REDES_LLM_URL; key in REDES_LLM_API_KEY). Its answers are "
        "verified against the text and merged with the trained stages' output.",
    )(f)


class TokenRate:
    """The LLM's progress: chunks done and tokens per second, on a progress bar's task."""

    def __init__(self, advance: Callable[[int, str], None]):
        self.advance = advance
        self.tokens = 0
        self.started = time.monotonic()

    def __call__(self, chunks: int, tokens: int) -> None:
        self.tokens += tokens
        rate = self.tokens / max(time.monotonic() - self.started, 1e-6)
        self.advance(chunks, f"LLM chunks ({rate:,.0f} tokens/s)")


def bar_task(bar) -> Callable[[int, str], None]:
    """``TokenRate``'s ``advance`` on a rich ``Progress``: its task is added on first use."""
    task = None

    def advance(n: int, description: str) -> None:
        nonlocal task
        if task is None:
            task = bar.add_task(description, total=None)
        bar.update(task, advance=n, description=description)

    return advance


def open_llm(
    url: str | None,
    model: str | None,
    concurrency: int,
    context: int,
    timeout: float,
    retries: int,
    store: Any = None,
    progress: Callable[[int, int], None] | None = None,
):
    """The LLM extractor the options configure, its answers cached in ``store`` when given,
    or None (and nothing imported) without a URL."""
    if not url:
        return None
    from redes.extract.llm import from_options
    from redes.extract.llm.runner import LLMExtractor

    config = from_options(
        url, model, concurrency=concurrency, context=context, timeout=timeout, retries=retries
    )
    if config is None:
        return None
    cache = None
    if store is not None:
        from redes.kb.llm import StoreCache

        cache = StoreCache(store)
    return LLMExtractor(config, cache, progress)


def summary(llm) -> list[str]:
    """The LLM's token summary, what it added and dropped, and the documents it failed on."""
    lines = [f"LLM {llm.config.extractor}: {llm.stats.summary()}"]
    lines += [
        f"  LLM failed, trained output kept: {doc}: {why}" for doc, why in sorted(llm.stats.failed.items())
    ]
    return lines
