"""Hand-made GED and ACLED files for the tests."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

GED_COLUMNS = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,"
    "dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,"
    "side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,"
    "where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,"
    "country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
    "deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob"
).split(",")

ACLED_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
    "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
    "tags,timestamp"
).split(",")

# Points: Tijuana; Guanajuato state's centroid as GED places state-level events (inside
# Dolores Hidalgo); Irapuato; León.
TIJUANA = (32.5027, -117.00371)
GUANAJUATO_CENTROID = (21.0, -101.0)
IRAPUATO = (20.67675, -101.35628)


def ged_row(event_id: int, side_a: str, side_b: str, year: int = 2018, **kw) -> dict[str, str]:
    lat, lon = kw.pop("point", TIJUANA)
    row = {c: "" for c in GED_COLUMNS}
    row.update(
        id=str(event_id),
        year=str(year),
        type_of_violence="2",
        side_a=side_a,
        side_b=side_b,
        where_prec="1",
        adm_1="Baja California state",
        adm_2="Tijuana municipality",
        latitude=str(lat),
        longitude=str(lon),
        country="Mexico",
        date_start=f"{year}-05-01",
        date_end=f"{year}-05-01",
        best="1",
        low="1",
        high="1",
    )
    row.update({k: str(v) for k, v in kw.items()})
    return row


def write_ged(path: Path, rows: list[dict[str, str]], gz: bool = False) -> Path:
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=GED_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def acled_row(event_id: str, actor1: str, actor2: str = "", **kw) -> dict[str, str]:
    row = {c: "" for c in ACLED_COLUMNS}
    row.update(
        event_id_cnty=event_id,
        event_date="2021-03-04",
        year="2021",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=actor1,
        inter1="3",
        actor2=actor2,
        inter2="3",
        country="Mexico",
        admin1="Guanajuato",
        admin2="Irapuato",
        latitude=str(IRAPUATO[0]),
        longitude=str(IRAPUATO[1]),
        geo_precision="1",
        fatalities="2",
    )
    row.update({k: str(v) for k, v in kw.items()})
    return row


def write_acled(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path
