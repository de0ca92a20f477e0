"""The people who write and receive mail, as entities.

After extraction, each named address in a message's From, To and Cc (``meta["addresses"]``
from ``formats.mail``) goes to a person: the one person already known by that name gets
the address as an alias; a name nobody has yet becomes a person added with the header
line as its citation. Both go through the knowledge base's judgements (``kb.manual``,
``kb.review``), so they survive rebuilds and can be undone. An address without a display
name, or a name that several entities answer to, is left in the metadata alone.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from redes.store import Store
from redes.store.models import Alias, Document

AUTHOR = "mail headers"
_FIELD_LINE = {"from": "From", "to": "To", "cc": "Cc"}


def link(store: Store, doc_ids: list[int]) -> int:
    """Give the correspondents of the mail among ``doc_ids`` their entities; how many
    addresses were linked."""
    with store.session() as s:
        mails = [
            (d.id, d.text, d.meta)
            for d in s.scalars(select(Document).where(Document.id.in_(doc_ids), Document.format == "eml"))
        ]
    linked = 0
    for doc_id, text, meta in mails:
        for field, people in ((meta or {}).get("addresses") or {}).items():
            line = _header_line(text, _FIELD_LINE.get(field, ""))
            for person in people:
                if (
                    person.get("name")
                    and line
                    and _link(store, doc_id, line, person["name"], person["address"])
                ):
                    linked += 1
    return linked


def _header_line(text: str, header: str) -> tuple[int, int] | None:
    found = re.search(rf"^{header}: .*$", text[: text.find("\n\n") if "\n\n" in text else len(text)], re.M)
    return (found.start(), found.end()) if found else None


def _link(store: Store, doc_id: int, line: tuple[int, int], name: str, address: str) -> bool:
    from redes.kb import entities, manual, review
    from redes.kb.lookup import candidates

    with store.session() as s:
        if s.scalar(select(Alias.id).where(Alias.key == entities.name_key(address)).limit(1)):
            return False  # the address already names someone
        people = [e for e in candidates(s, name) if e.type == "person"]
        slug = people[0].slug if len(people) == 1 else None
        if len(people) > 1:
            return False
    if slug is None:
        citation = {"document": doc_id, "start": line[0], "end": line[1]}
        try:
            slug = manual.add_entity(store, "person", name, citation, author=AUTHOR)["entity"]["id"]
        except manual.ManualError:
            return False  # not a usable name, or the header line does not hold it
    review.alias_add(store, slug, address, author=AUTHOR, note=f"address in the headers of document {doc_id}")
    return True
