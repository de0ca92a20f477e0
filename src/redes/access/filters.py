"""The one filter every query passes through.

A session opened by a store with a restricted scope (``Store.scoped``) carries the scope in
``session.info``; before any ORM SELECT runs, ``_restrict`` adds criteria to every mapped
class the statement touches (SQLAlchemy's ``with_loader_criteria``, applied to joins,
subqueries and relationship loads alike):

- documents, their source paths, mentions and evidence: in a readable collection;
- claims: with at least one piece of evidence in a readable collection;
- entities: mentioned in a readable collection;
- aliases: written so in a readable collection (or added by a reviewer, on a readable entity);
- judgements and tip receipts: never, to a restricted scope (they may name anything);
- tip-line files: those of readable documents;
- entity names and slugs: those the scope may read (``redes.access.names``), on every
  ``Entity`` the session loads.

So the knowledge base, the graph, the exports and the web pages run unchanged and see only
what the scope may read. Raw SQL bypasses this: the few places that need it (full-text
search) apply ``readable_documents`` themselves, and ``tests/access`` checks every route.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Row, Select, and_, event, exists, false, literal_column, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from redes.access import names
from redes.access.models import TipFile, TipReceipt
from redes.access.scope import OWNER, Scope
from redes.store.models import (
    Alias,
    Claim,
    Collection,
    Document,
    DocumentSource,
    Entity,
    Evidence,
    Judgement,
    Mention,
)

SCOPE_KEY = "redes.scope"


def session_scope(session: Session) -> Scope | None:
    return session.info.get(SCOPE_KEY)


def readable_documents(scope: Scope) -> Select:
    """SELECT of the ids of the documents ``scope`` may read."""
    ids = tuple(scope.readable or ())
    return select(Document.id).where(Document.collection_id.in_(ids))


@event.listens_for(Session, "do_orm_execute")
def _restrict(state: ORMExecuteState):
    scope = state.session.info.get(SCOPE_KEY)
    if scope is None or not scope.restricted or not state.is_select:
        return None
    if state.statement._propagate_attrs.get("compile_state_plugin") != "orm":
        return None  # a Core statement on plain tables: no mapped class to filter
    if not (state.is_column_load or state.is_relationship_load):
        # Relationship and column loads carry the criteria of the statement that loaded
        # their parent object.
        ids = tuple(sorted(scope.readable or ()))
        state.statement = state.statement.options(*criteria(ids))
    if not names.loads(state.statement):
        return None
    # Entities get the names and slugs the scope may read, and claims keys made from those
    # (``redes.access.names``).
    frozen = state.invoke_statement().freeze()
    names.apply(state.session, _objects(frozen.data))
    return frozen()


def _objects(rows):
    """Entities and claims in a frozen result's rows: the objects themselves (scalars) or
    ``Row`` tuples."""
    for row in rows:
        if isinstance(row, Entity | Claim):
            yield row
        elif isinstance(row, Row | tuple):
            yield from (obj for obj in row if isinstance(obj, Entity | Claim))


def within(store, collections) -> object:
    """``store`` further restricted to the collections named (a filter the user chose, on
    top of what the store's scope may read): documents, entities, names, claims and
    evidence from those collections only. No names (None or empty): ``store`` itself."""
    if not collections:
        return store
    with store.session() as s:
        # Through the store's own filter: a collection it may not read is not found.
        ids = frozenset(s.scalars(select(Collection.id).where(Collection.name.in_(sorted(set(collections))))))
    base = store.scope if store.scope is not None else OWNER
    readable = ids if base.readable is None else ids & base.readable
    return store.scoped(Scope(base.username, base.role, readable, base.writable, base.user_id))


@lru_cache(maxsize=256)
def criteria(ids: tuple[int, ...]) -> tuple:
    """``with_loader_criteria`` options for a scope that reads collections ``ids``.

    Subqueries use aliases of the plain tables, so that they never correlate with (or get
    criteria from) the statement they filter. Built once per set of collections.
    """
    rid = _id_list(ids)
    return (
        with_loader_criteria(Collection, lambda c: _in(c.id, rid), include_aliases=True),
        with_loader_criteria(Document, lambda d: _in_readable(d.collection_id, rid), include_aliases=True),
        with_loader_criteria(DocumentSource, lambda s: _readable(s.document_id, rid), include_aliases=True),
        with_loader_criteria(Mention, lambda m: _readable(m.document_id, rid), include_aliases=True),
        with_loader_criteria(Evidence, lambda e: _readable(e.document_id, rid), include_aliases=True),
        with_loader_criteria(Claim, lambda c: _supported(c.id, rid), include_aliases=True),
        with_loader_criteria(Entity, lambda e: _mentioned(e.id, rid), include_aliases=True),
        with_loader_criteria(
            Alias, lambda a: (a.origin == "human") | _written(a.entity_id, a.name, rid), include_aliases=True
        ),
        with_loader_criteria(Judgement, lambda j: false(), include_aliases=True),
        with_loader_criteria(TipReceipt, lambda t: false(), include_aliases=True),
        with_loader_criteria(TipFile, lambda t: t.document_id.in_(_docs(rid)), include_aliases=True),
    )


# The subqueries' tables, aliased once (an alias builds a proxy of every column: built per
# query, they cost more than the query). They never correlate with the statement they
# filter, whose tables are the mapped ones; each criterion is its own subquery.
_DOCS = Document.__table__.alias("readable_documents")
_COLLECTION = Collection.__table__.alias("readable_collection")
_DOCUMENT = Document.__table__.alias("readable_document")
_EVIDENCE = Evidence.__table__.alias("readable_evidence")
_EVIDENCE_DOCUMENT = Document.__table__.alias("readable_evidence_document")
_MENTIONS = Mention.__table__.alias("readable_mentions")
_MENTION_DOCUMENT = Document.__table__.alias("readable_mention_document")
_ALIAS_MENTIONS = Mention.__table__.alias("readable_alias_mentions")
_ALIAS_DOCUMENT = Document.__table__.alias("readable_alias_document")


def _id_list(ids: tuple[int, ...]):
    """``ids`` as a literal SQL list, "(1, 2)": integers we computed, never user input. A
    literal rather than a bound parameter, so that SQLAlchemy does not extract and re-bind
    the list for every criterion of every statement (half of what the filter cost)."""
    return literal_column("(" + (", ".join(str(int(i)) for i in ids) or "-1") + ")")


def _in(column, rid):
    return column.op("IN")(rid)


def _docs(rid) -> Select:
    return select(_DOCS.c.id).where(_in(_DOCS.c.collection_id, rid))


# Every criterion reaches the document by its primary key ("this row's document is in a
# readable collection"), never by a list of readable documents: given one, the query
# planner (SQLite's in particular) probes an index once per readable document for every
# row, which costs as much as the readable corpus is large.


def _in_readable(collection_id, rid):
    """A document's collection is readable: a lookup by the collection's key rather than
    ``collection_id IN (...)``, which query planners take for a selective index and drive
    whole joins from (every evidence row of every readable document, for one dossier)."""
    return exists().where(_COLLECTION.c.id == collection_id, _inner(rid)[0])


def _readable(document_id, rid):
    return exists().where(_DOCUMENT.c.id == document_id, _inner(rid)[1])


def _supported(claim_id, rid):
    return exists().where(_EVIDENCE.c.claim_id == claim_id, _inner(rid)[2])


def _mentioned(entity_id, rid):
    return exists().where(_MENTIONS.c.entity_id == entity_id, _inner(rid)[3])


def _written(entity_id, name, rid):
    m = _ALIAS_MENTIONS
    return exists().where(m.c.entity_id == entity_id, m.c.text == name, _inner(rid)[4])


@lru_cache(maxsize=256)
def _inner(rid) -> tuple:
    """The parts of the criteria that do not depend on the row they filter, built once
    per set of collections."""
    return (
        _in(_COLLECTION.c.id, rid),
        _in(_DOCUMENT.c.collection_id, rid),
        and_(
            _EVIDENCE_DOCUMENT.c.id == _EVIDENCE.c.document_id, _in(_EVIDENCE_DOCUMENT.c.collection_id, rid)
        ),
        and_(_MENTION_DOCUMENT.c.id == _MENTIONS.c.document_id, _in(_MENTION_DOCUMENT.c.collection_id, rid)),
        and_(
            _ALIAS_DOCUMENT.c.id == _ALIAS_MENTIONS.c.document_id, _in(_ALIAS_DOCUMENT.c.collection_id, rid)
        ),
    )
