"""The relation graph: entities as nodes, relation claims as weighted, undirected edges.

Built straight from the store's claims, evidence and documents. Rejected claims never
enter; every other claim needs at least one evidence row (in an allowed collection) so
that each edge can be traced to its sources. Several claims between the same two
entities collapse into one edge whose weight is its corroboration: the number of
distinct documents behind any of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import igraph as ig
from sqlalchemy import or_, select

from redes.access.filters import within
from redes.extract.model import ENTITY_TYPES, RELATION_TYPES
from redes.store import Store
from redes.store.models import Claim, Document, Entity, Evidence

# Places are left out by default: a state that many actors "operate in" is no broker,
# and removing it is no arrest. ``entity_types=None`` includes every type.
ACTOR_TYPES = tuple(t for t in ENTITY_TYPES if t != "place")
# Enforcement actions are left out by default: an agency that indicts fifty people is
# no hub of their network, and would join them all through itself.
TIE_RELATIONS = tuple(r for r in RELATION_TYPES if r != "action_against")


@dataclass(frozen=True, slots=True)
class GraphFilters:
    """Which claims make the graph. ``None`` means no restriction."""

    relations: tuple[str, ...] | None = TIE_RELATIONS
    entity_types: tuple[str, ...] | None = ACTOR_TYPES
    min_corroboration: int = 1
    as_of: int | None = None
    collections: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        unknown = set(self.relations or ()) - set(RELATION_TYPES)
        if unknown:
            raise ValueError(f"unknown relation types: {', '.join(sorted(unknown))}")
        unknown = set(self.entity_types or ()) - set(ENTITY_TYPES)
        if unknown:
            raise ValueError(f"unknown entity types: {', '.join(sorted(unknown))}")

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass(slots=True)
class _ClaimRow:
    subject: int
    object: int
    predicate: str
    documents: set[int]
    publishers: set[str]


def _claim_rows(store: Store, filters: GraphFilters) -> tuple[dict[int, _ClaimRow], dict[int, Entity]]:
    stmt = (
        select(
            Claim.id,
            Claim.subject_id,
            Claim.object_id,
            Claim.predicate,
            Evidence.document_id,
            Document.publisher,
        )
        .join(Evidence, Evidence.claim_id == Claim.id)
        .join(Document, Document.id == Evidence.document_id)
        .where(Claim.object_id.is_not(None), Claim.status != "rejected")
        .where(Claim.subject_id != Claim.object_id)
        .where(Claim.predicate.in_(RELATION_TYPES))
    )
    if filters.as_of is not None:
        stmt = stmt.where(or_(Claim.year.is_(None), Claim.year <= filters.as_of))
    claims: dict[int, _ClaimRow] = {}
    # Only evidence the store's scope reads (the access filter), and of that, only the
    # collections asked for: entities and their names too come from those alone.
    with within(store, filters.collections).session() as s:
        for cid, subj, obj, pred, doc, publisher in s.execute(stmt):
            row = claims.get(cid)
            if row is None:
                row = claims[cid] = _ClaimRow(subj, obj, pred, set(), set())
            row.documents.add(doc)
            if publisher:
                row.publishers.add(publisher)
        ids = {r.subject for r in claims.values()} | {r.object for r in claims.values()}
        entities = {e.id: e for e in _entities(s, ids)}
    return claims, entities


def _entities(session, ids: set[int], chunk: int = 5000) -> Iterable[Entity]:
    # Chunked: SQLite limits the number of bound parameters in one statement.
    ordered = sorted(ids)
    for i in range(0, len(ordered), chunk):
        yield from session.scalars(select(Entity).where(Entity.id.in_(ordered[i : i + chunk])))


def build_graph(store: Store, filters: GraphFilters | None = None) -> ig.Graph:
    """The relation graph under ``filters``.

    Vertex attributes: ``entity_id``, ``name`` (the slug, unique), ``label``, ``type``,
    ``leader`` (subject of a retained ``leads`` claim, whatever the relation filter).
    Edge attributes: ``weight`` (distinct documents), ``publishers`` (distinct
    publishers), ``relations`` (sorted predicates), ``claims`` (claim ids).
    """
    filters = filters or GraphFilters()
    claims, entities = _claim_rows(store, filters)
    wanted_rel = set(filters.relations or RELATION_TYPES)
    wanted_type = set(filters.entity_types or ENTITY_TYPES)

    leaders: set[int] = set()
    pairs: dict[tuple[int, int], dict[str, Any]] = defaultdict(
        lambda: {"documents": set(), "publishers": set(), "relations": set(), "claims": []}
    )
    for cid, row in sorted(claims.items()):
        if len(row.documents) < filters.min_corroboration:
            continue
        if row.predicate == "leads":
            leaders.add(row.subject)
        if row.predicate not in wanted_rel:
            continue
        if row.subject not in entities or row.object not in entities:
            continue  # an entity the store's scope may not see (see kb.facts.claim_dicts)
        if entities[row.subject].type not in wanted_type or entities[row.object].type not in wanted_type:
            continue
        edge = pairs[(min(row.subject, row.object), max(row.subject, row.object))]
        edge["documents"] |= row.documents
        edge["publishers"] |= row.publishers
        edge["relations"].add(row.predicate)
        edge["claims"].append(cid)

    node_ids = sorted({i for pair in pairs for i in pair})
    index = {eid: i for i, eid in enumerate(node_ids)}
    g = ig.Graph(n=len(node_ids), edges=[(index[a], index[b]) for a, b in pairs])
    g.vs["entity_id"] = node_ids
    g.vs["name"] = [entities[i].slug for i in node_ids]
    g.vs["label"] = [entities[i].name for i in node_ids]
    g.vs["type"] = [entities[i].type for i in node_ids]
    g.vs["leader"] = [i in leaders for i in node_ids]
    g.es["weight"] = [len(e["documents"]) for e in pairs.values()]
    g.es["publishers"] = [len(e["publishers"]) for e in pairs.values()]
    g.es["relations"] = [sorted(e["relations"]) for e in pairs.values()]
    g.es["claims"] = [e["claims"] for e in pairs.values()]
    g["filters"] = filters.to_dict()
    return g


def graph_from_edges(
    edges: Sequence[tuple[str, str]] | Sequence[tuple[str, str, str]],
    types: dict[str, str] | None = None,
    leaders: Iterable[str] = (),
) -> ig.Graph:
    """A graph with the same attributes as ``build_graph`` from labelled edges
    ``(a, b)`` or ``(a, b, relation)``: for tests, benchmarks and what-if sketches."""
    labels: dict[str, int] = {}
    for edge in edges:
        for name in edge[:2]:
            labels.setdefault(name, len(labels))
    g = ig.Graph(n=len(labels), edges=[(labels[e[0]], labels[e[1]]) for e in edges])
    g.simplify(combine_edges="first")
    names = list(labels)
    lead = set(leaders)
    types = types or {}
    g.vs["entity_id"] = list(range(1, len(names) + 1))
    g.vs["name"] = names
    g.vs["label"] = names
    g.vs["type"] = [types.get(n, "person") for n in names]
    g.vs["leader"] = [n in lead for n in names]
    relation = {frozenset(e[:2]): (e[2] if len(e) > 2 else "member_of") for e in edges}
    g.es["relations"] = [[relation[frozenset((names[e.source], names[e.target]))]] for e in g.es]
    g.es["weight"] = [1] * g.ecount()
    g.es["publishers"] = [1] * g.ecount()
    g.es["claims"] = [[] for _ in range(g.ecount())]
    g["filters"] = {}
    return g
