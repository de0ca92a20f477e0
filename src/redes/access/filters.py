"""The one filter every query passes through.

A session opened by a store with a restricted scope (``Store.scoped``) carries the scope in
``session.info``; before any ORM SELECT runs, ``_restrict`` adds criteria to every mapped
class the statement touches (SQLAlchemy's ``with_loader_criteria``, applied to joins,
subqueries and relationship loads alike):

- documents, their source paths, mentions and evidence: in a readable collection;
- claims: with at least one piece of evidence in a readable collection;
- entities: mentioned in a readable collection;
- aliases: written so in a readable collection (or added by a reviewer, on a readable entity);
- judgements and tip receipts: never, to a restricted scope (they may name anything).

So the knowledge base, the graph, the exports and the web pages run unchanged and see only
what the scope may read. Raw SQL bypasses this: the few places that need it (full-text
search) apply ``readable_documents`` themselves, and ``tests/access`` checks every route.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, event, exists, false, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from redes.access.models import TipReceipt
from redes.access.scope import Scope
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
def _restrict(state: ORMExecuteState) -> None:
    scope = state.session.info.get(SCOPE_KEY)
    if scope is None or not scope.restricted:
        return
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    ids = tuple(sorted(scope.readable or ()))
    state.statement = state.statement.options(*criteria(ids))


def criteria(ids: tuple[int, ...]) -> list:
    """``with_loader_criteria`` options for a scope that reads collections ``ids``.

    Subqueries use aliases of the plain tables, so that they never correlate with (or get
    criteria from) the statement they filter.
    """
    return [
        with_loader_criteria(Collection, lambda c: c.id.in_(ids), include_aliases=True),
        with_loader_criteria(Document, lambda d: d.collection_id.in_(ids), include_aliases=True),
        with_loader_criteria(DocumentSource, lambda s: s.document_id.in_(_docs(ids)), include_aliases=True),
        with_loader_criteria(Mention, lambda m: m.document_id.in_(_docs(ids)), include_aliases=True),
        with_loader_criteria(Evidence, lambda e: e.document_id.in_(_docs(ids)), include_aliases=True),
        with_loader_criteria(Claim, lambda c: _supported(c.id, ids), include_aliases=True),
        with_loader_criteria(Entity, lambda e: _mentioned(e.id, ids), include_aliases=True),
        with_loader_criteria(
            Alias, lambda a: (a.origin == "human") | _written(a.entity_id, a.name, ids), include_aliases=True
        ),
        with_loader_criteria(Judgement, lambda j: false(), include_aliases=True),
        with_loader_criteria(TipReceipt, lambda t: false(), include_aliases=True),
    ]


def _docs(ids: tuple[int, ...]) -> Select:
    d = Document.__table__.alias("readable_documents")
    return select(d.c.id).where(d.c.collection_id.in_(ids))


def _supported(claim_id, ids: tuple[int, ...]):
    e = Evidence.__table__.alias("readable_evidence")
    return exists().where(e.c.claim_id == claim_id, e.c.document_id.in_(_docs(ids)))


def _mentioned(entity_id, ids: tuple[int, ...]):
    m = Mention.__table__.alias("readable_mentions")
    return exists().where(m.c.entity_id == entity_id, m.c.document_id.in_(_docs(ids)))


def _written(entity_id, name, ids: tuple[int, ...]):
    m = Mention.__table__.alias("readable_alias_mentions")
    return exists().where(and_(m.c.entity_id == entity_id, m.c.text == name), m.c.document_id.in_(_docs(ids)))
