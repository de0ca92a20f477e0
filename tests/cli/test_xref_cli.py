"""redes xref, redes xref accept and redes xref reject (redes.kb.xref)."""

import json
from datetime import date

from click.testing import CliRunner

from redes.cli import cli
from tests.resolve.parties import person


def run(*args, code=0):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result


def test_list_accept_and_reject(demo_store, monkeypatch):
    from redes.sources.importing import OFAC, import_list

    parties = [person(6861, "Joaquin", "GUZMAN LOERA", program="SDNTK"), person(11726, "Hector", "BELTRAN LEYVA", program="SDNTK")]
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
    # Refusing a match already accepted takes the party back out at once.
    assert "SDNTK" in run("entity", chapo["entity"]["id"], "--db", db).output
    out = run("xref", "reject", chapo["entity"]["id"], "ofac-sdn-6861", "--db", db).output
    assert f"ofac-sdn-6861 is taken back out of {chapo['entity']['id']}" in out
    assert "SDNTK" not in run("entity", chapo["entity"]["id"], "--db", db).output
    assert "SDNTK" in run("entity", "ofac-sdn-6861", "--db", db).output
    # The later decision stands through a rebuild and later updates: the accept is not
    # made again (the party would come apart again, as a new entity each time).
    run("rebuild", "--db", db)
    assert "SDNTK" not in run("entity", chapo["entity"]["id"], "--db", db).output
    import redes.sources.detach

    detached = []
    real = redes.sources.detach.detach
    monkeypatch.setattr(redes.sources.detach, "detach", lambda *a: detached.append(a) or real(*a))
    run("xref", "--db", db)  # re-derives the machine's matches and re-applies every judgement
    assert "SDNTK" not in run("entity", chapo["entity"]["id"], "--db", db).output
    assert detached == []
    err = run("xref", "reject", "Nadie Inexistente", "ofac-sdn-6861", "--db", db, code=1).output
    assert err.startswith("Error:")
