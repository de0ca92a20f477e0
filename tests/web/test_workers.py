"""Several worker processes over one database (``redes serve --workers N``): what lives in
a process's memory must still be right. Two apps over the same database stand for two
workers: the first-run link, the rate limits and the audit log's chain are shared through
the database, and each worker's caches see every change made anywhere (another worker,
the CLI) through the change counters of ``redes.kb.state``, in one small query."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import event, select

from redes.access import audit, users
from redes.access.models import AuditEvent, RateEvent
from redes.kb import review, state
from redes.store import open_store
from redes.web import create_app, worker
from tests.web.conftest import build_store
from tests.web.test_auth import PASSWORD, REMOTE, _client, add_user, form_token, login

MENCHO = "nemesio-oseguera-cervantes"


@pytest.fixture(scope="module")
def kb_db(tmp_path_factory):
    """The test knowledge base, as a file that each test copies."""
    folder = tmp_path_factory.mktemp("workers")
    build_store(folder).close()
    return folder / "web.db"


@pytest.fixture
def db(kb_db, tmp_path):
    import shutil

    path = tmp_path / "kb.db"
    shutil.copyfile(kb_db, path)
    return str(path)


def test_a_worker_is_made_from_the_configuration_serve_leaves(monkeypatch, tmp_path):
    import uvicorn

    import redes.web

    seen: dict = {}
    monkeypatch.setenv(worker.CONFIG_ENV, "")
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    redes.web.serve(db=str(tmp_path / "x.db"), host="127.0.0.1", port=8124, behind_proxy=True, workers=3)
    assert seen["app"] == "redes.web.worker:app" and seen["factory"] is True and seen["workers"] == 3
    config = json.loads(worker.os.environ[worker.CONFIG_ENV])
    assert config["db"] == str(tmp_path / "x.db") and config["behind_proxy"] is True
    one, two = worker.app(), worker.app()
    for app in (one, two):
        assert app.state.auth.owner_mode is False and app.state.auth.secure_cookies is True
    # Both hash rate-limit keys alike: they count the same attempts.
    assert one.state.auth.secret == two.state.auth.secret == bytes.fromhex(config["rate_secret"])


def test_the_first_run_link_works_in_any_worker_and_once(tmp_path):
    store = open_store(tmp_path / "empty.db")
    one, two = create_app(store, owner_mode=False), create_app(store, owner_mode=False)
    token = one.state.auth.first_run_link()  # made by serve, before the workers start
    c = _client(two, client=REMOTE)
    page = c.get(f"/setup/{token}")
    assert page.status_code == 200 and "Create the administrator" in page.text
    other = _client(one, client=("203.0.113.8", 1))
    other_page = other.get(f"/setup/{token}")
    data = {"username": "chief", "password": PASSWORD, "confirm": PASSWORD}
    assert c.post(f"/setup/{token}", data=data | {"form_token": form_token(page.text)}).status_code == 303
    # The other worker's form, sent after: the link is used up.
    late = other.post(
        f"/setup/{token}", data=data | {"username": "boss", "form_token": form_token(other_page.text)}
    )
    assert late.status_code == 404
    with store.session() as s:
        assert [u.username for u in users.list_users(s)] == ["chief"]
    # Stopping the server forgets an unused link; a used one stays as it is.
    one.state.auth.forget_first_run_link()
    assert _client(one, client=REMOTE).get(f"/setup/{token}").status_code == 404


def test_sign_in_attempts_are_counted_across_workers(sqlite_store):
    add_user(sqlite_store, "vera", "viewer")
    secret = b"s" * 32
    apps = [create_app(sqlite_store, rate_secret=secret) for _ in range(2)]
    here = ("198.51.100.9", 1)
    codes = [login(_client(apps[i % 2], client=here), f"nobody{i}", "wrong").status_code for i in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    assert login(_client(apps[1], client=("198.51.100.10", 1)), "vera").status_code == 303
    # What the database keeps: keyed hashes, never the address.
    with sqlite_store.session() as s:
        keys = set(s.scalars(select(RateEvent.key)))
    assert keys and not any("198.51.100" in k for k in keys)


def test_tips_are_counted_for_the_whole_server(sqlite_store, monkeypatch):
    from redes.web import tip
    from redes.web.ratelimit import RateLimit

    add_user(sqlite_store, "ana", "admin")
    monkeypatch.setattr(tip, "SUBMISSIONS", RateLimit(3, 600))
    apps = [create_app(sqlite_store, rate_secret=b"k" * 32) for _ in range(2)]
    codes = [
        _client(apps[i % 2], client=(f"198.51.100.{i}", 1))
        .post("/tip", data={"text": f"tip {i}"})
        .status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_concurrent_audit_rows_share_commits_and_keep_the_chain(sqlite_store):
    from redes.web.audited import AuditBatcher

    batcher = AuditBatcher(sqlite_store)
    commits = []
    event.listen(sqlite_store.engine, "commit", lambda conn: commits.append(1))
    errors: list[BaseException] = []

    def view(i: int) -> None:
        try:
            batcher.record(("dossier.view", "owner", f"entity-{i}", None, "web 127.0.0.1"))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=view, args=(i,)) for i in range(60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    with sqlite_store.session() as s:
        targets = list(s.scalars(select(AuditEvent.target).order_by(AuditEvent.id)))
        assert sorted(targets) == sorted(f"entity-{i}" for i in range(60))
        assert audit.verify(s) == []
    assert len(commits) <= 60
    # A row that cannot be written fails alone.
    with pytest.raises(ValueError):
        batcher.record(("search", "owner", "x", ["not", "a", "mapping"], None))
    batcher.record(("search", "owner", "y", None, None))
    with sqlite_store.session() as s:
        assert (
            audit.verify(s) == []
            and s.scalar(select(AuditEvent.target).order_by(AuditEvent.id.desc())) == "y"
        )


# --- caches: one small query, renewed by any change, by any process ------------------------


def _statements(store):
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_a_kept_graph_costs_one_small_query(db):
    app = create_app(db)
    c = _client(app)
    assert c.get("/api/graph").status_code == 200
    # The ego network has its own, wider graph (every actor): kept too once built.
    assert c.get(f"/api/graph/ego/{MENCHO}").status_code == 200
    seen = _statements(app.state.store)
    assert c.get("/api/graph").status_code == 200
    assert c.get(f"/api/graph/ego/{MENCHO}").status_code == 200
    touched = " ".join(seen).lower()
    assert "kb_state" in touched
    assert "from claims" not in touched and "from evidence" not in touched and "count(" not in touched


def _edges(c) -> set[frozenset]:
    return {frozenset((e["source"], e["target"])) for e in c.get("/api/graph").json()["edges"]}


@pytest.fixture
def patient(monkeypatch):
    """Readers wait for a new answer however long it takes (no stale answer in a test)."""
    from redes.web import cache

    monkeypatch.setattr(cache, "WAIT", 60.0)
    monkeypatch.setattr(cache, "SPACING", 0.0)


def test_a_review_decision_in_another_process_reaches_every_worker(db, patient):
    one, two = _client(create_app(open_store(db))), _client(create_app(open_store(db)))
    before = _edges(one)
    assert before == _edges(two)
    leads = next(line for line in one.get(f"/api/entities/{MENCHO}").json()["relations"]["leads"])
    key = leads["claims"][0]["key"]
    edge = frozenset(n["id"] for n in one.get("/api/graph").json()["nodes"] if n["slug"] in (MENCHO, "cjng"))
    assert edge in before
    # Rejected through the CLI's library call, in neither worker.
    review.reject(open_store(db), key)
    assert edge not in _edges(one) and edge not in _edges(two)
    ego = {n["slug"] for n in two.get(f"/api/graph/ego/{MENCHO}").json()["nodes"]}
    assert "cjng" not in ego
    review.accept(open_store(db), key)
    assert edge in _edges(one) and _edges(two) == before


def test_every_writer_bumps_a_counter(db, tmp_path):
    from redes.events import load_demo
    from redes.ingest.pipeline import ingest
    from redes.kb import rebuild

    store = open_store(db)
    versions = [state.version(store)]

    def changed(*names):
        now = state.version(store)
        assert all(getattr(now, n) > getattr(versions[-1], n) for n in names), (names, versions[-1], now)
        versions.append(now)

    doc = tmp_path / "inbox" / "note.txt"
    doc.parent.mkdir()
    doc.write_text("El Mencho lidera el Cártel de Jalisco Nueva Generación en Jalisco.", encoding="utf-8")
    ingest(store, [doc.parent])
    changed("kb")
    key = store.scoped(None)
    with key.session() as s:
        from redes.store.models import Claim

        claim = s.scalars(select(Claim).where(Claim.predicate == "operates_in")).first()
        other = s.scalars(select(Claim).where(Claim.predicate == "leads")).first()
        place_key, leads_key = claim.key, other.key
    review.reject(store, leads_key)
    changed("review")
    assert state.version(store).places == versions[-2].places
    review.reject(store, place_key)
    changed("review", "places")
    review.rename(store, MENCHO, "Nemesio Oseguera")
    changed("kb")
    rebuild(store)
    changed("kb")
    with store.session() as s:
        from redes.events.models import Event

        had = s.scalar(select(Event.id).limit(1))
    if had is None:
        load_demo(store)
        changed("events")


def test_readers_with_different_grants_never_share_a_kept_answer(db, patient):
    store = open_store(db)
    with store.session() as s:
        users.create_collection(s, "secret", "confidential")
        ana = users.create_user(s, "ana", "admin")
        vera = users.create_user(s, "vera", "viewer")
        tokens = {u.username: users.create_api_token(s, u, "t") for u in (ana, vera)}
        users.grant(s, "secret", user="ana")
    app = create_app(store)
    c = _client(app)
    answers = {
        name: c.get("/api/stats", headers={"authorization": f"Bearer {token}"}).json()
        for name, token in tokens.items()
    }
    assert answers["ana"] == answers["vera"]  # nothing in the secret collection yet
    cache = app.state.redes_cache_answers
    assert len({key[0] for key in cache.entries}) == 2  # one answer per scope


# --- network measures of large graphs: in a helper process ---------------------------------


def _sleep(g, seconds: float) -> None:
    import time

    time.sleep(seconds)


def test_measures_of_large_graphs_run_in_a_helper_with_the_same_answers(db, monkeypatch):
    from fastapi import HTTPException

    from redes.analyse.graph import brokers, build_graph, communities
    from redes.web import helper

    g = build_graph(open_store(db))
    monkeypatch.setattr(helper, "OFFLOAD_EDGES", 0)
    try:
        assert helper.measure("redes.analyse.graph_measures:communities", g) == communities(g)
        assert helper.measure("redes.analyse.graph_measures:brokers", g, top=5) == brokers(g, top=5)
        with pytest.raises(ValueError):
            helper.measure("redes.analyse.graph_measures:centrality", g, by="magic")
        # Past the time limit, the helper is stopped, the request answers 503, and a new
        # helper takes the next measure.
        monkeypatch.setattr(helper, "TIMEOUT", 1.0)
        with pytest.raises(HTTPException) as stopped:
            helper.measure("tests.web.test_workers:_sleep", g, 60)
        assert stopped.value.status_code == 503
        monkeypatch.setattr(helper, "TIMEOUT", 300.0)
        assert helper.measure("redes.analyse.graph_measures:communities", g) == communities(g)
    finally:
        helper._stop_pool()
