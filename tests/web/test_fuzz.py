"""The JSON API under generated requests (schemathesis, from the app's own OpenAPI schema):
whatever a client sends within or outside the schema, no answer is a 5xx, and none takes
longer than the statement time limit and a margin.

Requests go to the app in process (schemathesis's ASGI transport, no network), as the
loopback owner, on a store of their own: merges, splits, renames, uploads, imports and
rebuilds change it, and no other test reads it. Generation is derandomized (the same
requests every run) and bounded per operation, so the whole run takes a minute or so.

The schema is read when the module is collected (schemathesis makes one test per
operation from it), from an app over an empty in-memory database: building the schema
reads no data. Its ``from_fixture`` loader would defer that, but it does not run under
pytest 9.
"""

from __future__ import annotations

import pytest

from tests.conftest import IN_CI
from tests.web.conftest import build_store

try:
    import schemathesis
    from hypothesis import HealthCheck, settings  # schemathesis brings Hypothesis
    from schemathesis.checks import max_response_time, not_a_server_error
except ImportError:
    if IN_CI:
        raise
    pytest.skip("schemathesis is not installed (./scripts/setup test)", allow_module_level=True)

STATEMENT_TIMEOUT = 5.0  # seconds, the server's default
MARGIN = 10.0  # for the work around the statements (an upload's extraction, a rebuild)
EXAMPLES = 80  # generated requests per operation, on top of schemathesis's coverage cases


def _openapi() -> dict:
    from redes.store import open_store
    from redes.web import create_app

    store = open_store("sqlite://", upgrade=False)
    try:
        return create_app(store).openapi()
    finally:
        store.close()


schema = schemathesis.openapi.from_dict(_openapi())
schema.config.checks.update(max_response_time=STATEMENT_TIMEOUT + MARGIN)


def as_loopback_owner(app):
    """``app`` as reached from this machine: the client is on loopback and the Host is
    127.0.0.1, so that a database without users is served to its owner, as ``redes demo``
    serves it (schemathesis's ASGI client names itself "testclient" on "testserver")."""

    async def local(scope, receive, send):
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"host"]
            scope = {**scope, "client": ("127.0.0.1", 50000), "headers": [(b"host", b"127.0.0.1"), *headers]}
        await app(scope, receive, send)

    return local


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    from redes.web import create_app

    store = build_store(tmp_path_factory.mktemp("fuzzkb"), events=True)
    app = create_app(store)
    app.state.limits.statement_timeout = STATEMENT_TIMEOUT
    yield as_loopback_owner(app)
    store.close()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_gets_a_server_error(case, fuzz_app):
    case.call_and_validate(app=fuzz_app, checks=[not_a_server_error, max_response_time])
