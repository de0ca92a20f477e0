"""The choices of a network analysis, without igraph: which claims make the graph, the
centrality measures, the disruption strategies, the default seed. The CLI builds its
options from them at start, and importing igraph (which imports matplotlib) would cost
most of ``redes --help``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from redes.extract.model import ENTITY_TYPES, RELATION_TYPES

DEFAULT_SEED = 42
CENTRALITY_MEASURES = ("degree", "betweenness", "eigenvector", "pagerank")
STRATEGIES = ("degree", "betweenness", "leaders", "random")

# The default graph is the criminal network: people and criminal groups, and the ties
# among them. A prosecutor's office that indicts fifty people is no hub of their
# network, and removing it is no arrest; a state that many "operate in" is no broker.
CRIMINAL_TYPES = ("person", "criminal_group")
CRIMINAL_RELATIONS = ("leads", "member_of", "family", "part_of", "allied_with", "rival_of", "collusion")
# One toggle away: state bodies, and the positions that make a person an official.
STATE_TYPES = ("state_body",)
STATE_RELATIONS = ("holds_position",)
# Every actor and every tie but enforcement actions (the default before the criminal
# network was): what ``--entity-types``/``--relations`` widen to short of 'all'.
ACTOR_TYPES = tuple(t for t in ENTITY_TYPES if t != "place")
TIE_RELATIONS = tuple(r for r in RELATION_TYPES if r != "action_against")


@dataclass(frozen=True, slots=True)
class GraphFilters:
    """Which claims make the graph. ``None`` means no restriction."""

    relations: tuple[str, ...] | None = CRIMINAL_RELATIONS
    entity_types: tuple[str, ...] | None = CRIMINAL_TYPES
    min_corroboration: int = 1
    as_of: int | None = None
    collections: tuple[str, ...] | None = None
    # Structured lists (``redes.sources``): their evidence, entities and ties (linked_to).
    # Off by default, so that 15,000 OFAC parties do not drown the documents' network.
    lists: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.relations or ()) - set(RELATION_TYPES)
        if unknown:
            raise ValueError(f"unknown relation types: {', '.join(sorted(unknown))}")
        unknown = set(self.entity_types or ()) - set(ENTITY_TYPES)
        if unknown:
            raise ValueError(f"unknown entity types: {', '.join(sorted(unknown))}")

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def default_types(state: bool = False) -> tuple[str, ...]:
    """The entity types of the default graph, with state bodies if ``state``."""
    return CRIMINAL_TYPES + STATE_TYPES if state else CRIMINAL_TYPES


def default_relations(state: bool = False) -> tuple[str, ...]:
    """The relation types of the default graph, with positions held if ``state``."""
    return CRIMINAL_RELATIONS + STATE_RELATIONS if state else CRIMINAL_RELATIONS


def network_filters(state: bool = False, **options: Any) -> GraphFilters:
    """The criminal network (``state``: with state bodies and officials) under the
    other ``GraphFilters`` ``options``; an explicit ``relations`` or ``entity_types``
    wins over the default."""
    options.setdefault("relations", default_relations(state))
    options.setdefault("entity_types", default_types(state))
    return GraphFilters(**options)


def with_state(filters: GraphFilters) -> GraphFilters:
    """``filters`` widened to state bodies and officials (no change if they are unrestricted)."""

    def widen(chosen: tuple[str, ...] | None, extra: tuple[str, ...]) -> tuple[str, ...] | None:
        return None if chosen is None else chosen + tuple(x for x in extra if x not in chosen)

    return replace(
        filters,
        relations=widen(filters.relations, STATE_RELATIONS),
        entity_types=widen(filters.entity_types, STATE_TYPES),
    )
