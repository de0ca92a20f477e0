"""Limits on what one request may cost: the size of its body, and the time each of its
database statements may run.

``RequestLimits`` (pure ASGI, outside the authentication middleware, which reads some
bodies) does three things:

- **Bodies**: a declared ``Content-Length`` over the route's limit is refused with 413
  before anything is read, and a body sent without one is counted as it streams and cut
  off at the limit (413). The limit is ``MAX_BODY`` (1 MB: JSON and forms), except for the
  routes that take files: document uploads (the ingest size limit), event imports, and the
  tip line (its own limit).
- **Statements**: every request runs under a ``redes.store.limits.Limit``: each statement
  stops after ``statement_timeout`` seconds (``$REDES_STATEMENT_TIMEOUT``, 5 by default)
  and the request answers 503; uploads, imports and rebuilds lift it (``unlimited()``).
- **Cancellation**: for GET and HEAD requests, a disconnect of the client cancels the
  statements still running for it, and stopping the server (the ASGI lifespan's shutdown)
  cancels every request's.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field

import anyio
from starlette.datastructures import Headers
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from redes.store.limits import Limit, configured_timeout, limited

MAX_BODY = 1024 * 1024


def body_limit(path: str) -> int:
    """The largest request body ``path`` takes, in bytes."""
    if path == "/api/documents/upload":
        from redes.ingest.pipeline import DEFAULT_MAX_SIZE

        return DEFAULT_MAX_SIZE
    if path == "/api/events/import":
        from redes.web.api.data import EVENTS_MAX_SIZE

        return EVENTS_MAX_SIZE
    if path in ("/tip", "/tip/add"):
        from redes.web.tip import MAX_BODY as TIP_BODY

        return TIP_BODY
    return MAX_BODY


@dataclass
class LimitSettings:
    """The app's limits (``app.state.limits``): the statement time limit in seconds (None:
    none), and the event set while the server stops."""

    statement_timeout: float | None = field(default_factory=configured_timeout)
    stopping: threading.Event = field(default_factory=threading.Event)
    active: weakref.WeakSet = field(default_factory=weakref.WeakSet)

    def stop(self) -> None:
        """Cancel every statement still running for a request (the server is stopping)."""
        self.stopping.set()
        for limit in list(self.active):
            limit.cancel_running()


class RequestLimits:
    def __init__(self, app: ASGIApp, settings: LimitSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, self._lifespan_receive(receive), send)
            return
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(scope, receive, send, limit)
            return
        cancel = threading.Event()
        stopping = self.settings.stopping
        statement = Limit(self.settings.statement_timeout, (cancel, stopping), (stopping,))
        self.settings.active.add(statement)
        with limited(statement):
            if scope["method"] in ("GET", "HEAD"):
                await self._watched(scope, receive, send, statement, cancel)
            else:
                await self._counted(scope, receive, send, limit)

    def _lifespan_receive(self, receive: Receive) -> Receive:
        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.settings.stopping.clear()
            elif message["type"] == "lifespan.shutdown":
                await anyio.to_thread.run_sync(self.settings.stop)
            return message

        return wrapped

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Pass the body on while it stays within ``limit``; past it, answer 413 and tell
        the app the client went away (whatever it answers then is dropped)."""
        state = {"size": 0, "started": False, "refused": False}

        async def counted_receive() -> Message:
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["size"] += len(message.get("body", b""))
                if state["size"] > limit:
                    state["refused"] = True
                    if not state["started"]:
                        state["started"] = True
                        await _too_large(scope, _disconnected, send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if state["refused"]:
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        await self.app(scope, counted_receive, guarded_send)

    async def _watched(
        self, scope: Scope, receive: Receive, send: Send, statement: Limit, cancel: threading.Event
    ) -> None:
        """Run the app while listening for the client's disconnect, which cancels the
        request's statements. The app reads the messages through a queue the listener fills."""
        to_app, from_listener = anyio.create_memory_object_stream[Message](8)
        done = anyio.Event()

        async def listen() -> None:
            async with to_app:
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        if not done.is_set():
                            cancel.set()
                            await anyio.to_thread.run_sync(statement.cancel_running)
                        await to_app.send(message)
                        return
                    await to_app.send(message)

        async def app_receive() -> Message:
            try:
                return await from_listener.receive()
            except anyio.EndOfStream:
                return {"type": "http.disconnect"}

        async def tracked_send(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                done.set()

        # The app's own failure is raised as it is, not in the task group's ExceptionGroup.
        error: Exception | None = None
        async with anyio.create_task_group() as tg:
            tg.start_soon(listen)
            try:
                await self.app(scope, app_receive, tracked_send)
            except Exception as exc:
                error = exc
            finally:
                done.set()
                tg.cancel_scope.cancel()
                from_listener.close()
        if error is not None:
            raise error


async def _disconnected() -> Message:
    return {"type": "http.disconnect"}


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    message = f"request body too large: at most {_size(limit)}"
    if scope["path"].startswith("/api/"):
        response = JSONResponse({"detail": message}, status_code=413)
    else:
        response = PlainTextResponse(message, status_code=413)
    await response(scope, receive, send)


def _size(n: int) -> str:
    return f"{n // 1024**3} GB" if n >= 1024**3 else f"{n // 1024**2} MB"
