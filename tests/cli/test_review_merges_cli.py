"""redes review merges and redes review no-merge (redes.kb.merges)."""

import json

from click.testing import CliRunner

from redes.cli import cli


def run(*args, code=0):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result


def _db(store) -> str:
    return str(store.engine.url.database)


def test_list_refuse_and_accept(demo_store):
    db = _db(demo_store)
    out = run("review", "merges", "--db", db).output
    assert "merge candidates" in out and "Alfredo Guzman-Salazar" in out and "0.88" in out
    found = json.loads(run("review", "merges", "--db", db, "--format", "json").output)
    norte = next(
        c
        for c in found
        if c["keep"]["name"] == "Norte del Valle Cartel" or c["other"]["name"] == "Norte del Valle Cartel"
    )
    out = run(
        "review", "no-merge", norte["keep"]["id"], norte["other"]["id"], "--db", db, "--author", "ana"
    ).output
    assert out.startswith("judgement ") and "no-merge" in out
    alfredo = next(c for c in found if c["keep"]["name"] == "Jesús Alfredo Guzmán Salazar")
    run("review", "merge", alfredo["keep"]["id"], alfredo["other"]["id"], "--db", db)
    left = json.loads(run("review", "merges", "--db", db, "--format", "json").output)
    assert not any("Norte del Valle Cartel" in (c["keep"]["name"], c["other"]["name"]) for c in left)
    assert not any("Jesús Alfredo Guzmán Salazar" in (c["keep"]["name"], c["other"]["name"]) for c in left)
    err = run("review", "no-merge", "Gulf Cartel", "gulf-cartel", "--db", db, code=1).output
    assert "one entity already" in err
