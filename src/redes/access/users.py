"""Accounts, groups, grants, API tokens, web sessions and one-time links.

Every function takes an open SQLAlchemy ``Session`` and leaves the commit to the caller (a
``with store.session() as s:`` block commits on success). None of them records an audit
event: the caller knows who acts and from where, and calls ``redes.access.audit.record``.

Secrets never reach the database: passwords are argon2id hashes, and API tokens, session
tokens and one-time links are stored as SHA-256 hashes of 256-bit random values. A new user
has no password until they use a one-time link (``one_time_link``) or an admin pipes one in.

Usernames are case-insensitive: they are stored and looked up in lower case.
"""

from __future__ import annotations

import hmac
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from redes.access.models import (
    ROLES,
    VISIBILITIES,
    ApiToken,
    Grant,
    Group,
    GroupMember,
    OneTimeLink,
    User,
    WebSession,
)
from redes.access.passwords import (
    dummy_hash,
    hash_password,
    needs_rehash,
    new_token,
    token_hash,
    verify_password,
)
from redes.store.models import Collection, utcnow

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
MAX_FAILURES = 5  # consecutive failed logins ...
LOCKOUT = timedelta(minutes=15)  # ... lock the account for this long
ACCESS = ("read", "write")
# Where the web workbench takes a one-time link: SET_PASSWORD_PATH + token.
SET_PASSWORD_PATH = "/setup/"
# Names that mean something else in the audit log and in scopes.
RESERVED_NAMES = {"owner", "anonymous"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,99}$")


# Last-use times are written at most this often: a write per request would take SQLite's
# write lock on every page view.
TOUCH_EVERY = timedelta(minutes=1)


def _now() -> datetime:
    return utcnow()


def _aware(dt: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones."""
    if dt is None or dt.tzinfo is not None:
        return dt
    return dt.replace(tzinfo=UTC)


def normalize_username(username: str) -> str:
    return (username or "").strip().lower()


def _check_name(name: str, what: str) -> str:
    name = normalize_username(name)
    if not _NAME.match(name):
        raise ValueError(
            f"invalid {what} name {name!r}: 1-100 characters, letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def check_password(password: str) -> None:
    """Raise ValueError unless ``password`` is acceptable (12 to 1024 characters)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise ValueError(f"the password must have at most {MAX_PASSWORD} characters")


# --- users ---------------------------------------------------------------------------------


def has_users(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def get_user(session: Session, username: str) -> User | None:
    name = normalize_username(username)
    if not name:
        return None
    return session.scalar(select(User).where(User.username == name))


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    return role


def create_user(session: Session, username: str, role: str) -> User:
    """A new active user without a password (give them a one-time link)."""
    _check_role(role)
    name = _check_name(username, "user")
    if name in RESERVED_NAMES:
        raise ValueError(f"{name!r} is a reserved name")
    if get_user(session, name) is not None:
        raise ValueError(f"user {name!r} already exists")
    user = User(username=name, role=role, active=True, failed_logins=0)
    session.add(user)
    session.flush()
    return user


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count(User.id)).where(User.role == "admin", User.active.is_(True))) or 0


def set_role(session: Session, user: User, role: str) -> None:
    """Change a user's role; the last active admin keeps theirs."""
    _check_role(role)
    if user.role == "admin" and role != "admin" and user.active and _active_admins(session) <= 1:
        raise ValueError("this is the last active admin: make another admin first")
    user.role = role
    session.flush()


def set_password(session: Session, user: User, password: str) -> None:
    """Set a new password: unlocks the account and ends every session of the user."""
    check_password(password)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    end_all_sessions(session, user)


def disable_user(session: Session, user: User) -> None:
    """Disable an account: it can no longer sign in, and its sessions, API tokens and
    unused one-time links stop working now."""
    if user.role == "admin" and user.active and _active_admins(session) <= 1:
        raise ValueError("this is the last active admin: make another admin first")
    user.active = False
    end_all_sessions(session, user)
    session.execute(update(ApiToken).where(ApiToken.user_id == user.id).values(revoked=True))
    session.execute(
        update(OneTimeLink)
        .where(OneTimeLink.user_id == user.id, OneTimeLink.used.is_(False))
        .values(used=True)
    )
    session.flush()


def enable_user(session: Session, user: User) -> None:
    """Enable an account again (revoked tokens stay revoked)."""
    user.active = True
    user.failed_logins = 0
    user.locked_until = None
    session.flush()


def is_locked(user: User, now: datetime | None = None) -> bool:
    locked = _aware(user.locked_until)
    return locked is not None and locked > (now or _now())


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, or None.

    Every call costs one argon2 verification, whether the user exists, has a password, is
    disabled or locked: the answer time says nothing about the account. ``MAX_FAILURES``
    consecutive failures lock the account for ``LOCKOUT``; attempts while locked fail
    without counting (even with the right password); a success resets the counter.
    """
    user = get_user(session, username) if isinstance(username, str) and len(username) <= 200 else None
    stored = user.password_hash if user is not None and user.password_hash else dummy_hash()
    ok = verify_password(stored, password if isinstance(password, str) else "")
    if user is None or not user.password_hash or not user.active:
        return None
    now = _now()
    if is_locked(user, now):
        return None
    if not ok:
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        session.flush()
        return None
    user.failed_logins = 0
    user.locked_until = None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    return user


# --- one-time links ------------------------------------------------------------------------


def one_time_link(session: Session, user: User, minutes: int = 60) -> str:
    """A token that sets ``user``'s password once within ``minutes``; only its hash is
    stored, and earlier unused links of the user stop working."""
    if not user.active:
        raise ValueError(f"user {user.username!r} is disabled")
    session.execute(
        update(OneTimeLink)
        .where(OneTimeLink.user_id == user.id, OneTimeLink.used.is_(False))
        .values(used=True)
    )
    token = new_token()
    session.add(
        OneTimeLink(
            user_id=user.id,
            token_hash=token_hash(token),
            expires_at=_now() + timedelta(minutes=minutes),
            used=False,
        )
    )
    session.flush()
    return token


def use_one_time_link(session: Session, token: str, password: str) -> User:
    """Set the password of the link's user and use the link up. ValueError when the
    password is too short (the link stays valid), or the link is unknown, used or expired."""
    check_password(password)
    link = session.scalar(select(OneTimeLink).where(OneTimeLink.token_hash == token_hash(token or "")))
    user = session.get(User, link.user_id) if link is not None and link.user_id is not None else None
    if link is None or link.used or _aware(link.expires_at) <= _now() or user is None or not user.active:
        raise ValueError("this link is invalid, used or expired: ask an admin for a new one")
    link.used = True
    set_password(session, user, password)
    return user


# --- API tokens ----------------------------------------------------------------------------


def create_api_token(session: Session, user: User, name: str) -> str:
    """A new API token for ``user``: the raw value is returned once, only its hash kept."""
    if not user.active:
        raise ValueError(f"user {user.username!r} is disabled")
    label = (name or "").strip()[:100] or "token"
    token = new_token()
    session.add(ApiToken(user_id=user.id, name=label, token_hash=token_hash(token), revoked=False))
    session.flush()
    return token


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def user_for_token(session: Session, token: str) -> User | None:
    """The active user of a non-revoked API token (and note when it was used), or None."""
    if not token or not isinstance(token, str):
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if row is None or row.revoked:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    now = _now()
    if row.last_used is None or now - _aware(row.last_used) > TOUCH_EVERY:
        row.last_used = now
        session.flush()
    return user


def revoke_token(session: Session, token_id: int) -> bool:
    """Revoke the API token with this id; False when there is none."""
    row = session.get(ApiToken, token_id)
    if row is None:
        return False
    row.revoked = True
    session.flush()
    return True


# --- web sessions --------------------------------------------------------------------------


def create_session(session: Session, user: User, hours: int = 12) -> tuple[str, str]:
    """A new signed-in session for ``user``: (session token for the cookie, CSRF token for
    forms). The table keeps the session token's hash; the CSRF token is kept as it is, since
    pages must print it, and it is worth nothing without the session cookie."""
    if not user.active:
        raise ValueError(f"user {user.username!r} is disabled")
    now = _now()
    session.execute(delete(WebSession).where(WebSession.user_id == user.id, WebSession.expires_at <= now))
    raw, csrf = new_token(), new_token()
    session.add(
        WebSession(
            user_id=user.id,
            token_hash=token_hash(raw),
            csrf_token=csrf,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
            last_seen=now,
        )
    )
    session.flush()
    return raw, csrf


def user_for_session(session: Session, token: str) -> tuple[User, WebSession] | None:
    """The user and session row of a valid session token: known, unexpired, issued after the
    user's last "log out everywhere" or password change, user active. Updates last_seen."""
    if not token or not isinstance(token, str):
        return None
    row = session.scalar(select(WebSession).where(WebSession.token_hash == token_hash(token)))
    if row is None:
        return None
    now = _now()
    user = session.get(User, row.user_id)
    void_before = _aware(user.sessions_valid_after) if user is not None else None
    if (
        user is None
        or not user.active
        or _aware(row.expires_at) <= now
        or (void_before is not None and _aware(row.created_at) < void_before)
    ):
        session.delete(row)
        session.flush()
        return None
    if now - _aware(row.last_seen) > TOUCH_EVERY:
        row.last_seen = now
        session.flush()
    return user, row


def check_csrf(web_session: WebSession, token: str | None) -> bool:
    """Whether a form's CSRF token is the session's (constant-time comparison)."""
    if not token or not isinstance(token, str) or not web_session.csrf_token:
        return False
    return hmac.compare_digest(web_session.csrf_token.encode(), token.encode())


def end_session(session: Session, token: str) -> None:
    """Sign out one session (the cookie's token)."""
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == token_hash(token)))
        session.flush()


def end_all_sessions(session: Session, user: User) -> None:
    """Sign ``user`` out everywhere: every existing session stops working now."""
    user.sessions_valid_after = _now()
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    session.flush()


# --- groups --------------------------------------------------------------------------------


def get_group(session: Session, name: str) -> Group | None:
    return session.scalar(select(Group).where(Group.name == normalize_username(name)))


def list_groups(session: Session) -> list[Group]:
    return list(session.scalars(select(Group).order_by(Group.name)))


def add_group(session: Session, name: str) -> Group:
    name = _check_name(name, "group")
    if get_group(session, name) is not None:
        raise ValueError(f"group {name!r} already exists")
    group = Group(name=name)
    session.add(group)
    session.flush()
    return group


def _need_group(session: Session, name: str) -> Group:
    group = get_group(session, name)
    if group is None:
        raise ValueError(f"no group {normalize_username(name)!r}")
    return group


def need_user(session: Session, name: str) -> User:
    """The user ``name``; ValueError when there is none."""
    user = get_user(session, name)
    if user is None:
        raise ValueError(f"no user {normalize_username(name)!r}")
    return user


def add_member(session: Session, group: str, username: str) -> None:
    """Put the user in the group (nothing happens when they already are)."""
    g, u = _need_group(session, group), need_user(session, username)
    exists = session.scalar(
        select(GroupMember.id).where(GroupMember.group_id == g.id, GroupMember.user_id == u.id)
    )
    if exists is None:
        session.add(GroupMember(group_id=g.id, user_id=u.id))
        session.flush()


def remove_member(session: Session, group: str, username: str) -> bool:
    g, u = _need_group(session, group), need_user(session, username)
    result = session.execute(
        delete(GroupMember).where(GroupMember.group_id == g.id, GroupMember.user_id == u.id)
    )
    session.flush()
    return bool(result.rowcount)


def group_members(session: Session, group: str) -> list[str]:
    g = _need_group(session, group)
    return list(
        session.scalars(
            select(User.username)
            .join(GroupMember, GroupMember.user_id == User.id)
            .where(GroupMember.group_id == g.id)
            .order_by(User.username)
        )
    )


def user_groups(session: Session, user: User) -> list[str]:
    return list(
        session.scalars(
            select(Group.name)
            .join(GroupMember, GroupMember.group_id == Group.id)
            .where(GroupMember.user_id == user.id)
            .order_by(Group.name)
        )
    )


# --- collections and grants ----------------------------------------------------------------


def _need_collection(session: Session, name: str) -> Collection:
    coll = session.scalar(select(Collection).where(Collection.name == name))
    if coll is None:
        raise ValueError(f"no collection {name!r}")
    return coll


def _check_visibility(visibility: str) -> str:
    if visibility not in VISIBILITIES:
        raise ValueError(f"unknown visibility {visibility!r}: one of {', '.join(VISIBILITIES)}")
    return visibility


def create_collection(
    session: Session, name: str, visibility: str = "public", label: str | None = None
) -> Collection:
    """A new, empty collection (ingest creates one too, as public, for the owner and admins)."""
    _check_visibility(visibility)
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValueError("a collection name has 1 to 200 characters")
    if session.scalar(select(Collection.id).where(Collection.name == name)) is not None:
        raise ValueError(f"collection {name!r} already exists")
    coll = Collection(name=name, visibility=visibility, label=label)
    session.add(coll)
    session.flush()
    return coll


def set_visibility(session: Session, collection_name: str, visibility: str) -> None:
    """Make a collection public (every user reads it), team (admins and grantees) or
    confidential (grantees only)."""
    _check_visibility(visibility)
    _need_collection(session, collection_name).visibility = visibility
    session.flush()


def _grantee(session: Session, user: str | None, group: str | None) -> tuple[int | None, int | None]:
    if (user is None) == (group is None):
        raise ValueError("give either a user or a group")
    if user is not None:
        return need_user(session, user).id, None
    return None, _need_group(session, group).id


def grant(
    session: Session,
    collection_name: str,
    *,
    user: str | None = None,
    group: str | None = None,
    access: str = "read",
) -> Grant:
    """Give a user or a group read or write access to a collection (a second grant to the
    same grantee replaces the first)."""
    if access not in ACCESS:
        raise ValueError(f"unknown access {access!r}: read or write")
    coll = _need_collection(session, collection_name)
    user_id, group_id = _grantee(session, user, group)
    row = session.scalar(
        select(Grant).where(
            Grant.collection_id == coll.id,
            Grant.user_id.is_(None) if user_id is None else Grant.user_id == user_id,
            Grant.group_id.is_(None) if group_id is None else Grant.group_id == group_id,
        )
    )
    if row is None:
        row = Grant(collection_id=coll.id, user_id=user_id, group_id=group_id, access=access)
        session.add(row)
    else:
        row.access = access
    session.flush()
    return row


def revoke(
    session: Session, collection_name: str, *, user: str | None = None, group: str | None = None
) -> bool:
    """Take a user's or group's grant to a collection away; False when there was none."""
    coll = _need_collection(session, collection_name)
    user_id, group_id = _grantee(session, user, group)
    result = session.execute(
        delete(Grant).where(
            Grant.collection_id == coll.id,
            Grant.user_id.is_(None) if user_id is None else Grant.user_id == user_id,
            Grant.group_id.is_(None) if group_id is None else Grant.group_id == group_id,
        )
    )
    session.flush()
    return bool(result.rowcount)


def list_grants(session: Session, collection_name: str | None = None) -> list[dict]:
    """Grants as {collection, user, group, access}, by collection."""
    q = (
        select(Collection.name, User.username, Group.name, Grant.access)
        .select_from(Grant)
        .join(Collection, Collection.id == Grant.collection_id)
        .outerjoin(User, User.id == Grant.user_id)
        .outerjoin(Group, Group.id == Grant.group_id)
        .order_by(Collection.name, User.username, Group.name)
    )
    if collection_name is not None:
        q = q.where(Collection.name == collection_name)
    return [{"collection": c, "user": u, "group": g, "access": a} for c, u, g, a in session.execute(q)]
