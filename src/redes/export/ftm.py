"""FollowTheMoney export: one JSON entity per line (the format ``ftm`` tools read).

- person -> Person, criminal_group and organization -> Organization (groups carry the
  topic ``crime``), state_body -> PublicBody, place -> Address;
- leads, member_of, part_of -> Membership; family -> Family; person-to-person collusion
  -> Associate; other relations -> UnknownLink; holds_position -> Occupancy of a
  Position; action_against, deaths and reward offers -> Event;
- founding year -> incorporationDate, death -> deathDate.

Provenance: each source document is a Document entity, and every entity and relation
points at the documents that support it through ``proof``, with their ``sourceUrl``
and ``publisher``; relations quote their evidence in ``description``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from followthemoney import ValueEntity, model

from redes.export.snapshot import Snapshot, load
from redes.store import Store

SCHEMA = {
    "person": "Person",
    "criminal_group": "Organization",
    "organization": "Organization",
    "state_body": "PublicBody",
    "place": "Address",
}
MEMBERSHIP_ROLES = {"leads": "leader", "member_of": "member", "part_of": "part of"}
PREFIX = "redes"


def _make(schema: str, *id_parts: str) -> ValueEntity:
    entity = ValueEntity(model.get(schema), {})
    entity.id = "-".join((PREFIX, *id_parts))
    return entity


def _cite(entity: ValueEntity, docs: list[dict[str, Any]]) -> None:
    """Point ``entity`` at its source documents (proof, sourceUrl, publisher)."""
    for doc in docs:
        entity.add("proof", f"{PREFIX}-doc-{doc['content_hash']}")
        if doc.get("url"):
            entity.add("sourceUrl", doc["url"], quiet=True)
        if doc.get("publisher"):
            entity.add("publisher", doc["publisher"])


def entities(snapshot: Snapshot) -> Iterator[ValueEntity]:
    """Every FtM entity of the export: documents first, then things, then links."""
    docs = snapshot.documents
    for doc in docs.values():
        e = _make("Document", "doc", doc["content_hash"])
        e.add("title", doc["title"] or doc["file_name"])
        e.add("fileName", doc["file_name"])
        e.add("publishedAt", doc["published"], quiet=True)
        e.add("publisher", doc["publisher"])
        e.add("sourceUrl", doc["url"], quiet=True)
        e.add("language", {"en": "eng", "es": "spa"}.get(doc["language"] or ""), quiet=True)
        yield e

    things: dict[str, ValueEntity] = {}
    for ent in snapshot.entities:
        e = _make(SCHEMA.get(ent["type"], "LegalEntity"), ent["id"])
        if e.schema.name == "Address":
            e.add("full", ent["name"])
        e.add("name", ent["name"])
        e.add("alias", ent["aliases"])
        if ent["type"] == "criminal_group":
            e.add("topics", "crime")
        _cite(e, [docs[d] for d in ent["documents"]])
        things[ent["id"]] = e

    links: list[ValueEntity] = []
    for claim in snapshot.claims:
        sources = [docs[ev["document"]["id"]] for ev in claim["evidence"]]
        for link in _links(claim, things):
            _cite(link, sources)
            link.add("description", [ev["quote"] for ev in claim["evidence"]][:5])
            link.add("recordId", claim["key"], quiet=True)  # Position has none
            links.append(link)
    yield from things.values()
    yield from links


def _links(claim: dict[str, Any], things: dict[str, ValueEntity]) -> list[ValueEntity]:
    p, detail, key = claim["predicate"], claim["detail"], claim["key"]
    subject = things[claim["subject"]["id"]]
    when = claim["date"] or (str(claim["year"]) if claim["year"] else None)
    if claim["object"] is None:
        return _attribute(claim, subject, when)
    obj = things[claim["object"]["id"]]
    if p in MEMBERSHIP_ROLES and obj.schema.is_a("Organization") and subject.schema.is_a("LegalEntity"):
        link = _make("Membership", "claim", key)
        link.add("member", subject.id)
        link.add("organization", obj.id)
        link.add("role", detail or MEMBERSHIP_ROLES[p])
    elif p == "family" and subject.schema.name == obj.schema.name == "Person":
        # FtM's relationship names what the relative is to the person: "wife" in
        # "Rosalinda is the wife of Nemesio" makes Nemesio the person.
        link = _make("Family", "claim", key)
        link.add("person", obj.id)
        link.add("relative", subject.id)
        link.add("relationship", detail or "relative")
    elif p == "collusion" and subject.schema.name == obj.schema.name == "Person":
        link = _make("Associate", "claim", key)
        link.add("person", subject.id)
        link.add("associate", obj.id)
        link.add("relationship", "collusion")
    elif p == "holds_position" and subject.schema.name == "Person":
        return _occupancy(claim, subject, obj, when)
    elif p == "action_against" and subject.schema.is_a("LegalEntity") and obj.schema.is_a("LegalEntity"):
        link = _make("Event", "claim", key)
        link.add(
            "name", f"{detail or 'action'}: {claim['subject']['name']} against {claim['object']['name']}"
        )
        link.add("organizer", subject.id)
        link.add("involved", obj.id)
        link.add("summary", detail)
    else:
        link = _make("UnknownLink", "claim", key)
        link.add("subject", subject.id)
        link.add("object", obj.id)
        link.add("role", p.replace("_", " ") + (f" ({detail})" if detail else ""))
    link.add("date", when, quiet=True)
    _span(link, claim)
    return [link]


def _span(link: ValueEntity, claim: dict[str, Any]) -> None:
    """When the relation held (``kb.spans``): startDate and endDate at their precision; an
    end at an unknown date, or by a death, said in words (FtM has no property for it)."""
    link.add("startDate", claim.get("start"), quiet=True)
    if claim.get("end_precision") == "unknown":
        by = f", by {claim['end']}" if claim.get("end") else ""
        link.add("summary", f"ended at an unknown date{by}", quiet=True)
    else:
        link.add("endDate", claim.get("end"), quiet=True)
    if claim.get("end_basis") == "death":
        link.add("summary", "ended by death", quiet=True)


def _occupancy(claim, holder: ValueEntity, where: ValueEntity, when: str | None) -> list[ValueEntity]:
    role = claim["detail"] or "post"
    post = _make("Position", "post", claim["key"])
    post.add("name", f"{role}, {claim['object']['name']}")
    if where.schema.is_a("Organization"):
        post.add("organization", where.id)
    elif where.schema.name == "Address":
        post.add("subnationalArea", claim["object"]["name"])
    occupancy = _make("Occupancy", "claim", claim["key"])
    occupancy.add("holder", holder.id)
    occupancy.add("post", post.id)
    occupancy.add("date", when, quiet=True)
    _span(occupancy, claim)
    return [post, occupancy]


def _attribute(claim, subject: ValueEntity, when: str | None) -> list[ValueEntity]:
    p, value, detail = claim["predicate"], claim["value"], claim["detail"]
    if p == "founded" and subject.schema.is_a("Organization"):
        subject.add("incorporationDate", value, quiet=True)
        return []
    if p == "nationality" and subject.schema.name == "Person":
        subject.add("nationality", value, quiet=True)  # an ISO code, as FtM's country type
        return []
    if p == "identifier" and subject.schema.is_a("LegalEntity"):
        # A CURP is an identity number; an RFC (or any other kind) a tax number.
        subject.add("idNumber" if detail == "CURP" else "taxNumber", value, quiet=True)
        return []
    if p == "age" and subject.schema.name == "Person":
        subject.add("notes", f"age {value}" + (f" in {claim['year']}" if claim["year"] else ""))
        return []
    if p not in ("died", "reward") or not subject.schema.is_a("LegalEntity"):
        return []
    event = _make("Event", "claim", claim["key"])
    if p == "died":
        if subject.schema.name == "Person":
            subject.add("deathDate", value, quiet=True)
        event.add("name", f"{detail or 'death'}: {claim['subject']['name']}")
        event.add("date", value, quiet=True)
    else:
        event.add("name", f"reward offer of {value} for {claim['subject']['name']}")
        event.add("summary", f"offered by {detail}" if detail else None)
        event.add("date", when, quiet=True)
    event.add("involved", subject.id)
    return [event]


def write_ftm(store: Store, out: IO[str]) -> int:
    """Write the knowledge base as FtM entities, one JSON object per line; returns how
    many."""
    n = 0
    for entity in entities(load(store)):
        out.write(json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n
