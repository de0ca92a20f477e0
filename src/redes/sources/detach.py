"""A listed party taken back out of the document entity a match merged it into, when a
reviewer refuses that match: at once, and as a rebuild would leave it (``materialize``
makes the party again, and the refusal keeps it apart).

What came with the party is what its list entries say: the name its entry opens with (the
mention at offset 0 of each entry document), the list's evidence in those entries (its
designation, its links to other parties) and, in other parties' entries, the link lines
that end with its name. Those move to the party, made again under its list slug; names
only the list gave go with them; the entity keeps everything the documents said.
"""

from __future__ import annotations

from followthemoney import model
from sqlalchemy import select
from sqlalchemy.orm import Session

from redes.extract.normalize import key as name_key
from redes.kb import entities
from redes.sources.knowledge import ORIGIN, kb_type, party_names, slug_for
from redes.store.models import Alias, Claim, Entity, Evidence, ListRecord, ListVersion, Mention


def detach(session: Session, entity: Entity, source: str, list_id: str) -> Entity | None:
    """Take the party ``list_id`` of the list ``source`` out of ``entity``; the party's
    entity, or None when ``entity`` does not hold it."""
    entries = session.execute(
        select(ListRecord.document_id, ListRecord.data)
        .join(ListVersion, ListVersion.id == ListRecord.version_id)
        .where(ListVersion.source == source, ListRecord.ftm_id == list_id)
        .order_by(ListVersion.published, ListVersion.id)
    ).all()
    own_docs = {doc_id for doc_id, _ in entries}
    opening = list(
        session.scalars(
            select(Mention).where(
                Mention.entity_id == entity.id, Mention.start == 0, Mention.document_id.in_(own_docs)
            )
        )
    )
    if not opening:
        return None
    proxy = model.get_proxy(entries[-1][1], cleaned=True)  # the newest entry
    name = proxy.caption[:500]
    party = entities.create(session, kb_type(proxy) or entity.type, name, slug_for(source, list_id))
    party.source = source
    for mention in opening:
        mention.entity_id = party.id
    session.flush()
    _move_list_evidence(session, entity, party, source, own_docs, name)
    _move_names(session, entity, party, party_names(proxy))
    return party


def _move_list_evidence(
    session: Session, entity: Entity, party: Entity, source: str, own_docs: set[int], name: str
) -> None:
    """The list's evidence about the party: every line of its own entries that cites
    ``entity``, and the lines of other entries that name it as a link's far end."""
    list_docs = select(ListRecord.document_id).join(ListVersion, ListVersion.id == ListRecord.version_id)
    rows = session.execute(
        select(Evidence, Claim)
        .join(Claim, Claim.id == Evidence.claim_id)
        .where(
            (Claim.subject_id == entity.id) | (Claim.object_id == entity.id),
            Evidence.extractor == ORIGIN,
            Evidence.document_id.in_(list_docs.where(ListVersion.source == source)),
        )
    ).all()
    moved = []
    for ev, claim in rows:
        if ev.document_id in own_docs:
            moved.append((ev, claim, claim.subject_id == entity.id, claim.object_id == entity.id))
        elif claim.object_id == entity.id and ev.quote.endswith(f": {name}"):
            moved.append((ev, claim, False, True))
    targets = entities.move_evidence(session, moved, party)
    for target in targets.values():  # as ``materialize`` writes a list's claims
        target.status, target.origin = "accepted", ORIGIN
    # What the entity keeps of those facts is what the documents say: machine output,
    # with the status reviewers gave it, as a rebuild makes it.
    from redes.kb.judgements import standing_status

    kept = session.scalars(select(Claim.id).where(Claim.id.in_(list(targets)))).all()  # the rest went
    for claim_id in kept:
        claim = session.get(Claim, claim_id)
        if _cites_list(session, claim_id):
            continue
        if claim.origin == ORIGIN:
            claim.origin = "machine"
        claim.status = standing_status(session, claim.key)
    session.flush()


def _cites_list(session: Session, claim_id: int) -> bool:
    q = select(Evidence.id).where(Evidence.claim_id == claim_id, Evidence.extractor == ORIGIN).limit(1)
    return session.scalar(q) is not None


def _move_names(session: Session, entity: Entity, party: Entity, listed: dict[str, str]) -> None:
    """The party gets its listed names; the entity loses those no mention of it is written
    with, unless a reviewer gave them or it is the entity's own name."""
    for name in listed.values():
        entities.add_alias(session, party, name)
    used = {
        name_key(text) for text in session.scalars(select(Mention.text).where(Mention.entity_id == entity.id))
    }
    for alias in session.scalars(select(Alias).where(Alias.entity_id == entity.id, Alias.key.in_(listed))):
        if alias.origin != "human" and alias.key not in used and alias.key != entity.key:
            session.delete(alias)
    session.flush()
