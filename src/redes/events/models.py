"""Tables for conflict events (UCDP GED, ACLED) and the actors on each side.

Each event keeps its source's own identifiers, so re-importing a file adds nothing; the
geographic codes are resolved once at import (INEGI state ``CVE_ENT`` and municipality
``CVEGEO``), both from the source's admin names and by point-in-polygon.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from redes.store.models import Base


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_event_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))  # "ucdp" or "acled"
    source_id: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer, index=True)
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    # UCDP type_of_violence: 1 state-based, 2 non-state, 3 one-sided (ACLED mapped onto it).
    violence: Mapped[int | None] = mapped_column(SmallInteger)
    event_type: Mapped[str | None] = mapped_column(String(60))
    side_a: Mapped[str] = mapped_column(String(300))
    side_b: Mapped[str] = mapped_column(String(300))
    # The source's own precision code (GED where_prec 1-7, ACLED geo_precision 1-3).
    where_prec: Mapped[int | None] = mapped_column(SmallInteger)
    # Finest admin level the location is known to: 2 municipality, 1 state, 0 country.
    geo_level: Mapped[int | None] = mapped_column(SmallInteger)
    adm_1: Mapped[str | None] = mapped_column(String(120))
    adm_2: Mapped[str | None] = mapped_column(String(120))
    state_code: Mapped[str | None] = mapped_column(String(2))
    muni_code: Mapped[str | None] = mapped_column(String(5))
    pip_state_code: Mapped[str | None] = mapped_column(String(2))
    pip_muni_code: Mapped[str | None] = mapped_column(String(5))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    deaths_best: Mapped[int] = mapped_column(Integer, default=0)
    deaths_low: Mapped[int | None] = mapped_column(Integer)
    deaths_high: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(60))
    conflict_name: Mapped[str | None] = mapped_column(String(300))


class EventActor(Base):
    """One member of one side of an event: a coalition side has one row per member."""

    __tablename__ = "event_actors"
    __table_args__ = (
        UniqueConstraint("event_id", "side", "name", name="uq_event_actor"),
        Index("ix_event_actors_group", "group_slug", "event_id"),
        Index("ix_event_actors_actor", "actor_slug", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(1))  # "a" or "b"
    name: Mapped[str] = mapped_column(String(200))  # as the source spells the member
    actor_slug: Mapped[str] = mapped_column(String(120))  # the member itself (may be a faction)
    group_slug: Mapped[str] = mapped_column(String(120))  # its parent group, or itself
