"""Any followthemoney JSON-lines stream, as OpenSanctions exports it."""

import json

from redes.sources import ftm
from redes.sources.ofac import Report


def test_entities_are_read_and_bad_lines_reported(tmp_path):
    lines = [
        json.dumps(
            {
                "id": "os-1",
                "schema": "Person",
                "properties": {"name": ["Ana Ruiz"], "nationality": ["Mexico"]},
            }
        ),
        "not json",
        json.dumps({"id": "os-2", "schema": "NoSuchSchema", "properties": {}}),
        "",
        json.dumps({"id": "os-3", "schema": "Company", "properties": {"name": ["ACME SA"]}}),
        json.dumps(
            {"id": "os-4", "schema": "Ownership", "properties": {"owner": ["os-1"], "asset": ["os-3"]}}
        ),
    ]
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = Report()
    ents = list(ftm.entities(path, report))
    assert [e.id for e in ents] == ["os-1", "os-3", "os-4"]
    assert ents[0].get("nationality") == ["mx"]
    assert [p.row for p in report.problems] == [2, 3]
    assert report.listed == 2 and report.links == 1
