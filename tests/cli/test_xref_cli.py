"""redes xref, redes xref accept and redes xref reject (redes.kb.xref)."""

import json
from datetime import date

from click.testing import CliRunner
from followthemoney import model

from redes.cli import cli


def run(*args, code=0):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result


def _party(num: int, first: str, last: str):
    e = model.make_entity("Person")
    e.id = f"ofac-sdn-{num}"
    e.add("name", f"{first} {last}")
    e.add("firstName", first)
    e.add("lastName", last)
    e.add("program", "SDNTK")
    return e


def test_list_accept_and_reject(demo_store):
    from redes.sources.importing import OFAC, import_list

    parties = [_party(6861, "Joaquin", "GUZMAN LOERA"), _party(11726, "Hector", "BELTRAN LEYVA")]
    import_list(demo_store, OFAC, parties, date(2024, 5, 3), "sdn.csv", b"cli test list")
    db = str(demo_store.engine.url.database)
    out = run("xref", "--db", db).output
    assert "ofac-sdn matches to review" in out and "Joaquin GUZMAN LOERA" in out
    found = json.loads(run("xref", "--dry-run", "--db", db, "--format", "json").output)["candidates"]
    chapo = next(c for c in found if c["list_id"] == "ofac-sdn-6861")
    assert chapo["features"]["name"] == "same name" and chapo["score"] == 1.0
    hector = next(c for c in found if c["list_id"] == "ofac-sdn-11726")
    out = run("xref", "accept", chapo["entity"]["id"], "ofac-sdn-6861", "--author", "ana", "--db", db).output
    assert out.startswith("accepted:")
    out = run("xref", "reject", hector["entity"]["id"], "ofac-sdn-11726", "--db", db).output
    assert out.startswith("rejected:")
    left = json.loads(run("xref", "--dry-run", "--db", db, "--format", "json").output)["candidates"]
    assert not left
    err = run("xref", "reject", "Nadie Inexistente", "ofac-sdn-6861", "--db", db, code=1).output
    assert err.startswith("Error:")
