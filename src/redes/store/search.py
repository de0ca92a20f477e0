"""Full-text search over documents, ignoring case and accents.

SQLite uses the FTS5 table ``documents_fts`` (unicode61 tokenizer, diacritics removed);
PostgreSQL uses the ``redes`` text search configuration (simple + unaccent) over the text
with its non-ASCII punctuation turned to spaces (``redes_fts_text``: in a C-locale
database the parser takes every non-ASCII character for a letter, and indexed "mencho”"
with its quote). Migrations 0002 and 0013 create them. Queries accept words, "quoted phrases", ``OR`` and ``-word``.
"""

from __future__ import annotations

import html
import re
import shlex
import unicodedata
from dataclasses import dataclass

from sqlalchemy import text

from redes.store.db import Store

# Highlight markers: private-use characters that cannot occur in ingested text (readers
# never produce them), so escaping and highlighting never get confused.
HL_START, HL_END = "\ue000", "\ue001"


@dataclass(slots=True)
class Hit:
    document_id: int
    title: str | None
    file_name: str
    collection: str
    language: str | None
    published: str | None
    score: float | None  # None: not ranked (see ``_search_sqlite``)
    marked: str  # snippet with HL_START/HL_END around matches

    @property
    def snippet(self) -> str:
        """The snippet with matches in **double asterisks**, for terminals and JSON."""
        return self.marked.replace(HL_START, "**").replace(HL_END, "**")

    @property
    def snippet_html(self) -> str:
        """The snippet as safe HTML: text escaped, matches in <mark>."""
        return html.escape(self.marked).replace(HL_START, "<mark>").replace(HL_END, "</mark>")

    def as_dict(self) -> dict:
        return {
            "id": self.document_id,
            "title": self.title,
            "file_name": self.file_name,
            "collection": self.collection,
            "language": self.language,
            "published": self.published,
            "score": None if self.score is None else round(self.score, 4),
            "snippet": self.snippet,
        }


# A query's cost grows with its terms (every term of every match is ranked and
# highlighted): the first MAX_QUERY characters are read, a repeated term counts once, and
# at most MAX_TERMS terms are kept. The web's parameters refuse longer queries outright.
MAX_QUERY = 200
MAX_TERMS = 16


def _terms(query: str) -> list[tuple[str, str]]:
    """Split a query into (op, text) terms: op is "", "OR" or "NOT". Repeated terms are
    dropped (case and accents aside, as the index sees them), and the rest capped."""
    query = query[:MAX_QUERY]
    try:
        parts = shlex.split(query)
    except ValueError:  # an unbalanced quote: take the words as they are
        parts = query.replace('"', " ").split()
    terms: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    pending_or = False
    for part in parts:
        if part == "OR":
            pending_or = bool(terms)
            continue
        op = "OR" if pending_or else ""
        pending_or = False
        if part.startswith("-") and len(part) > 1:
            op, part = "NOT", part[1:]
        words = re.findall(r"\w+\*?", part)
        if not words:
            continue
        term = (op, " ".join(words))
        key = (op, _fold(term[1]))
        if key in seen:
            continue
        seen.add(key)
        terms.append(term)
        if len(terms) >= MAX_TERMS:
            break
    return terms


def _fold(text: str) -> str:
    """Lower case without accents: terms the index cannot tell apart."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def websearch_query(query: str) -> str | None:
    """The query rebuilt from its kept terms for PostgreSQL's ``websearch_to_tsquery``
    (every term quoted, so the same terms are searched on both backends)."""
    out: list[str] = []
    for op, words in _terms(query):
        phrase = '"' + words.replace("*", "") + '"'
        if op == "NOT":
            if out:
                out.append("-" + phrase)
        elif op == "OR" and out:
            out.append("or " + phrase)
        else:
            out.append(phrase)
    return " ".join(out) or None


def fts5_query(query: str) -> str | None:
    """Translate a user query into FTS5 syntax with every word quoted (so that no user
    input is ever parsed as FTS5 operators)."""
    out: list[str] = []
    for op, words in _terms(query):
        prefix = words.endswith("*")
        phrase = '"' + words.rstrip("*").replace('"', "") + '"' + ("*" if prefix else "")
        if op == "NOT":
            if out:
                out.append("NOT " + phrase)
        elif op == "OR" and out:
            out.append("OR " + phrase)
        else:
            out.append(("AND " if out else "") + phrase)
    return " ".join(out) or None


def search_documents(
    store: Store,
    query: str,
    limit: int = 20,
    offset: int = 0,
    collections: list[str] | None = None,
    snippets: bool = True,
) -> list[Hit]:
    """Documents matching ``query``, best first, with highlighted snippets. Without
    (``snippets=False``, ``marked`` empty) to count and facet many matches: a snippet reads
    its whole document, and PostgreSQL's ``ts_headline`` of 500 long documents took
    seconds. ``with_snippets`` adds them to the few shown."""
    if store.dialect == "postgresql":
        return _search_postgres(store, query, limit, offset, collections, snippets)
    return _search_sqlite(store, query, limit, offset, collections, snippets)


def with_snippets(store: Store, query: str, hits: list[Hit]) -> list[Hit]:
    """``hits`` (of ``search_documents(store, query, snippets=False)``) with their snippets."""
    from dataclasses import replace

    from sqlalchemy import bindparam

    ids = [h.document_id for h in hits]
    if not ids:
        return hits
    if store.dialect == "postgresql":
        rebuilt = websearch_query(query)
        sql = (
            "WITH q AS (SELECT websearch_to_tsquery('redes'::regconfig, redes_fts_text(:q)) AS q) "
            f"SELECT d.id, {_PG_HEADLINE} FROM documents d, q WHERE d.id IN :ids"
        )
        params = {"q": rebuilt, "qf": _QUOTES, "qt": _ASCII_QUOTES, "ids": ids}
    else:
        sql = (
            f"SELECT rowid, {_SQLITE_SNIPPET} FROM documents_fts "
            "WHERE documents_fts MATCH :q AND rowid IN :ids"
        )
        params = {"q": fts5_query(query), "hs": HL_START, "he": HL_END, "ids": ids}
    with store.session() as s:
        marked = dict(s.execute(text(sql).bindparams(bindparam("ids", expanding=True)), params).all())
    return [replace(h, marked=marked.get(h.document_id) or "") for h in hits]


def _collection_filter(store: Store, collections: list[str] | None, params: dict) -> str:
    """SQL that keeps the documents the store's scope may read (raw SQL does not pass
    through the ORM filter, so it applies ``readable_documents`` itself), and of those the
    collections asked for."""
    sql = ""
    scope = store.scope
    if scope is not None and scope.restricted:
        from redes.access.filters import readable_documents

        # Integer ids only: compiled with literal values, nothing from the user.
        readable = readable_documents(scope).compile(
            dialect=store.engine.dialect, compile_kwargs={"literal_binds": True}
        )
        sql += f" AND d.id IN ({readable})"
    if collections is None:
        return sql
    names = {f"c{i}": name for i, name in enumerate(collections)}
    params.update(names)
    if not names:
        return sql + " AND 0 = 1"
    return sql + " AND c.name IN (" + ", ".join(":" + k for k in names) + ")"


def _rows(store: Store, sql: str, params: dict) -> list:
    """Run through a session, so that the store's session hooks (the scope, and on
    PostgreSQL the row-level security setting) apply to it as to every query."""
    with store.session() as s:
        return s.execute(text(sql), params).all()


_SQLITE_SNIPPET = "snippet(documents_fts, 1, :hs, :he, '…', 24)"
_NO_SNIPPET = "''"


def _search_sqlite(store, query, limit, offset, collections, snippets=True) -> list[Hit]:
    match = fts5_query(query)
    if not match:
        return []
    params = {"q": match, "limit": limit, "offset": offset, "hs": HL_START, "he": HL_END}
    # FTS5's bm25 weighs terms by statistics of the whole table (how many documents hold
    # each term, their average length), hidden documents included: a restricted scope
    # would see its scores, its order and which matches make the first page move with
    # documents it may not read. It gets matches newest first, without a score.
    # (PostgreSQL's ts_rank looks at each document alone, so every scope gets it.)
    restricted = store.scope is not None and store.scope.restricted
    order = "d.published IS NULL, d.published DESC, d.id" if restricted else "rank"
    sql = (
        "SELECT d.id, d.title, d.file_name, c.name, d.language, d.published, "
        f"{'NULL' if restricted else 'bm25(documents_fts, 5.0, 1.0)'} AS rank, "
        f"{_SQLITE_SNIPPET if snippets else _NO_SNIPPET} "
        "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
        "JOIN collections c ON c.id = d.collection_id "
        "WHERE documents_fts MATCH :q"
        + _collection_filter(store, collections, params)
        + f" ORDER BY {order} LIMIT :limit OFFSET :offset"
    )
    rows = _rows(store, sql, params)
    return [
        Hit(r[0], r[1], r[2], r[3], r[4], r[5], None if r[6] is None else -float(r[6]), r[7]) for r in rows
    ]


# Curly and angle quotes, shown in PostgreSQL's snippets as the ASCII quotes they stand for.
_QUOTES = "\u2018\u2019\u201a\u201b\u2039\u203a\u201c\u201d\u201e\u201f\u00ab\u00bb"
_ASCII_QUOTES = "'" * 6 + '"' * 6


# The snippet keeps its quotes as ASCII ones (which the parser splits at in any locale).
_PG_HEADLINE = (
    "ts_headline('redes'::regconfig, redes_fts_text(translate(d.text, :qf, :qt)), q.q, "
    f"'StartSel={HL_START}, StopSel={HL_END}, MaxWords=30, MinWords=12, MaxFragments=1')"
)


def _search_postgres(store, query, limit, offset, collections, snippets=True) -> list[Hit]:
    rebuilt = websearch_query(query)
    if not rebuilt:
        return []
    params = {"q": rebuilt, "limit": limit, "offset": offset}
    if snippets:
        params.update(qf=_QUOTES, qt=_ASCII_QUOTES)
    # The stored vector (migration 0016; punctuation as spaces, migration 0013, so that a
    # word next to a curly quote or a dash is found whatever the database's locale).
    doc = "d.search_vector"
    sql = (
        "WITH q AS (SELECT websearch_to_tsquery('redes'::regconfig, redes_fts_text(:q)) AS q) "
        f"SELECT d.id, d.title, d.file_name, c.name, d.language, d.published, ts_rank({doc}, q.q), "
        f"{_PG_HEADLINE if snippets else _NO_SNIPPET} "
        "FROM documents d JOIN collections c ON c.id = d.collection_id, q "
        f"WHERE {doc} @@ q.q" + _collection_filter(store, collections, params) + " "
        "ORDER BY 7 DESC, d.id LIMIT :limit OFFSET :offset"
    )
    rows = _rows(store, sql, params)
    return [Hit(r[0], r[1], r[2], r[3], r[4], r[5], float(r[6]), r[7]) for r in rows]
