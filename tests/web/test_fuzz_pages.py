"""The HTML pages under generated requests: schemathesis fuzzes the JSON API from its
OpenAPI schema (test_fuzz.py), which leaves the pages out (they are not in the schema).
Here every GET page gets its own query parameters and path parameters, read from its
route, filled with what a hostile link would carry: huge and negative integers, empty
and long strings, markup, NUL and other control characters, odd Unicode. No answer may be
a 5xx, and no generated text may come back unescaped.

Hypothesis is derandomized (the same requests every run) and bounded per page.
"""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from tests.conftest import IN_CI
from tests.web.conftest import build_store, make_client

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:
    if IN_CI:
        raise
    pytest.skip("hypothesis is not installed (./scripts/setup test)", allow_module_level=True)

EXAMPLES = 40  # generated requests per page
MARKER = "<b>fuzz"  # markup a page must escape if it shows a value back


def _pages() -> list[APIRoute]:
    from redes.web import account, admin, i18n, investigation_pages, pages, tip

    return [
        r
        for module in (pages, account, tip, admin, investigation_pages, i18n)
        for r in module.router.routes
        if isinstance(r, APIRoute) and "GET" in r.methods
    ]


PAGES = _pages()

VALUES = st.one_of(
    st.sampled_from(
        ["", "0", "-1", "2147483648", "99999999999999999999999999", "1e309", "NaN", "null", "%00", "../..", "'", MARKER]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=2000),
)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("fuzzpages"), events=True)
    with make_client(store) as c:
        yield c
    store.close()


def _url(route: APIRoute, path: dict[str, str]) -> str:
    from urllib.parse import quote

    url = route.path
    for name, value in path.items():
        url = url.replace("{" + name + "}", quote(value, safe="") or "x")
    return url


@pytest.mark.parametrize("route", PAGES, ids=[r.path for r in PAGES])
def test_no_page_gets_a_server_error(route, client):
    names = [p.alias for p in route.dependant.query_params]
    path_names = [p.alias for p in route.dependant.path_params]

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        query=st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names)) if names else st.just({}),
        path=st.fixed_dictionaries({n: VALUES for n in path_names}),
    )
    def check(query, path):
        r = client.get(_url(route, path), params=query, follow_redirects=False)
        assert r.status_code < 500, (route.path, query, path, r.status_code, r.text[:300])
        assert MARKER not in r.text, (route.path, query, path)

    check()
