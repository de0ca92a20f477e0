"""The credit line a chart of conflict events owes its source, with the dataset's version
as the data in the store shows it."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from redes.events.models import Event

LICENCES = {"ucdp": "CC BY 4.0"}


def ged_version(last_year: int) -> str:
    """UCDP's yearly GED release "YY.1" covers events up to the year before (GED 24.1:
    1989–2023): the latest year of the imported events names the release."""
    return f"{(last_year + 1) % 100:02d}.1"


def source_credit(session: Session, source: str = "ucdp") -> str:
    """"UCDP GED 24.1 (CC BY 4.0)", "ACLED (to 2024)", or both for ``source="all"``;
    a source without events in the store is not credited."""
    parts = []
    for name in ("ucdp", "acled") if source == "all" else (source,):
        last = session.scalar(select(func.max(Event.year)).where(Event.source == name))
        if last is None:
            continue
        if name == "ucdp":
            parts.append(f"UCDP GED {ged_version(last)} ({LICENCES['ucdp']})")
        else:
            parts.append(f"ACLED (events to {last})")
    return ", ".join(parts)
