"""A fake OpenAI-compatible server for the LLM extractor's tests: FastAPI and uvicorn on a
loopback port, answering each chat request from a script chosen by a marker in the
passage asked about. Behaviours: an answer (as JSON content, or as a tool call when the
request asks for tools), raw content (malformed JSON), a pause longer than the client's
timeout, an HTTP status (429, 500, 400)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.conftest import _free_port, wait_for

EMPTY = {"entities": [], "relations": []}


class FakeLLM:
    def __init__(self) -> None:
        self.scripts: dict[str, list[dict[str, Any]]] = {}
        self.requests: list[dict[str, Any]] = []
        # Answers passages no script matches (bench/llm.py), else an empty answer.
        self.responder: Callable[[str], dict[str, Any]] | None = None
        self.url = ""
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self._chat)

    def script(self, marker: str, *behaviours: dict[str, Any]) -> None:
        """What to do for passages containing ``marker``, request after request (the last
        behaviour repeats)."""
        self.scripts[marker] = list(behaviours)

    def asked(self, marker: str) -> int:
        return sum(1 for r in self.requests if marker in _passage(r))

    async def _chat(self, request: Request):
        body = await request.json()
        self.requests.append(body)
        passage = _passage(body)
        passage_text = passage.removeprefix("Passage:\n<<<\n").removesuffix("\n>>>")
        behaviour: dict[str, Any] = {"answer": self.responder(passage_text) if self.responder else EMPTY}
        for marker, steps in self.scripts.items():
            if marker in passage:
                behaviour = steps.pop(0) if len(steps) > 1 else steps[0]
                break
        if "sleep" in behaviour:
            await asyncio.sleep(behaviour["sleep"])
            behaviour = {"answer": EMPTY}
        if "status" in behaviour:
            headers = {"retry-after": "0"} if behaviour["status"] == 429 else {}
            return JSONResponse(
                {"error": {"message": "scripted"}}, status_code=behaviour["status"], headers=headers
            )
        if "raw" in behaviour:
            content = behaviour["raw"]
        else:
            content = json.dumps(behaviour["answer"], ensure_ascii=False)
        message: dict[str, Any] = {"role": "assistant", "content": content}
        if body.get("tools"):
            name = body["tools"][0]["function"]["name"]
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "call0", "type": "function", "function": {"name": name, "arguments": content}}
                ],
            }
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", ""),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
        }


def _passage(body: dict[str, Any]) -> str:
    # The last passage: after a malformed answer, the repair request ends with an instruction.
    users = [m.get("content") or "" for m in body.get("messages", []) if m.get("role") == "user"]
    passages = [u for u in users if u.startswith("Passage:")]
    return passages[-1] if passages else ""


@contextmanager
def fake_llm() -> Iterator[FakeLLM]:
    import uvicorn

    fake = FakeLLM()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(fake.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert wait_for(lambda: server.started, timeout=30), "the fake LLM server did not start"
    fake.url = f"http://127.0.0.1:{port}/v1"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=10)
