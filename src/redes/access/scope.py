"""Who is asking, and what they may read and write: the ``Scope`` every query runs under.

A scope is computed once per request or command from the user's role and grants:

- the **owner** (the local CLI on a database without users, or ``redes serve`` on loopback
  before any user exists) reads and writes everything;
- an **admin** reads public and team collections, and confidential ones only with a
  grant (granting oneself is possible and lands in the audit log);
- an **editor** or a **viewer** reads public collections and the team and confidential
  collections granted to them or to one of their groups; editors write to public
  collections and to those with a write grant, viewers write nowhere.

``redes.access.filters`` turns a restricted scope into SQL criteria that every ORM query of
the session passes through.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from redes.access.models import Grant, GroupMember, User
from redes.store.models import Collection

ROLE_RANK = {"viewer": 0, "editor": 1, "admin": 2, "owner": 3}


@dataclass(frozen=True, slots=True)
class Scope:
    username: str | None
    role: str  # owner | admin | editor | viewer | anonymous
    readable: frozenset[int] | None  # collection ids; None: every collection
    writable: frozenset[int] | None
    user_id: int | None = None

    @property
    def restricted(self) -> bool:
        return self.readable is not None

    def at_least(self, role: str) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]

    def can_read(self, collection_id: int) -> bool:
        return self.readable is None or collection_id in self.readable

    def can_write(self, collection_id: int) -> bool:
        return self.writable is None or collection_id in self.writable

    @property
    def key(self) -> tuple:
        """What caches of derived data (graphs, statistics) are keyed by."""
        return ("all",) if self.readable is None else tuple(sorted(self.readable))


OWNER = Scope("owner", "owner", None, None)
# Nobody signed in, on a server that has users: nothing is readable.
ANONYMOUS = Scope(None, "anonymous", frozenset(), frozenset())


def scope_for(session: Session, user: User) -> Scope:
    """The scope of an active user, from their role and their own and their groups' grants."""
    if not user.active:
        return ANONYMOUS
    groups = select(GroupMember.group_id).where(GroupMember.user_id == user.id)
    granted: dict[int, str] = {}
    for cid, access in session.execute(
        select(Grant.collection_id, Grant.access).where(
            or_(Grant.user_id == user.id, Grant.group_id.in_(groups))
        )
    ):
        if granted.get(cid) != "write":
            granted[cid] = access
    readable: set[int] = set(granted)
    writable: set[int] = {cid for cid, a in granted.items() if a == "write"}
    for cid, visibility in session.execute(select(Collection.id, Collection.visibility)):
        if visibility == "public":
            readable.add(cid)
            if user.role in ("editor", "admin"):
                writable.add(cid)
        elif visibility == "team" and user.role == "admin":
            readable.add(cid)
            writable.add(cid)
    if user.role == "viewer":
        writable = set()
    return Scope(user.username, user.role, frozenset(readable), frozenset(writable), user.id)
