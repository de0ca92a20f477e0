"""Asking the server: the official ``openai`` client against any OpenAI-compatible base
URL, structured output (JSON schema, else tool calling), a repair-and-retry when the
answer is not valid JSON, and retries with backoff on timeouts, rate limits and server
errors. ``openai`` is imported here only, when a server is configured."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any

from redes.extract.llm.config import LLMConfig, LLMError
from redes.extract.llm.prompt import schema

TOOL = "record_extraction"
# Times an invalid answer is sent back to the model with what was wrong with it.
REPAIRS = 1
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


class ServerFailed(LLMError):
    """The server did not answer usefully, retries included."""


@dataclass(slots=True)
class Reply:
    data: dict[str, Any]
    prompt_tokens: int = 0
    completion_tokens: int = 0


def parse(content: str | None) -> dict[str, Any]:
    """The JSON object in an answer (code fences and text around it tolerated); raises
    ValueError saying what is wrong."""
    text = _FENCE.sub("", (content or "").strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object in the answer")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError("the answer is not a JSON object")
    for field in ("entities", "relations"):
        if not isinstance(data.setdefault(field, []), list):
            raise ValueError(f'"{field}" is not a list')
    return data


class Client:
    def __init__(self, config: LLMConfig):
        try:
            import openai
        except ImportError as exc:
            raise LLMError("the LLM extractor needs the openai package: pip install 'redes[llm]'") from exc
        self.config = config
        self.openai = openai
        self.mode = config.mode
        # Retries are ours (counted, with the backoff the configuration gives).
        self.client = openai.OpenAI(
            base_url=config.url, api_key=config.api_key or "none", timeout=config.timeout, max_retries=0
        )

    def ask(self, messages: list[dict[str, str]]) -> Reply:
        """The parsed answer to ``messages``, after at most ``REPAIRS`` repairs."""
        reply = Reply({})
        msgs = list(messages)
        for attempt in range(REPAIRS + 1):
            response = self._create(msgs)
            usage = getattr(response, "usage", None)
            reply.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
            reply.completion_tokens += getattr(usage, "completion_tokens", 0) or 0
            content = _content(response)
            try:
                reply.data = parse(content)
                return reply
            except ValueError as exc:
                if attempt == REPAIRS:
                    raise ServerFailed(f"unusable answer after {REPAIRS} repair: {exc}") from exc
                msgs = [
                    *messages,
                    {"role": "assistant", "content": (content or "")[:4000]},
                    {
                        "role": "user",
                        "content": f"That answer cannot be used ({exc}). Answer again with the JSON "
                        'object only, {"entities": [...], "relations": [...]}, as the schema says.',
                    },
                ]
        raise AssertionError("unreachable")

    def _create(self, msgs: list[dict[str, str]]):
        openai = self.openai
        transient = (
            openai.APITimeoutError,
            openai.RateLimitError,
            openai.APIConnectionError,
            openai.InternalServerError,
        )
        delay = self.config.backoff
        for attempt in range(self.config.retries + 1):
            try:
                return self.client.chat.completions.create(**self._request(msgs))
            except transient as exc:
                if attempt == self.config.retries:
                    raise ServerFailed(f"{_name(exc)} after {attempt + 1} attempts") from exc
                time.sleep(min(_retry_after(exc) or delay, 60.0))
                delay *= 2
            except openai.BadRequestError as exc:
                if self.mode == "json_schema":
                    self.mode = "tools"  # a server without JSON-schema output: tool calling
                    continue
                raise ServerFailed(f"request refused: {_name(exc)}") from exc
            except openai.APIError as exc:
                raise ServerFailed(_name(exc)) from exc
        raise ServerFailed("no answer")

    def _request(self, msgs: list[dict[str, str]]) -> dict[str, Any]:
        kw: dict[str, Any] = {"model": self.config.model, "messages": msgs, "temperature": 0}
        if self.mode == "tools":
            kw["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": TOOL,
                        "description": "Record the extraction.",
                        "parameters": schema(),
                    },
                }
            ]
            kw["tool_choice"] = {"type": "function", "function": {"name": TOOL}}
        else:
            kw["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "extraction", "schema": schema(), "strict": True},
            }
        return kw


def _content(response: Any) -> str | None:
    try:
        message = response.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return calls[0].function.arguments
    return message.content


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _name(exc: Exception) -> str:
    status = getattr(exc, "status_code", None)
    return f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "")
