"""Who is asking: every request becomes an ``Identity`` (a scope and how it was proven),
before any handler runs.

``AuthMiddleware`` resolves, for each request:

- ``Authorization: Bearer <API token>`` -> that token's user (an invalid token is a 401,
  never a fall-back to the cookie);
- else the session cookie -> that session's user, unless the session expired (12 hours
  after sign-in, or after an hour without a request) or was ended;
- else, on a database without users, a loopback client of a server bound to loopback (and
  not behind a proxy, and with no forwarding header) -> the owner, who reads everything,
  so that ``redes demo`` opens the workbench in one step;
- else nobody (``ANONYMOUS``, which reads nothing).

Nobody may open only the sign-in page, the setup links, the tip line and static files:
any other page redirects to ``/login``, any other API call answers 401, before a handler
(or a 404) can say anything. State-changing requests made with the session cookie must
carry the session's CSRF token (the ``X-CSRF-Token`` header, or a ``csrf`` field of a
form); viewers change nothing but their own account. Successful reads and writes that the
audit log must show (document and dossier views, searches, exports, review decisions,
uploads) are recorded from the matched route, before the response leaves: if the audit
row cannot be written, the data is not sent.

The tip line (``/tip``, ``/tip/add``) is passed through untouched: no cookie is read, no
session is touched, nothing about the request is recorded.

The sign-in, sign-out, setup-link and account pages are in ``redes.web.account``.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, quote

import anyio
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import delete, select, update
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from redes.access import ANONYMOUS, OWNER, scope_for
from redes.access import Scope as AccessScope
from redes.access.models import WebSession
from redes.access.passwords import new_token, token_hash
from redes.kb import state
from redes.store import Store
from redes.web.audited import MAX_AUDITED_BODY, AuditBatcher, audit_entry, maybe_audited_body
from redes.web.cache import remember_version

log = logging.getLogger("redes.web")

SESSION_HOURS = 12
SETUP_HOURS = 24  # the first-run setup link, at most
IDLE = timedelta(hours=1)
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
FORM_FIELD = "form_token"
MAX_FORM_BODY = 1024 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Paths nobody needs to be signed in for.
TIP_PATHS = frozenset({"/tip", "/tip/add"})
PUBLIC_PATHS = frozenset({"/login", "/favicon.ico"}) | TIP_PATHS
PUBLIC_PREFIXES = ("/static/", "/setup/", "/language/")  # /language/: the interface's language, a cookie
# Forms that protect themselves (a double-submitted form token, or nothing to forge).
OWN_CSRF = frozenset({"/login"}) | TIP_PATHS
# What a viewer may change: their own session and account.
SELF_SERVICE = ("/logout", "/account")
API_PREFIXES = ("/api/", "/openapi.json")
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip", "x-forwarded-host")


# --- identities ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identity:
    """Who asks: their scope, and how that was proven ("owner", "session", "token" or
    "anonymous"). ``csrf`` is the session's CSRF token, for the forms of its pages."""

    scope: AccessScope
    via: str
    user_id: int | None = None
    csrf: str | None = None

    @property
    def username(self) -> str | None:
        return self.scope.username if self.via != "anonymous" else None

    @property
    def role(self) -> str:
        return self.scope.role

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    def origin(self, request_or_scope: Any) -> str:
        return origin_of(request_or_scope)


ANONYMOUS_IDENTITY = Identity(ANONYMOUS, "anonymous")
OWNER_IDENTITY = Identity(OWNER, "owner")
IDENTITY_KEY = "redes.identity"


def identity_of(request: Any) -> Identity:
    """The identity the middleware put on the request (nobody, when there is none)."""
    return request.scope.get(IDENTITY_KEY, ANONYMOUS_IDENTITY)


def client_host(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def origin_of(request_or_scope: Any) -> str:
    scope = getattr(request_or_scope, "scope", request_or_scope)
    return f"web {client_host(scope)}"[:100]


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


# --- settings and rate limits --------------------------------------------------------------


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds for each key, in memory only (per
    process, forgotten at restart; nothing about a client ever reaches the disk)."""

    def __init__(self, limit: int, window: float, max_keys: int = 10_000) -> None:
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self.hits: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self.hits.get(key)
        if q is None:
            if len(self.hits) >= self.max_keys:
                self._prune(now)
            q = self.hits[key] = deque()
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def _prune(self, now: float) -> None:
        for k in [k for k, q in self.hits.items() if not q or q[-1] <= now - self.window]:
            del self.hits[k]
        while len(self.hits) >= self.max_keys:  # still full: forget the oldest keys
            self.hits.pop(next(iter(self.hits)))

    def allow(self, key: str, rule: Any = None) -> bool:
        """Count one event for ``key``; False (and not counted) when over the limit (this
        one's, or ``rule``'s: anything with a ``limit`` and a ``window``)."""
        now = time.monotonic()
        limit = self.limit if rule is None else rule.limit
        with self.lock:
            q = self._recent(key, now)
            if len(q) >= limit:
                return False
            q.append(now)
            return True

    def reset(self) -> None:
        with self.lock:
            self.hits.clear()


@dataclass
class AuthSettings:
    """How the app authenticates, set by ``create_app`` from ``redes serve``'s options.

    ``owner_mode``: a loopback client may be the owner while no user exists (False behind
    a proxy or on a non-loopback bind). ``secure_cookies``: cookies only over HTTPS (TLS
    or a TLS-terminating proxy). ``store``: the database, which holds what every worker
    process of the server must agree on: the first-run setup link (a one-time link without
    a user) and the rate limits (``redes.web.ratelimit``, whose keys are hashed with
    ``secret``: the same in every worker of one server, new at each start).
    """

    owner_mode: bool = True
    secure_cookies: bool = False
    behind_proxy: bool = False
    session_hours: int = SESSION_HOURS
    idle: timedelta = IDLE
    users_exist: bool = False
    store: Store | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    login_limit: Any = field(default_factory=lambda: RateLimiter(10, 300))
    tip_limit: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.store is not None:
            from redes.web.ratelimit import SharedLimiter

            self.store = self.store.scoped(None)
            self.login_limit = SharedLimiter(self.store, "login", 10, 300, self.secret)
            self.tip_limit = SharedLimiter(self.store, "tip", 30, 600, self.secret)
        else:
            self.tip_limit = RateLimiter(30, 600)

    @property
    def session_cookie(self) -> str:
        # The __Host- prefix: only over HTTPS, for this exact host, for every path.
        return "__Host-redes_session" if self.secure_cookies else "redes_session"

    @property
    def form_cookie(self) -> str:
        return "__Host-redes_form" if self.secure_cookies else "redes_form"

    def first_run_link(self, hours: int = SETUP_HOURS) -> str:
        """A new first-run setup token (the raw value, shown once): a one-time link without
        a user, valid ``hours`` or until the server stops (``forget_first_run_link``); an
        earlier unused one stops working. Only its hash is kept."""
        from redes.access.models import OneTimeLink

        token = new_token()
        with self._store().session() as s:
            s.execute(delete(OneTimeLink).where(OneTimeLink.user_id.is_(None), OneTimeLink.used.is_(False)))
            s.add(
                OneTimeLink(
                    user_id=None,
                    token_hash=token_hash(token),
                    expires_at=utc_now() + timedelta(hours=hours),
                    used=False,
                )
            )
        return token

    def forget_first_run_link(self) -> None:
        """The server stops: its unused setup link stops working with it."""
        from redes.access.models import OneTimeLink

        with self._store().session() as s:
            s.execute(delete(OneTimeLink).where(OneTimeLink.user_id.is_(None), OneTimeLink.used.is_(False)))

    def is_first_run_link(self, token: str) -> bool:
        """Whether ``token`` is a valid, unused first-run link (nothing used up)."""
        from redes.access.models import OneTimeLink

        with self._store().session() as s:
            link = s.scalar(
                select(OneTimeLink).where(
                    OneTimeLink.token_hash == token_hash(token), OneTimeLink.user_id.is_(None)
                )
            )
            return link is not None and not link.used and aware(link.expires_at) > utc_now()

    def use_first_run_link(self, session, token: str) -> bool:
        """Use the first-run link up in ``session``'s transaction (rolled back with it):
        True for exactly one caller, whichever worker process it runs in."""
        from redes.access.models import OneTimeLink

        link = session.scalar(
            select(OneTimeLink).where(
                OneTimeLink.token_hash == token_hash(token), OneTimeLink.user_id.is_(None)
            )
        )
        if link is None or link.used or aware(link.expires_at) <= utc_now():
            return False
        # Of two requests in two processes, the second finds the row used (PostgreSQL
        # re-checks the condition once the first commits; SQLite has one writer).
        done = session.execute(
            update(OneTimeLink)
            .where(OneTimeLink.id == link.id, OneTimeLink.used.is_(False))
            .values(used=True)
        )
        return bool(done.rowcount)

    def _store(self) -> Store:
        if self.store is None:
            raise RuntimeError("these settings have no database (create_app gives them one)")
        return self.store


def settings_of(request: Request) -> AuthSettings:
    return request.app.state.auth


def utc_now() -> datetime:
    return datetime.now(UTC)


def aware(dt: datetime | None) -> datetime | None:
    if dt is None or dt.tzinfo is not None:
        return dt
    return dt.replace(tzinfo=UTC)


# --- the middleware ------------------------------------------------------------------------


class AuthMiddleware:
    """Resolves the identity of every request, refuses what it may not do, and records
    what the audit log must show (see the module's docstring). Pure ASGI."""

    def __init__(self, app: ASGIApp, store: Store, settings: AuthSettings) -> None:
        self.app = app
        self.store = store.scoped(None)
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path in TIP_PATHS or path.startswith("/static/"):
            # The tip line: no cookie read, no session touched, nothing recorded.
            scope[IDENTITY_KEY] = ANONYMOUS_IDENTITY
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        identity = await anyio.to_thread.run_sync(self._resolve, scope, headers)
        if identity is None:
            await _deny(scope, receive, send, 401, "invalid, expired or revoked API token")
            return
        scope[IDENTITY_KEY] = identity
        public = path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
        if identity.via == "anonymous" and not public:
            if path.startswith(API_PREFIXES):
                await _deny(scope, receive, send, 401, "sign in first")
            else:
                target = path + (
                    "?" + scope["query_string"].decode("latin-1") if scope["query_string"] else ""
                )
                await RedirectResponse("/login?next=" + quote(target, safe="/"), status_code=303)(
                    scope, receive, send
                )
            return
        method = scope["method"]
        body: bytes | None = None
        if method not in SAFE_METHODS:
            if identity.role == "viewer" and not (public or path.startswith(SELF_SERVICE)):
                await _deny(scope, receive, send, 403, "viewers read; they change nothing")
                return
            if identity.via == "session" and not public:
                token = headers.get(CSRF_HEADER)
                if token is None and _is_form(headers):
                    body = await _read_body(receive, MAX_FORM_BODY)
                    if body is None:
                        await _deny(scope, receive, send, 413, "form too large")
                        return
                    token = (parse_qs(body.decode("utf-8", "replace")).get(CSRF_FIELD) or [None])[0]
                if not token or not hmac.compare_digest(token.encode(), (identity.csrf or "").encode()):
                    await _deny(scope, receive, send, 403, "missing or wrong CSRF token: reload the page")
                    return
        if body is None and maybe_audited_body(method, path, headers):
            body = await _read_body(receive, MAX_AUDITED_BODY)
            if body is None:
                await _deny(scope, receive, send, 413, "request too large")
                return
        if body is not None:
            receive = _replay(body, receive)
        await self.app(scope, receive, self._audited_send(scope, identity, send, body))

    # Who is asking ------------------------------------------------------------------------

    def _resolve(self, scope: Scope, headers: Headers) -> Identity | None:
        from redes.access import users

        auth = headers.get("authorization")
        raw = cookie_parser(headers.get("cookie", "")).get(self.settings.session_cookie)
        with self.store.session() as s:
            # The knowledge base's counters, which the request's cached answers check
            # (redes.web.cache.version_of), read here on the same connection.
            remember_version(scope, state.read(s))
            if auth is not None:
                kind, _, token = auth.partition(" ")
                if kind.lower() != "bearer" or not token.strip():
                    return None
                user = users.user_for_token(s, token.strip())
                return Identity(scope_for(s, user), "token", user.id) if user is not None else None
            if raw:
                found = self._session(s, raw)
                if found is not None:
                    return found
            if self._owner_allowed(scope, headers) and not self._users_exist(s):
                return OWNER_IDENTITY
        return ANONYMOUS_IDENTITY

    def _session(self, s, raw: str) -> Identity | None:
        from redes.access import users

        last = s.scalar(select(WebSession.last_seen).where(WebSession.token_hash == token_hash(raw)))
        if last is None:
            return None
        if aware(last) + self.settings.idle <= utc_now():
            users.end_session(s, raw)
            return None
        found = users.user_for_session(s, raw)
        if found is None:
            return None
        user, row = found
        return Identity(scope_for(s, user), "session", user.id, row.csrf_token)

    def _owner_allowed(self, scope: Scope, headers: Headers) -> bool:
        return (
            self.settings.owner_mode
            and is_loopback(client_host(scope))
            and not any(h in headers for h in FORWARDING_HEADERS)
        )

    def _users_exist(self, s) -> bool:
        from redes.access import users

        # Once there are users, there are users: never back to owner mode in this process.
        if not self.settings.users_exist and users.has_users(s):
            self.settings.users_exist = True
        return self.settings.users_exist

    # The audit log ------------------------------------------------------------------------

    def _audited_send(self, scope: Scope, identity: Identity, send: Send, body: bytes | None) -> Send:
        state = {"failed": False}

        async def wrapped(message: Message) -> None:
            if state["failed"]:
                return  # the body of a response that could not be audited is never sent
            if message["type"] == "http.response.start" and message["status"] < 400:
                entry = audit_entry(scope, body)
                if entry is not None:
                    try:
                        await anyio.to_thread.run_sync(self._record, identity, scope, entry)
                    except Exception:
                        log.exception("could not write the audit log: the response is withheld")
                        state["failed"] = True
                        response = PlainTextResponse("could not write the audit log", status_code=500)
                        await response({"type": "http"}, _empty_receive, send)
                        return
            await send(message)

        return wrapped

    def _record(self, identity: Identity, scope: Scope, entry: tuple) -> None:
        action, target, detail = entry
        self.audit_log.record((action, identity.username, target, detail, origin_of(scope)))

    @property
    def audit_log(self) -> AuditBatcher:
        found = self.__dict__.get("_audit_log")
        if found is None:
            with self.settings.lock:
                found = self.__dict__.get("_audit_log")
                if found is None:
                    found = self.__dict__["_audit_log"] = AuditBatcher(self.store)
        return found


def _is_form(headers: Headers) -> bool:
    return (
        headers.get("content-type", "").split(";")[0].strip().lower() == "application/x-www-form-urlencoded"
    )


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _empty_receive() -> Message:
    return {"type": "http.disconnect"}


async def _deny(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if scope["path"].startswith(API_PREFIXES) or status == 401:
        response: Response = JSONResponse({"detail": message}, status_code=status, headers=headers)
    else:
        response = PlainTextResponse(message, status_code=status)
    await response(scope, receive, send)
