"""Bounds for the parameters of every route, API and pages alike.

Every string has a maximum length, every number a range, every list a maximum number of
items: a value out of bounds is refused before a handler runs (422 from the API, a 400
page from the pages), never handed to the database, where a number too large for a 64-bit
integer or a query of a hundred thousand words would fail or run for minutes.
``tests/web/test_limits.py`` checks that no route's parameter goes without a bound.
"""

from __future__ import annotations

from redes.kb.lookup import MAX_NAME as _MAX_NAME
from redes.store.search import MAX_QUERY as _MAX_QUERY

MAX_ID = 2**63 - 1  # a row id: SQLite's and PostgreSQL's 64-bit integers
MIN_YEAR, MAX_YEAR = 1900, 2100  # the years conflict data and claims can be about
MAX_QUERY = _MAX_QUERY  # a full-text query (search reads no more of it)
MAX_NAME = _MAX_NAME  # an entity's name, alias or slug: the longest the store keeps
MAX_WORD = 100  # a type, a language, a status, a predicate, a kind
MAX_COLLECTION = 200  # a collection's name
MAX_LIST = 2000  # a comma-separated list of types, relations or collections
MAX_KEY = 64  # a claim's key (or a prefix of it)
MAX_OFFSET = 1_000_000  # paging
MAX_COUNT = 1_000_000  # minimum counts (documents, events)
MAX_SEED = 2**32 - 1  # the random seed of a disruption run
