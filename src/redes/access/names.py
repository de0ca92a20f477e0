"""What an entity is called for a restricted scope: never a name it may not read.

An entity row has one canonical name, one key and one slug, chosen by resolution from
whichever document named it first or best, which may be in a collection the reader may
not see ("Baltasar Ibarra Zuazua", when public sources only say "Baltasar Ibarra"). The
filter (``redes.access.filters``) hands every ``Entity`` a restricted session loads to
``apply``, which replaces, on the loaded object only (``set_committed_value``: nothing is
ever written back), whatever the scope may not read:

- the **name** stays when the scope reads it: written so in a readable document (any case
  or accents), given by a reviewer, or the curated lexicon's name for the entity (public
  knowledge shipped with redes); otherwise it becomes the name the readable documents use
  most (and the **key** follows the name);
- the **slug** stays when it is the slug of a name the scope reads, a lexicon id, or the
  id a structured list gives its party (``ofac-sdn-17674``: ``Entity.source``, public
  knowledge of a list the reader reads, since an unreadable list hides the entity);
  otherwise it becomes ``<slug of the shown name>~<row id>``, which ``redes.kb.lookup``
  accepts, so links keep working.

So every dossier, list, graph, path and export shows readable names without knowing about
scopes, and a lookup of the hidden name or slug finds nothing (``kb.lookup`` compares the
key and slug shown, not the stored ones). A statement that selects ``Entity.name``,
``slug`` or ``key`` as bare columns in a restricted session is refused (``ColumnRefused``):
it would bypass this, so such code must select the entity.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from redes.extract.normalize import key as name_key
from redes.extract.normalize import slug as slugify
from redes.store.batches import chunks
from redes.store.models import Alias, Claim, Document, Entity, Mention

CACHE_KEY = "redes.names"
ALT = "~"  # separates a shown slug from the row id: "baltasar-ibarra~14"
_ALT_SLUG = re.compile(r"^(?P<base>[a-z0-9-]+)~(?P<id>\d+)$")
_ALT_KEY = re.compile(r"^[0-9a-f]{40}~(?P<id>\d+)$")
_REFUSED = frozenset({"name", "slug", "key"})
ENTITIES = Entity.__table__  # the plain table: no criteria of its own in a subquery
_MENTION = Mention.__table__.alias("shown_mention")
_DOCUMENT = Document.__table__.alias("shown_document")
# Entities as stored, and whether a readable document writes the stored name: one
# statement, built once (parameters: the entity ids, the readable collection ids).
_STORED = select(
    ENTITIES.c.id,
    ENTITIES.c.name,
    ENTITIES.c.key,
    ENTITIES.c.slug,
    ENTITIES.c.type,
    ENTITIES.c.source,
    exists().where(
        _MENTION.c.entity_id == ENTITIES.c.id,
        _MENTION.c.text == ENTITIES.c.name,
        _DOCUMENT.c.id == _MENTION.c.document_id,
        _DOCUMENT.c.collection_id.in_(bindparam("readable", expanding=True)),
    ),
).where(ENTITIES.c.id.in_(bindparam("ids", expanding=True)))


class ColumnRefused(RuntimeError):
    """A restricted session selected an entity's name, slug or key as a bare column."""


def alt_slug_id(text: str) -> int | None:
    """The row id in a shown slug of the ``name~id`` form, else None."""
    m = _ALT_SLUG.match(text.strip())
    return int(m["id"]) if m else None


def alt_key_id(text: str) -> int | None:
    """The row id in a shown claim key of the ``hash~id`` form, else None."""
    m = _ALT_KEY.match(text.strip())
    return int(m["id"]) if m else None


class Shown(NamedTuple):
    name: str
    key: str
    slug: str
    moved: bool  # the slug is not the stored one


def loads(statement) -> bool:
    """Whether ``statement`` returns ``Entity`` or ``Claim`` objects (whose names, slugs
    and keys ``apply`` fixes); refuses bare entity name, slug and key columns. (Reads the
    statement's annotated columns: ``column_descriptions`` costs more than most queries.)"""
    found = False
    for col in getattr(statement, "_raw_columns", ()):
        mapper = col._annotations.get("parentmapper")
        if mapper is None or mapper.class_ not in (Entity, Claim):
            continue
        field = col._annotations.get("proxy_key")
        if field is None:
            found = True  # the entity itself (or an alias of it)
        elif mapper.class_ is Entity and field in _REFUSED:
            raise ColumnRefused(
                f"a restricted session may not select Entity.{field} as a column: select the "
                "Entity, whose name and slug the access filter makes readable (redes.access.names)"
            )
    return found


def apply(session: Session, objects: Iterable[object]) -> None:
    """Give every entity the name, key and slug the session's scope may read, and every
    claim about an entity whose slug is not shown a key made from the slugs shown."""
    loaded = list(objects)
    _apply_entities(session, [o for o in loaded if isinstance(o, Entity)])
    claims = [o for o in loaded if isinstance(o, Claim)]
    if claims:
        _apply_claims(session, claims)


def _apply_entities(session: Session, entities: list[Entity]) -> None:
    cache: dict[int, Shown | None] = session.info.setdefault(CACHE_KEY, {})
    todo: dict[int, Entity] = {}
    for e in entities:
        if e.id in cache:
            _set(e, cache[e.id])
        else:
            todo[e.id] = e
    for chunk in chunks(sorted(todo)):
        shown = _shown(session, chunk)
        for i in chunk:
            cache[i] = shown.get(i)
            _set(todo[i], cache[i])


def _set(entity: Entity, shown: Shown | None) -> None:
    if shown is None:
        return
    if entity.name != shown.name:
        set_committed_value(entity, "name", shown.name)
        set_committed_value(entity, "key", shown.key)
    if entity.slug != shown.slug:
        set_committed_value(entity, "slug", shown.slug)


def _apply_claims(session: Session, claims: list[Claim]) -> None:
    """A claim's key hashes its entities' stored slugs: when one is not shown, the key is
    remade from the slugs shown, with the row id (``key~id``, which ``kb.facts`` accepts),
    so that no hash of a hidden name is ever shown."""
    cache: dict[int, Shown | None] = session.info.setdefault(CACHE_KEY, {})
    ends = {i for c in claims for i in (c.subject_id, c.object_id) if i is not None and i not in cache}
    for chunk in chunks(sorted(ends)):
        shown = _shown(session, chunk)
        cache.update((i, shown.get(i)) for i in chunk)
    for c in claims:
        subject, obj = cache.get(c.subject_id), cache.get(c.object_id) if c.object_id else None
        if not ((subject and subject.moved) or (obj and obj.moved)):
            continue
        if ALT in c.key:
            continue  # done already (the object is loaded again)
        from redes.kb.claims import claim_key

        key = claim_key(
            subject.slug if subject else _stored_slug(session, c.subject_id),
            c.predicate,
            (obj.slug if obj else _stored_slug(session, c.object_id)) if c.object_id else None,
            c.value,
            c.year,
            c.date,
            c.detail,
        )
        set_committed_value(c, "key", f"{key[:40]}{ALT}{c.id}")


def _stored_slug(session: Session, entity_id: int) -> str:
    entity = session.get(Entity, entity_id)
    return entity.slug if entity is not None else ""


def _shown(session: Session, ids: list[int]) -> dict[int, Shown | None]:
    """For each entity, None when its stored name and slug are readable, else what to
    show. One query for the usual case: a readable document writes the stored name."""
    from redes.access.filters import SCOPE_KEY

    readable = sorted(session.info[SCOPE_KEY].readable or ()) or [-1]
    # On the session's connection (the same transaction), past the ORM's execution hooks.
    rows = session.connection().execute(_STORED, {"ids": list(ids), "readable": readable})
    stored = {r[0]: r for r in rows}
    lexicon = _lexicon()
    out: dict[int, Shown | None] = {}
    rest = []
    for i, name, _key, slug, type_, source, plain in stored.values():
        if plain and (slug_of(slug, [name]) or _curated(lexicon, slug, type_) or source):
            out[i] = None
        else:
            rest.append(i)
    if not rest:
        return out
    names = _readable_names(session, rest)
    for i in rest:
        _, stored_name, stored_key, stored_slug, type_, source, _ = stored[i]
        counts = names.get(i, Counter())
        entry = _curated(lexicon, stored_slug, type_)
        if entry is not None:
            for n in (entry.name, *entry.aliases):
                counts.setdefault(n, 0)
        keys = {name_key(n) for n in counts}
        if stored_key in keys:
            name, key = stored_name, stored_key
        elif counts:
            name = max(counts, key=lambda n: (counts[n], len(n), n))
            key = name_key(name)
        else:  # nothing readable names it: the filter never lets such an entity through
            name, key = type_.replace("_", " "), ""
        if entry is not None or slug_of(stored_slug, counts) or source:
            slug = stored_slug
        else:
            slug = f"{slugify(name)}{ALT}{i}"
        same = (name, slug) == (stored_name, stored_slug)
        out[i] = None if same else Shown(name, key, slug, slug != stored_slug)
    return out


def _readable_names(session: Session, ids: list[int]) -> dict[int, Counter]:
    """Names of the entities the session's scope reads, with their readable mentions:
    mention texts in readable documents and names given by reviewers (the filter applies
    to both queries)."""
    out: dict[int, Counter] = defaultdict(Counter)
    for entity_id, text, n in session.execute(
        select(Mention.entity_id, Mention.text, func.count())
        .where(Mention.entity_id.in_(ids))
        .group_by(Mention.entity_id, Mention.text)
    ):
        out[entity_id][text] += n
    for entity_id, name in session.execute(
        select(Alias.entity_id, Alias.name).where(Alias.entity_id.in_(ids), Alias.origin == "human")
    ):
        out[entity_id].setdefault(name, 0)
    return out


def _lexicon():
    from redes.extract.lexicon import load

    return load()


def _curated(lexicon, slug: str, type_: str):
    """The lexicon entry whose id is the entity's slug (curated, public names), if any."""
    entry = lexicon.entry(slug)
    return entry if entry is not None and entry.type == type_ else None


def slug_of(slug: str, names: Iterable[str]) -> bool:
    """Whether ``slug`` is made from one of ``names`` (as is, or with a "-2" suffix)."""
    for n in names:
        base = slugify(n)
        if slug == base or (slug.startswith(base + "-") and slug[len(base) + 1 :].isdigit()):
            return True
    return False


