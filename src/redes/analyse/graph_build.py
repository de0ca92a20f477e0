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
from dataclasses import dataclass
from itertools import chain
from typing import Any

import igraph as ig
from sqlalchemy import and_, func, or_, select

from redes.access.filters import session_scope, within
from redes.analyse.options import GraphFilters
from redes.extract.model import ENTITY_TYPES, RELATION_TYPES
from redes.kb.facts import publisher_key
from redes.kb.spans import as_of_condition, as_read, begins_after, holds_at
from redes.sources import LIST_FORMATS
from redes.store import Store
from redes.store.models import Claim, Document, Entity, Evidence


@dataclass(slots=True)
class _ClaimRow:
    subject: int
    object: int
    predicate: str
    documents: set[int]  # independent sources: source groups (kb.facts.source_key)
    publishers: set[tuple[int, str]]  # (source group, publisher key)


def _claim_rows(
    store: Store, filters: GraphFilters, where: Sequence = ()
) -> tuple[dict[int, _ClaimRow], dict[int, Entity]]:
    stmt = (
        select(
            Claim.id,
            Claim.subject_id,
            Claim.object_id,
            Claim.predicate,
            func.coalesce(Document.source_group, Evidence.document_id),
            Document.publisher,
        )
        .join(Evidence, Evidence.claim_id == Claim.id)
        .join(Document, Document.id == Evidence.document_id)
        .where(Claim.object_id.is_not(None), Claim.status != "rejected")
        .where(Claim.subject_id != Claim.object_id)
        .where(Claim.predicate.in_(RELATION_TYPES))
        .where(*where)
    )
    if not filters.lists:
        stmt = stmt.where(Document.format.notin_(LIST_FORMATS))
    claims: dict[int, _ClaimRow] = {}
    # Only evidence the store's scope reads (the access filter), and of that, only the
    # collections asked for: entities and their names too come from those alone.
    with within(store, filters.collections).session() as s:
        scope = session_scope(s)
        restricted = scope is not None and scope.restricted
        if filters.as_of is not None:
            # Begun by then and not ended before (kb.spans: start, end, death); a restricted
            # reader's spans are its own (kb.spans.as_read), checked below.
            stmt = stmt.where(as_of_condition(filters.as_of, stored=not restricted))
        for cid, subj, obj, pred, doc, publisher in s.execute(stmt):
            row = claims.get(cid)
            if row is None:
                row = claims[cid] = _ClaimRow(subj, obj, pred, set(), set())
            row.documents.add(doc)
            row.publishers.add((doc, publisher_key(publisher)))
        if filters.as_of is not None and restricted and claims:
            claims = _held(s, claims, filters.as_of)
        ids = {r.subject for r in claims.values()} | {r.object for r in claims.values()}
        entities = {e.id: e for e in _entities(s, ids)}
    return claims, entities


def _held(session, claims: dict[int, _ClaimRow], year: int) -> dict[int, _ClaimRow]:
    """The claims that held in ``year`` by the spans the session's scope reads."""
    ordered = sorted(claims)
    known = [
        c
        for i in range(0, len(ordered), 500)
        for c in session.scalars(select(Claim).where(Claim.id.in_(ordered[i : i + 500])))
    ]
    read = as_read(session, known)
    held = set()
    for c in known:
        span = {**read[c.id], "year": c.year}
        if not begins_after(span, year) and holds_at(span, year):
            held.add(c.id)
    return {cid: row for cid, row in claims.items() if cid in held}


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

    Vertices are in the order of their entity ids, edges in the order of their first
    claim's id: the same data always makes the same graph (and the same communities).
    """
    filters = filters or GraphFilters()
    claims, entities = _claim_rows(store, filters)
    pairs, leaders = _pairs(claims, entities, filters)
    nodes = {i: _node(entities[i]) for pair in pairs for i in pair}
    return _assemble(nodes, leaders, pairs, filters)


def _pairs(
    claims: dict[int, _ClaimRow], entities: dict[int, Entity], filters: GraphFilters
) -> tuple[dict[tuple[int, int], dict[str, Any]], set[int]]:
    """Edges by (smaller, larger entity id), in the order of their first claim, with their
    attributes; and the leaders (subjects of a retained ``leads`` claim)."""
    wanted_rel = set(filters.relations or RELATION_TYPES) | ({"linked_to"} if filters.lists else set())
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
    out = {
        pair: {
            "weight": len(e["documents"]),
            # A source group's publisher is the first of its copies' (as in kb.facts).
            "publishers": len(_publishers(e["publishers"])),
            "relations": sorted(e["relations"]),
            "claims": e["claims"],
        }
        for pair, e in pairs.items()
    }
    return out, leaders


def _publishers(seen: set[tuple[int, str]]) -> set[str]:
    first: dict[int, str] = {}
    for source, publisher in seen:
        first[source] = min(first.get(source, publisher), publisher)
    return set(first.values())


def _node(entity: Entity) -> tuple[str, str, str]:
    return entity.slug, entity.name, entity.type


def _assemble(
    nodes: dict[int, tuple[str, str, str]],
    leaders: set[int],
    pairs: dict[tuple[int, int], dict[str, Any]],
    filters: GraphFilters | dict[str, Any],
) -> ig.Graph:
    """The graph of ``pairs`` (edge attributes by entity-id pair) over ``nodes`` (slug,
    name, type by entity id), vertices by entity id, edges by their first claim."""
    node_ids = sorted(nodes)
    index = {eid: i for i, eid in enumerate(node_ids)}
    ordered = sorted(pairs.items(), key=lambda item: item[1]["claims"][0])
    g = ig.Graph(n=len(node_ids), edges=[(index[a], index[b]) for (a, b), _ in ordered])
    g.vs["entity_id"] = node_ids
    g.vs["name"] = [nodes[i][0] for i in node_ids]
    g.vs["label"] = [nodes[i][1] for i in node_ids]
    g.vs["type"] = [nodes[i][2] for i in node_ids]
    g.vs["leader"] = [i in leaders for i in node_ids]
    for attr in ("weight", "publishers", "relations", "claims"):
        g.es[attr] = [e[attr] for _, e in ordered]
    g["filters"] = filters.to_dict() if isinstance(filters, GraphFilters) else filters
    return g


# Past this many changed entity pairs, patching costs more than building anew.
MAX_PATCHED_PAIRS = 200
EDGE_ATTRS = ("weight", "publishers", "relations", "claims")


def update_graph(
    store: Store, g: ig.Graph, filters: GraphFilters, claim_ids: Iterable[int]
) -> ig.Graph | None:
    """``g`` (made by ``build_graph(store, filters)``) as ``build_graph`` would make it now
    that the claims ``claim_ids`` changed their review status and nothing else did: the
    edges between their entities and their subjects' leader flags are read again, through
    the same filters and scope. Returns ``g`` itself when nothing it shows changed, a new
    graph otherwise (``g`` is never modified: readers may be using it), or None when so
    many claims changed that building anew is the better way."""
    ids = sorted(set(claim_ids))
    if not ids:
        return g
    scoped = within(store, filters.collections)
    with scoped.session() as s:
        touched = [
            row
            for chunk in range(0, len(ids), 500)
            for row in s.execute(
                select(Claim.subject_id, Claim.object_id, Claim.predicate).where(
                    Claim.id.in_(ids[chunk : chunk + 500])
                )
            )
        ]
    touched = [(a, b, p) for a, b, p in touched if b is not None and a != b and p in RELATION_TYPES]
    pairs = {(min(a, b), max(a, b)) for a, b, _ in touched}
    heads = {a for a, _, p in touched if p == "leads"}
    if len(pairs) + len(heads) > MAX_PATCHED_PAIRS:
        return None
    if not pairs:
        return g
    between = or_(
        *(
            or_(
                and_(Claim.subject_id == a, Claim.object_id == b),
                and_(Claim.subject_id == b, Claim.object_id == a),
            )
            for a, b in pairs
        )
    )
    claims, entities = _claim_rows(store, filters, [between])
    fresh, _ = _pairs(claims, entities, filters)
    index = {entity_id: v for v, entity_id in enumerate(g.vs["entity_id"])}
    # An entity new to the graph may lead something the filters leave out (a person who
    # leads a state body, in the criminal network): its flag is read like a head's.
    newcomers = {x for pair in fresh for x in pair if x not in index}
    leaders: set[int] = set()
    if heads or newcomers:
        led, led_entities = _claim_rows(
            store, filters, [Claim.subject_id.in_(heads | newcomers), Claim.predicate == "leads"]
        )
        _, leaders = _pairs(led, led_entities, filters)

    changed: dict[int, dict[str, Any]] = {}  # edge id -> new attributes
    removed: list[int] = []
    added: dict[tuple[int, int], dict[str, Any]] = {}
    for a, b in pairs:
        va, vb = index.get(a), index.get(b)
        eid = g.get_eid(va, vb, error=False) if va is not None and vb is not None else -1
        new = fresh.get((a, b))
        if eid < 0:
            if new is not None:
                added[(a, b)] = new
        elif new is None:
            removed.append(eid)
        elif any(g.es[eid][attr] != new[attr] for attr in EDGE_ATTRS):
            changed[eid] = new
    flags = {
        index[h]: h in leaders for h in heads if h in index and g.vs[index[h]]["leader"] != (h in leaders)
    }
    if not (changed or removed or added or flags):
        return g
    if added or not _still_ordered(g, changed, set(removed)):
        return _reassembled(g, changed, removed, added, flags, entities, leaders & newcomers)
    out = g.copy()  # attribute lists are copied; their values are replaced, never mutated
    for eid, new in changed.items():
        out.es[eid].update_attributes(new)
    for v, flag in flags.items():
        out.vs[v]["leader"] = flag
    if removed:
        ends = {v for eid in removed for v in g.es[eid].tuple}
        out.delete_edges(removed)
        out.delete_vertices([v for v in ends if out.degree(v) == 0])
    return out


def _still_ordered(g: ig.Graph, changed: dict[int, dict[str, Any]], removed: set[int]) -> bool:
    """Whether the edges, with the ``changed`` ones' new claims and without the
    ``removed`` ones, are still in the order of their first claims (edges that did not
    change are in order among themselves already)."""

    def first(eid: int) -> float:
        if eid < 0:
            return -1
        if eid >= g.ecount():
            return float("inf")
        new = changed.get(eid)
        return (new or g.es[eid].attributes())["claims"][0]

    for eid, new in changed.items():
        before, after = eid - 1, eid + 1
        while before in removed:
            before -= 1
        while after in removed:
            after += 1
        if not first(before) < new["claims"][0] < first(after):
            return False
    return True


def _reassembled(
    g: ig.Graph,
    changed: dict[int, dict[str, Any]],
    removed: list[int],
    added: dict[tuple[int, int], dict[str, Any]],
    flags: dict[int, bool],
    entities: dict[int, Entity],
    new_leaders: frozenset[int] | set[int] = frozenset(),
) -> ig.Graph:
    """``g`` with the changes, assembled again in the canonical order (``_assemble``'s:
    vertices by entity id, edges by their first claim); ``new_leaders`` are the leaders
    among the entities new to the graph. Column by column, not edge by edge: a review
    decision reassembles graphs of 100,000 edges, several times a second."""
    ids = g.vs["entity_id"]
    gone = set(removed)
    kept = [eid for eid in range(g.ecount()) if eid not in gone]
    columns = {attr: g.es[attr] for attr in EDGE_ATTRS}
    for eid, new in changed.items():
        for attr in EDGE_ATTRS:
            columns[attr][eid] = new[attr]
    edgelist = g.get_edgelist()
    old_ends = [edgelist[eid] for eid in kept] if gone else edgelist  # old vertex indices
    columns = {attr: [values[eid] for eid in kept] if gone else values for attr, values in columns.items()}
    for new in added.values():
        for attr in EDGE_ATTRS:
            columns[attr].append(new[attr])
    used = set(chain.from_iterable(old_ends))
    node_ids = sorted({ids[v] for v in used} | set(chain.from_iterable(added)))
    index = {entity_id: v for v, entity_id in enumerate(node_ids)}
    renumbered = [index.get(entity_id, -1) for entity_id in ids]  # old vertex -> new
    ends = [(renumbered[u], renumbered[v]) for u, v in old_ends]
    ends += [(index[a], index[b]) for a, b in added]
    firsts = [claims[0] for claims in columns["claims"]]
    order = sorted(range(len(ends)), key=firsts.__getitem__)
    known = dict(zip(ids, zip(g.vs["name"], g.vs["label"], g.vs["type"], strict=True), strict=True))
    nodes = [known[i] if i in known else _node(entities[i]) for i in node_ids]
    leaders = {ids[v] for v, flag in enumerate(g.vs["leader"]) if flags.get(v, flag)} | set(new_leaders)
    out = ig.Graph(n=len(node_ids), edges=[ends[i] for i in order])
    out.vs["entity_id"] = node_ids
    out.vs["name"] = [n[0] for n in nodes]
    out.vs["label"] = [n[1] for n in nodes]
    out.vs["type"] = [n[2] for n in nodes]
    out.vs["leader"] = [i in leaders for i in node_ids]
    for attr in EDGE_ATTRS:
        values = columns[attr]
        out.es[attr] = [values[i] for i in order]
    out["filters"] = g["filters"]
    return out


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
