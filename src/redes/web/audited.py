"""What the web server writes to the audit log (``redes.access.audit``): which routes are
recorded, with what target and detail, and the group commit that writes the rows of
concurrent requests in one transaction. ``redes.web.auth`` calls it for every answered
request; docs/security.md lists the actions."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.types import Scope

from redes.store import Store


def _param(name: str) -> Callable[[dict, dict, dict], str | None]:
    return lambda path, query, body: str(path.get(name, "")) or None


def _query(path: dict, query: dict, body: dict) -> str | None:
    return (query.get("q") or [""])[0].strip() or None


def _filters(path: dict, query: dict, body: dict) -> dict | None:
    found = {k: v[0] for k, v in query.items() if k in ("type", "language", "collection", "year") and v[0]}
    return found or None


def _upload(path: dict, query: dict, body: dict) -> str | None:
    return f"{(query.get('collection') or ['public'])[0]}/{(query.get('name') or [''])[0]}"


def _review_detail(path: dict, query: dict, body: dict) -> dict | None:
    keep = ("keep", "other", "names", "new_name", "name", "note")
    found = {k: body[k] for k in keep if isinstance(body, dict) and body.get(k) is not None}
    return found or None


def _body(*keys: str) -> Callable[[dict, dict, dict], dict | None]:
    def detail(path: dict, query: dict, body: dict) -> dict | None:
        found = {k: body[k] for k in keys if isinstance(body, dict) and body.get(k) is not None}
        return found or None

    return detail


def _note_target(path: dict, query: dict, body: dict) -> str | None:
    if not isinstance(body, dict) or not body.get("kind"):
        return None
    return f"{body['kind']}:{body.get('target', '')}"


def _none(path: dict, query: dict, body: dict) -> None:
    return None


def _timeline(path: dict, query: dict, body: dict) -> dict:
    return {"part": "timeline"}


def _print(path: dict, query: dict, body: dict) -> dict:
    return {"part": "print"}


def _pdf(path: dict, query: dict, body: dict) -> str:
    return "pdf"


def _entity(path: dict, query: dict, body: dict) -> dict:
    return {"entity": str(path.get("entity", ""))}


# (method, route path) -> (action, target, detail). A route that is renamed must be renamed
# here too: tests/web/test_auth.py checks that every entry names a route of the app.
AUDITED: dict[tuple[str, str], tuple[str, Callable, Callable]] = {
    ("GET", "/document/{doc_id}"): ("document.view", _param("doc_id"), _none),
    ("GET", "/api/documents/{doc_id}"): ("document.view", _param("doc_id"), _none),
    ("GET", "/entity/{entity}"): ("dossier.view", _param("entity"), _none),
    ("GET", "/api/entities/{entity}"): ("dossier.view", _param("entity"), _none),
    ("GET", "/api/entities/{entity}/timeline"): ("dossier.view", _param("entity"), _timeline),
    ("GET", "/entity/{entity}/print"): ("dossier.view", _param("entity"), _print),
    ("GET", "/entity/{entity}/pdf"): ("export", _pdf, _entity),
    ("GET", "/search"): ("search", _query, _filters),
    ("GET", "/api/search"): ("search", _query, _filters),
    ("GET", "/api/export/{fmt}"): ("export", _param("fmt"), _none),
    ("GET", "/attachments/{file_id}"): ("attachment.view", _param("file_id"), _none),
    ("POST", "/api/claims/{key}/accept"): ("review.accept", _param("key"), _review_detail),
    ("POST", "/api/claims/{key}/reject"): ("review.reject", _param("key"), _review_detail),
    ("POST", "/api/review/merge"): ("review.merge", _none, _review_detail),
    ("POST", "/api/review/no-merge"): ("review.no-merge", _none, _review_detail),
    ("POST", "/api/review/undo/{judgement}"): ("review.undo", _param("judgement"), _review_detail),
    ("POST", "/api/entities/{entity}/split"): ("review.split", _param("entity"), _review_detail),
    ("POST", "/api/entities/{entity}/aliases"): ("review.alias-add", _param("entity"), _review_detail),
    ("POST", "/api/entities/{entity}/aliases/remove"): (
        "review.alias-remove",
        _param("entity"),
        _review_detail,
    ),
    ("POST", "/api/entities/{entity}/rename"): ("review.rename", _param("entity"), _review_detail),
    ("POST", "/api/review/bulk"): ("review.bulk", _none, _body("action", "keys", "sentence", "note")),
    ("POST", "/api/manual/entity"): (
        "review.manual-entity",
        _none,
        _body("type", "name", "citation", "note"),
    ),
    ("POST", "/api/manual/relation"): (
        "review.manual-relation",
        _none,
        _body("subject", "predicate", "object", "value", "citation", "note"),
    ),
    ("POST", "/api/notes"): ("note.add", _note_target, _none),
    ("POST", "/api/investigations"): ("investigation.create", _none, _body("name", "entities")),
    ("POST", "/api/investigations/{inv_id}/delete"): ("investigation.delete", _param("inv_id"), _none),
    ("GET", "/api/investigations/{inv_id}"): ("investigation.view", _param("inv_id"), _none),
    ("GET", "/investigations/{inv_id}"): ("investigation.view", _param("inv_id"), _none),
    ("POST", "/api/documents/upload"): ("ingest", _upload, _none),
    ("POST", "/api/events/import"): ("events.import", lambda p, q, b: (q.get("name") or [None])[0], _none),
    ("POST", "/api/kb/rebuild"): ("rebuild", _none, _none),
}
# The JSON body of a review decision is kept (up to this size) to describe it in the log.
MAX_AUDITED_BODY = 64 * 1024


class AuditBatcher:
    """Writes the audit log's rows for the requests of one process, several to a
    transaction (a group commit): a request waits until its row is committed, exactly as
    with a transaction of its own (no row, no data sent), but concurrent requests share one
    commit and one turn of the database's write lock (SQLite's, or the advisory lock that
    orders the chain on PostgreSQL) instead of queueing for it one by one. A row that
    cannot be written fails alone: the batch is then written again row by row."""

    MAX_BATCH = 200

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cond = threading.Condition()
        self.pending: list[tuple[tuple, Any]] = []
        self.thread: threading.Thread | None = None

    def record(self, row: tuple) -> None:
        """Append ``row`` (action, actor, target, detail, origin); returns once committed."""
        from concurrent.futures import Future

        done: Future = Future()
        with self.cond:
            self.pending.append((row, done))
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="redes-audit", daemon=True)
                self.thread.start()
            self.cond.notify()
        done.result()

    def _run(self) -> None:
        while True:
            with self.cond:
                while not self.pending:
                    if not self.cond.wait(timeout=60):
                        self.thread = None  # idle: a new one starts with the next row
                        return
                batch, self.pending = self.pending[: self.MAX_BATCH], self.pending[self.MAX_BATCH :]
            try:
                self._write([row for row, _ in batch])
            except Exception:
                for row, done in batch:  # one bad row must not withhold the others' answers
                    try:
                        self._write([row])
                    except Exception as exc:
                        done.set_exception(exc)
                    else:
                        done.set_result(None)
            else:
                for _, done in batch:
                    done.set_result(None)

    def _write(self, rows: list[tuple]) -> None:
        from redes.access import audit

        with self.store.session() as s:
            audit.record_many(s, rows)


def route_template(scope: Scope) -> str | None:
    """The path template of the route that answered ("/api/documents/{doc_id}"). FastAPI
    0.12x and later keep included routes unprefixed and put the prefixed, effective route
    in its own part of the scope; earlier versions copy them with the prefix."""
    effective = (scope.get("fastapi") or {}).get("effective_route_context")
    return getattr(effective, "path", None) or getattr(scope.get("route"), "path", None)


def audit_entry(scope: Scope, body: bytes | None) -> tuple[str, str | None, dict | None] | None:
    template = route_template(scope)
    spec = AUDITED.get((scope["method"], template)) if template else None
    if spec is None:
        return None
    action, target_of, detail_of = spec
    path_params = scope.get("path_params") or {}
    query = parse_qs(scope.get("query_string", b"").decode("utf-8", "replace"))
    payload: Any = {}
    if body:
        try:
            payload = json.loads(body)
        except ValueError:
            payload = {}
    target = target_of(path_params, query, payload)
    if action == "search" and not target:
        return None  # the search page with no query: nothing was searched
    return action, target, detail_of(path_params, query, payload)


def maybe_audited_body(method: str, path: str, headers: Headers) -> bool:
    if method != "POST" or not path.startswith("/api/"):
        return False
    if "json" not in headers.get("content-type", ""):
        return False
    # The route is not known before routing: keep small JSON bodies of review endpoints.
    return path.startswith(
        (
            "/api/claims/",
            "/api/review/",
            "/api/entities/",
            "/api/manual/",
            "/api/notes",
            "/api/investigations",
        )
    )
