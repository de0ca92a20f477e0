"""Who may do what on the web: owner mode on loopback only while no user exists, sign-in
for everything else, roles on every state-changing endpoint, CSRF, sessions (fixation,
expiry, sign-out everywhere), lock-out and rate limits, API tokens, setup links, the
audit log, and ``redes serve``'s refusal to expose data without TLS.

Each test makes its own app over its own store, so the rate limits and the "users exist"
state of one test never help another pass."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select, update

from redes.access import audit, users
from redes.access.models import WebSession
from redes.store.models import Collection, Judgement, utcnow
from redes.web import create_app
from redes.web.audited import AUDITED
from redes.web.auth import OWN_CSRF, SELF_SERVICE
from tests.web.conftest import build_store

PASSWORD = "correct horse battery staple"
LOOPBACK = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.7", 50000)
PUBLIC_WRITES = {"/login", "/setup/{token}", "/tip", "/tip/add"}


def _client(app, client=LOOPBACK, https=False):
    from fastapi.testclient import TestClient

    base = "https://127.0.0.1" if https else "http://127.0.0.1"
    return TestClient(app, base_url=base, client=client, follow_redirects=False)


def add_user(store, name: str, role: str, password: str = PASSWORD) -> None:
    with store.session() as s:
        user = users.create_user(s, name, role)
        users.set_password(s, user, password)


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def login(c, name: str, password: str = PASSWORD, next: str = "/"):
    page = c.get("/login")
    assert page.status_code == 200
    data = {"username": name, "password": password, "form_token": form_token(page.text), "next": next}
    return c.post("/login", data=data)


def signed_in(app, name: str, **kw):
    c = _client(app, **kw)
    r = login(c, name)
    assert r.status_code == 303, r.text
    return c


def csrf(c) -> str:
    html = c.get("/account").text
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


def session_cookie(c, app) -> str | None:
    return c.cookies.get(app.state.auth.session_cookie)


def _concrete(path: str) -> str:
    """A route's path with its parameters filled in (numbers where a number is expected)."""
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: "1" if m.group(1).endswith("id") else "x", path)


def _routes(app, methods: set[str]):
    """(method, route) for every API route and page, with its full path and dependencies
    (FastAPI 0.12x+ includes routers lazily: ``iter_route_contexts`` resolves them)."""
    try:
        from fastapi.routing import iter_route_contexts

        routes = list(iter_route_contexts(app.routes))
    except ImportError:
        routes = app.routes
    for route in routes:
        if isinstance(getattr(route, "original_route", route), APIRoute):
            for method in sorted(set(route.methods) & methods):
                yield method, route


def _roles(dependant) -> set[str]:
    """The roles that the dependencies of a route (at any depth) require."""
    found = set()
    for dep in dependant.dependencies:
        role = getattr(dep.call, "redes_role", None)
        if role:
            found.add(role)
        found |= _roles(dep)
    return found


@pytest.fixture
def empty(store):
    """An empty store on each backend (SQLite and PostgreSQL)."""
    return store


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """The test corpus, with a confidential collection, and an admin, an editor and a
    viewer; tests that change more than the audit log use their own store."""
    store = build_store(tmp_path_factory.mktemp("authkb"))
    with store.session() as s:
        users.create_collection(s, "secret", "confidential")
        secret = s.scalar(select(Collection.id).where(Collection.name == "secret"))
        from redes.store.models import Document

        doc = s.scalar(select(Document).where(Document.file_name == "en_field_note.txt"))
        doc.collection_id = secret
    for name, role in (("ana", "admin"), ("eddie", "editor"), ("vera", "viewer")):
        add_user(store, name, role)
    yield store
    store.close()


# --- owner mode ---------------------------------------------------------------------------


def test_owner_mode_without_users_on_loopback(empty):
    app = create_app(empty)
    c = _client(app)
    assert c.get("/").status_code == 200
    assert c.get("/api/stats").status_code == 200
    assert c.get("/api/documents").json() == []
    # The owner writes, without signing in and without a CSRF token (the Origin check stays).
    assert c.post("/api/kb/rebuild").status_code == 200
    assert c.get("/login").status_code == 200  # says there are no accounts, links home


@pytest.mark.parametrize(
    ("client", "headers", "kwargs"),
    [
        (REMOTE, {}, {}),  # another machine
        (LOOPBACK, {"X-Forwarded-For": "203.0.113.7"}, {}),  # a proxy on this machine
        (LOOPBACK, {"Forwarded": "for=203.0.113.7"}, {}),
        (LOOPBACK, {}, {"behind_proxy": True}),  # served behind a proxy: never the owner
        (LOOPBACK, {}, {"owner_mode": False}),  # bound to a network address
    ],
)
def test_owner_mode_is_for_loopback_only(sqlite_store, client, headers, kwargs):
    app = create_app(sqlite_store, **kwargs)
    c = _client(app, client=client, https=kwargs.get("behind_proxy", False))
    assert c.get("/api/stats", headers=headers).status_code == 401
    page = c.get("/", headers=headers)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert c.get("/login", headers=headers).status_code == 200


def test_owner_mode_ends_when_the_first_user_exists(empty):
    app = create_app(empty)
    c = _client(app)
    assert c.get("/api/stats").status_code == 200
    add_user(empty, "ana", "admin")
    assert c.get("/api/stats").status_code == 401
    assert c.get("/", follow_redirects=False).status_code == 303


# --- sign-in required ---------------------------------------------------------------------


def test_nothing_answers_without_signing_in_once_users_exist(empty):
    add_user(empty, "ana", "admin")
    app = create_app(empty)
    c = _client(app)
    checked = 0
    for _method, route in _routes(app, {"GET"}):
        path = _concrete(route.path)
        if route.path in ("/login", "/tip", "/tip/add", "/setup/{token}"):
            assert c.get(path).status_code in (200, 404), path  # a wrong setup token: 404
            continue
        if route.path in ("/language/{code}", "/language/{code}/strings.js"):  # public: the interface's language
            assert c.get(path).status_code == 400, path  # no language "x"
            continue
        r = c.get(path)
        if path.startswith("/api/"):
            assert r.status_code == 401, path
            assert r.json() == {"detail": "sign in first"}
        else:
            assert r.status_code == 303, path
            assert r.headers["location"].startswith("/login?next="), path
        checked += 1
    assert checked > 30
    assert c.get("/openapi.json").status_code == 401
    assert c.get("/no/such/page").status_code == 303  # not even a 404 tells what exists
    assert c.get("/api/no/such").status_code == 401
    assert c.get("/static/css/redes.css").status_code == 200


def test_sign_in_goes_back_to_the_page_asked_for_and_never_elsewhere(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    app = create_app(sqlite_store)
    c = _client(app)
    assert login(c, "vera", next="/documents").headers["location"] == "/documents"
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        c2 = _client(app)
        assert login(c2, "vera", next=evil).headers["location"] == "/"


def test_wrong_password_and_unknown_user_get_the_same_answer(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    app = create_app(sqlite_store)
    c = _client(app)
    wrong = login(c, "vera", "wrong password here")
    unknown = login(c, "nobody", "wrong password here")
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong username or password" in wrong.text and "Wrong username or password" in unknown.text
    assert session_cookie(c, app) is None


def test_the_sign_in_form_needs_its_own_token(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    app = create_app(sqlite_store)
    c = _client(app)
    r = c.post("/login", data={"username": "vera", "password": PASSWORD})
    assert r.status_code == 403
    c.get("/login")
    r = c.post("/login", data={"username": "vera", "password": PASSWORD, "form_token": "forged"})
    assert r.status_code == 403
    assert session_cookie(c, app) is None


# --- roles ---------------------------------------------------------------------------------


def test_every_state_changing_route_declares_a_role():
    """A new POST/PUT/PATCH/DELETE endpoint without ``require_role`` (or the signed-in
    check of one's own account) fails here."""
    from redes.store import open_store

    app = create_app(open_store("sqlite://"))
    writes = list(_routes(app, {"POST", "PUT", "PATCH", "DELETE"}))
    assert len(writes) > 20
    for method, route in writes:
        if route.path in PUBLIC_WRITES:
            continue
        assert _roles(route.dependant), f"{method} {route.path} checks no role"


def test_roles_on_every_state_changing_endpoint(empty):
    for name, role in (("ana", "admin"), ("eddie", "editor"), ("vera", "viewer")):
        add_user(empty, name, role)
    app = create_app(empty)
    anonymous = _client(app)
    viewer = signed_in(app, "vera")
    editor = signed_in(app, "eddie")
    tokens = {"viewer": csrf(viewer), "editor": csrf(editor)}
    checked = 0
    for method, route in _routes(app, {"POST", "PUT", "PATCH", "DELETE"}):
        if route.path in PUBLIC_WRITES:
            continue
        path = _concrete(route.path)
        r = anonymous.request(method, path)
        assert r.status_code in (401, 303), f"anonymous {method} {path}: {r.status_code}"
        if r.status_code == 303:
            assert r.headers["location"].startswith("/login")
        if not route.path.startswith(SELF_SERVICE):
            r = viewer.request(method, path, headers={"X-CSRF-Token": tokens["viewer"]})
            assert r.status_code == 403, f"viewer {method} {path}: {r.status_code}"
        if "admin" in _roles(route.dependant):
            r = editor.request(method, path, headers={"X-CSRF-Token": tokens["editor"]})
            assert r.status_code == 403, f"editor {method} {path}: {r.status_code}"
        checked += 1
    assert checked > 20


def test_viewers_change_nothing_even_with_an_api_token(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    with sqlite_store.session() as s:
        token = users.create_api_token(s, users.get_user(s, "vera"), "script")
    c = _client(create_app(sqlite_store))
    auth = {"Authorization": f"Bearer {token}"}
    assert c.get("/api/stats", headers=auth).status_code == 200
    assert c.post("/api/claims/x/accept", headers=auth).status_code == 403
    assert c.post("/api/kb/rebuild", headers=auth).status_code == 403


def test_editors_upload_only_where_they_may_write(tmp_path):
    store = build_store(tmp_path)
    with store.session() as s:
        users.create_collection(s, "secret", "confidential")
        users.create_collection(s, "shared", "confidential")
    for name, role in (("ana", "admin"), ("eddie", "editor")):
        add_user(store, name, role)
    with store.session() as s:
        users.grant(s, "shared", user="eddie", access="write")
    app = create_app(store)
    editor = signed_in(app, "eddie")
    headers = {"X-CSRF-Token": csrf(editor), "Content-Type": "application/octet-stream"}
    body = b"Joaquin Guzman Loera was arrested in 2016.\n"

    def upload(c, collection, name="note.txt", h=headers):
        return c.post(f"/api/documents/upload?name={name}&collection={collection}", content=body, headers=h)

    hidden, missing = upload(editor, "secret"), upload(editor, "no-such-collection")
    assert hidden.status_code == missing.status_code == 403
    # The same words, so that a refusal does not tell whether a hidden collection exists.
    assert hidden.json()["detail"].replace("secret", "X") == missing.json()["detail"].replace(
        "no-such-collection", "X"
    )
    assert upload(editor, "shared").status_code == 200
    assert upload(editor, "public", "other.txt").status_code == 200
    admin = signed_in(app, "ana")
    admin_headers = {**headers, "X-CSRF-Token": csrf(admin)}
    assert upload(admin, "brand-new", "third.txt", admin_headers).status_code == 200
    assert upload(admin, "secret", "fourth.txt", admin_headers).status_code == 403  # no grant
    store.close()


def test_the_review_author_is_the_signed_in_user(tmp_path):
    store = build_store(tmp_path)
    add_user(store, "eddie", "editor")
    app = create_app(store)
    c = signed_in(app, "eddie")
    key = c.get("/api/claims").json()[0]["key"]
    r = c.post(
        f"/api/claims/{key}/reject",
        json={"author": "somebody else", "note": "one source"},
        headers={"X-CSRF-Token": csrf(c)},
    )
    assert r.status_code == 200
    with store.session() as s:
        assert s.scalar(select(Judgement.author).order_by(Judgement.id.desc())) == "eddie"
    store.close()


# --- CSRF ----------------------------------------------------------------------------------


def test_writes_with_the_cookie_need_the_csrf_token(corpus_store):
    app = create_app(corpus_store)
    c = signed_in(app, "eddie")
    token = csrf(c)
    assert c.post("/api/claims/nope/accept").status_code == 403
    assert c.post("/api/claims/nope/accept", headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert c.post("/api/claims/nope/accept", headers={"X-CSRF-Token": token}).status_code == 404
    # Forms: the csrf field.
    assert c.post("/account/tokens", data={"name": "x"}).status_code == 403
    assert c.post("/account/tokens", data={"name": "x", "csrf": "wrong"}).status_code == 403
    assert c.post("/account/tokens", data={"name": "x", "csrf": token}).status_code == 200
    assert c.post("/logout/all").status_code == 403
    admin = signed_in(app, "ana")
    assert admin.post("/admin/groups", data={"name": "desk"}).status_code == 403


def test_api_tokens_need_no_csrf_and_stop_working_when_revoked(corpus_store):
    with corpus_store.session() as s:
        token = users.create_api_token(s, users.get_user(s, "eddie"), "script")
        token_id = users.list_tokens(s, users.get_user(s, "eddie"))[-1].id
    c = _client(create_app(corpus_store))
    auth = {"Authorization": f"Bearer {token}"}
    assert c.get("/api/stats", headers=auth).status_code == 200
    assert c.post("/api/claims/nope/accept", headers=auth).status_code == 404  # no CSRF needed
    assert c.get("/", headers=auth).status_code == 200
    with corpus_store.session() as s:
        users.revoke_token(s, token_id)
    assert c.get("/api/stats", headers=auth).status_code == 401
    assert c.get("/", headers=auth).status_code == 401  # never a fall-back to a cookie
    assert c.get("/api/stats", headers={"Authorization": "Bearer made-up"}).status_code == 401
    assert c.get("/api/stats", headers={"Authorization": "Basic YTpi"}).status_code == 401


def test_a_user_revokes_their_token_from_the_account_page(corpus_store):
    app = create_app(corpus_store)
    c = signed_in(app, "vera")
    token = csrf(c)
    page = c.post("/account/tokens", data={"name": "laptop", "csrf": token})
    raw = re.search(r'id="new-token">([^<]+)<', page.text).group(1)
    api = _client(app)
    assert api.get("/api/stats", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    token_id = re.findall(r"/account/tokens/(\d+)/revoke", page.text)[-1]
    assert c.post(f"/account/tokens/{token_id}/revoke", data={"csrf": token}).status_code == 303
    assert api.get("/api/stats", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


# --- sessions ------------------------------------------------------------------------------


def test_cookies_are_httponly_samesite_strict_and_secure_over_https(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    plain = _client(create_app(sqlite_store))
    cookie = login(plain, "vera").headers["set-cookie"]
    assert "redes_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/" in cookie and "Secure" not in cookie
    app = create_app(sqlite_store, secure_cookies=True)
    tls = _client(app, https=True)
    r = login(tls, "vera")
    session = [v for k, v in r.headers.multi_items() if k == "set-cookie" and "redes_session=" in v][0]
    assert session.startswith("__Host-redes_session=") and "Secure" in session and "HttpOnly" in session
    assert tls.get("/account").status_code == 200


def test_signing_in_makes_a_new_session_token(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    app = create_app(sqlite_store)
    c = _client(app)
    c.cookies.set("redes_session", "chosen-by-an-attacker", domain="127.0.0.1", path="/")
    assert c.get("/api/stats").status_code == 401
    login(c, "vera")
    first = session_cookie(c, app)
    assert first and first != "chosen-by-an-attacker"
    assert c.get("/api/stats").status_code == 200
    attacker = _client(app)
    attacker.cookies.set("redes_session", "chosen-by-an-attacker", domain="127.0.0.1", path="/")
    assert attacker.get("/api/stats").status_code == 401
    # Signing in again replaces the session: the old token stops working.
    login(c, "vera")
    second = session_cookie(c, app)
    assert second != first
    old = _client(app)
    old.cookies.set("redes_session", first, domain="127.0.0.1", path="/")
    assert old.get("/api/stats").status_code == 401


def test_sign_out_and_sign_out_everywhere(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    app = create_app(sqlite_store)
    laptop, phone, tablet = (signed_in(app, "vera") for _ in range(3))
    assert laptop.post("/logout", data={"csrf": csrf(laptop)}).status_code == 303
    assert laptop.get("/api/stats").status_code == 401
    assert phone.get("/api/stats").status_code == 200  # only that session ended
    r = phone.post("/logout/all", data={"csrf": csrf(phone)})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert phone.get("/api/stats").status_code == 401
    assert tablet.get("/api/stats").status_code == 401
    events = [e["action"] for e in _events(sqlite_store)]
    assert "logout" in events and "logout.all" in events


def test_sessions_expire_when_idle_and_after_their_lifetime(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    app = create_app(sqlite_store)
    idle, old = signed_in(app, "vera"), signed_in(app, "vera")
    from redes.access.passwords import token_hash

    with sqlite_store.session() as s:
        s.execute(
            update(WebSession)
            .where(WebSession.token_hash == token_hash(session_cookie(idle, app)))
            .values(last_seen=utcnow() - timedelta(hours=2))
        )
        s.execute(
            update(WebSession)
            .where(WebSession.token_hash == token_hash(session_cookie(old, app)))
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )
    assert idle.get("/api/stats").status_code == 401
    assert old.get("/api/stats").status_code == 401
    assert signed_in(app, "vera").get("/api/stats").status_code == 200


# --- lock-out and rate limits --------------------------------------------------------------


def test_brute_force_locks_the_account(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    app = create_app(sqlite_store)
    attacker = _client(app, client=("198.51.100.1", 1))
    for _ in range(users.MAX_FAILURES):
        assert login(attacker, "vera", "not the password").status_code == 401
    # Locked: the right password fails too, from anywhere, with the same answer.
    owner = _client(app, client=("198.51.100.2", 1))
    r = login(owner, "vera")
    assert r.status_code == 401 and session_cookie(owner, app) is None
    failed = [e for e in _events(sqlite_store) if e["action"] == "login.failed"]
    assert len(failed) == users.MAX_FAILURES + 1
    assert failed[0]["target"] == "vera" and failed[0]["origin"] == "web 198.51.100.2"


def test_sign_in_attempts_are_rate_limited_per_client(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    app = create_app(sqlite_store)
    c = _client(app, client=("198.51.100.3", 1))
    codes = [login(c, f"nobody{i}", "not the password").status_code for i in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    # Another client is not slowed down by this one.
    assert login(_client(app, client=("198.51.100.4", 1)), "vera").status_code == 303


# --- setup links ---------------------------------------------------------------------------


def test_first_run_link_creates_the_admin_once(empty):
    app = create_app(empty, owner_mode=False)
    token = app.state.auth.first_run_link()
    c = _client(app, client=REMOTE)
    assert c.get("/api/stats").status_code == 401
    assert c.get("/setup/not-the-token").status_code == 404
    page = c.get(f"/setup/{token}")
    assert page.status_code == 200 and "Create the administrator" in page.text
    data = {"username": "chief", "password": "short", "confirm": "short", "form_token": form_token(page.text)}
    short = c.post(f"/setup/{token}", data=data)
    assert short.status_code == 400  # too short: the link stays valid, with a new form
    data.update(password=PASSWORD, confirm=PASSWORD, form_token=form_token(short.text))
    r = c.post(f"/setup/{token}", data=data)
    assert r.status_code == 303
    assert c.get("/api/stats").status_code == 200  # signed in as the new admin
    with empty.session() as s:
        assert users.get_user(s, "chief").role == "admin"
    again = _client(app, client=REMOTE)
    assert again.get(f"/setup/{token}").status_code == 404
    assert again.post(f"/setup/{token}", data=data).status_code in (403, 404)  # form expired or used


def test_one_time_links_work_once(sqlite_store):
    with sqlite_store.session() as s:
        token = users.one_time_link(s, users.create_user(s, "vera", "viewer"))
    app = create_app(sqlite_store)
    c = _client(app)
    page = c.get(f"/setup/{token}")
    assert page.status_code == 200 and "vera" in page.text
    data = {"password": PASSWORD, "confirm": PASSWORD, "form_token": form_token(page.text)}
    assert c.post(f"/setup/{token}", data=data).status_code == 303
    assert c.get("/api/stats").status_code == 200
    other = _client(app)
    assert other.get(f"/setup/{token}").status_code == 404
    other.cookies.set("redes_form", data["form_token"])
    assert other.post(f"/setup/{token}", data=data).status_code == 404


# --- the audit log -------------------------------------------------------------------------


def _events(store, **kw):
    with store.session() as s:
        return audit.events(s, limit=1000, **kw)


def test_audited_routes_exist():
    from redes.store import open_store

    app = create_app(open_store("sqlite://"))
    routes = {(m, r.path) for m, r in _routes(app, {"GET", "POST", "PUT", "PATCH", "DELETE"})}
    assert set(AUDITED) <= routes, set(AUDITED) - routes
    assert OWN_CSRF <= {"/login", "/tip", "/tip/add"}


def test_reads_and_writes_are_audited_with_who_and_from_where(tmp_path):
    store = build_store(tmp_path)
    add_user(store, "eddie", "editor")
    app = create_app(store)
    c = signed_in(app, "eddie")
    doc = c.get("/api/documents").json()[0]["id"]
    key = c.get("/api/claims").json()[0]["key"]
    assert c.get(f"/document/{doc}").status_code == 200
    assert c.get(f"/api/documents/{doc}").status_code == 200
    assert c.get("/entity/cjng").status_code == 200
    assert c.get("/api/search", params={"q": "Mencho", "language": "en"}).status_code == 200
    assert c.get("/search", params={"q": "Guanajuato"}).status_code == 200
    assert c.get("/api/export/csv").status_code == 200
    assert c.post(f"/api/claims/{key}/accept", json={}, headers={"X-CSRF-Token": csrf(c)}).status_code == 200
    assert c.get("/document/999999").status_code == 404  # nothing seen, nothing recorded
    events = _events(store, actor="eddie")
    seen = {(e["action"], e["target"]) for e in events}
    assert ("login", None) in seen
    assert ("document.view", str(doc)) in seen
    assert ("dossier.view", "cjng") in seen
    assert ("search", "Mencho") in seen and ("search", "Guanajuato") in seen
    assert ("export", "csv") in seen
    assert ("review.accept", key) in seen
    assert ("document.view", "999999") not in seen
    search = next(e for e in events if e["target"] == "Mencho")
    assert search["detail"] == {"language": "en"} and search["origin"] == "web 127.0.0.1"
    with store.session() as s:
        assert audit.verify(s) == []
    store.close()


# --- admin pages ---------------------------------------------------------------------------


def test_admins_manage_users_and_grants_and_read_the_audit_log(tmp_path):
    store = build_store(tmp_path)
    with store.session() as s:
        users.create_collection(s, "secret", "confidential")
    add_user(store, "ana", "admin")
    add_user(store, "vera", "viewer")
    app = create_app(store)
    vera = signed_in(app, "vera")
    assert vera.get("/admin").status_code == 403
    assert vera.get("/admin/audit").status_code == 403
    admin = signed_in(app, "ana")
    token = csrf(admin)
    page = admin.post("/admin/users", data={"username": "newbie", "role": "editor", "csrf": token})
    link = re.search(r'id="one-time-link">([^<]+)<', page.text).group(1)
    assert "/setup/" in link
    r = admin.post(
        "/admin/grants",
        data={"collection": "secret", "kind": "user", "grantee": "vera", "access": "read", "csrf": token},
    )
    assert r.status_code == 303
    assert "secret" in vera.get("/account").text
    bad = admin.post("/admin/users/nobody/disable", data={"csrf": token})
    assert bad.status_code == 400 and "no user" in bad.text
    log = admin.get("/admin/audit", params={"verify": "true"})
    assert log.status_code == 200 and 'id="chain-ok"' in log.text
    for action in ("user.create", "grant", "login"):
        assert action in log.text
    filtered = admin.get("/admin/audit", params={"action": "grant"}).text
    assert "user.create" not in filtered
    store.close()


# --- redes serve ---------------------------------------------------------------------------


@pytest.fixture
def fake_uvicorn(monkeypatch):
    """uvicorn.run, recording its arguments; with worker processes, ``app`` is what one
    worker's factory makes from the configuration ``serve`` left in the environment."""
    import uvicorn

    from redes.web import worker

    monkeypatch.setenv(worker.CONFIG_ENV, "")  # restored (removed) after the test
    seen: dict = {}

    def run(app, **kw):
        seen.update(kw, app=worker.app() if kw.get("factory") else app)

    monkeypatch.setattr(uvicorn, "run", run)
    return seen


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "example.org"])
def test_serve_refuses_a_network_address_without_tls_or_proxy(tmp_path, fake_uvicorn, host):
    from click.testing import CliRunner

    from redes.cli import cli

    r = CliRunner().invoke(cli, ["serve", "--host", host, "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 2 and "without TLS" in r.output
    assert fake_uvicorn == {}


def test_serve_behind_a_proxy_or_with_tls(tmp_path, fake_uvicorn):
    from click.testing import CliRunner

    from redes.cli import cli

    db = str(tmp_path / "x.db")
    r = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--behind-proxy", "--db", db])
    assert r.exit_code == 0, r.output
    assert "/setup/" in r.output and "only the setup link" in r.output
    app = fake_uvicorn["app"]
    assert fake_uvicorn["proxy_headers"] is True and fake_uvicorn["access_log"] is False
    assert app.state.auth.owner_mode is False and app.state.auth.secure_cookies is True
    # No owner mode, even for a loopback client (the proxy is one).
    assert _client(app, https=True).get("/api/stats").status_code == 401
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("x")
    key.write_text("x")
    fake_uvicorn.clear()
    args = ["serve", "--host", "0.0.0.0", "--ssl-certfile", str(cert), "--ssl-keyfile", str(key), "--db", db]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0, r.output
    assert fake_uvicorn["ssl_certfile"] == str(cert) and fake_uvicorn["ssl_keyfile"] == str(key)
    assert "https://" in r.output
    assert fake_uvicorn["app"].state.auth.owner_mode is False


def test_a_form_post_with_origin_null_needs_sec_fetch_site_same_origin(sqlite_store):
    """With ``Referrer-Policy: no-referrer`` browsers send ``Origin: null`` with their own
    form posts; so do sandboxed frames and other sites' pages. Only Sec-Fetch-Site, which
    pages cannot set, tells them apart."""
    add_user(sqlite_store, "vera", "viewer")
    app = create_app(sqlite_store)
    c = _client(app)
    page = c.get("/login")
    data = {"username": "vera", "password": PASSWORD, "form_token": form_token(page.text)}
    assert c.post("/login", data=data, headers={"Origin": "null"}).status_code == 403
    cross = {"Origin": "null", "Sec-Fetch-Site": "cross-site"}
    assert c.post("/login", data=data, headers=cross).status_code == 403
    own = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert c.post("/login", data=data, headers=own).status_code == 303
