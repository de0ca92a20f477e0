"""UCDP GED (Georeferenced Event Dataset) CSV, the 20.1+ column set, plain or gzipped."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

from redes.events.actors import split_ucdp_side
from redes.events.geo import ged_geo_level, municipality_code, state_code
from redes.events.importing import ImportReport, Parsed, RowError, import_file, parse_float, parse_int
from redes.store import Store

SOURCE = "ucdp"
REQUIRED = {
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "best",
}


def parse_date(text: str, col: str) -> date | None:
    # UCDP's CSV writes "2013-01-04 00:00:00.000"; converted copies write "2013-01-04".
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RowError(f"{col} is not a date: {text!r}") from None


def parse_row(row: dict[str, str]) -> Parsed:
    source_id = row["id"].strip()
    if not source_id:
        raise RowError("id is empty")
    side_a, side_b = row["side_a"].strip(), row["side_b"].strip()
    if not side_a or not side_b:
        raise RowError("side_a or side_b is empty")
    year = parse_int(row, "year", lo=1946, hi=2100)
    violence = parse_int(row, "type_of_violence", lo=1, hi=3)
    where_prec = parse_int(row, "where_prec", required=False, lo=1, hi=7)
    best = parse_int(row, "best", lo=0)
    adm_1 = row["adm_1"].strip() or None
    adm_2 = row["adm_2"].strip() or None
    state = state_code(adm_1)
    event = {
        "source_id": source_id,
        "year": year,
        "date_start": parse_date(row.get("date_start", ""), "date_start"),
        "date_end": parse_date(row.get("date_end", ""), "date_end"),
        "violence": violence,
        "event_type": None,
        "side_a": side_a[:300],
        "side_b": side_b[:300],
        "where_prec": where_prec,
        "geo_level": ged_geo_level(where_prec, adm_1),
        "adm_1": adm_1,
        "adm_2": adm_2,
        "state_code": state,
        "muni_code": municipality_code(state, adm_2),
        "latitude": parse_float(row, "latitude", -90, 90),
        "longitude": parse_float(row, "longitude", -180, 180),
        "deaths_best": best,
        "deaths_low": parse_int(row, "low", required=False, lo=0),
        "deaths_high": parse_int(row, "high", required=False, lo=0),
        "country": row.get("country", "").strip() or None,
        "conflict_name": row.get("conflict_name", "").strip()[:300] or None,
    }
    return Parsed(event, split_ucdp_side(side_a), split_ucdp_side(side_b))


def import_ucdp(
    store: Store,
    path: str | os.PathLike,
    progress: Callable[[int], None] | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> ImportReport:
    """Import a GED CSV (``.csv`` or ``.csv.gz``); see ``importing.import_file``."""
    return import_file(
        store, path, SOURCE, REQUIRED, parse_row, progress=progress, max_bytes=max_bytes, max_rows=max_rows
    )
