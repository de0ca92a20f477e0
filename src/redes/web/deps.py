"""Request dependencies shared by the API and the pages.

Who asks is resolved once per request by ``redes.web.auth.AuthMiddleware`` (a session
cookie, an API token, or the loopback owner of a database without users) and handed to
handlers through these dependencies:

- ``StoreDep``: the store *as the requester sees it* (``store.scoped(scope)``): every query
  a handler runs passes through the collection filter, so handlers never check collections;
- ``IdentityDep``: who is asking (``Identity``), for pages that show it;
- ``require_role("editor")``: declared on every endpoint that changes data (403 for a
  lesser role; the middleware already answered 401 to nobody);
- ``AuthorDep``: the signed-in user's name, the author of a review decision;
- ``WriteStoreDep`` and ``AdminStoreDep``: the whole database, for the few writes that
  must see everything (ingest's de-duplication and entity resolution, a rebuild), handed
  out only after the role and collection checks passed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from redes.store import Store
from redes.web.account import signed_in
from redes.web.auth import ANONYMOUS_IDENTITY, Identity, identity_of


def get_identity(request: Request) -> Identity:
    return identity_of(request)


IdentityDep = Annotated[Identity, Depends(get_identity)]


def get_store(request: Request) -> Store:
    """The request's store, restricted to what the requester may read. Without an identity
    (an app built without the middleware) nothing is readable: the filter fails closed.
    A GET's sessions each read one snapshot (``Store.snapshot``), so that an answer is
    never half the old and half the new knowledge base of a rebuild committing meanwhile."""
    identity = identity_of(request)
    store = request.app.state.store.scoped(identity.scope)
    return store.snapshot() if request.method in ("GET", "HEAD") else store


StoreDep = Annotated[Store, Depends(get_store)]


def _refuse(identity: Identity, message: str) -> HTTPException:
    if identity.via == "anonymous":
        return HTTPException(401, "sign in first", headers={"WWW-Authenticate": "Bearer"})
    return HTTPException(403, message)


def require_role(role: str) -> Callable[[Request], Identity]:
    """A dependency that lets ``role`` and higher roles through (the owner has every role)
    and answers 403 to the others, 401 to nobody."""

    def check(request: Request) -> Identity:
        identity = identity_of(request)
        if not identity.scope.at_least(role):
            raise _refuse(identity, f"this needs the {role} role")
        return identity

    check.redes_role = role  # what tests/web/test_auth.py looks for on every write endpoint
    check.__name__ = f"require_{role}"
    return check


CurrentUser = Annotated[Identity, Depends(signed_in)]


def review_author(identity: Annotated[Identity, Depends(require_role("editor"))]) -> str | None:
    """The author of a review decision: the signed-in user, never a name from the request.
    None for the local owner, whose client may name the author (the CLI's ``--author``)."""
    return identity.username if identity.user_id is not None else None


AuthorDep = Annotated[str | None, Depends(review_author)]


def full_store(request: Request) -> Store:
    return request.app.state.store.scoped(None)


def writable_collection(
    request: Request,
    collection: Annotated[str, Query(min_length=1, max_length=200)] = "public",
) -> Store:
    """For an upload into ``collection``: an editor who may write there gets the whole
    store (ingest must see every document and entity to de-duplicate and resolve); anyone
    else 403. A collection that exists but is not writable and one that does not exist get
    the same answer, so a refusal does not tell that a hidden collection exists; only
    admins and the owner may name a new collection, which ingest creates (public)."""
    identity = identity_of(request)
    if not identity.scope.at_least("editor"):
        raise _refuse(identity, "this needs the editor role")
    store = full_store(request)
    if identity.scope.writable is not None:
        with store.session() as s:
            coll = store.collection(s, collection, create=False)
            allowed = identity.scope.at_least("admin") if coll is None else identity.scope.can_write(coll.id)
        if not allowed:
            raise HTTPException(403, f"you may not write to a collection named {collection!r}")
    return store


writable_collection.redes_role = "editor"

WriteStoreDep = Annotated[Store, Depends(writable_collection)]


def _full_store_for(role: str) -> Callable[..., Store]:
    check = require_role(role)

    # A default, not an annotation: the annotations of this module are strings, and
    # ``check`` is not a global they could be resolved against.
    def dependency(request: Request, identity: Identity = Depends(check)) -> Store:  # noqa: B008
        return full_store(request)

    dependency.redes_role = role
    return dependency


EditorStoreDep = Annotated[Store, Depends(_full_store_for("editor"))]
AdminStoreDep = Annotated[Store, Depends(_full_store_for("admin"))]

__all__ = [
    "ANONYMOUS_IDENTITY",
    "AdminStoreDep",
    "AuthorDep",
    "CurrentUser",
    "EditorStoreDep",
    "IdentityDep",
    "StoreDep",
    "WriteStoreDep",
    "require_role",
]
