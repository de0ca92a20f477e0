"""ACLED CSV export (the columns of the data export tool and the API).

ACLED has no ``type_of_violence``; it is mapped onto UCDP's so that ``--violence`` means
the same for both: battles and remote violence are state-based (1) when state forces
take part and non-state (2) otherwise, violence against civilians is one-sided (3), and
protests, riots and strategic developments get none.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime

from redes.events.actors import split_acled_side
from redes.events.geo import acled_geo_level, municipality_code, state_code
from redes.events.importing import ImportReport, Parsed, RowError, import_file, parse_float, parse_int
from redes.store import Store

SOURCE = "acled"
REQUIRED = {
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
}
_DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")
_FIGHTING = {"battles", "explosions/remote violence"}


def parse_date(text: str) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError(f"event_date is not a date: {text!r}")


def _state_forces(inter: str) -> bool:
    # Older exports code inter1/inter2 as numbers (1 = state forces), newer ones as text.
    inter = inter.strip().lower()
    return inter == "1" or inter.startswith("state forces")


def violence_type(row: dict[str, str]) -> int | None:
    event_type = row["event_type"].strip().lower()
    if event_type == "violence against civilians":
        return 3
    if event_type in _FIGHTING:
        state = _state_forces(row.get("inter1", "")) or _state_forces(row.get("inter2", ""))
        return 1 if state else 2
    return None


def parse_row(row: dict[str, str]) -> Parsed:
    source_id = row["event_id_cnty"].strip()
    if not source_id:
        raise RowError("event_id_cnty is empty")
    actor1 = row["actor1"].strip()
    if not actor1:
        raise RowError("actor1 is empty")
    when = parse_date(row["event_date"])
    year = parse_int(row, "year", lo=1946, hi=2100)
    if year != when.year:
        raise RowError(f"year {year} does not match event_date {when.isoformat()}")
    where_prec = parse_int(row, "geo_precision", required=False, lo=1, hi=3)
    adm_1 = row["admin1"].strip() or None
    adm_2 = row["admin2"].strip() or None
    state = state_code(adm_1)
    side_a = split_acled_side(actor1, row.get("assoc_actor_1", ""))
    side_b = split_acled_side(row["actor2"], row.get("assoc_actor_2", ""))
    event = {
        "source_id": source_id,
        "year": year,
        "date_start": when,
        "date_end": when,
        "violence": violence_type(row),
        "event_type": row["event_type"].strip()[:60] or None,
        "side_a": "; ".join(m.name for m in side_a)[:300],
        "side_b": "; ".join(m.name for m in side_b)[:300],
        "where_prec": where_prec,
        "geo_level": acled_geo_level(where_prec),
        "adm_1": adm_1,
        "adm_2": adm_2,
        "state_code": state,
        "muni_code": municipality_code(state, adm_2),
        "latitude": parse_float(row, "latitude", -90, 90),
        "longitude": parse_float(row, "longitude", -180, 180),
        "deaths_best": parse_int(row, "fatalities", lo=0),
        "deaths_low": None,
        "deaths_high": None,
        "country": row.get("country", "").strip() or None,
        "conflict_name": None,
    }
    return Parsed(event, side_a, side_b)


def import_acled(
    store: Store,
    path: str | os.PathLike,
    progress: Callable[[int], None] | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> ImportReport:
    """Import an ACLED CSV export; see ``importing.import_file``."""
    return import_file(
        store, path, SOURCE, REQUIRED, parse_row, progress=progress, max_bytes=max_bytes, max_rows=max_rows
    )
