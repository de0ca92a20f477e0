"""UCDP and ACLED import: streaming, idempotence, bad rows, actor mapping, geography."""

from __future__ import annotations

import gzip

import pytest
from sqlalchemy import func, select

from redes.events import import_acled, import_ucdp
from redes.events.importing import FileError
from redes.events.models import Event, EventActor
from tests.events.samples import GUANAJUATO_CENTROID, IRAPUATO, acled_row, ged_row, write_acled, write_ged


def _count(store, model) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _members(store, source_id: str) -> set[tuple[str, str, str, str]]:
    with store.session() as s:
        rows = s.execute(
            select(EventActor.side, EventActor.name, EventActor.actor_slug, EventActor.group_slug)
            .join(Event, Event.id == EventActor.event_id)
            .where(Event.source_id == source_id)
        )
        return {tuple(r) for r in rows}


def test_ucdp_import_is_idempotent_and_maps_coalitions_and_factions(store, tmp_path):
    path = write_ged(
        tmp_path / "ged.csv.gz",
        [
            ged_row(1, "Jalisco Cartel New Generation", "Gulf Cartel, Los Zetas"),
            ged_row(2, "Sinaloa Cartel - Los Chapitos", "Sinaloa Cartel - Los Mayos", year=2023),
            ged_row(3, "Jalisco Cartel New Generation, Sangre Nueva Zeta", "Hells Angels"),
        ],
        gz=True,
    )
    first = import_ucdp(store, path)
    assert (first.read, first.imported, first.existing, first.bad_count) == (3, 3, 0, 0)
    second = import_ucdp(store, path)
    assert (second.imported, second.existing) == (0, 3)
    assert _count(store, Event) == 3
    assert _count(store, EventActor) == 8

    assert _members(store, "1") == {
        ("a", "Jalisco Cartel New Generation", "cjng", "cjng"),
        ("b", "Gulf Cartel", "gulf-cartel", "gulf-cartel"),
        ("b", "Los Zetas", "los-zetas", "los-zetas"),
    }
    assert _members(store, "2") == {
        ("a", "Sinaloa Cartel - Los Chapitos", "los-chapitos", "sinaloa-cartel"),
        ("b", "Sinaloa Cartel - Los Mayos", "los-mayos", "sinaloa-cartel"),
    }
    # An actor the curated table does not know still gets a slug of its own.
    assert ("b", "Hells Angels", "hells-angels", "hells-angels") in _members(store, "3")


def test_ucdp_geography_from_names_and_points(store, tmp_path):
    path = write_ged(
        tmp_path / "ged.csv",
        [
            ged_row(1, "Jalisco Cartel New Generation", "Sinaloa Cartel"),
            # State-level: GED puts it at Guanajuato's centroid, inside Dolores Hidalgo.
            ged_row(
                2,
                "Jalisco Cartel New Generation",
                "Santa Rosa de Lima Cartel",
                point=GUANAJUATO_CENTROID,
                where_prec=4,
                adm_1="Guanajuato state",
                adm_2="",
            ),
            # GED's short name for INEGI's "Silao de la Victoria", misspelt suffix.
            ged_row(
                3,
                "Jalisco Cartel New Generation",
                "Santa Rosa de Lima Cartel",
                point=IRAPUATO,
                adm_1="Guanajuato state",
                adm_2="Silao municpality",
            ),
        ],
    )
    import_ucdp(store, path)
    with store.session() as s:
        got = {
            r.source_id: (r.geo_level, r.state_code, r.muni_code, r.pip_state_code, r.pip_muni_code)
            for r in s.scalars(select(Event))
        }
    assert got["1"] == (2, "02", "02004", "02", "02004")
    assert got["2"] == (1, "11", None, "11", "11014")  # 11014: Dolores Hidalgo
    assert got["3"] == (2, "11", "11037", "11", "11017")  # names say Silao, the point Irapuato


def test_ucdp_bad_rows_are_reported_and_good_rows_kept(sqlite_store, tmp_path):
    good = [ged_row(i, "Jalisco Cartel New Generation", "Sinaloa Cartel") for i in (1, 2)]
    bad = [
        ged_row(3, "Jalisco Cartel New Generation", "Sinaloa Cartel", year="20x8"),
        ged_row(4, "Jalisco Cartel New Generation", "Sinaloa Cartel", best="-3"),
        ged_row(5, "Jalisco Cartel New Generation", ""),
        ged_row(6, "Jalisco Cartel New Generation", "Sinaloa Cartel", where_prec="9"),
        ged_row(7, "Jalisco Cartel New Generation", "Sinaloa Cartel", type_of_violence="4"),
        ged_row(8, "Jalisco Cartel New Generation", "Sinaloa Cartel", latitude="north"),
        ged_row(9, "Jalisco Cartel New Generation", "Sinaloa Cartel", date_start="yesterday"),
        ged_row(1, "Jalisco Cartel New Generation", "Sinaloa Cartel"),  # duplicate id
        ged_row(10, "Jalisco Cartel New Generation", "Sinaloa Cartel", id=""),
    ]
    path = write_ged(tmp_path / "ged.csv", good + bad)
    with open(path, "ab") as fh:
        fh.write(b"11,short,row\n")
        fh.write(
            ",".join(ged_row(12, "Los Zetas", "Gulf Cartel").values()).encode().replace(b"Gulf", b"G\xffulf")
        )
        fh.write(b"\n")
    report = import_ucdp(sqlite_store, path)
    assert report.imported == 2
    assert report.read == 13
    reasons = {b.line: b.reason for b in report.bad}
    assert reasons == {
        4: "year is not a number: '20x8'",
        5: "best out of range: -3",
        6: "side_a or side_b is empty",
        7: "where_prec out of range: 9",
        8: "type_of_violence out of range: 4",
        9: "latitude is not a number: 'north'",
        10: "date_start is not a date: 'yesterday'",
        11: "duplicate id 1 in the file",
        12: "id is empty",
        13: "3 fields where the header has 49",
        14: "invalid UTF-8 bytes",
    }
    assert report.bad_count == 11


def test_truncated_gzip_keeps_the_rows_before_the_break(sqlite_store, tmp_path):
    rows = [ged_row(i, "Los Zetas", "Gulf Cartel", source_article="x" * 400) for i in range(1, 400)]
    path = write_ged(tmp_path / "full.csv.gz", rows, gz=True)
    data = path.read_bytes()
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(data[: len(data) // 2])
    report = import_ucdp(sqlite_store, cut)
    assert 0 < report.imported < 399
    assert report.bad_count == 1 and report.bad[0].reason.startswith("unreadable from here on")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (b"id,year,side_a\n1,2018,x\n", "lacks required columns"),
        (gzip.compress(b"")[:5], "not a readable CSV"),
    ],
)
def test_unusable_files_fail_with_a_reason(sqlite_store, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(FileError, match=message):
        import_ucdp(sqlite_store, path)


def test_missing_file(sqlite_store, tmp_path):
    with pytest.raises(FileError, match="cannot read"):
        import_ucdp(sqlite_store, tmp_path / "nope.csv")


def test_acled_import(store, tmp_path):
    path = write_acled(
        tmp_path / "acled.csv",
        [
            acled_row(
                "MEX1",
                "CJNG: Jalisco New Generation Cartel",
                "Santa Rosa de Lima Cartel",
                assoc_actor_1="Sangre Nueva Zeta",
            ),
            acled_row("MEX2", "Military Forces of Mexico (2018-)", "Sinaloa Cartel", inter1="1"),
            acled_row(
                "MEX3",
                "Unidentified Armed Group (Mexico)",
                "Civilians (Mexico)",
                event_type="Violence against civilians",
                event_date="5 March 2021",
                geo_precision="3",
            ),
            acled_row("MEX4", "Protesters (Mexico)", event_type="Protests", fatalities="0"),
            acled_row("MEX5", "Sinaloa Cartel", event_date="2020-01-01"),  # year says 2021
            acled_row("MEX6", ""),
        ],
    )
    report = import_acled(store, path)
    assert report.imported == 4
    assert {b.line: b.reason for b in report.bad} == {
        6: "year 2021 does not match event_date 2020-01-01",
        7: "actor1 is empty",
    }
    assert import_acled(store, path).existing == 4
    with store.session() as s:
        got = {
            e.source_id: (e.violence, e.geo_level, e.state_code, e.muni_code, e.pip_muni_code)
            for e in s.scalars(select(Event))
        }
    assert got["MEX1"] == (2, 2, "11", "11017", "11017")
    assert got["MEX2"][0] == 1  # state forces take part: state-based
    assert got["MEX3"][:2] == (3, 1)  # one-sided; a region only: state level
    assert got["MEX4"][0] is None
    assert _members(store, "MEX1") == {
        ("a", "CJNG: Jalisco New Generation Cartel", "cjng", "cjng"),
        ("a", "Sangre Nueva Zeta", "sangre-nueva-zeta", "sangre-nueva-zeta"),
        ("b", "Santa Rosa de Lima Cartel", "cartel-santa-rosa-de-lima", "cartel-santa-rosa-de-lima"),
    }
    assert (
        "a",
        "Military Forces of Mexico (2018-)",
        "government-of-mexico",
        "government-of-mexico",
    ) in _members(store, "MEX2")


def test_acled_events_summarise_apart_from_ucdp(sqlite_store, tmp_path):
    from redes.events.actors import resolve_actor
    from redes.events.summaries import Filters, summarize

    import_acled(sqlite_store, write_acled(tmp_path / "a.csv", [acled_row("MEX1", "CJNG", "Sinaloa Cartel")]))
    import_ucdp(
        sqlite_store,
        write_ged(tmp_path / "g.csv", [ged_row(1, "Jalisco Cartel New Generation", "Los Zetas")]),
    )
    with sqlite_store.session() as s:
        match = resolve_actor(s, "CJNG")
        got = {
            source: {r.key: r.events for r in summarize(s, match, "opponent", Filters(source=source)).rows}
            for source in ("ucdp", "acled", "all")
        }
    assert got == {
        "ucdp": {"Los Zetas": 1},
        "acled": {"Sinaloa Cartel": 1},
        "all": {"Los Zetas": 1, "Sinaloa Cartel": 1},
    }
