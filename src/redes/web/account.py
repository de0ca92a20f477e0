"""The pages of signing in and of one's own account: sign-in, sign-out (here or
everywhere), the one-time setup links (the first admin, password resets), and the account
page (password, API tokens). Who is asking is decided before any of them runs
(``redes.web.auth``).
"""

from __future__ import annotations

import hmac
import logging
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from redes.access.models import OneTimeLink, User
from redes.access.passwords import new_token, token_hash
from redes.store import Store
from redes.web.auth import (
    AuthSettings,
    Identity,
    aware,
    client_host,
    identity_of,
    origin_of,
    settings_of,
    utc_now,
)

log = logging.getLogger("redes.web")

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
# Bounded parameters (redes.web.params): tokens are 43 characters; ids are 64-bit.
FormToken = Annotated[str | None, Form(max_length=200)]
LinkToken = Annotated[str, Path(max_length=200)]
TokenId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    from redes.web.pages import render

    return render(request, name, context, status)


def _store(request: Request) -> Store:
    return request.app.state.store.scoped(None)


def _local_next(value: str | None) -> str:
    """A redirect target after sign-in: a path on this server, never another site."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def _cookie_args(settings: AuthSettings) -> dict[str, Any]:
    return {"httponly": True, "samesite": "strict", "secure": settings.secure_cookies, "path": "/"}


def _with_form_cookie(request: Request, response: Response, token: str) -> Response:
    """The token of an anonymous form (sign-in, setup) goes in the form and in a cookie: a
    page on another site can neither read nor set it, so it cannot post the form."""
    settings = settings_of(request)
    response.set_cookie(settings.form_cookie, token, max_age=3600, **_cookie_args(settings))
    return response


def _check_form_token(request: Request, token: str | None) -> None:
    expected = request.cookies.get(settings_of(request).form_cookie)
    if not token or not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        raise HTTPException(403, "this form expired: reload the page and try again")


def _sign_in(request: Request, response: Response, user: User) -> None:
    """A fresh session for ``user`` (a new random token, never one the browser brought
    along: no session fixation), ending the one the browser had."""
    from redes.access import users

    settings = settings_of(request)
    old = request.cookies.get(settings.session_cookie)
    with _store(request).session() as s:
        if old:
            users.end_session(s, old)
        raw, _ = users.create_session(s, s.merge(user), hours=settings.session_hours)
    response.set_cookie(
        settings.session_cookie, raw, max_age=settings.session_hours * 3600, **_cookie_args(settings)
    )
    response.delete_cookie(settings.form_cookie, **_cookie_args(settings))


def _sign_out(request: Request, response: Response) -> None:
    settings = settings_of(request)
    response.delete_cookie(settings.session_cookie, **_cookie_args(settings))


def _login_page(
    request: Request, message: str | None = None, status: int = 200, username: str = ""
) -> Response:
    settings = settings_of(request)
    identity = identity_of(request)
    token = new_token(16)
    context = {
        "page": "login",
        "message": message,
        "username": username,
        "next": _local_next(request.query_params.get("next") or request.scope.get("redes.next")),
        "form_token": token,
        "owner": identity.via == "owner",
        "current": identity.username if identity.signed_in else None,
        "no_users": not settings.users_exist and not _has_users(request),
    }
    return _with_form_cookie(request, _render(request, "login.html", context, status), token)


def _has_users(request: Request) -> bool:
    from redes.access import users

    settings = settings_of(request)
    if settings.users_exist:
        return True
    with _store(request).session() as s:
        settings.users_exist = users.has_users(s)
    return settings.users_exist


@router.get("/login")
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    form_token: FormToken = None,
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    from redes.access import audit, users

    _check_form_token(request, form_token)
    settings = settings_of(request)
    request.scope["redes.next"] = next
    if not settings.login_limit.allow(client_host(request.scope)):
        return _login_page(request, "Too many attempts from here: wait a few minutes.", 429, username)
    with _store(request).session() as s:
        user = users.authenticate(s, username, password)
        if user is None:
            audit.record(
                s,
                "login.failed",
                None,
                target=users.normalize_username(username)[:100] or None,
                origin=origin_of(request),
            )
        else:
            audit.record(s, "login", user.username, origin=origin_of(request))
            s.expunge(user)
    if user is None:
        # One answer for an unknown name, a wrong password, a locked or disabled account.
        return _login_page(
            request,
            "Wrong username or password, or the account is locked for a while.",
            401,
            username,
        )
    response = RedirectResponse(_local_next(next), status_code=303)
    _sign_in(request, response, user)
    return response


@router.post("/logout")
def logout(request: Request, identity: SignedInDep) -> Response:
    from redes.access import audit, users

    raw = request.cookies.get(settings_of(request).session_cookie)
    with _store(request).session() as s:
        if raw:
            users.end_session(s, raw)
        if identity.signed_in:
            audit.record(s, "logout", identity.username, origin=origin_of(request))
    response = RedirectResponse("/login", status_code=303)
    _sign_out(request, response)
    return response


@router.post("/logout/all")
def logout_everywhere(request: Request, identity: SignedInDep) -> Response:
    from redes.access import audit, users

    if identity.signed_in:
        with _store(request).session() as s:
            user = s.get(User, identity.user_id)
            users.end_all_sessions(s, user)
            audit.record(s, "logout.all", identity.username, origin=origin_of(request))
    response = RedirectResponse("/login", status_code=303)
    _sign_out(request, response)
    return response


# Setup links, all in the database (so that every worker process knows them): the
# first-run link (a link without a user: creates the first admin) and the one-time links
# that ``redes users`` and the admin page make (set a user's password).


def _first_run(request: Request, token: str) -> bool:
    return settings_of(request).is_first_run_link(token) and not _has_users(request)


def _link_user(request: Request, token: str) -> str | None:
    """The username of a valid, unused database one-time link, else None (nothing used up)."""
    with _store(request).session() as s:
        link = s.scalar(select(OneTimeLink).where(OneTimeLink.token_hash == token_hash(token)))
        if link is None or link.used or link.user_id is None or aware(link.expires_at) <= utc_now():
            return None
        user = s.get(User, link.user_id)
        return user.username if user is not None and user.active else None


def _setup_page(request: Request, token: str, message: str | None = None, status: int = 200) -> Response:
    first = _first_run(request, token)
    username = None if first else _link_user(request, token)
    if not first and username is None:
        context = {"status": 404, "message": "This link is invalid, used or expired.", "candidates": []}
        return _render(request, "error.html", context, 404)
    form_token = new_token(16)
    context = {
        "page": "setup",
        "first": first,
        "username": username or "admin",
        "message": message,
        "form_token": form_token,
        "token": token,
    }
    return _with_form_cookie(request, _render(request, "setup.html", context, status), form_token)


class _LinkUsed(Exception):
    """The first-run link was used meanwhile (by another request, in any worker)."""


@router.get("/setup/{token}")
def setup_form(request: Request, token: LinkToken) -> Response:
    return _setup_page(request, token)


@router.post("/setup/{token}")
def setup(
    request: Request,
    token: LinkToken,
    password: Annotated[str, Form(max_length=1024)],
    confirm: Annotated[str, Form(max_length=1024)],
    form_token: FormToken = None,
    username: Annotated[str, Form(max_length=100)] = "admin",
) -> Response:
    from redes.access import audit, users

    _check_form_token(request, form_token)
    settings = settings_of(request)
    if not settings.login_limit.allow(client_host(request.scope)):
        return _setup_page(request, token, "Too many attempts from here: wait a few minutes.", 429)
    if password != confirm:
        return _setup_page(request, token, "The two passwords differ.", 400)
    try:
        users.check_password(password)
    except ValueError as exc:
        return _setup_page(request, token, str(exc).capitalize() + ".", 400)
    user: User | None = None
    with settings.lock:  # one use of the first-run link, however many arrive at once
        if _first_run(request, token):
            try:
                with _store(request).session() as s:
                    # Used up in the transaction that creates the admin, in whichever
                    # worker process: another request for it finds it used.
                    if not settings.use_first_run_link(s, token) or users.has_users(s):
                        raise _LinkUsed
                    user = users.create_user(s, username, "admin")
                    users.set_password(s, user, password)
                    audit.record(
                        s, "user.create", user.username, target=user.username,
                        detail={"role": "admin", "via": "first-run link"}, origin=origin_of(request),
                    )  # fmt: skip
                    s.expunge(user)
            except _LinkUsed:
                user = None
            except ValueError as exc:
                return _setup_page(request, token, str(exc).capitalize() + ".", 400)
            else:
                settings.users_exist = True
    if user is None:
        try:
            with _store(request).session() as s:
                user = users.use_one_time_link(s, token, password)
                audit.record(s, "user.password", user.username, target=user.username,
                             detail={"via": "one-time link"}, origin=origin_of(request))  # fmt: skip
                s.expunge(user)
        except ValueError:
            context = {"status": 404, "message": "This link is invalid, used or expired.", "candidates": []}
            return _render(request, "error.html", context, 404)
    response = RedirectResponse("/", status_code=303)
    _sign_in(request, response, user)
    return response


# One's own account: password, API tokens, sessions.


def signed_in(request: Request) -> Identity:
    """Anyone signed in (or the owner): for sign-out."""
    identity = identity_of(request)
    if identity.via == "anonymous":
        raise HTTPException(401, "sign in first", headers={"WWW-Authenticate": "Bearer"})
    return identity


signed_in.redes_role = "viewer"  # what tests/web/test_auth.py looks for on every write
SignedInDep = Annotated[Identity, Depends(signed_in)]


def _signed_in_user(request: Request) -> Identity:
    identity = identity_of(request)
    if not identity.signed_in:
        raise HTTPException(403, "the owner has no account: create users first (redes users add)")
    return identity


_signed_in_user.redes_role = "viewer"
AccountDep = Annotated[Identity, Depends(_signed_in_user)]


def _account_page(
    request: Request, identity: Identity, message: str | None = None, new_token: str | None = None, status=200
) -> Response:
    from redes.access import users
    from redes.store.models import Collection

    with _store(request).session() as s:
        user = s.get(User, identity.user_id)
        tokens = [
            {
                "id": t.id,
                "name": t.name,
                "created": t.created_at,
                "last_used": t.last_used,
                "revoked": t.revoked,
            }
            for t in users.list_tokens(s, user)
        ]
        groups = users.user_groups(s, user)
        readable = identity.scope.readable or frozenset()
        names = sorted(s.scalars(select(Collection.name).where(Collection.id.in_(readable))))
        writable = identity.scope.writable or frozenset()
        can_write = set(s.scalars(select(Collection.name).where(Collection.id.in_(writable))))
    context = {
        "page": "account",
        "me": identity,
        "tokens": tokens,
        "groups": groups,
        "collections": [{"name": n, "write": n in can_write} for n in names],
        "message": message,
        "new_token": new_token,
    }
    return _render(request, "account.html", context, status)


@router.get("/account")
def account(request: Request, identity: AccountDep) -> Response:
    done = {"password": "Password changed; other sessions were signed out."}
    return _account_page(request, identity, done.get(request.query_params.get("done", "")))


@router.post("/account/password")
def change_password(
    request: Request,
    identity: AccountDep,
    current: Annotated[str, Form(max_length=1024)],
    password: Annotated[str, Form(max_length=1024)],
    confirm: Annotated[str, Form(max_length=1024)],
) -> Response:
    from redes.access import audit, users

    if password != confirm:
        return _account_page(request, identity, "The two new passwords differ.", status=400)
    with _store(request).session() as s:
        user = users.authenticate(s, identity.username or "", current)
    if user is None:
        return _account_page(request, identity, "The current password is wrong.", status=400)
    try:
        with _store(request).session() as s:
            user = s.get(User, identity.user_id)
            users.set_password(s, user, password)  # ends every session, this one too
            audit.record(s, "user.password", user.username, target=user.username, origin=origin_of(request))
            s.expunge(user)
    except ValueError as exc:
        return _account_page(request, identity, str(exc).capitalize() + ".", status=400)
    response = RedirectResponse("/account?done=password", status_code=303)
    _sign_in(request, response, user)
    return response


@router.post("/account/tokens")
def create_token(
    request: Request, identity: AccountDep, name: Annotated[str, Form(max_length=100)] = "token"
) -> Response:
    from redes.access import audit, users

    with _store(request).session() as s:
        raw = users.create_api_token(s, s.get(User, identity.user_id), name)
        audit.record(s, "token.create", identity.username, target=name[:100], origin=origin_of(request))
    # Shown once, in this answer only (not in a URL, not stored).
    return _account_page(request, identity, "New API token: copy it now, it is not shown again.", raw)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, identity: AccountDep, token_id: TokenId) -> Response:
    from redes.access import audit, users
    from redes.access.models import ApiToken

    with _store(request).session() as s:
        row = s.get(ApiToken, token_id)
        if row is None or row.user_id != identity.user_id:
            raise HTTPException(404, "no such token")
        users.revoke_token(s, token_id)
        audit.record(s, "token.revoke", identity.username, target=row.name, origin=origin_of(request))
    return RedirectResponse("/account", status_code=303)
