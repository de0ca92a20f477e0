"""The CLI under the access rules: users, groups, collections and audit commands, and every
data command run ``--as`` a user seeing only that user's collections."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from redes.access import audit as audit_log
from redes.access import users as accounts
from redes.cli import cli
from redes.store import open_store

PUBLIC = (
    "Ramón Ávila Soto, líder del Cártel del Noreste, fue detenido por la Secretaría de Marina "
    "en Nuevo Laredo, Tamaulipas, en 2021. Ávila Soto dirigía la plaza de Piedras Negras."
)
SECRET = (
    "Testimonio reservado: Xóchitl Yareli Quintanar, alias La Garza Índigo, opera para el Cártel "
    "del Noreste en Sabinas Hidalgo desde 2019 y paga a la policía de Villa Tezcalli. "
    "La frase clave es marmota fosforescente."
)
# Strings that exist only in the confidential collection.
CANARIES = (
    "Quintanar",
    "Garza Índigo",
    "Tezcalli",
    "fosforescente",
    "Xóchitl",
    "fuentes-reservadas",
    "secret.txt",
)
PASSWORD = "correct horse battery staple"


def run(*args, input=None, env=None, code=0):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
    assert result.exit_code == code, (args, result.exit_code, result.output)
    return result


def json_of(result):
    return json.loads(result.stdout)


def assert_no_canary(text: str, where: str) -> None:
    for canary in CANARIES:
        assert canary not in text, f"{canary!r} leaked through {where}"


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """A database with a public and a confidential collection, an admin, an editor and a
    viewer (built once; each test gets a copy)."""
    root = tmp_path_factory.mktemp("access-cli")
    (root / "pub").mkdir()
    (root / "sec").mkdir()
    (root / "pub" / "public.txt").write_text(PUBLIC, encoding="utf-8")
    (root / "sec" / "secret.txt").write_text(SECRET, encoding="utf-8")
    db = root / "base.db"
    run("collections", "add", "fuentes-reservadas", "--visibility", "confidential", "--db", db)
    run("ingest", root / "pub", "--collection", "public", "--db", db)
    run("ingest", root / "sec", "--collection", "fuentes-reservadas", "--db", db)
    for name, role in (("alba", "admin"), ("edu", "editor"), ("vera", "viewer")):
        run("users", "add", name, "--role", role, "--password-stdin", "--db", db, input=PASSWORD + "\n")
    return db


@pytest.fixture
def db(base_db, tmp_path):
    copy = tmp_path / "r.db"
    src, dst = sqlite3.connect(base_db), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    return copy


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "more.txt").write_text("El Cártel del Noreste opera en Coahuila.", encoding="utf-8")
    return folder


def _events(db, **filters):
    store = open_store(db)
    try:
        with store.session() as s:
            return audit_log.events(s, **filters)
    finally:
        store.close()


# --- the owner and --as --------------------------------------------------------------------


def test_the_owner_of_a_sqlite_file_sees_everything(db):
    assert "Quintanar" in run("search", "fosforescente", "--db", db, "--format", "json").output
    listed = json_of(run("docs", "--db", db, "--format", "json"))
    assert {d["collection"] for d in listed} == {"public", "fuentes-reservadas"}


def test_a_viewer_without_a_grant_sees_no_trace_of_the_confidential_collection(db):
    viewer = ("--db", db, "--as", "vera", "--format", "json")
    outputs = {
        "docs": run("docs", *viewer).output,
        "claims": run("claims", "--limit", "1000", "--evidence", *viewer).output,
        "contradictions": run("contradictions", *viewer).output,
        "review list": run("review", "list", "--status", "all", *viewer).output,
        "collections list": run("collections", "list", *viewer).output,
        "graph centrality": run(
            "graph", "centrality", "--relations", "all", "--entity-types", "all", *viewer
        ).output,
        "export ftm": run("export", "ftm", "--db", db, "--as", "vera").output,
        "entity (public group)": run("entity", "Cártel del Noreste", *viewer).output,
    }
    for term in ("fosforescente", "Quintanar", "Garza", "Tezcalli", "Sabinas"):
        # Nothing to a viewer, the same exit status (1) as a word found nowhere.
        found = json_of(run("search", term, *viewer, code=1))  # echoes the query: look at the rest
        outputs[f"search {term}"] = json.dumps(
            {k: v for k, v in found.items() if k != "query"}, ensure_ascii=False
        )
    for where, text in outputs.items():
        assert_no_canary(text, where)
    # The public facts are all there.
    assert [d["file_name"] for d in json.loads(outputs["docs"])] == ["public.txt"]
    assert json_of(run("search", "Piedras Negras", *viewer))["count"] == 1
    assert "Ávila Soto" in outputs["entity (public group)"]
    assert json_of(run("search", "Tezcalli", *viewer, code=1))["count"] == 0


def test_a_hidden_entity_answers_like_a_missing_one(db):
    hidden = run("entity", "La Garza Índigo", "--db", db, "--as", "vera", code=1)
    missing = run("entity", "La Garza Ámbar", "--db", db, "--as", "vera", code=1)
    assert hidden.output.replace("Índigo", "X") == missing.output.replace("Ámbar", "X")
    assert "Quintanar" in run("entity", "La Garza Índigo", "--db", db, "--format", "json").output


def test_a_grant_opens_the_collection_and_a_revoke_closes_it(db):
    run("collections", "grant", "fuentes-reservadas", "--user", "vera", "--db", db)
    assert (
        json_of(run("search", "fosforescente", "--db", db, "--as", "vera", "--format", "json"))["count"] == 1
    )
    run("collections", "revoke", "fuentes-reservadas", "--user", "vera", "--db", db)
    assert (
        json_of(run("search", "fosforescente", "--db", db, "--as", "vera", "--format", "json", code=1))[
            "count"
        ]
        == 0
    )
    run("collections", "revoke", "fuentes-reservadas", "--user", "vera", "--db", db, code=1)


def test_group_grants(db):
    run("groups", "add", "investigadores", "--db", db)
    run("groups", "join", "investigadores", "vera", "edu", "--db", db)
    assert json_of(run("groups", "members", "investigadores", "--db", db, "--format", "json")) == [
        "edu",
        "vera",
    ]
    assert json_of(run("groups", "list", "--db", db, "--format", "json")) == [
        {"group": "investigadores", "members": ["edu", "vera"]}
    ]
    run("collections", "grant", "fuentes-reservadas", "--group", "investigadores", "--db", db)
    listed = json_of(run("docs", "--db", db, "--as", "vera", "--format", "json"))
    assert {d["collection"] for d in listed} == {"public", "fuentes-reservadas"}
    run("groups", "leave", "investigadores", "vera", "--db", db)
    listed = json_of(run("docs", "--db", db, "--as", "vera", "--format", "json"))
    assert {d["collection"] for d in listed} == {"public"}
    run("collections", "grant", "fuentes-reservadas", "--db", db, code=2)  # neither --user nor --group


def test_collections_list_and_visibility(db):
    admin = json_of(run("collections", "list", "--db", db, "--as", "alba", "--format", "json"))
    by_name = {c["name"]: c for c in admin}
    # An admin manages every collection, but a confidential one's counts need a grant.
    assert (
        by_name["fuentes-reservadas"]["visibility"] == "confidential"
        and by_name["fuentes-reservadas"]["documents"] is None
    )
    assert by_name["public"]["documents"] == 1
    run("collections", "set", "fuentes-reservadas", "--visibility", "team", "--db", db)
    admin = json_of(run("collections", "list", "--db", db, "--as", "alba", "--format", "json"))
    assert {c["name"]: c["documents"] for c in admin} == {"public": 1, "fuentes-reservadas": 1}
    viewer = json_of(run("collections", "list", "--db", db, "--as", "vera", "--format", "json"))
    assert [c["name"] for c in viewer] == ["public"] and "grants" not in viewer[0]
    run("collections", "set", "fuentes-reservadas", "--visibility", "secret", "--db", db, code=2)
    run("collections", "set", "nothing", "--visibility", "public", "--db", db, code=1)


# --- who may write -------------------------------------------------------------------------


def test_ingest_needs_write_access(db, docs):
    run("ingest", docs, "--collection", "public", "--db", db, "--as", "vera", "--no-extract", code=1)
    hidden = run(
        "ingest",
        docs,
        "--collection",
        "fuentes-reservadas",
        "--db",
        db,
        "--as",
        "edu",
        "--no-extract",
        code=1,
    )
    missing = run("ingest", docs, "--collection", "nueva", "--db", db, "--as", "edu", "--no-extract", code=1)
    # The refusal does not tell a hidden collection from a missing one.
    assert hidden.output.replace("fuentes-reservadas", "X") == missing.output.replace("nueva", "X")
    run("ingest", docs, "--collection", "public", "--db", db, "--as", "edu", "--no-extract")
    run("collections", "grant", "fuentes-reservadas", "--user", "edu", "--access", "write", "--db", db)
    run("ingest", docs, "--collection", "fuentes-reservadas", "--db", db, "--as", "edu", "--no-extract")
    # Admins may create a collection by ingesting into it.
    run("ingest", docs, "--collection", "nueva", "--db", db, "--as", "alba", "--no-extract")
    assert [e["target"] for e in _events(db, action="ingest")][:3] == [
        "nueva",
        "fuentes-reservadas",
        "public",
    ]


def test_review_needs_an_editor_and_records_who_decided(db):
    claims = json_of(run("claims", "--db", db, "--as", "vera", "--format", "json"))
    key = claims[0]["key"]
    run("review", "accept", key, "--db", db, "--as", "vera", code=1)
    run("review", "accept", key, "--db", db, "--as", "edu", "--author", "someone-else", "--format", "json")
    history = json_of(run("review", "history", "--db", db, "--format", "json"))
    assert history[0]["author"] == "edu"
    event = _events(db, action="review")[0]
    assert event["actor"] == "edu" and event["action"] == "review.accept" and event["origin"] == "cli"


def test_rebuild_and_admin_commands_need_an_admin(db):
    for user in ("vera", "edu"):
        for args in (
            ("users", "list"),
            ("users", "add", "x", "--role", "viewer"),
            ("collections", "grant", "fuentes-reservadas", "--user", user),
            ("collections", "set", "public", "--visibility", "confidential"),
            ("groups", "add", "g"),
            ("audit",),
            ("audit", "verify", "--no-checkpoint"),
            ("rebuild",),
        ):
            result = run(*args, "--db", db, "--as", user, code=1)
            assert "needs the admin role" in result.output
    run("users", "list", "--db", db, "--as", "alba")


def test_unknown_and_disabled_users_are_refused(db):
    assert "no user 'nadie'" in run("docs", "--db", db, "--as", "nadie", code=1).output
    run("users", "disable", "vera", "--db", db)
    assert "disabled" in run("docs", "--db", db, "--as", "vera", code=1).output
    run("users", "enable", "vera", "--db", db)
    run("docs", "--db", db, "--as", "vera")


# --- users and tokens ----------------------------------------------------------------------


def test_users_add_prints_a_one_time_link(db):
    out = json_of(run("users", "add", "Nuevo", "--role", "viewer", "--db", db, "--format", "json"))
    assert out["user"] == "nuevo" and out["link"].endswith("/setup/" + out["token"])
    assert accounts.SET_PASSWORD_PATH in out["link"]
    store = open_store(db)
    with store.session() as s:
        assert accounts.use_one_time_link(s, out["token"], PASSWORD).username == "nuevo"
        assert accounts.authenticate(s, "nuevo", PASSWORD) is not None
    store.close()
    text = run("users", "add", "otro", "--role", "editor", "--db", db).output
    assert "/setup/" in text and "shown only now" in text
    run("users", "add", "otro", "--role", "editor", "--db", db, code=1)
    run("users", "add", "short", "--role", "viewer", "--password-stdin", "--db", db, input="short\n", code=1)
    # The audit log names the user, never the secret.
    added = [e for e in _events(db, action="user.create") if e["target"] == "nuevo"][0]
    assert out["token"] not in json.dumps(added)


def test_users_list(db):
    rows = {r["username"]: r for r in json_of(run("users", "list", "--db", db, "--format", "json"))}
    assert rows["alba"]["role"] == "admin" and rows["vera"]["password_set"] and rows["vera"]["active"]
    assert "vera" in run("users", "list", "--db", db).output


def test_users_set_role(db):
    run("users", "set-role", "vera", "editor", "--db", db)
    assert {r["username"]: r["role"] for r in json_of(run("users", "list", "--db", db, "--format", "json"))}[
        "vera"
    ] == "editor"
    assert "last active admin" in run("users", "set-role", "alba", "viewer", "--db", db, code=1).output
    assert "last active admin" in run("users", "disable", "alba", "--db", db, code=1).output


def test_reset_password_clears_it_and_ends_sessions(db):
    store = open_store(db)
    with store.session() as s:
        raw, _ = accounts.create_session(s, accounts.get_user(s, "vera"))
    out = json_of(run("users", "reset-password", "vera", "--db", db, "--format", "json"))
    with store.session() as s:
        assert accounts.user_for_session(s, raw) is None
        assert accounts.authenticate(s, "vera", PASSWORD) is None
        accounts.use_one_time_link(s, out["token"], "a new long password")
        assert accounts.authenticate(s, "vera", "a new long password") is not None
    store.close()


def test_logout_everywhere(db):
    store = open_store(db)
    with store.session() as s:
        raw, _ = accounts.create_session(s, accounts.get_user(s, "vera"))
    run("users", "logout-everywhere", "vera", "--db", db)
    with store.session() as s:
        assert accounts.user_for_session(s, raw) is None
    store.close()


def test_api_tokens_through_the_cli(db):
    out = json_of(run("users", "token", "vera", "--name", "laptop", "--db", db, "--format", "json"))
    token = out["token"]
    listed = run("users", "tokens", "vera", "--db", db, "--format", "json").output
    assert token not in listed and json.loads(listed)[0]["name"] == "laptop"
    # REDES_TOKEN: the token's user, with their grants.
    env = {"REDES_TOKEN": token}
    found = json_of(run("search", "fosforescente", "--db", db, "--format", "json", env=env, code=1))
    assert found["count"] == 0
    assert _events(db, action="search")[0]["actor"] == "vera"
    run("users", "list", "--db", db, env=env, code=1)  # a viewer's token is no admin
    run("docs", "--db", db, "--as", "alba", env=env, code=1)  # --as must be the token's user
    run("users", "revoke-token", str(out["id"]), "--db", db)
    assert "not a valid API token" in run("docs", "--db", db, env=env, code=1).output
    run("users", "revoke-token", "999", "--db", db, code=1)
    assert json.loads(run("users", "tokens", "vera", "--db", db, "--format", "json").output)[0]["revoked"]


def test_disabling_a_user_revokes_their_token(db):
    token = json_of(run("users", "token", "vera", "--db", db, "--format", "json"))["token"]
    run("users", "disable", "vera", "--db", db)
    run("docs", "--db", db, env={"REDES_TOKEN": token}, code=1)


# --- the audit log -------------------------------------------------------------------------


def test_searches_exports_and_views_are_audited(db, tmp_path):
    run("search", "Tamaulipas", "--db", db, "--as", "vera")
    run("export", "csv", "-o", tmp_path / "csv", "--db", db, "--as", "alba")
    run("entity", "Ramón Ávila Soto", "--db", db, "--as", "vera")
    search = _events(db, action="search")[0]
    assert search["actor"] == "vera" and search["target"] == "Tamaulipas" and search["origin"] == "cli"
    export = _events(db, action="export")[0]
    assert export["actor"] == "alba" and export["detail"]["format"] == "csv"
    view = _events(db, action="dossier.view")[0]
    assert view["actor"] == "vera" and view["detail"]["asked"] == "Ramón Ávila Soto"


def test_audit_lists_and_filters(db):
    run("search", "Tamaulipas", "--db", db, "--as", "vera")
    rows = json_of(run("audit", "--db", db, "--format", "json"))
    assert rows[0]["action"] == "search" and rows[0]["actor"] == "vera"
    assert {r["action"] for r in rows} >= {"user.create", "ingest", "collection.create", "search"}
    only = json_of(run("audit", "--actor", "vera", "--db", db, "--format", "json"))
    assert {r["actor"] for r in only} == {"vera"}
    users_only = json_of(run("audit", "--action", "user", "--db", db, "--format", "json"))
    assert {r["action"] for r in users_only} == {"user.create"}
    assert json_of(run("audit", "--since", "1h", "--limit", "2", "--db", db, "--format", "json"))[1]
    assert json_of(run("audit", "--since", "2999-01-01", "--db", db, "--format", "json")) == []
    run("audit", "--since", "yesterday-ish", "--db", db, code=2)
    assert "search" in run("audit", "--db", db, "--as", "alba").output


def test_audit_verify_detects_tampering(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    checkpoint = tmp_path / "checkpoint.json"
    # The group's --db holds for verify too.
    assert "intact" in run("audit", "--db", db, "verify", "--no-checkpoint").output
    assert not (tmp_path / "redes.db").exists()
    ok = run("audit", "verify", "--checkpoint", checkpoint, "--db", db)
    assert "intact" in ok.output and checkpoint.exists()
    run("audit", "verify", "--checkpoint", checkpoint, "--db", db, "--format", "json")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE audit_events SET target = 'someone' WHERE id = 2")
    bad = run("audit", "verify", "--no-checkpoint", "--db", db, code=1)
    assert "row 2" in bad.output and "changed" in bad.output


def test_audit_verify_detects_a_cut_off_end_with_its_checkpoint(db, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    run("search", "Tamaulipas", "--db", db)
    run("audit", "verify", "--db", db)  # the default checkpoint, per database
    assert list((tmp_path / "state" / "redes").glob("audit-*.json"))
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM audit_events WHERE id > (SELECT MAX(id) - 3 FROM audit_events)")
    run("audit", "verify", "--no-checkpoint", "--db", db)  # the chain alone cannot tell
    out = json_of(run("audit", "verify", "--db", db, "--format", "json", code=1))
    assert not out["ok"] and "cut short" in out["problems"][0]


# --- PostgreSQL: users exist, so say who you are -------------------------------------------


@pytest.mark.postgres
def test_postgresql_with_users_requires_a_user(pg_url):
    run("docs", "--db", pg_url)  # no users yet: the owner
    assert (
        "must be an admin" in run("users", "add", "vera", "--role", "viewer", "--db", pg_url, code=1).output
    )
    run("users", "add", "alba", "--role", "admin", "--password-stdin", "--db", pg_url, input=PASSWORD + "\n")
    run("users", "add", "vera", "--role", "viewer", "--password-stdin", "--db", pg_url, code=2)
    run(
        "users",
        "add",
        "vera",
        "--role",
        "viewer",
        "--password-stdin",
        "--db",
        pg_url,
        "--as",
        "alba",
        input=PASSWORD + "\n",
    )
    refused = run("docs", "--db", pg_url, code=2)
    assert "--as USER" in refused.output and "REDES_TOKEN" in refused.output
    run("users", "list", "--db", pg_url, code=2)
    run("docs", "--db", pg_url, "--as", "vera")
    run("users", "list", "--db", pg_url, "--as", "vera", code=1)
    run("users", "list", "--db", pg_url, "--as", "alba")
    token = json_of(run("users", "token", "vera", "--db", pg_url, "--as", "alba", "--format", "json"))[
        "token"
    ]
    run("docs", "--db", pg_url, env={"REDES_TOKEN": token})
    assert _events(pg_url, actor="alba")[0]["action"] == "token.create"
    run("audit", "verify", "--no-checkpoint", "--db", pg_url, "--as", "alba")
