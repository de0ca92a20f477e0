"""The extraction contract (issue 3): one document's entities and relations as plain JSON.

``{"doc", "lang", "entities": [{"id", "type", "name", "mentions"}], "relations": [{"type",
"subject", "object", "year"?, "detail"?, "evidence"}]}`` with run-wide entity ids. ``redes
extract --format json`` prints it and the evaluation scores it.
"""

from __future__ import annotations

from typing import Any

from redes.extract.pipeline import ResolvedDocument


def document_json(doc: ResolvedDocument) -> dict[str, Any]:
    """One document of the contract: entities merged by run-wide id, relations by id."""
    ex = doc.extraction
    entities: dict[str, dict[str, Any]] = {}
    for ent in ex.entities:
        gid = doc.ids[ent.local_id]
        out = entities.setdefault(
            gid, {"id": gid, "type": ent.type, "name": doc.names.get(gid, ent.name), "mentions": []}
        )
        for m in ent.mentions:
            if m.text not in out["mentions"]:
                out["mentions"].append(m.text)
    relations: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for r in ex.relations:
        if r.object is None:
            continue  # attribute facts (founded, died, ...) are for the store
        s, o = doc.ids.get(r.subject), doc.ids.get(r.object)
        if s is None or o is None or s == o:
            continue
        rel: dict[str, Any] = {"type": r.type, "subject": s, "object": o}
        if r.year is not None:
            rel["year"] = r.year
        if r.detail:
            rel["detail"] = r.detail
        rel["evidence"] = r.evidence.text
        k = (r.type, s, o, r.year, r.detail)
        if k not in seen:
            seen.add(k)
            relations.append(rel)
    return {"doc": doc.name, "lang": ex.lang, "entities": list(entities.values()), "relations": relations}
