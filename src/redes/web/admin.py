"""Administration pages: users, groups, collections and grants, and the audit log.

Admins only (and the loopback owner before any user exists, who may create the first
accounts here). Every change lands in the audit log. One-time links are shown once, in the
answer to the form that made them, never in a URL.

An admin sees the names of every collection (to grant them) but, like everyone, reads a
confidential collection's documents only with a grant; granting oneself is possible, and
the audit log shows it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from redes.access.models import ROLES, VISIBILITIES, Grant
from redes.store import Store
from redes.store.models import Collection
from redes.web.auth import Identity, origin_of
from redes.web.deps import require_role

router = APIRouter(
    prefix="/admin",
    include_in_schema=False,
    default_response_class=HTMLResponse,
    dependencies=[Depends(require_role("admin"))],
)
# Bounded parameters (redes.web.params): a user name in a path, a choice in a form.
Username = Annotated[str, Path(max_length=100)]
Choice = Annotated[str, Form(max_length=20)]
AdminDep = Annotated[Identity, Depends(require_role("admin"))]

DONE = {
    "user": "User created.",
    "role": "Role changed.",
    "disabled": "User disabled: their sessions and tokens stopped working.",
    "enabled": "User enabled.",
    "group": "Group created.",
    "member": "Group membership changed.",
    "grant": "Grant saved.",
    "revoked": "Grant revoked.",
    "visibility": "Visibility changed.",
    "collection": "Collection created.",
}


def _store(request: Request) -> Store:
    return request.app.state.store.scoped(None)


def _actor(identity: Identity) -> str:
    return identity.username or "owner"


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    from redes.web.pages import render

    return render(request, name, context, status)


def _overview(request: Request, identity: Identity, message: str | None = None, link: str | None = None,
              error: str | None = None, status: int = 200) -> Response:  # fmt: skip
    from redes.access import users

    with _store(request).session() as s:
        people = []
        for u in users.list_users(s):
            people.append(
                {
                    "name": u.username,
                    "role": u.role,
                    "active": u.active,
                    "locked": users.is_locked(u),
                    "password": u.password_hash is not None,
                    "groups": users.user_groups(s, u),
                }
            )
        groups = [{"name": g.name, "members": users.group_members(s, g.name)} for g in users.list_groups(s)]
        grants = users.list_grants(s)
        granted = dict(
            s.execute(select(Grant.collection_id, func.count(Grant.id)).group_by(Grant.collection_id)).all()
        )
        collections = [
            {"name": c.name, "visibility": c.visibility, "grants": granted.get(c.id, 0)}
            for c in s.scalars(select(Collection).order_by(Collection.name))
        ]
    context = {
        "page": "admin",
        "me": identity,
        "users": people,
        "groups": groups,
        "grants": grants,
        "collections": collections,
        "roles": ROLES,
        "visibilities": VISIBILITIES,
        "message": message,
        "error": error,
        "link": link,
    }
    return _render(request, "admin.html", context, status)


def _done(key: str) -> Response:
    return RedirectResponse(f"/admin?done={key}", status_code=303)


def _link_url(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + f"/setup/{token}"


@router.get("")
def overview(request: Request, identity: AdminDep) -> Response:
    return _overview(request, identity, DONE.get(request.query_params.get("done", "")))


def _change(request: Request, identity: Identity, action: str, target: str, work, detail=None, done=None):
    """Run ``work(session)`` and record ``action``; a ValueError (an unknown user, the last
    admin...) is shown on the page and changes nothing."""
    from redes.access import audit

    try:
        with _store(request).session() as s:
            result = work(s)
            audit.record(s, action, _actor(identity), target=target, detail=detail, origin=origin_of(request))
    except ValueError as exc:
        return None, _overview(request, identity, error=str(exc), status=400)
    return result, (_done(done) if done else None)


@router.post("/users")
def add_user(
    request: Request,
    identity: AdminDep,
    username: Annotated[str, Form(max_length=100)],
    role: Choice = "viewer",
) -> Response:
    from redes.access import users

    def work(s):
        user = users.create_user(s, username, role)
        return user.username, users.one_time_link(s, user, minutes=24 * 60)

    result, page = _change(request, identity, "user.create", username, work, {"role": role})
    if result is None:
        return page
    name, token = result
    message = f"User {name} created. Send them this one-time link (valid for 24 hours) to set their password:"
    return _overview(request, identity, message, link=_link_url(request, token))


@router.post("/users/{username}/role")
def change_role(request: Request, identity: AdminDep, username: Username, role: Choice) -> Response:
    from redes.access import users

    _, page = _change(
        request, identity, "user.role", username, lambda s: users.set_role(s, users.need_user(s, username), role),
        {"role": role}, "role",
    )  # fmt: skip
    return page


@router.post("/users/{username}/disable")
def disable(request: Request, identity: AdminDep, username: Username) -> Response:
    from redes.access import users

    _, page = _change(
        request, identity, "user.disable", username, lambda s: users.disable_user(s, users.need_user(s, username)),
        None, "disabled",
    )  # fmt: skip
    return page


@router.post("/users/{username}/enable")
def enable(request: Request, identity: AdminDep, username: Username) -> Response:
    from redes.access import users

    _, page = _change(
        request, identity, "user.enable", username, lambda s: users.enable_user(s, users.need_user(s, username)),
        None, "enabled",
    )  # fmt: skip
    return page


@router.post("/users/{username}/link")
def reset_link(request: Request, identity: AdminDep, username: Username) -> Response:
    from redes.access import users

    result, page = _change(
        request, identity, "user.link", username,
        lambda s: users.one_time_link(s, users.need_user(s, username), minutes=24 * 60),
    )  # fmt: skip
    if result is None:
        return page
    message = f"One-time link for {username} (valid for 24 hours; it sets a new password):"
    return _overview(request, identity, message, link=_link_url(request, result))


@router.post("/groups")
def add_group(request: Request, identity: AdminDep, name: Annotated[str, Form(max_length=100)]) -> Response:
    from redes.access import users

    _, page = _change(
        request, identity, "group.create", name, lambda s: users.add_group(s, name), None, "group"
    )
    return page


@router.post("/groups/members")
def membership(
    request: Request,
    identity: AdminDep,
    group: Annotated[str, Form(max_length=100)],
    username: Annotated[str, Form(max_length=100)],
    op: Choice = "add",
) -> Response:
    from redes.access import users

    def work(s):
        if op == "remove":
            return users.remove_member(s, group, username)
        return users.add_member(s, group, username)

    action = "group.remove" if op == "remove" else "group.add"
    _, page = _change(request, identity, action, group, work, {"user": username}, "member")
    return page


def _grantee(kind: str, name: str) -> dict[str, str]:
    if kind not in ("user", "group"):
        raise ValueError("grant to a user or a group")
    return {kind: name}


@router.post("/grants")
def add_grant(
    request: Request,
    identity: AdminDep,
    collection: Annotated[str, Form(max_length=200)],
    grantee: Annotated[str, Form(max_length=100)],
    kind: Choice = "user",
    access: Choice = "read",
) -> Response:
    from redes.access import users

    def work(s):
        users.grant(s, collection, access=access, **_grantee(kind, grantee))

    detail = {kind: grantee, "access": access}
    _, page = _change(request, identity, "grant", collection, work, detail, "grant")
    return page


@router.post("/grants/revoke")
def revoke_grant(
    request: Request,
    identity: AdminDep,
    collection: Annotated[str, Form(max_length=200)],
    grantee: Annotated[str, Form(max_length=100)],
    kind: Choice = "user",
) -> Response:
    from redes.access import users

    def work(s):
        if not users.revoke(s, collection, **_grantee(kind, grantee)):
            raise ValueError("there was no such grant")

    _, page = _change(request, identity, "grant.revoke", collection, work, {kind: grantee}, "revoked")
    return page


@router.post("/collections")
def add_collection(
    request: Request,
    identity: AdminDep,
    name: Annotated[str, Form(max_length=200)],
    visibility: Choice = "confidential",
) -> Response:
    from redes.access import users

    _, page = _change(
        request, identity, "collection.create", name,
        lambda s: users.create_collection(s, name, visibility), {"visibility": visibility}, "collection",
    )  # fmt: skip
    return page


@router.post("/collections/visibility")
def change_visibility(
    request: Request,
    identity: AdminDep,
    collection: Annotated[str, Form(max_length=200)],
    visibility: Choice,
) -> Response:
    from redes.access import users

    _, page = _change(
        request, identity, "collection.visibility", collection,
        lambda s: users.set_visibility(s, collection, visibility), {"visibility": visibility}, "visibility",
    )  # fmt: skip
    return page


@router.get("/audit")
def audit_log(
    request: Request,
    identity: AdminDep,
    actor: Annotated[str, Query(max_length=100)] = "",
    action: Annotated[str, Query(max_length=100)] = "",
    since: Annotated[str, Query(max_length=40)] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    verify: bool = False,
) -> Response:
    from redes.access import audit

    error = None
    start = None
    if since:
        try:
            start = datetime.fromisoformat(since)
            start = start if start.tzinfo else start.replace(tzinfo=UTC)
        except ValueError:
            error = f"not a date: {since!r} (use 2026-01-31 or 2026-01-31T08:00)"
    with _store(request).session() as s:
        rows = audit.events(s, actor=actor or None, action=action or None, since=start, limit=limit)
        problems = audit.verify(s) if verify else None
    context = {
        "page": "admin",
        "events": rows,
        "actor": actor,
        "action": action,
        "since": since,
        "limit": limit,
        "error": error,
        "verified": verify,
        "problems": problems or [],
    }
    return _render(request, "audit.html", context)
