"""GraphML and GEXF (for Gephi): entities as nodes, relation claims as edges weighted
by the number of supporting documents; attributes (founding, death...) as node data."""

from __future__ import annotations

from collections import defaultdict
from typing import IO

import networkx as nx

from redes.export.safe import safe
from redes.export.snapshot import Snapshot, load
from redes.extract.model import SYMMETRIC_RELATIONS
from redes.store import Store


def knowledge_graph(store: Store, snapshot: Snapshot | None = None) -> nx.MultiDiGraph:
    """The knowledge base as a directed multigraph keyed by claim key. Attribute values
    never hold None: the GraphML and GEXF writers cannot store it."""
    snap = snapshot or load(store)
    g = nx.MultiDiGraph(name="redes")
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for c in snap.attributes:
        value = c["value"] + (f" ({c['detail']})" if c["detail"] else "")
        facts[c["subject"]["id"]][c["predicate"]].append(value)
    for e in snap.entities:
        data = {
            "label": e["name"],
            "type": e["type"],
            "aliases": "; ".join(e["aliases"]),
            "mentions": e["mentions"],
            "documents": len(e["documents"]),
        }
        data.update({k: "; ".join(sorted(set(v))) for k, v in facts[e["id"]].items()})
        g.add_node(e["id"], **data)
    for c in snap.relations:
        s = c["corroboration"]
        data = {
            "label": c["predicate"],
            "predicate": c["predicate"],
            "symmetric": c["predicate"] in SYMMETRIC_RELATIONS,
            "weight": float(s["documents"]),
            "documents": s["documents"],
            "publishers": s["publishers"],
            "status": c["status"],
            "sources": "; ".join(sorted({ev["document"]["file_name"] for ev in c["evidence"]})),
        }
        optional = {
            "detail": c["detail"],
            "year": c["year"],
            "date": c["date"],
            "start": c["start"],
            "end": c["end"],
            "end_precision": c["end_precision"],
            "end_basis": c["end_basis"],
            "first_seen": s["first_seen"],
            "last_seen": s["last_seen"],
        }
        data.update({k: v for k, v in optional.items() if v is not None})
        g.add_edge(c["subject"]["id"], c["object"]["id"], key=c["key"], **data)
    return g


def write_graphml(store: Store, out: IO[bytes]) -> None:
    nx.write_graphml(_xml_safe(knowledge_graph(store)), out, named_key_ids=True)


def write_gexf(store: Store, out: IO[bytes]) -> None:
    nx.write_gexf(_xml_safe(knowledge_graph(store)), out)


def _xml_safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with control characters escaped in its ids and values (``safe``): XML
    1.0 cannot hold them."""
    out = nx.MultiDiGraph(name=g.graph.get("name"))
    for node, data in g.nodes(data=True):
        out.add_node(safe(node), **{k: safe(v) for k, v in data.items()})
    for a, b, key, data in g.edges(keys=True, data=True):
        out.add_edge(safe(a), safe(b), key=safe(key), **{k: safe(v) for k, v in data.items()})
    return out
