"""The choices of a network analysis, without igraph: which claims make the graph, the
centrality measures, the disruption strategies, the default seed. The CLI builds its
options from them at start, and importing igraph (which imports matplotlib) would cost
most of ``redes --help``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from redes.extract.model import ENTITY_TYPES, RELATION_TYPES

DEFAULT_SEED = 42
CENTRALITY_MEASURES = ("degree", "betweenness", "eigenvector", "pagerank")
STRATEGIES = ("degree", "betweenness", "leaders", "random")

# Places are left out by default: a state that many actors "operate in" is no broker,
# and removing it is no arrest. ``entity_types=None`` includes every type.
ACTOR_TYPES = tuple(t for t in ENTITY_TYPES if t != "place")
# Enforcement actions are left out by default: an agency that indicts fifty people is
# no hub of their network, and would join them all through itself.
TIE_RELATIONS = tuple(r for r in RELATION_TYPES if r != "action_against")


@dataclass(frozen=True, slots=True)
class GraphFilters:
    """Which claims make the graph. ``None`` means no restriction."""

    relations: tuple[str, ...] | None = TIE_RELATIONS
    entity_types: tuple[str, ...] | None = ACTOR_TYPES
    min_corroboration: int = 1
    as_of: int | None = None
    collections: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        unknown = set(self.relations or ()) - set(RELATION_TYPES)
        if unknown:
            raise ValueError(f"unknown relation types: {', '.join(sorted(unknown))}")
        unknown = set(self.entity_types or ()) - set(ENTITY_TYPES)
        if unknown:
            raise ValueError(f"unknown entity types: {', '.join(sorted(unknown))}")

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}
