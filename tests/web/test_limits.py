"""The server under load and under attack: every hostile request of issue 12 answers
with a 4xx (or a 503 when a query runs out of time), never a 500; bodies are refused
before they are read; statements stop at their time limit, when the client goes away
and when the server stops; imports stop at their caps; other sites cannot read the API.

Statuses and behaviour only: no wall-clock time is asserted (bench/ has the figures).
"""

from __future__ import annotations

import gzip
import importlib
import threading
import types
import typing
from concurrent.futures import ThreadPoolExecutor

import anyio
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import text

from redes.store.limits import Limit, is_timeout, limit_statements, limited, unlimited
from redes.store.search import MAX_TERMS, fts5_query, websearch_query
from tests.web.conftest import make_client

HUGE = "9" * 30  # larger than any 64-bit integer
# A statement that runs for minutes unless something stops it.
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
LONG = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) FROM c"
)


def _route_contexts(app):
    try:
        from fastapi.routing import iter_route_contexts

        routes = list(iter_route_contexts(app.routes))
    except ImportError:
        routes = app.routes
    return [r for r in routes if isinstance(getattr(r, "original_route", r), APIRoute)]


def _params(dependant):
    found = [*dependant.query_params, *dependant.path_params, *dependant.body_params]
    for dep in dependant.dependencies:
        found += _params(dep)
    return found


def _unbounded(annotation, metadata, path: str) -> list[str]:
    """What is unbounded in a parameter or field of type ``annotation`` whose constraints
    are ``metadata`` (annotated_types objects)."""
    import annotated_types as at
    from pydantic import BaseModel

    kinds = {type(m) for m in metadata}
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        found = []
        for m in extra:
            found += getattr(m, "metadata", [m])
        return _unbounded(inner, [*metadata, *found], path)
    if origin in (typing.Union, types.UnionType):
        problems = []
        for a in args:
            problems += _unbounded(a, metadata, path)
        return problems
    if origin is typing.Literal or annotation is bool:
        return []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        problems = []
        for name, f in annotation.model_fields.items():
            problems += _unbounded(f.annotation, f.metadata, f"{path}.{name}")
        return problems
    if origin is list:
        problems = [] if at.MaxLen in kinds else [f"{path}: a list without max_length"]
        return problems + _unbounded(args[0], [], f"{path}[]")
    if annotation is str:
        return [] if at.MaxLen in kinds else [f"{path}: a string without max_length"]
    if annotation is int:
        return [] if {at.Ge, at.Le} <= kinds else [f"{path}: an integer without ge and le"]
    return [f"{path}: {annotation!r} not checked"]


def test_every_parameter_of_every_route_is_bounded(kb_store):
    from redes.web import create_app

    problems = []
    for route in _route_contexts(create_app(kb_store)):
        for p in _params(route.dependant):
            info = p.field_info
            problems += _unbounded(info.annotation, info.metadata, f"{route.path} {p.alias}")
    assert not problems, "\n".join(problems)


def test_the_check_finds_unbounded_parameters():
    from typing import Annotated

    from fastapi import Query

    assert _unbounded(int, [], "x") and _unbounded(str | None, [], "x")
    assert _unbounded(list[int], [], "x")
    assert not _unbounded(Annotated[int, Query(ge=1, le=3)], [], "x")


# --- full-text search and entity lookup ----------------------------------------------------


def test_search_terms_are_deduplicated_and_capped():
    assert fts5_query("the " * 50) == '"the"'
    assert fts5_query("Cártel cartel CARTEL -sinaloa -Sinaloa") == '"Cártel" NOT "sinaloa"'
    many = " ".join(f"w{i}" for i in range(40))
    assert fts5_query(many).count('"') == 2 * MAX_TERMS
    assert websearch_query('the the "el mencho" OR jalisco -sinaloa pref*') == (
        '"the" "el mencho" or "jalisco" -"sinaloa" "pref"'
    )


def test_a_search_of_a_repeated_word_answers(client):
    r = client.get("/api/search", params={"q": ("the " * 50)[:200]})
    assert r.status_code == 200
    assert client.get("/api/search", params={"q": "the " * 100}).status_code == 422
    assert client.get("/search", params={"q": "the " * 100}).status_code == 400


def test_entity_lookup_is_capped(kb_store):
    from redes.kb import find

    assert find(kb_store, "x" * 100_000) == []
    assert find(kb_store, "El Mencho")


@pytest.mark.parametrize("path", ["/search", "/search?q=", "/search?q=%20", "/search?q=-"])
def test_the_search_page_without_a_query(client, path):
    assert client.get(path).status_code == 200


# --- parameters out of range ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/api/graph?as_of={HUGE}",
        f"/api/graph?community={HUGE}",
        f"/api/graph/disrupt?seed={HUGE}",
        f"/api/claims?offset={HUGE}",
        f"/api/claims?min_documents={HUGE}",
        f"/api/events/summary?actor=CJNG&min_precision={HUGE}",
        f"/api/events/summary?actor=CJNG&violence={HUGE}",
        "/api/events/summary?actor=CJNG&violence=1&violence=2&violence=3&violence=1",
        f"/api/territory/contested?from=2000&to=2010&min_events={HUGE}",
        "/api/territory/presence?group=CJNG&from=2000&to=1002000",
        "/api/territory/contested?from=-5&to=2010",
        f"/api/search?q=cartel&offset={HUGE}",
        f"/api/documents/{HUGE}",
        "/api/documents/0",
        "/api/entities/" + "x" * 600,
        "/api/claims/" + "a" * 100,
        "/api/graph?types=" + "person," * 400,
    ],
)
def test_api_refuses_values_out_of_range(client, path):
    assert client.get(path).status_code == 422


@pytest.mark.parametrize(
    "path",
    [
        "/territory?from=2000&to=1002000",
        f"/territory?from={HUGE}",
        f"/search?q=cartel&offset={HUGE}",
        f"/review?offset={HUGE}",
        f"/document/{HUGE}",
        "/entity?name=" + "x" * 600,
    ],
)
def test_pages_answer_a_clear_400(client, path):
    r = client.get(path)
    assert r.status_code == 400
    assert "invalid request" in r.text and "Not understood" in r.text


def test_territory_within_range_still_answers(client):
    assert client.get("/territory?from=2000&to=2100").status_code == 200
    assert client.get("/api/territory/presence?group=CJNG&from=1990&to=2100").status_code == 200


def test_merge_with_a_huge_name_is_refused(client):
    r = client.post("/api/review/merge", json={"keep": "x" * 100_000, "other": "cjng"})
    assert r.status_code in (413, 422)  # audited bodies are kept to 64 KB: 413 first
    r = client.post("/api/review/merge", json={"keep": "x" * 10_000, "other": "cjng"})
    assert r.status_code == 422
    r = client.post("/api/entities/cjng/split", json={"names": ["a"] * 1000})
    assert r.status_code == 422


# --- request bodies ------------------------------------------------------------------------


def _asgi(app, method: str, path: str, chunks, headers=(), disconnect_after=None):
    """Call ``app`` as a server would: the body in ``chunks``, counting how many the app
    pulled; with ``disconnect_after``, the client goes away that many seconds after the
    request was sent. Returns (status, chunks pulled)."""
    pulled = {"n": 0}
    sent: list[dict] = []
    queue = list(chunks)

    async def receive():
        if queue:
            pulled["n"] += 1
            body = queue.pop(0)
            return {"type": "http.request", "body": body, "more_body": bool(queue)}
        if disconnect_after is not None:
            await anyio.sleep(disconnect_after)
            return {"type": "http.disconnect"}
        await anyio.sleep_forever()

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), *[(k.encode(), v.encode()) for k, v in headers]],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
        "state": {},
    }

    async def run():
        with anyio.fail_after(120):  # a hang is a failure, not a wait
            await app(scope, receive, send)

    # In a thread of its own: another test's client (schemathesis, the browser tests) may
    # leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(anyio.run, run).result()
    start = next((m for m in sent if m["type"] == "http.response.start"), None)
    return (start["status"] if start else None), pulled["n"]


def test_a_declared_large_body_is_refused_before_it_is_read(client):
    chunks = [b"x" * 1024 * 1024] * 100
    status, pulled = _asgi(
        client.app,
        "POST",
        "/api/review/merge",
        chunks,
        headers=[("content-type", "application/json"), ("content-length", str(100 * 1024 * 1024))],
    )
    assert status == 413 and pulled == 0


FORM = ("content-type", "application/x-www-form-urlencoded")


def test_a_streamed_large_body_is_cut_off(client):
    chunks = [b"x" * 256 * 1024] * 400  # 100 MB, without a Content-Length
    status, pulled = _asgi(client.app, "POST", "/login", chunks, headers=[FORM])
    assert status == 413 and pulled <= 5


def test_a_large_form_is_refused_before_it_is_parsed(client):
    r = client.post("/login", content=b"username=" + b"x" * (2 * 1024 * 1024), headers=dict([FORM]))
    assert r.status_code == 413 and "request body too large" in r.text


def test_uploads_keep_their_own_larger_limit():
    from redes.ingest.pipeline import DEFAULT_MAX_SIZE
    from redes.web.limits import MAX_BODY, body_limit

    assert body_limit("/api/documents/upload") == DEFAULT_MAX_SIZE > MAX_BODY
    assert body_limit("/api/events/import") > DEFAULT_MAX_SIZE
    assert body_limit("/tip") > MAX_BODY
    assert body_limit("/api/review/merge") == MAX_BODY == body_limit("/login")


# --- event imports: decompressed size and rows ---------------------------------------------

HEADER = "id,year,type_of_violence,side_a,side_b,where_prec,adm_1,adm_2,latitude,longitude,best,notes\n"


def _events_gz(n: int, notes: int = 0) -> bytes:
    row = "{},2020,2,CJNG,Sinaloa Cartel,1,Jalisco state,,20.6,-103.3,1,{}\n"
    body = HEADER + "".join(row.format(990_000_000 + i, "a" * notes) for i in range(n))
    return gzip.compress(body.encode(), compresslevel=9)


def _imported(store) -> int:
    from sqlalchemy import func, select

    from redes.events.models import Event

    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Event).where(Event.source_id.like("990%")))


def test_an_import_stops_at_its_row_cap_and_keeps_what_it_read(fresh_store, monkeypatch):
    data = importlib.import_module("redes.web.api.data")  # the package names its router "data"

    monkeypatch.setattr(data, "EVENTS_MAX_ROWS", 1200)
    c = make_client(fresh_store)
    bomb = _events_gz(5000)

    def post():
        return c.post("/api/events/import", params={"source": "ucdp", "name": "bomb.csv.gz"}, content=bomb)

    r = post()
    assert r.status_code == 413 and "1,200 records" in r.json()["detail"]
    assert _imported(fresh_store) == 1200
    r = post()  # again: idempotent, nothing twice
    assert r.status_code == 413 and _imported(fresh_store) == 1200


def test_an_import_stops_at_its_decompressed_size(fresh_store, monkeypatch):
    data = importlib.import_module("redes.web.api.data")  # the package names its router "data"

    monkeypatch.setattr(data, "EVENTS_MIN_CSV", 64 * 1024)
    bomb = _events_gz(2000, notes=20_000)  # 40 MB of CSV in a few hundred KB
    assert len(bomb) * data.EVENTS_MAX_RATIO < 40 * 1024**2
    r = make_client(fresh_store).post(
        "/api/events/import", params={"source": "ucdp", "name": "bomb.csv.gz"}, content=bomb
    )
    assert r.status_code == 413 and "decompressed" in r.json()["detail"]
    assert 0 < _imported(fresh_store) < 2000


def test_the_library_imports_everything_without_caps(tmp_path, fresh_store):
    from redes.events import import_ucdp

    path = tmp_path / "events.csv.gz"
    path.write_bytes(_events_gz(3000))
    report = import_ucdp(fresh_store, path)
    assert report.stopped is None and report.imported == 3000
    report = import_ucdp(fresh_store, path, max_rows=10)
    assert report.stopped and report.read == 10 and report.imported == 0 and report.existing == 10


# --- statement time limits -----------------------------------------------------------------


def test_a_statement_stops_at_its_deadline_on_each_backend(store):
    limit_statements(store.engine)
    sql = ENDLESS if store.dialect == "sqlite" else "SELECT pg_sleep(600)"
    with limited(Limit(0.2)), pytest.raises(Exception) as caught, store.session() as s:
        s.execute(text(sql)).all()
    assert is_timeout(caught.value)
    with limited(Limit(30)), store.session() as s:  # the connection is still good
        assert s.execute(text("SELECT 1")).scalar() == 1


def test_a_cancelled_context_stops_its_statement_on_each_backend(store):
    limit_statements(store.engine)
    sql = ENDLESS if store.dialect == "sqlite" else "SELECT pg_sleep(600)"
    cancel = threading.Event()
    limit = Limit(None, (cancel,))

    def cancel_soon():
        cancel.set()
        limit.cancel_running()

    timer = threading.Timer(0.3, cancel_soon)
    timer.start()
    try:
        with limited(limit), pytest.raises(Exception) as caught, store.session() as s:
            s.execute(text(sql)).all()
    finally:
        timer.cancel()
    assert is_timeout(caught.value)


def test_shared_work_outlives_its_client_but_not_the_server():
    client_gone, stopping = threading.Event(), threading.Event()
    request = Limit(5.0, (client_gone, stopping), (stopping,))
    shared = request.detached(300.0)
    client_gone.set()
    assert request.cancelled and not shared.cancelled and shared.seconds == 300.0
    stopping.set()
    assert shared.cancelled


def test_work_outside_a_limit_is_never_stopped(sqlite_store):
    limit_statements(sqlite_store.engine)
    with limited(Limit(0.000001)), unlimited(), sqlite_store.session() as s:
        assert s.execute(text(LONG)).scalar() == 300000
    with sqlite_store.session() as s:  # the CLI: no context at all
        assert s.execute(text(LONG)).scalar() == 300000


def test_statement_timeout_is_configurable(monkeypatch):
    from redes.store.limits import DEFAULT_WEB_TIMEOUT, ENV, configured_timeout

    monkeypatch.delenv(ENV, raising=False)
    assert configured_timeout() == DEFAULT_WEB_TIMEOUT
    monkeypatch.setenv(ENV, "2.5")
    assert configured_timeout() == 2.5
    monkeypatch.setenv(ENV, "0")
    assert configured_timeout() is None
    monkeypatch.setenv(ENV, "soon")
    with pytest.raises(ValueError):
        configured_timeout()


@pytest.fixture
def slow_recent(monkeypatch, kb_store):
    """/api/documents/recent runs a statement that never ends by itself; what stopped it
    is recorded."""
    import redes.web.corpus as corpus

    class Seen(list):
        started = threading.Event()

    seen = Seen()

    def recent(store, limit):
        seen.started.set()
        try:
            with store.session() as s:
                return {"n": s.execute(text(ENDLESS)).scalar()}
        except Exception as exc:
            seen.append(exc)
            raise

    monkeypatch.setattr(corpus, "recent_documents", recent)
    return seen


def test_a_slow_query_answers_503(kb_store, slow_recent):
    with make_client(kb_store) as c:
        c.app.state.limits.statement_timeout = 0.2
        r = c.get("/api/documents/recent")
        assert r.status_code == 503 and "limit of 0.2 s" in r.json()["detail"]
        assert is_timeout(slow_recent[0])
        assert c.get("/api/search", params={"q": "cartel"}).status_code == 200


def test_a_client_that_goes_away_cancels_its_query(kb_store, slow_recent):
    from redes.web import create_app

    app = create_app(kb_store)
    app.state.limits.statement_timeout = None  # only the disconnect can stop it
    _asgi(app, "GET", "/api/documents/recent", [b""], disconnect_after=0.3)
    assert len(slow_recent) == 1 and is_timeout(slow_recent[0])


def test_stopping_the_server_stops_running_queries(kb_store, slow_recent):
    import socket

    import uvicorn

    from redes.web import GRACEFUL_SHUTDOWN, create_app

    app = create_app(kb_store)
    app.state.limits.statement_timeout = None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="critical", timeout_graceful_shutdown=GRACEFUL_SHUTDOWN
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    from tests.conftest import wait_for

    assert wait_for(lambda: server.started, timeout=30)
    import httpx

    def request():
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/documents/recent", timeout=120)
        except httpx.HTTPError:
            pass

    client = threading.Thread(target=request, daemon=True)
    client.start()
    assert slow_recent.started.wait(timeout=30)
    server.should_exit = True  # what uvicorn's SIGTERM handler does
    thread.join(timeout=60)
    assert not thread.is_alive()
    # The request's worker thread ends by itself, since its statement was stopped.
    assert wait_for(lambda: slow_recent, timeout=30) and is_timeout(slow_recent[0])


def test_serve_bounds_the_graceful_shutdown(monkeypatch, tmp_path):
    import uvicorn

    import redes.web

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    redes.web.serve(db=str(tmp_path / "x.db"), port=8124)
    assert 0 < seen["timeout_graceful_shutdown"] < 10


# --- cross-site reads ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 200),  # curl, scripts, the CLI
        ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}, 200),  # our own pages' scripts
        ({"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"}, 200),  # typed in the address bar
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors"}, 403),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}, 403),
        ({"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "no-cors"}, 403),  # another port of 127.0.0.1
        ({"Origin": "http://attacker.example"}, 403),
        ({"Origin": "http://127.0.0.1"}, 200),
    ],
)
def test_other_sites_cannot_read_the_api(client, headers, status):
    assert client.get("/api/stats", headers=headers).status_code == status
    assert client.get("/openapi.json", headers=headers).status_code == status


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, 200),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}, 403),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}, 403),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "iframe"}, 403),
        ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}, 200),
    ],
)
def test_pages_may_be_navigated_to_but_not_loaded_by_other_sites(client, headers, status):
    assert client.get("/search?q=cartel", headers=headers).status_code == status
