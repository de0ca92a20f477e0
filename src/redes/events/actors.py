"""Actor names in UCDP GED and ACLED, mapped to canonical groups.

UCDP writes a coalition side as ``"Gulf Cartel, Los Zetas"`` and a faction as
``"Sinaloa Cartel - Los Chapitos"``; ACLED writes ``"CJNG: Jalisco New Generation Cartel"``
and puts allies in ``assoc_actor_*`` separated by semicolons. Every member becomes one
``Member`` with its own slug and the slug of the group it belongs to, so that counts for
a group include its factions and a coalition side counts for each member.

Canonical names follow UCDP's English names, so that summaries can be checked against
the raw GED table; the Spanish names, acronyms and ACLED spellings are aliases. When the
database has a knowledge base, ``resolve_actor`` also goes through its entities and
aliases, so any name the knowledge base knows for a group finds that group's events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from redes.extract.normalize import key as name_key
from redes.extract.normalize import slug as slugify

CRIMINAL = "criminal"
STATE = "state"
CIVILIANS = "civilians"
ARMED = "armed"  # insurgents, self-defence and community police


@dataclass(frozen=True)
class Group:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # for factions: the slug of the group they belong to
    kind: str = CRIMINAL


def _g(slug: str, name: str, *aliases: str, parent: str | None = None, kind: str = CRIMINAL) -> Group:
    return Group(slug, name, aliases, parent, kind)


# Every Mexican actor in GED 24.1, plus the common Spanish names, acronyms and ACLED forms.
GROUPS: tuple[Group, ...] = (
    _g(
        "cjng",
        "Jalisco Cartel New Generation",
        "CJNG",
        "Cártel de Jalisco Nueva Generación",
        "Cártel Jalisco Nueva Generación",
        "Jalisco New Generation Cartel",
        "CJNG: Jalisco New Generation Cartel",
        "Cartel de Jalisco Nueva Generacion",
        "Nueva Generación",
    ),
    _g(
        "sinaloa-cartel",
        "Sinaloa Cartel",
        "Cártel de Sinaloa",
        "CDS",
        "Cártel del Pacífico",
        "Pacific Cartel",
        "Sinaloa Federation",
    ),
    _g(
        "los-chapitos",
        "Sinaloa Cartel - Los Chapitos",
        "Los Chapitos",
        "Chapitos",
        "Sinaloa Cartel: Los Chapitos",
        parent="sinaloa-cartel",
    ),
    _g(
        "los-mayos",
        "Sinaloa Cartel - Los Mayos",
        "Los Mayos",
        "La Mayiza",
        "Sinaloa Cartel: Los Mayos",
        parent="sinaloa-cartel",
    ),
    _g("el-pepillo", "Sinaloa Cartel - El Pepillo faction", parent="sinaloa-cartel"),
    _g("los-28", "Sinaloa Cartel - Los 28 faction", parent="sinaloa-cartel"),
    _g("los-chavez-matamoros", "Sinaloa Cartel - Los Chavez Matamoros faction", parent="sinaloa-cartel"),
    _g("los-salgueiro", "Sinaloa Cartel - Los Salgueiro faction", parent="sinaloa-cartel"),
    _g("los-memos", "Sinaloa Cartel - Los Memos faction", parent="sinaloa-cartel"),
    _g("los-salazar", "Sinaloa Cartel - Los Salazar faction", parent="sinaloa-cartel"),
    _g("forces-of-damaso", "Forces of Damaso", "Los Dámaso", "Fuerzas Especiales Dámaso"),
    _g("cartel-de-caborca", "Caborca Cartel", "Cártel de Caborca"),
    _g("los-zetas", "Los Zetas", "Zetas", "Cártel de Los Zetas"),
    _g(
        "cartel-del-noreste",
        "Los Zetas - Cártel del Noreste faction",
        "Cártel del Noreste",
        "Cartel del Noreste",
        "CDN",
        "Northeast Cartel",
        "CDN: Northeast Cartel",
        parent="los-zetas",
    ),
    _g("velazquez-caballero", "Los Zetas - Velazquez Caballero faction", parent="los-zetas"),
    _g("hernandez-cantu", "Los Zetas - Jorge Ivan Hernandez Cantu faction", parent="los-zetas"),
    _g("saldivar-farias", "Los Zetas - Juan Pedro Salvador Saldivar Farias faction", parent="los-zetas"),
    _g("zetas-vieja-escuela", "Zetas Vieja Escuela", "Vieja Escuela Zeta"),
    _g("sangre-nueva-zeta", "Sangre Nueva Zeta"),
    _g("gulf-cartel", "Gulf Cartel", "Cártel del Golfo", "CDG"),
    _g("dragones-de-sheyla", "Gulf Cartel - Dragones de Sheyla faction", parent="gulf-cartel"),
    _g("los-fresitas", "Gulf Cartel - Los Fresitas faction", parent="gulf-cartel"),
    _g("los-ciclones", "Gulf Cartel - Los Ciclones faction", "Los Ciclones", parent="gulf-cartel"),
    _g("ramirez-trevino", "Gulf Cartel - Ramirez Treviño faction", parent="gulf-cartel"),
    _g("villareal", "Gulf Cartel - Villareal faction", parent="gulf-cartel"),
    _g("los-metros", "Gulf Cartel - Los Metros", "Los Metros", parent="gulf-cartel"),
    _g(
        "cartel-santa-rosa-de-lima",
        "Santa Rosa de Lima Cartel",
        "Cártel de Santa Rosa de Lima",
        "Cartel Santa Rosa de Lima",
        "CSRL",
    ),
    _g("la-familia-michoacana", "La Familia", "La Familia Michoacana", "Familia Michoacana", "LFM"),
    _g(
        "la-nueva-familia-michoacana",
        "La Nueva Familia",
        "La Nueva Familia Michoacana",
        "Nueva Familia Michoacana",
        "LNFM",
    ),
    _g(
        "caballeros-templarios",
        "Los Caballeros Templarios",
        "Caballeros Templarios",
        "Knights Templar",
        "Knights Templar Cartel",
    ),
    _g(
        "beltran-leyva",
        "Beltrán Leyva Cartel",
        "Beltrán Leyva Organization",
        "Cártel de los Beltrán Leyva",
        "Los Beltrán Leyva",
        "BLO",
    ),
    _g("valdez-villareal", "Beltrán Leyva Cartel - Valdez Villareal faction", parent="beltran-leyva"),
    _g("juarez-cartel", "Juarez Cartel", "Cártel de Juárez", "Vicente Carrillo Fuentes Organization"),
    _g("la-linea", "La Linea", "La Línea"),
    _g("barrio-azteca", "Los Aztecas", "Barrio Azteca"),
    _g("tijuana-cartel", "Tijuana Cartel", "Cártel de Tijuana", "Arellano Félix Organization", "CAF"),
    _g("el-teo", "Tijuana Cartel - El Teo", parent="tijuana-cartel"),
    _g("carteles-unidos", "Carteles Unidos", "Cárteles Unidos"),
    _g("cartel-independiente-de-acapulco", "Cartel Independiente de Acapulco", "CIDA"),
    _g("cartel-independiente-de-colima", "Cartel Independiente de Colima"),
    _g("cartel-nueva-plaza", "Nueva Plaza Cartel", "Cártel Nueva Plaza"),
    _g("cartel-del-sur", "Cartel del Sur", "Cártel del Sur"),
    _g("los-rojos", "Los Rojos"),
    _g("los-tlacos", "Los Tlacos"),
    _g("los-ardillos", "Los Ardillos"),
    _g("guerreros-unidos", "Guerreros Unidos"),
    _g("los-rusos", "Los Rusos"),
    _g("la-barredora", "La Barredora"),
    _g("los-virus", "Los Virus"),
    _g("union-tepito", "La Union de Tepito", "La Unión Tepito", "Unión Tepito"),
    _g("fuerza-anti-union", "Fuerza Anti Unión"),
    _g("pajaros-sierra", "Pájaros Sierra"),
    _g("los-colombianos", "Los Colombianos"),
    _g("los-mayas", "Los Mayas"),
    _g("la-resistencia", "La Resistencia"),
    _g("la-mochomera", "La Mochomera"),
    _g("grupo-escorpion", "Grupo Escorpion", "Grupo Escorpión"),
    _g("los-viagras", "Los Viagras"),
    _g("upoeg", "UPOEG", kind=ARMED),
    _g("autodefensas-michoacan", "Autodefensas Unidas de Michoacán", kind=ARMED),
    _g("crac-pf", "CRAC-PF", kind=ARMED),
    _g("epr", "EPR", "Ejército Popular Revolucionario", kind=ARMED),
    _g("ezln", "EZLN", "Ejército Zapatista de Liberación Nacional", kind=ARMED),
    _g(
        "government-of-mexico",
        "Government of Mexico",
        "Military Forces of Mexico",
        "Police Forces of Mexico",
        kind=STATE,
    ),
    _g("civilians", "Civilians", "Civilians (Mexico)", kind=CIVILIANS),
)

BY_SLUG: dict[str, Group] = {g.slug: g for g in GROUPS}

# ACLED names a state's forces "Military Forces of Mexico (2018-)", with its own unit after.
_STATE_PREFIXES = ("military forces of mexico", "police forces of mexico")
_PARENS = re.compile(r"\s*\([^)]*\)")


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for group in GROUPS:
        for name in (group.name, *group.aliases):
            index.setdefault(name_key(name), group.slug)
    return index


@dataclass(frozen=True)
class Member:
    name: str  # as the source spells it
    actor: str  # slug of the member (a faction's own slug for factions)
    group: str  # slug of the group it belongs to (itself when it is not a faction)


def lookup(name: str) -> str | None:
    """The curated slug for one actor name, or None when it is not curated."""
    index = _alias_index()
    key = name_key(name)
    if key in index:
        return index[key]
    if key.startswith(_STATE_PREFIXES):
        return "government-of-mexico"
    bare = name_key(_PARENS.sub("", name))
    if bare in index:
        return index[bare]
    if ":" in name:  # ACLED's "ABBR: Full Name"
        for part in name.split(":"):
            if name_key(part) in index:
                return index[name_key(part)]
    return None


@lru_cache(maxsize=4096)
def member(name: str) -> Member:
    """Map one member name to its actor and group slugs.

    Names not in the curated table get a slug of their own; UCDP's convention
    ``"Group - Faction"`` still attaches an unknown faction to a known group.
    """
    name = name.strip()
    slug = lookup(name)
    if slug is None:
        slug = slugify(name) or "unknown"
        head = name.split(" - ", 1)[0] if " - " in name else None
        parent = lookup(head) if head else None
        if parent:
            return Member(name, slug, BY_SLUG[parent].parent or parent)
        return Member(name, slug, slug)
    group = BY_SLUG[slug]
    return Member(name, slug, group.parent or slug)


def split_ucdp_side(side: str) -> list[Member]:
    """``"Gulf Cartel, Los Zetas"`` -> one member for each group of the coalition."""
    parts = [p.strip() for p in side.split(",")]
    return _dedupe(member(p) for p in parts if p)


def split_acled_side(actor: str, associates: str) -> list[Member]:
    """ACLED's main actor plus its associated actors (semicolon-separated)."""
    names = [actor.strip()] + [a.strip() for a in associates.split(";")]
    return _dedupe(member(n) for n in names if n)


def _dedupe(members) -> list[Member]:
    seen: dict[str, Member] = {}
    for m in members:
        seen.setdefault(m.name, m)
    return list(seen.values())


def display_name(slug: str, fallback: str | None = None) -> str:
    group = BY_SLUG.get(slug)
    return group.name if group else (fallback or slug)


def kind_of(slug: str) -> str:
    group = BY_SLUG.get(slug)
    return group.kind if group else CRIMINAL


# --- resolving a user's --actor through the curated table and the knowledge base ---


@dataclass
class ActorMatch:
    """What an ``--actor`` value stands for: slugs to match on events, entities in the KB."""

    query: str
    name: str
    slugs: set[str] = field(default_factory=set)
    entity_ids: set[int] = field(default_factory=set)

    @property
    def found(self) -> bool:
        return bool(self.slugs or self.entity_ids)


def kb_entities_named(session: Session, names: list[str]) -> dict[int, list[str]]:
    """Entities whose name or alias matches any of ``names``, with all their names."""
    from redes.store.models import Alias, Entity

    # The store keys names with the same function, so one key per name finds them.
    keys = sorted({name_key(n) for n in names} - {""})
    slugs = sorted({n.strip().lower() for n in names})
    if not keys:
        return {}
    named = set(session.scalars(select(Alias.entity_id).where(Alias.key.in_(keys))))
    found: dict[int, list[str]] = {}
    # Entities, not their name columns: for a restricted scope the access filter shows
    # only readable names and slugs, and a hidden one must not match (redes.access.names).
    for e in session.scalars(
        select(Entity).where(or_(Entity.key.in_(keys), Entity.slug.in_(slugs), Entity.id.in_(named)))
    ):
        if e.id in named or e.key in keys or e.slug in slugs:
            found[e.id] = [e.name, e.slug]
    if not found:
        return {}
    for eid, name in session.execute(
        select(Alias.entity_id, Alias.name).where(Alias.entity_id.in_(sorted(found))).order_by(Alias.id)
    ):
        found[eid].append(name)
    return found


def group_names(slug: str) -> list[str]:
    group = BY_SLUG.get(slug)
    return [group.name, *group.aliases, slug] if group else [slug]


def resolve_actor(session: Session, text: str) -> ActorMatch:
    """Resolve ``--actor`` text: a curated name or alias, a slug, an actor name seen in
    the events, or any name or alias of a knowledge-base entity for the group."""
    from redes.events.models import EventActor

    match = ActorMatch(query=text, name=text)
    slug = lookup(text)
    if slug is None and text.strip().lower() in BY_SLUG:
        slug = text.strip().lower()
    if slug is None:
        # An uncurated name as the events spell it (its slug was made from the name).
        candidate = slugify(text)
        hit = session.scalar(
            select(EventActor.actor_slug)
            .where(or_(EventActor.actor_slug == candidate, EventActor.group_slug == candidate))
            .limit(1)
        )
        slug = hit
    if slug is None:
        # Through the knowledge base: any name of the entity may be a curated alias.
        for names in kb_entities_named(session, [text]).values():
            for name in names:
                found = lookup(name) or (name if name in BY_SLUG else None)
                if found:
                    slug = found
                    break
            if slug:
                break
    if slug:
        match.slugs.add(slug)
        match.name = display_name(slug, fallback=text)
        match.entity_ids |= set(kb_entities_named(session, group_names(slug)))
    else:
        match.entity_ids |= set(kb_entities_named(session, [text]))
    return match


def actor_table(session: Session, source: str = "all") -> list[dict]:
    """Every actor name in the imported events: its group, faction parent, event count and
    the knowledge-base entity it links to (by the group's names and aliases), if any."""
    from redes.events.models import Event, EventActor

    stmt = select(
        EventActor.name,
        EventActor.actor_slug,
        EventActor.group_slug,
        func.count(func.distinct(EventActor.event_id)),
    ).group_by(EventActor.name, EventActor.actor_slug, EventActor.group_slug)
    if source != "all":
        stmt = stmt.join(Event, Event.id == EventActor.event_id).where(Event.source == source)
    rows = []
    entity_names: dict[str, str | None] = {}
    for name, actor, group, n in session.execute(stmt):
        if group not in entity_names:
            found = kb_entities_named(session, group_names(group))
            entity_names[group] = found[min(found)][0] if found else None
        rows.append(
            {
                "name": name,
                "actor": actor,
                "group": display_name(group, fallback=name),
                "group_slug": group,
                "faction_of": display_name(group) if actor != group else None,
                "events": int(n),
                "entity": entity_names[group],
            }
        )
    rows.sort(key=lambda r: (-r["events"], r["name"]))
    return rows
