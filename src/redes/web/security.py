"""Security middleware: strict headers on every response, a Host check against DNS
rebinding, and a same-origin check on every request that changes data.

Sources in this field get killed: a page that leaks a document to another site, or lets
ingested text run as script, is a disaster. So:

- the CSP allows scripts, styles and connections from this server only (no inline
  script, no eval, no CDN);
- a browser tab on another site cannot read the API through a rebound DNS name (the
  Host header must be one we serve), nor change data (POSTs must come from our origin);
- responses are not cached and send no referrer, so URLs with names do not leak.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Reads of these are refused to other sites (pages may still be navigated to).
API_PATHS = ("/api/", "/openapi.json")
# A page shown in a frame is not a navigation the analyst chose (frame-ancestors forbids it too).
FRAMES = frozenset({"iframe", "frame", "embed", "object"})
# Public, unchanging files (vendored code, INEGI geometry) may be cached; nothing else.
CACHEABLE = ("/static/", "/api/geo/")


def _host_name(host: str) -> str:
    """The host without its port ("[::1]:8000" -> "[::1]")."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _cross_site(headers: Headers, host: str) -> str | None:
    """Why a request that another site may have made is refused (None: it is our own, or
    no browser's). Browsers send Origin and Sec-Fetch-Site with every cross-site request
    that matters; clients such as curl send neither, and cannot be tricked by a web page
    into sending them."""
    origin = headers.get("origin")
    fetch_site = headers.get("sec-fetch-site")
    if origin == "null":
        # With "Referrer-Policy: no-referrer" browsers send "Origin: null" with a plain
        # form post, even to its own origin; so do sandboxed frames and other sites'
        # pages with that policy. Only the browser's own Sec-Fetch-Site tells them apart.
        if fetch_site != "same-origin":
            return "Cross-origin request refused"
    elif origin is not None and origin.split("://", 1)[-1].lower() != host:
        return "Cross-origin request refused"
    if fetch_site not in (None, "same-origin", "none"):
        return "Cross-site request refused"
    return None


class SecurityMiddleware:
    """Pure ASGI middleware (cheaper than ``BaseHTTPMiddleware`` on every request)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = LOCAL_HOSTS) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        problem = self._refuse(scope, headers)
        if problem:
            response = PlainTextResponse(problem, status_code=400 if "Host" in problem else 403)
            await response(scope, receive, self._with_headers(send, scope))
            return
        await self.app(scope, receive, self._with_headers(send, scope))

    def _refuse(self, scope: Scope, headers: Headers) -> str | None:
        host = headers.get("host", "").lower()
        if "*" not in self.allowed and _host_name(host) not in self.allowed:
            return "Invalid Host header"
        if scope["method"] not in SAFE_METHODS:
            return _cross_site(headers, host)
        if scope["method"] == "OPTIONS":
            return None
        # Reads: the API (and its schema) answers this server's own pages and non-browser
        # clients only; pages may be navigated to from anywhere (a link in a mail, a
        # bookmark), but not loaded by another site as an image, a script or a fetch.
        if scope["path"].startswith(API_PATHS):
            return _cross_site(headers, host)
        if headers.get("sec-fetch-mode", "navigate") != "navigate" or headers.get("sec-fetch-dest") in FRAMES:
            return _cross_site(headers, host)
        return None

    def _with_headers(self, send: Send, scope: Scope) -> Send:
        static = scope["path"].startswith(CACHEABLE)

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in HEADERS]
                raw += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                if not static:
                    # Pages and API answers hold the data: keep them out of disk caches.
                    raw = [(k, v) for k, v in raw if k.lower() != b"cache-control"]
                    raw.append((b"cache-control", b"no-store"))
                message["headers"] = raw
            await send(message)

        return wrapped
