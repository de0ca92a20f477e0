"""Where the language model is: command-line options, else ``REDES_LLM_URL``,
``REDES_LLM_MODEL`` and ``REDES_LLM_API_KEY``."""

from __future__ import annotations

import os
from dataclasses import dataclass


class LLMError(RuntimeError):
    """The LLM extractor is misconfigured or cannot run (one ``Error:`` line in the CLI)."""


@dataclass(frozen=True, slots=True)
class LLMConfig:
    url: str
    model: str
    api_key: str | None = None
    concurrency: int = 4  # requests in flight at once
    timeout: float = 300.0  # seconds per request (a local model on a CPU is slow)
    retries: int = 3  # after a timeout, a 429 or a server error
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    context: int = 8192  # the model's context, in tokens: chunks are sized from it
    mode: str = "json_schema"  # or "tools" (tool calling), for servers without JSON schema

    @property
    def extractor(self) -> str:
        """The name claims record: ``llm:MODEL``."""
        return f"llm:{self.model}"

    @property
    def chunk_chars(self) -> int:
        """Characters of text per request: about a third of the context (a token is 3 to 4
        characters), leaving the rest to the instructions, the examples and the answer."""
        return max(1000, self.context)


def from_options(
    url: str | None = None, model: str | None = None, api_key: str | None = None, **settings: object
) -> LLMConfig | None:
    """The configuration the options (else the environment) give, or None when no server
    is configured: then nothing of the LLM extractor runs or is imported."""
    url = url or os.environ.get("REDES_LLM_URL") or None
    if not url:
        return None
    model = model or os.environ.get("REDES_LLM_MODEL") or None
    if not model:
        raise LLMError("an LLM server needs a model: give --llm-model NAME or set REDES_LLM_MODEL")
    if not url.startswith(("http://", "https://")):
        raise LLMError(f"LLM server {url!r} is not an http(s) URL (e.g. http://localhost:11434/v1)")
    key = api_key or os.environ.get("REDES_LLM_API_KEY") or None
    return LLMConfig(url=url, model=model, api_key=key, **settings)  # type: ignore[arg-type]
