"""Crediting the events' source with the dataset's version."""

from __future__ import annotations

from redes.events import import_ucdp
from redes.events.credits import ged_version, source_credit
from tests.events.samples import ged_row, write_ged


def test_the_ged_release_is_named_from_the_latest_year():
    assert ged_version(2023) == "24.1"
    assert ged_version(1999) == "00.1"


def test_credit_names_only_sources_with_events(store, tmp_path):
    with store.session() as s:
        assert source_credit(s, "all") == ""
    import_ucdp(store, write_ged(tmp_path / "g.csv", [ged_row(1, "CJNG", "Sinaloa Cartel", year=2021), ged_row(2, "CJNG", "Sinaloa Cartel", year=2022)]))
    with store.session() as s:
        assert source_credit(s, "ucdp") == "UCDP GED 23.1 (CC BY 4.0)"
        assert source_credit(s, "all") == "UCDP GED 23.1 (CC BY 4.0)"
        assert source_credit(s, "acled") == ""
