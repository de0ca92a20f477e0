"""Cross-referencing (xref) the knowledge base against a structured list: which person,
group or company that the documents name is a listed party?

Each document entity is matched (``redes.resolve.xref``) against the list's parties as
the knowledge base holds them (``redes.sources.lists.listed``). A match is a merge of the
listed party into the document entity, so decisions are the judgements merge candidates
use (``kb.merges``): accepting one is a ``merge`` judgement (``review.merge``, the
document entity kept), which brings the list's facts (designation, a.k.a., links) into the
entity's dossier; rejecting one a ``no-merge`` (``merges.reject``). Both survive rebuilds.

A very strong match (both surnames and a fact in agreement, or a curated group name; see
``resolve.xref``) is accepted by ``auto_accept`` at the end of every update and rebuild:
machine output, re-derived each time, and a reviewer's ``no-merge`` stops it. A listed
party is merged into one document entity at most: when two claim it, a reviewer decides.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from redes.kb import entities, judgements, merges
from redes.kb.lookup import mention_totals, resolve, summary
from redes.resolve import candidates as cand
from redes.resolve import xref
from redes.store import Store
from redes.store.batches import chunks
from redes.store.models import Claim, Entity, ListVersion

if TYPE_CHECKING:
    from followthemoney import EntityProxy  # annotations only: importing FtM costs 0.4 s

SOURCE = "ofac-sdn"


# The list's index, by database, list and list versions: reading 14,000 entries and
# indexing them takes seconds, and the list changes only when a version is imported.
_INDEXES: dict[tuple[str, str, tuple[tuple[int, str], ...]], xref.Index] = {}


def _index(session: Session, source: str) -> xref.Index | None:
    """The index of every party of the list ``source`` (None: no such list), read whole
    (it is shared by every reader: ``find`` keeps the parties a reader may read)."""
    from redes.access.filters import session_scope
    from redes.sources.lists import listed

    versions = tuple(
        (i, h)
        for i, h in session.execute(
            select(ListVersion.id, ListVersion.content_hash)
            .where(ListVersion.source == source)
            .order_by(ListVersion.id)
        )
    )
    if not versions:
        return None
    key = (str(session.get_bind().url), source, versions)
    if key not in _INDEXES:
        scope = session_scope(session)
        if scope is None or not scope.restricted:  # its own transaction: an import's too
            index = xref.Index(proxy for _, proxy in listed(session, source=source))
        else:
            with Session(bind=session.get_bind()) as whole:  # no reader's scope: the whole list
                index = xref.Index(proxy for _, proxy in listed(whole, source=source))
        if len(_INDEXES) >= 4:
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[key] = index
    return _INDEXES[key]


def _queries(session: Session, ids: Collection[int] | None = None) -> dict[int, xref.Query]:
    """The document entities of the types matched (or those among ``ids``), with their
    names as the session may read them (``merges.compared_sides``: rows under the access filter;
    list entities left out), the birth years their age claims give ("33" in 2023: born
    1989 or 1990), the countries their nationality claims give and the numbers their
    identifier claims give."""
    queries = {
        i: xref.Query(side.type, side.name, list(side.names))
        for i, side in merges.compared_sides(session, ids).items()
        if side.type in xref.SCHEMATA
    }
    if not queries:
        return queries
    ages = select(Claim.subject_id, Claim.value, Claim.year).where(
        Claim.predicate == "age", Claim.year.is_not(None), Claim.status != "rejected"
    )
    facts = select(Claim.subject_id, Claim.predicate, Claim.value).where(
        Claim.predicate.in_(("nationality", "identifier")),
        Claim.value.is_not(None),
        Claim.status != "rejected",
    )
    slices = [None] if ids is None else list(chunks(sorted(queries)))
    for chunk in slices:
        rows = session.execute(ages if chunk is None else ages.where(Claim.subject_id.in_(chunk)))
        for subject, value, year in rows:
            q = queries.get(subject)
            if q is not None and q.type == xref.PERSON and (value or "").isdigit() and 0 < int(value) < 120:
                q.birth_years.add(year - int(value))  # compared give or take a year
        rows = session.execute(facts if chunk is None else facts.where(Claim.subject_id.in_(chunk)))
        for subject, predicate, value in rows:
            q = queries.get(subject)
            if q is None:
                continue
            if predicate == "nationality":
                q.countries.add(value)
            else:
                q.ids.add(xref.id_key(value))
    return queries


def _touched_queries(
    session: Session,
    index: xref.Index,
    own: dict[int, xref.Query],
    gone: Iterable[cand.Side] = (),
    threshold: float = xref.THRESHOLD,
    new_after: int | None = None,
) -> tuple[dict[int, xref.Query], set[str]]:
    """The queries to match when only the entities of ``own`` changed, or those ``gone``
    were deleted: theirs, and those of every document entity that is matched with a
    listed party that they may be matched with (or were, before a name of theirs ruled it
    out: any party sharing a blocking word), because a party claimed by two entities is
    taken by neither unasked (``find``). An entity with an id above ``new_after`` did not
    exist at the last scan: only the parties it is matched with now count. Returns the
    queries and the list ids of those parties, the only ones whose matches may differ."""
    reach: dict[str, xref.Listed] = {}
    ghosts = [xref.Query(g.type, g.name, list(g.names)) for g in gone if g.type in xref.SCHEMATA]
    by_id = {p.id: p for p in index.parties}
    for i, q in [*own.items(), *((None, g) for g in ghosts)]:
        if i is not None and new_after is not None and i > new_after:
            reach.update((m.list_id, by_id[m.list_id]) for m in index.match(q, threshold))
        else:
            reach.update((p.id, p) for p in index.candidates(q))
    if not reach:
        return {}, set()
    keys = {pid: index.party_keys(p) for pid, p in reach.items()}
    words = {w for ks in keys.values() for k in ks for w in cand.key_words(k)}
    found = _queries(session, merges.named_with(session, words) - own.keys())
    # A rival shares a blocking word with the party and scores as a match with it: the
    # others need no matching against the whole list.
    rivals = {}
    for i, q in found.items():
        mine = index.keys(q)
        for pid, p in reach.items():
            if not mine.isdisjoint(keys[pid]) and (m := xref.compare(q, p)) and m.score >= threshold:
                rivals[i] = q
                break
    return {**own, **rivals}, set(reach)


def matched(
    session: Session,
    source: str = SOURCE,
    parties: Iterable[tuple[int, EntityProxy]] | None = None,
    threshold: float = xref.THRESHOLD,
    touched: Collection[int] | None = None,
    gone: Iterable[cand.Side] = (),
    new_after: int | None = None,
) -> list[dict[str, Any]]:
    """Every match of a document entity with a listed party, refused or not: ``entity`` and
    ``listed`` (entity ids), ``list_id`` (the list's own id), ``score``, ``features``,
    ``reasons`` and ``safe``. The costly part of ``find`` (every document entity against
    the list: 80 s for 100,000 entities), which changes only when entities, names or lists
    do, so the web keeps it between review decisions (``redes.web.candidates``).
    ``parties``: (entity id, FtM proxy) of the listed parties, by default the list's.
    ``touched``: only the matches that these entities' changes may have changed: theirs,
    and every match with a party one of them, or of the entities ``gone`` since, may be
    matched with (``kb.pipeline``); ``new_after``: see ``_touched_queries``."""
    own = None
    if touched is not None:
        own = _queries(session, touched)
        gone = list(gone)
        if not own and not any(g.type in xref.SCHEMATA for g in gone):
            return []  # nothing to match: the list's index is not even read
    if parties is not None:
        parties = list(parties)
        index = xref.Index(proxy for _, proxy in parties)
        entity_of = {proxy.id: kb_id for kb_id, proxy in parties}
    else:
        index = _index(session, source)
        if index is None:
            return []
        entity_of = {}
    # The parties still list entities (not merged into a document entity by an accepted
    # match) that the session may read: rows, so that a restricted reader's filter applies.
    from redes.sources.importing import slug_for

    pending = {e.slug: e.id for e in session.scalars(select(Entity).where(Entity.source == source))}
    if parties is None:
        entity_of = {p.id: pending[slug] for p in index.parties if (slug := slug_for(source, p.id)) in pending}
    else:
        readable = set(pending.values())
        entity_of = {k: v for k, v in entity_of.items() if v in readable}
    if not entity_of:
        return []
    if own is None:
        queries, reach = _queries(session), None
    else:
        queries, reach = _touched_queries(session, index, own, gone, threshold, new_after)
    out: list[dict[str, Any]] = []
    for entity_id, query in queries.items():
        for m in index.match(query, threshold):
            listed_id = entity_of.get(m.list_id)
            if listed_id is None or (reach is not None and m.list_id not in reach):
                continue  # merged into a document entity already, hidden from the reader, or not changed
            out.append({"entity": entity_id, "listed": listed_id, **m.as_dict()})
    return out


def find(
    session: Session,
    source: str = SOURCE,
    parties: Iterable[tuple[int, EntityProxy]] | None = None,
    threshold: float = xref.THRESHOLD,
    matches: list[dict[str, Any]] | None = None,
    touched: Collection[int] | None = None,
    gone: Iterable[cand.Side] = (),
    new_after: int | None = None,
) -> list[dict[str, Any]]:
    """Every match of a document entity with a listed party that no reviewer refused, best
    first, as ``matched`` gives them. ``matches``: ``matched(...)`` as kept earlier; a match
    whose entity is gone since, or whose party was merged into a document entity (an
    accepted match), is left out, and refusals are read now. ``touched``, ``gone``: see
    ``matched``."""
    if matches is None:
        found = matched(session, source, parties, threshold, touched, gone, new_after)
    else:
        ids = sorted({i for c in matches for i in (c["entity"], c["listed"])})
        # Entity id -> the list it comes from (None: documents), for those that still exist.
        live = dict(session.execute(select(Entity.id, Entity.source).where(Entity.id.in_(ids))).all())
        found = [c for c in matches if c["entity"] in live and live.get(c["listed"]) == source]
    refused = merges.refused(session)
    out = [dict(c) for c in found if frozenset((c["entity"], c["listed"])) not in refused]
    # One listed party, one document entity: when several claim it, only one that scores
    # above all the others may be taken unasked ("Gulf Cartel", not "Cártel de Golfo").
    scores: dict[int, list[float]] = {}
    for c in out:
        scores.setdefault(c["listed"], []).append(c["score"])
    for c in out:
        rivals = sorted(scores[c["listed"]], reverse=True)
        if len(rivals) > 1 and (c["score"] < rivals[0] or rivals[1] == rivals[0]):
            c["safe"] = False
    out.sort(key=lambda c: (-c["score"], c["entity"], c["list_id"]))
    return out


def auto_accept(
    session: Session,
    source: str | None = None,
    touched: Collection[int] | None = None,
    kept: set[int] | None = None,
    gone: Iterable[cand.Side] = (),
    new_after: int | None = None,
) -> int:
    """Merge each safe match's listed party into its document entity (in ``session``'s
    transaction), for the list ``source`` or every list; how many were merged.
    ``touched``, ``gone``, ``new_after``: only the matches these entities' changes may
    have changed (``matched``), the same as all when the others were matched since their entities last
    changed.
    ``kept``: gets the ids of the document entities that took a party in."""
    names = [source] if source else list(session.scalars(select(ListVersion.source).distinct()))
    merged = 0
    gone = list(gone)
    found = (c for name in names for c in find(session, name, touched=touched, gone=gone, new_after=new_after))
    for c in found:
        if not c["safe"]:
            continue
        keep, other = session.get(Entity, c["entity"]), session.get(Entity, c["listed"])
        if keep is None or other is None:
            continue
        entities.merge(session, keep, other)
        merged += 1
        if kept is not None:
            kept.add(keep.id)
    if merged:
        session.flush()
    return merged


def run(store: Store) -> int:
    """Re-derive the machine's matches now (safe duplicates merged and safe matches
    accepted, then every judgement applied again, as at the end of an update); how many
    entities were merged. Editors only."""
    from redes.kb.notes import need_writer
    from redes.kb.pipeline import UpdateStats, reapply_judgements

    need_writer(store)
    stats = UpdateStats()
    reapply_judgements(store.scoped(None), stats)
    return stats.entities_merged


def candidates(
    store: Store, source: str = SOURCE, limit: int = 100, matches: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The matches a reviewer decides (the safe ones are accepted already), best first:
    ``entity`` and ``listed`` (summaries with mentions), ``list_id``, ``score``,
    ``features``, ``reasons`` and ``because`` (one line). Accept one with ``review.merge``
    (entity first), refuse it with ``merges.reject``. ``matches``: see ``find``."""
    with store.scoped(None).session() as whole:
        if _index(whole, source) is None:  # built, or found, from the whole list
            return []  # no such list imported
    with store.session() as s:
        found = [c for c in find(s, source, matches=matches) if not c["safe"]][:limit]
        ids = sorted({i for c in found for i in (c["entity"], c["listed"])})
        ents = {e.id: e for e in s.scalars(select(Entity).where(Entity.id.in_(ids)))} if ids else {}
        counts = mention_totals(s, ids)
        out = []
        for c in found:
            if c["entity"] not in ents or c["listed"] not in ents:
                continue  # an entity the reader's scope does not see
            out.append(
                {
                    "entity": summary(ents[c["entity"]], counts.get(c["entity"], 0)),
                    "listed": summary(ents[c["listed"]], counts.get(c["listed"], 0)),
                    "source": source,
                    "list_id": c["list_id"],
                    "score": c["score"],
                    "features": c["features"],
                    "reasons": c["reasons"],
                    "because": ", ".join(c["reasons"]),
                }
            )
        return out


def reject(
    store: Store,
    entity: str,
    list_id: str,
    source: str = SOURCE,
    author: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Record that the document entity ``entity`` (slug, name or alias) is not the listed
    party ``list_id``: a ``no-merge`` judgement, so the pair is neither offered nor merged
    again. A match accepted already comes apart at once (``detached``): the party is a
    list entity again (``redes.sources.detach``)."""
    from redes.sources.importing import slug_for

    slug = slug_for(source, list_id)
    with store.session() as s:
        e = resolve(s, entity)
        entity_id = e.id
        listed = entities.by_slug(s, slug)
        if listed is None and not any(f["id"] == list_id for f in _merged_lists(s, entity_id)):
            raise merges.MergeError(f"no listed party {list_id!r} in {source}")
    with store.scoped(None).session() as s:
        keep = s.get(Entity, entity_id)
        other = entities.by_slug(s, slug)
        merged = other is None or other.id == keep.id
        payload = {
            "keep": entities.ref(s, keep),
            # The party is in ``keep``: the judgement names it by its list entry.
            "other": {"slug": slug, "type": keep.type, "name": "", "names": [], "list": {"source": source, "id": list_id}}
            if merged
            else entities.ref(s, other),
        }
        j = judgements.record(s, merges.NO_MERGE, payload, author, note)
        return {
            "judgement": j.id,
            "kind": merges.NO_MERGE,
            "entity": {"id": payload["keep"]["slug"], "name": payload["keep"]["name"]},
            "other": {"id": slug, "name": payload["other"]["name"] or list_id},
            "detached": merged,
        }


def _merged_lists(session: Session, entity_id: int) -> list[dict[str, Any]]:
    from redes.sources.lists import facts

    return facts(session, entity_id)
