"""Accounts: password hashes, lock-out, one-time links, API tokens, sessions, groups and
grants, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from redes.access import passwords, scope_for, users
from redes.access.models import ApiToken, OneTimeLink, User, WebSession
from redes.store.models import Collection, utcnow

PASSWORD = "correct horse battery staple"


@pytest.fixture
def s(store):
    with store.session() as session:
        yield session


def _user(s, name="ana", role="viewer", password=PASSWORD) -> User:
    user = users.create_user(s, name, role)
    if password:
        users.set_password(s, user, password)
    return user


# --- hashes and tokens ---------------------------------------------------------------------


def test_passwords_are_argon2id_hashes():
    h = passwords.hash_password(PASSWORD)
    assert h.startswith("$argon2id$") and PASSWORD not in h
    assert passwords.hash_password(PASSWORD) != h  # salted
    assert passwords.verify_password(h, PASSWORD)
    assert not passwords.verify_password(h, PASSWORD + "!")
    assert not passwords.verify_password("not a hash", PASSWORD)
    assert not passwords.verify_password("", PASSWORD)
    # The stand-in hash for unknown users costs what a real one costs.
    assert not passwords.needs_rehash(passwords.dummy_hash())


def test_tokens_are_random_and_stored_as_sha256():
    a, b = passwords.new_token(), passwords.new_token()
    assert a != b and len(a) >= 40
    digest = passwords.token_hash(a)
    assert len(digest) == 64 and int(digest, 16) >= 0 and digest != a


# --- users ---------------------------------------------------------------------------------


def test_create_user_validates(s):
    user = users.create_user(s, "Ana.Lopez", "editor")
    assert user.username == "ana.lopez" and user.password_hash is None and user.active
    assert users.get_user(s, "ANA.LOPEZ") is user
    assert users.has_users(s)
    with pytest.raises(ValueError, match="already exists"):
        users.create_user(s, "ana.lopez", "viewer")
    with pytest.raises(ValueError, match="unknown role"):
        users.create_user(s, "bob", "owner")
    with pytest.raises(ValueError, match="reserved"):
        users.create_user(s, "owner", "viewer")
    with pytest.raises(ValueError, match="invalid"):
        users.create_user(s, "bob smith", "viewer")


def test_a_new_user_without_a_password_cannot_sign_in(s):
    users.create_user(s, "ana", "viewer")
    assert users.authenticate(s, "ana", "") is None
    assert users.authenticate(s, "ana", PASSWORD) is None


def test_password_policy(s):
    user = users.create_user(s, "ana", "viewer")
    with pytest.raises(ValueError, match="at least 12"):
        users.set_password(s, user, "short")
    users.set_password(s, user, PASSWORD)
    assert users.authenticate(s, "ana", PASSWORD) is user
    assert users.authenticate(s, "Ana", PASSWORD) is user
    assert users.authenticate(s, "ana", PASSWORD.upper()) is None


def test_lock_out_after_five_failures(s):
    user = _user(s)
    for _ in range(users.MAX_FAILURES - 1):
        assert users.authenticate(s, "ana", "wrong password!") is None
    assert not users.is_locked(user)
    assert users.authenticate(s, "ana", "wrong password!") is None
    assert users.is_locked(user)
    # Locked: even the right password fails, and does not unlock.
    assert users.authenticate(s, "ana", PASSWORD) is None
    assert users.is_locked(user)
    # Fifteen minutes later it works again.
    user.locked_until = utcnow() - timedelta(seconds=1)
    s.flush()
    assert users.authenticate(s, "ana", PASSWORD) is user
    assert user.failed_logins == 0 and user.locked_until is None


def test_a_success_resets_the_count(s):
    user = _user(s)
    for _ in range(users.MAX_FAILURES - 1):
        users.authenticate(s, "ana", "wrong password!")
    assert users.authenticate(s, "ana", PASSWORD) is user
    for _ in range(users.MAX_FAILURES - 1):
        users.authenticate(s, "ana", "wrong password!")
    assert not users.is_locked(user)


def test_every_attempt_costs_one_argon2_verification(s, monkeypatch):
    """No timing oracle: unknown, password-less, disabled and locked accounts verify too."""
    calls = []
    real = users.verify_password

    def counting(stored, password):
        calls.append(stored)
        return real(stored, password)

    monkeypatch.setattr(users, "verify_password", counting)
    _user(s, "ana")
    users.create_user(s, "nopass", "viewer")
    users.disable_user(s, _user(s, "gone"))
    locked = _user(s, "locked")
    locked.locked_until = utcnow() + timedelta(minutes=10)
    s.flush()
    for name in ("nobody", "nopass", "gone", "locked", "ana"):
        calls.clear()
        users.authenticate(s, name, PASSWORD)
        assert len(calls) == 1, name
        assert calls[0].startswith("$argon2id$"), name


def test_disabled_users_cannot_sign_in(s):
    user = _user(s)
    users.disable_user(s, user)
    assert users.authenticate(s, "ana", PASSWORD) is None
    users.enable_user(s, user)
    assert users.authenticate(s, "ana", PASSWORD) is user


def test_the_last_admin_stays(s):
    admin = _user(s, "root", "admin")
    with pytest.raises(ValueError, match="last active admin"):
        users.disable_user(s, admin)
    with pytest.raises(ValueError, match="last active admin"):
        users.set_role(s, admin, "viewer")
    _user(s, "second", "admin")
    users.set_role(s, admin, "viewer")
    assert admin.role == "viewer"


# --- one-time links ------------------------------------------------------------------------


def test_one_time_link_sets_the_password_once(s):
    user = users.create_user(s, "ana", "admin")
    token = users.one_time_link(s, user)
    stored = s.scalars(select(OneTimeLink.token_hash)).all()
    assert token not in stored and passwords.token_hash(token) in stored
    with pytest.raises(ValueError, match="at least 12"):
        users.use_one_time_link(s, token, "short")  # the link survives a bad password
    assert users.use_one_time_link(s, token, PASSWORD) is user
    assert users.authenticate(s, "ana", PASSWORD) is user
    with pytest.raises(ValueError, match="invalid, used or expired"):
        users.use_one_time_link(s, token, "another long password")
    assert users.authenticate(s, "ana", PASSWORD) is user


def test_one_time_link_expires(s):
    user = users.create_user(s, "ana", "viewer")
    token = users.one_time_link(s, user, minutes=60)
    s.execute(text("UPDATE one_time_links SET expires_at = :t"), {"t": utcnow() - timedelta(minutes=1)})
    with pytest.raises(ValueError, match="invalid, used or expired"):
        users.use_one_time_link(s, token, PASSWORD)
    with pytest.raises(ValueError, match="invalid, used or expired"):
        users.use_one_time_link(s, "made-up", PASSWORD)
    assert user.password_hash is None


def test_a_new_link_voids_the_old_one(s):
    user = users.create_user(s, "ana", "viewer")
    old = users.one_time_link(s, user)
    new = users.one_time_link(s, user)
    with pytest.raises(ValueError):
        users.use_one_time_link(s, old, PASSWORD)
    assert users.use_one_time_link(s, new, PASSWORD) is user


# --- API tokens ----------------------------------------------------------------------------


def test_api_tokens_and_revocation(s):
    user = _user(s)
    token = users.create_api_token(s, user, "laptop")
    row = s.scalar(select(ApiToken))
    assert row.token_hash == passwords.token_hash(token) and row.last_used is None
    assert users.user_for_token(s, token) is user
    assert row.last_used is not None
    assert users.user_for_token(s, token + "x") is None
    assert users.user_for_token(s, "") is None
    assert users.revoke_token(s, row.id)
    assert users.user_for_token(s, token) is None
    assert not users.revoke_token(s, 9999)


def test_disabling_a_user_revokes_their_tokens_for_good(s):
    user = _user(s)
    token = users.create_api_token(s, user, "ci")
    users.disable_user(s, user)
    assert users.user_for_token(s, token) is None
    users.enable_user(s, user)
    assert users.user_for_token(s, token) is None


# --- web sessions --------------------------------------------------------------------------


def test_sessions(s):
    user = _user(s)
    raw, csrf = users.create_session(s, user)
    row = s.scalar(select(WebSession))
    assert row.token_hash == passwords.token_hash(raw) and raw not in (row.token_hash, row.csrf_token)
    found = users.user_for_session(s, raw)
    assert found is not None and found[0] is user and found[1] is row
    assert (
        users.check_csrf(row, csrf)
        and not users.check_csrf(row, csrf[:-1])
        and not users.check_csrf(row, None)
    )
    assert users.user_for_session(s, raw[:-1]) is None
    users.end_session(s, raw)
    assert users.user_for_session(s, raw) is None


def test_sessions_expire(s):
    user = _user(s)
    raw, _ = users.create_session(s, user, hours=1)
    s.execute(text("UPDATE web_sessions SET expires_at = :t"), {"t": utcnow() - timedelta(seconds=1)})
    s.expire_all()
    assert users.user_for_session(s, raw) is None


def test_logout_everywhere_and_password_change_end_every_session(s):
    user = _user(s)
    a, _ = users.create_session(s, user)
    b, _ = users.create_session(s, user)
    users.end_all_sessions(s, user)
    assert users.user_for_session(s, a) is None and users.user_for_session(s, b) is None
    c, _ = users.create_session(s, user)
    assert users.user_for_session(s, c) is not None
    users.set_password(s, user, "a brand new password")
    assert users.user_for_session(s, c) is None


def test_disabled_users_lose_their_sessions(s):
    user = _user(s)
    raw, _ = users.create_session(s, user)
    users.disable_user(s, user)
    assert users.user_for_session(s, raw) is None
    with pytest.raises(ValueError):
        users.create_session(s, user)


# --- groups, grants, scope -----------------------------------------------------------------


@pytest.fixture
def collections(s):
    ids = {}
    for name, visibility in (("news", "public"), ("desk", "team"), ("sources", "confidential")):
        ids[name] = users.create_collection(s, name, visibility).id
    return ids


def test_scope_by_role_and_visibility(s, collections):
    viewer, editor, admin = (
        _user(s, "v", "viewer", None),
        _user(s, "e", "editor", None),
        _user(s, "a", "admin", None),
    )
    assert scope_for(s, viewer).readable == {collections["news"]}
    assert scope_for(s, viewer).writable == frozenset()
    assert scope_for(s, editor).writable == {collections["news"]}
    # Admins read team collections, but confidential ones only with a grant.
    assert scope_for(s, admin).readable == {collections["news"], collections["desk"]}


def test_user_grants(s, collections):
    editor = _user(s, "e", "editor", None)
    users.grant(s, "sources", user="e")
    scope = scope_for(s, editor)
    assert scope.can_read(collections["sources"]) and not scope.can_write(collections["sources"])
    users.grant(s, "sources", user="e", access="write")  # replaces the read grant
    assert scope_for(s, editor).can_write(collections["sources"])
    assert len(users.list_grants(s, "sources")) == 1
    assert users.revoke(s, "sources", user="e")
    assert not scope_for(s, editor).can_read(collections["sources"])
    assert not users.revoke(s, "sources", user="e")


def test_group_grants(s, collections):
    viewer, other = _user(s, "v", "viewer", None), _user(s, "w", "viewer", None)
    users.add_group(s, "investigadores")
    users.add_member(s, "investigadores", "v")
    users.add_member(s, "investigadores", "v")  # idempotent
    users.grant(s, "sources", group="investigadores", access="write")
    scope = scope_for(s, viewer)
    assert scope.can_read(collections["sources"])
    assert not scope.can_write(collections["sources"])  # viewers write nowhere
    assert not scope_for(s, other).can_read(collections["sources"])
    assert users.group_members(s, "investigadores") == ["v"]
    assert users.remove_member(s, "investigadores", "v")
    assert not scope_for(s, viewer).can_read(collections["sources"])


def test_visibility_changes_the_scope(s, collections):
    viewer = _user(s, "v", "viewer", None)
    users.set_visibility(s, "news", "confidential")
    assert scope_for(s, viewer).readable == frozenset()
    users.set_visibility(s, "sources", "public")
    assert scope_for(s, viewer).readable == {collections["sources"]}
    with pytest.raises(ValueError):
        users.set_visibility(s, "sources", "secret")
    with pytest.raises(ValueError):
        users.set_visibility(s, "missing", "public")


def test_grant_errors(s, collections):
    _user(s, "v", "viewer", None)
    users.add_group(s, "g")
    with pytest.raises(ValueError, match="either a user or a group"):
        users.grant(s, "sources", user="v", group="g")
    with pytest.raises(ValueError, match="no collection"):
        users.grant(s, "missing", user="v")
    with pytest.raises(ValueError, match="no user"):
        users.grant(s, "sources", user="nobody")
    with pytest.raises(ValueError, match="read or write"):
        users.grant(s, "sources", user="v", access="admin")
    assert s.scalar(select(Collection.visibility).where(Collection.name == "sources")) == "confidential"
