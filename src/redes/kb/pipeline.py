"""From documents to knowledge: extraction (in worker processes when ``jobs`` > 1),
resolution against every entity already in the store, one transaction per document,
and then every human judgement re-applied.

Each document's machine output (mentions, entity names, evidence) is replaced as a whole
in its own transaction, so a crash leaves each document either fully written or still
marked as needing extraction, and running it again adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field

from sqlalchemy import delete, or_, select
from sqlalchemy import update as sql_update

from redes.extract.model import DocExtraction
from redes.kb import claims as claims_mod
from redes.kb import entities, judgements
from redes.kb.resolution import Identity, Resolution
from redes.store import Store
from redes.store.models import Alias, Claim, Document, Entity, Evidence, Mention

# Documents extracted and resolved together: large enough for resolution to see
# several documents at once, small enough to keep memory flat on big corpora.
BATCH = 64


@dataclass
class UpdateStats:
    documents: int = 0
    failed: dict[int, str] = field(default_factory=dict)
    entities_created: int = 0
    mentions: int = 0
    claims_created: int = 0
    evidence: int = 0
    judgements_applied: int = 0
    judgements_pending: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def pipeline_version() -> str:
    """The version recorded in ``Document.extracted_with``."""
    import redes.extract
    from redes import __version__

    return str(getattr(redes.extract, "VERSION", __version__))


def pending_documents(store: Store) -> list[int]:
    """Documents never extracted, or extracted by another pipeline version."""
    version = pipeline_version()
    with store.session() as s:
        q = select(Document.id).where(
            or_(Document.extracted_with.is_(None), Document.extracted_with != version)
        )
        return list(s.scalars(q.order_by(Document.id)))


def extract_document(item: tuple[int, str, str | None]) -> tuple[int, DocExtraction | str]:
    """Run extraction on one document's text (in a worker process); an error comes back
    as its message so that one bad document never stops the run."""
    doc_id, text, lang = item
    try:
        from redes.extract import extract

        # Languages other than en/es ("und" for too little text) are left to detection.
        return doc_id, extract(text, lang if lang in ("en", "es") else None)
    except Exception as exc:  # reported per document, never stops the run
        return doc_id, f"{type(exc).__name__}: {exc}"


def update(
    store: Store,
    document_ids: Iterable[int],
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> UpdateStats:
    """Extract, resolve and store the knowledge in ``document_ids``, then re-apply every
    judgement. ``progress(n)`` is called as each document is done (n = 1)."""
    ids = sorted(set(document_ids))
    stats = UpdateStats()
    pool: Executor | None = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and len(ids) > 1 else None
    with store.session() as s:
        resolution = Resolution(s)
    try:
        for batch in _chunks(ids, BATCH):
            results = _extract(store, batch, pool)
            apply_extractions(store, results, stats, progress, reapply=False, resolution=resolution)
    finally:
        if pool is not None:
            pool.shutdown()
    reapply_judgements(store, stats)
    return stats


def apply_extractions(
    store: Store,
    results: list[tuple[int, DocExtraction | str]],
    stats: UpdateStats | None = None,
    progress: Callable[[int], None] | None = None,
    reapply: bool = True,
    resolution: Resolution | None = None,
) -> UpdateStats:
    """Resolve and write extraction results (document id, extraction or error)."""
    stats = stats or UpdateStats()
    if resolution is None:
        with store.session() as s:
            resolution = Resolution(s)
    good = [(doc_id, ex) for doc_id, ex in results if isinstance(ex, DocExtraction)]
    for doc_id, ex in results:
        if not isinstance(ex, DocExtraction):
            stats.failed[doc_id] = ex
            if progress:
                progress(1)
    identities = resolution.resolve([ex for _, ex in good])
    version = pipeline_version()
    for (doc_id, ex), found in zip(good, identities, strict=True):
        with store.session() as s:
            _write(s, doc_id, ex, found, version, stats)
        stats.documents += 1
        if progress:
            progress(1)
    if reapply:
        reapply_judgements(store, stats)
    return stats


def reapply_judgements(store: Store, stats: UpdateStats | None = None) -> tuple[int, int]:
    with store.session() as s:
        applied, pending = judgements.reapply_all(s)
    if stats is not None:
        stats.judgements_applied, stats.judgements_pending = applied, pending
    return applied, pending


def rebuild(store: Store, jobs: int = 1, progress: Callable[[int], None] | None = None) -> UpdateStats:
    """Re-derive all machine output from all documents, then re-apply the judgements.

    Everything machine-made is dropped first, so earlier resolution mistakes do not
    seed the new run; the judgements table is left untouched."""
    with store.session() as s:
        for table in (Evidence, Mention, Claim, Alias, Entity):
            s.execute(delete(table))
        s.execute(sql_update(Document).values(extracted_with=None))
        ids = list(s.scalars(select(Document.id).order_by(Document.id)))
    return update(store, ids, jobs=jobs, progress=progress)


def _extract(store: Store, ids: list[int], pool: Executor | None) -> list[tuple[int, DocExtraction | str]]:
    with store.session() as s:
        items = [
            (doc_id, text, lang)
            for doc_id, text, lang in s.execute(
                select(Document.id, Document.text, Document.language).where(Document.id.in_(ids))
            )
        ]
    found = {doc_id for doc_id, _, _ in items}
    missing = [(doc_id, "no such document") for doc_id in ids if doc_id not in found]
    mapper = pool.map if pool is not None else map
    return list(mapper(extract_document, items)) + missing


def _write(
    s, doc_id: int, ex: DocExtraction, found: dict[str, Identity], version: str, stats: UpdateStats
) -> None:
    old_entities = set(s.scalars(select(Mention.entity_id).where(Mention.document_id == doc_id).distinct()))
    old_claims = set(s.scalars(select(Evidence.claim_id).where(Evidence.document_id == doc_id).distinct()))
    s.execute(delete(Mention).where(Mention.document_id == doc_id))
    s.execute(delete(Evidence).where(Evidence.document_id == doc_id))
    # Flushes happen where ids are needed, not before every query: a document's rows
    # are written in a few statements.
    with s.no_autoflush:
        local = _entities(s, ex, found, stats)
        for e in ex.entities:
            entity = local.get(e.local_id)
            if entity is None:
                continue
            s.add_all(
                Mention(
                    document_id=doc_id,
                    entity_id=entity.id,
                    start=m.start,
                    end=m.end,
                    text=m.text,
                    type=e.type,
                )
                for m in e.mentions
            )
            stats.mentions += len(e.mentions)
        _claims(s, doc_id, ex, local, stats)
    s.flush()
    claims_mod.drop_unsupported(s, old_claims)
    entities.drop_orphans(s, old_entities - {e.id for e in local.values()})
    s.execute(sql_update(Document).where(Document.id == doc_id).values(extracted_with=version))


def _entities(s, ex: DocExtraction, found: dict[str, Identity], stats: UpdateStats) -> dict[str, Entity]:
    """The store's entity for each local entity (created when new), with its names."""
    slugs = {found[e.local_id].slug for e in ex.entities if e.local_id in found}
    by_slug = {
        e.slug: e
        for chunk in _chunks(sorted(slugs), 500)
        for e in s.scalars(select(Entity).where(Entity.slug.in_(chunk)))
    }
    local: dict[str, Entity] = {}
    for e in ex.entities:
        identity = found.get(e.local_id)
        if identity is None:
            continue
        entity = by_slug.get(identity.slug)
        slug = identity.slug
        if entity is not None and entity.type != identity.type:
            # The slug belongs to an entity of another type: this one lives under a
            # suffixed slug ("jalisco-2"), found again by type and name.
            entity = s.scalar(
                select(Entity).where(
                    Entity.slug.startswith(identity.slug + "-", autoescape=True),
                    Entity.type == identity.type,
                    Entity.key == entities.name_key(identity.name),
                )
            )
            slug = entities.unique_slug(s, identity.slug)
        if entity is None:
            entity = Entity(
                slug=slug, type=identity.type, name=identity.name, key=entities.name_key(identity.name)
            )
            s.add(entity)
            stats.entities_created += 1
        elif entity.name != identity.name:
            entity.name, entity.key = identity.name, entities.name_key(identity.name)
        by_slug[identity.slug] = entity
        local[e.local_id] = entity
    s.flush()
    ids = {e.id for e in local.values()}
    have: dict[int, set[str]] = {i: set() for i in ids}
    for chunk in _chunks(sorted(ids), 500):
        for entity_id, k in s.execute(select(Alias.entity_id, Alias.key).where(Alias.entity_id.in_(chunk))):
            have[entity_id].add(k)
    for e in ex.entities:
        entity = local.get(e.local_id)
        if entity is None:
            continue
        for n in [entity.name, e.name, *e.aliases, *(m.text for m in e.mentions)]:
            k = entities.name_key(n)
            if k and k not in have[entity.id]:
                s.add(Alias(entity_id=entity.id, name=n, key=k, origin="machine"))
                have[entity.id].add(k)
    return local


def _claims(s, doc_id: int, ex: DocExtraction, local: dict[str, Entity], stats: UpdateStats) -> None:
    stated = []
    for r in ex.relations:
        subject = local.get(r.subject)
        obj = local.get(r.object) if r.object is not None else None
        if subject is None or (r.object is not None and (obj is None or obj.id == subject.id)):
            continue
        if r.object is None and r.value is None:
            continue
        stated.append((r, claims_mod.fact(subject, r.type, obj, r.value, r.year, r.detail)))
    found = claims_mod.get_or_create_many(s, [f for _, f in stated])
    # The document's old evidence is gone, so only this run's can repeat.
    seen: set[tuple[int, int]] = set()
    for (r, _), (claim, created) in zip(stated, found, strict=True):
        stats.claims_created += created
        if (claim.id, r.evidence.start) in seen:
            continue
        seen.add((claim.id, r.evidence.start))
        s.add(
            Evidence(
                claim_id=claim.id,
                document_id=doc_id,
                start=r.evidence.start,
                end=r.evidence.end,
                quote=r.evidence.text,
            )
        )
        stats.evidence += 1


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
