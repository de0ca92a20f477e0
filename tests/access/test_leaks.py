"""The canary leak test (issue 11): nothing derived from a collection a user may not read
reaches them, through any route, page or command.

Two stores are built on the same backend (SQLite, then PostgreSQL): the same public corpus
with a secret in a ``confidential`` collection, the ``CANARY`` secret in one and the
``DECOY`` in the other (``tests/access/canary.py``: different names, years, dates,
publishers and counts, the same rows in the same order). A viewer without the grant then
walks, in both:

- every GET route of the OpenAPI schema and every page, with path and query parameters
  filled with public values, every secret name, alias, slug, claim key and document id
  (of both secrets), and names that exist nowhere;
- every CLI command (``--as viewer``, ``--format json`` where it exists), and the review
  commands as an editor without the grant.

Each answer must (1) contain none of either secret's strings, apart from the values the
request itself sent (case, accents, URL and HTML escaping ignored), in its body and
headers, and (2) be identical in both stores: status, body, headers. (2) is what catches
counts, facets, corroboration, first and last seen, contradictions, error messages
("ambiguous: 2 candidates") and status codes: a hidden thing must answer exactly like a
thing that does not exist, and a count must not move with hidden data. Response timing is
not asserted.

A user with the grant sees the canary through the same walk's routes, which shows that the
walk reaches it.
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote_plus

import click
import pytest
from click.testing import CliRunner

from redes.access import users
from redes.store import open_store
from redes.store.models import Claim, Document, Evidence
from tests.access import canary
from tests.access.canary import CANARY, DECOY
from tests.conftest import pg_database

# Names that exist nowhere, shaped like the secret ones.
MISSING = ["Nadie Inexistente Fulano", "no-existe-nadie", "Los Fantasmas Grises"]
# Public things that hidden data touches: a secret alliance, evidence, contradictions, names.
PUBLIC = ["cjng", "CJNG", "Baltasar Ibarra", "La Gaviota", "El Menchito", "guanajuato", "Jalisco"]
MISSING_DOC = 999_999
MISSING_KEY = "0" * 64


# --- stores ------------------------------------------------------------------------------


@contextmanager
def _second_database(request, db: str, tmp_path: Path):
    """Another empty database on the backend of ``db``."""
    if "://" not in db:
        yield str(tmp_path / "decoy.db")
        return
    with pg_database(request.getfixturevalue("pg_server")) as url:
        yield url


class World:
    """One store with one secret, its users and their API tokens."""

    def __init__(self, db: str, store, folder: Path, secret: canary.Secret):
        self.db, self.store, self.secret = db, store, secret
        self._list()  # first: the decoy's extra secret rows come last, moving no public id
        self.ids = canary.build(store, folder, secret)
        self._secret_list()
        self.tokens: dict[str, str] = {}
        with store.session() as s:
            for name, role in (("viewer", "viewer"), ("editor", "editor"), ("insider", "viewer")):
                user = users.create_user(s, name, role)
                self.tokens[name] = users.create_api_token(s, user, "leak test")
            users.grant(s, "confidential", user="insider")
        with store.session() as s:
            secret_doc = s.scalar(select_doc(self.ids["confidential"]))
            self.secret_doc = secret_doc
            self.public_doc = s.scalar(select_doc(self.ids["public"]))
            # Claims only the secret supports (the one it shares with public sources is public).
            hidden = {c for (c,) in s.execute(claims_of(secret_doc))}
            public = {c for (c,) in s.execute(claims_of(secret_doc, other_than=True))}
            self.secret_keys = sorted(hidden - public)
        self._annotate()

    def _list(self) -> None:
        """A public sanctions list with a party named as the public knows the collector
        ("Baltasar Ibarra", whose full name is secret): a cross-referencing (xref) match
        that must show a reader without the grant only the public name."""
        from datetime import date

        from followthemoney import model

        from redes.sources.importing import OFAC, import_list

        party = model.make_entity("Person")
        party.id = "ofac-sdn-990001"
        party.add("name", "Baltasar IBARRA")
        party.add("firstName", "Baltasar")
        party.add("lastName", "IBARRA")
        party.add("program", "SDNTK")
        import_list(self.store, OFAC, [party], date(2024, 5, 3), "sdn.csv", b"leak test list")

    def _secret_list(self) -> None:
        """A sanctions list kept in the confidential collection: the secret person (a.k.a.
        the nickname) designated and linked to the secret group. Its entries, entities,
        claims, list facts, "sanctioned" marks and list links must reach no outsider,
        through the dossier, search and its facet, the network with lists, or anything."""
        from datetime import date

        from followthemoney import model

        from redes.sources.importing import ftm_source, import_list

        person, group, link = (model.make_entity(s) for s in ("Person", "Organization", "UnknownLink"))
        person.id, group.id, link.id = "secreta-1", "secreta-2", "secreta-1-link-2"
        person.add("name", self.secret.person)
        person.add("weakAlias", self.secret.nickname)
        group.add("name", self.secret.group)
        for party in (person, group):
            party.add("program", "SDNTK")
            party.add("topics", "sanction")
        link.add("subject", person.id)
        link.add("object", group.id)
        source = ftm_source("lista-secreta")
        import_list(
            self.store,
            source,
            [person, group, link],
            date(2024, 5, 3),
            "secreta.json",
            b"secreta",
            "confidential",
        )

    def _annotate(self) -> None:
        """Notes and a saved investigation about the secret (by the owner), which must stay
        as hidden as the secret itself."""
        from redes.kb import investigations, notes

        s = self.secret
        notes.add(self.store, "document", str(self.secret_doc), f"{s.phrase}: {s.informant}", "owner")
        notes.add(self.store, "entity", s.person, f"{s.nickname} meets {s.collector}", "owner")
        notes.add(self.store, "claim", self.secret_keys[0], s.phrase, "owner")
        inv = investigations.create(self.store, s.title, [s.person, "cjng"], {"types": "person"})
        notes.add(self.store, "investigation", str(inv["id"]), s.phrase, "owner")


def select_doc(collection_id: int):
    from sqlalchemy import select

    return select(Document.id).where(Document.collection_id == collection_id).order_by(Document.id).limit(1)


def claims_of(doc_id: int, other_than: bool = False):
    """Keys of the claims with evidence in document ``doc_id`` (or in any other)."""
    from sqlalchemy import select

    where = Evidence.document_id != doc_id if other_than else Evidence.document_id == doc_id
    return select(Claim.key).join(Evidence, Evidence.claim_id == Claim.id).where(where)


@pytest.fixture
def worlds(request, db, store, tmp_path):
    with _second_database(request, db, tmp_path) as other:
        decoy_store = open_store(other)
        try:
            yield (
                World(db, store, tmp_path / "canary", CANARY),
                World(other, decoy_store, tmp_path / "decoy", DECOY),
            )
        finally:
            decoy_store.close()


# --- what a leak is ------------------------------------------------------------------------


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _forms(value: str) -> set[str]:
    """A value as a response may echo it: as sent, escaped for HTML, for URLs, in JSON."""
    forms = {value, html.escape(value), quote(value, safe=""), quote_plus(value), quote(value)}
    forms.add(json.dumps(value)[1:-1])
    # Inside the address of the page itself, passed on in a query (the language switch's
    # next=): the query's encoding encoded once more.
    forms |= {quote(quote_plus(value), safe=""), quote(quote(value, safe=""), safe="")}
    return {f for f in forms if f}


def strip_echo(text: str, sent: list[str]) -> str:
    for value in sorted(sent, key=len, reverse=True):
        for form in sorted(_forms(value), key=len, reverse=True):
            text = text.replace(form, "\x00")
    return text


def leaks(text: str, sent: list[str] = ()) -> list[str]:
    """The secret strings (of either secret) found in ``text`` apart from the values sent."""
    rest = strip_echo(text, list(sent))
    views = [fold(v) for v in {rest, unquote_plus(rest), html.unescape(rest)}]
    return sorted(
        {w for secret in (CANARY, DECOY) for w in secret.strings if any(fold(w) in v for v in views)}
    )


# Random values that differ between any two responses: CSRF and form tokens, CSP nonces.
_RANDOM = re.compile(
    r"(nonce-[A-Za-z0-9+/=_-]+|nonce=\"[^\"]*\"|name=\"(?:csrf|form_token)\" value=\"[^\"]*\""
    r"|content=\"[A-Za-z0-9_-]{20,}\"|[A-Za-z0-9_-]{43})"
)


# Times of day (when a row was written): the two stores are built a few seconds apart.
# Dates alone (publication dates) are compared.
_CLOCK = re.compile(
    r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:?\d{2}|Z)?"
    r"|\b\d{1,2}:\d{2}\b"  # as the pages write times: "5 Dec 2026, 18:08"
)


def normal(text: str) -> str:
    return _CLOCK.sub("<time>", _RANDOM.sub("<random>", text))


def _payload(content: bytes, media: str) -> str:
    """A response body as text; zip archives (the CSV export) unpacked, PDFs (the dossier)
    as their text and metadata: their compressed streams would hide any leak."""
    if content[:5] == b"%PDF-":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        meta = sorted(f"{k}={v}" for k, v in (reader.metadata or {}).items())
        return "\n".join([*meta, *(page.extract_text() for page in reader.pages)])
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return "\n".join(f"== {n}\n" + z.read(n).decode("utf-8", "replace") for n in sorted(z.namelist()))
    if content[:2] == b"\x1f\x8b":
        import gzip

        return gzip.decompress(content).decode("utf-8", "replace")
    return content.decode("utf-8", "replace")


# --- the web walk --------------------------------------------------------------------------


def _secret_names(worlds, cli: bool = False) -> list[str]:
    out = []
    for w in worlds:
        s = w.secret
        names = (
            [s.person, s.collector, s.group]
            if cli
            else [s.person, s.nickname, s.accountant, s.collector, s.group, s.place]
        )
        out += names + [canary.slug(n) for n in (s.collector, s.place)]
        if not cli:
            out += [canary.slug(s.person), canary.slug(s.group), s.words[-1], s.collector.split()[-1]]
            out += [s.boss] if s.boss else []
    return out


def _probes(worlds: tuple[World, World], cli: bool = False) -> dict[str, list]:
    """Values for each kind of parameter: public ones, both secrets', missing ones."""
    keys = [k for w in worlds for k in w.secret_keys]
    public = PUBLIC[:3] if cli else PUBLIC
    return {
        "entity": public + _secret_names(worlds, cli) + MISSING[: 1 if cli else None],
        "key": keys + [k[:10] for k in keys] + [MISSING_KEY, MISSING_KEY[:10]],
        "doc": [w.secret_doc for w in worlds] + [MISSING_DOC],
        "collection": ["public", "confidential", "nonexistent"],
        "text": ["Canarios", "medianoche", "Xelhuantzi", "faro norte", "Oquendo", "Yurrita", "Nadie", "CJNG"],
    }


ENTITY_PARAMS = {"entity", "a", "b", "actor", "group", "name", "keep", "other"}
TEXT_PARAMS = {"q"}
COLLECTION_PARAMS = {"collection", "collections"}
DEFAULTS = {
    "entity": "cjng",
    "a": "cjng",
    "b": "guanajuato",
    "actor": "CJNG",
    "group": "CJNG",
    "q": "CJNG",
    "from": 2000,
    "to": 2025,
    "name": "x.txt",
    "source": "ucdp",
}


def _value_lists(name: str, where: str, schema: dict, probes: dict, public_doc: int, public_key: str) -> list:
    if "enum" in schema:
        return list(schema["enum"])
    if name == "doc_id":
        return [public_doc, *probes["doc"]]
    if name == "file_id":
        return [1, 2, MISSING_DOC]
    if name in ("inv_id", "investigation"):
        return [1, MISSING_DOC]
    if name == "key":
        return [public_key, *probes["key"]]
    if name in ENTITY_PARAMS:
        return probes["entity"]
    if name in TEXT_PARAMS:
        return probes["text"] + probes["entity"]
    if name in COLLECTION_PARAMS:
        return probes["collection"]
    if name == "extractor":
        return ["rules", "model", "llm", "llm:x"]
    if name == "lists":  # the network with sanctions lists (a secret one among them)
        return ["true"]
    if name == "sanctioned":  # search's facet of entities a list designates
        return ["sanctioned"]
    return []


def requests_for(paths: list[tuple[str, list[dict]]], probes: dict, public_doc: int, public_key: str):
    """(url, values sent) for each route: its required parameters at public defaults, then
    each parameter in turn at every probe value."""
    out: list[tuple[str, list[str]]] = []
    for path, params in paths:
        base: dict[str, object] = {}
        path_params: dict[str, object] = {}
        variants: list[tuple[str, str, object]] = []
        for p in params:
            name, where, schema = p["name"], p["in"], p.get("schema", {})
            values = _value_lists(name, where, schema, probes, public_doc, public_key)
            default = DEFAULTS.get(name)
            if name == "doc_id":
                default = public_doc
            elif name == "key":
                default = public_key
            elif "enum" in schema:
                default = schema["enum"][0]
            if where == "path":
                path_params[name] = default if default is not None else (values[0] if values else "x")
            elif p.get("required"):
                base[name] = default if default is not None else (values[0] if values else "1")
            variants += [(where, name, v) for v in values]
        out.append(_url(path, path_params, base))
        for where, name, value in variants:
            pp, qq = dict(path_params), dict(base)
            (pp if where == "path" else qq)[name] = value
            out.append(_url(path, pp, qq, sent=[str(value)]))
    return list(dict.fromkeys((u, tuple(s)) for u, s in out))


def _url(path: str, path_params: dict, query: dict, sent: list[str] = ()) -> tuple[str, list[str]]:
    url = path
    for k, v in path_params.items():
        url = url.replace("{" + k + "}", quote(str(v), safe=""))
    if query:
        url += "?" + "&".join(f"{k}={quote_plus(str(v))}" for k, v in query.items())
    return url, list(sent)


def api_paths(app) -> list[tuple[str, list[dict]]]:
    spec = app.openapi()
    return [
        (path, ops["get"].get("parameters", []))
        for path, ops in sorted(spec["paths"].items())
        if "get" in ops
    ]


def _routes(app):
    """Every route of the app, with the paths it answers on (included routers flattened)."""
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            yield from contexts()
        else:
            yield route


def page_paths(app) -> list[tuple[str, list[dict]]]:
    out = []
    for route in _routes(app):
        methods = getattr(route, "methods", None) or set()
        if "GET" not in methods or route.path.startswith(("/api", "/static", "/openapi")):
            continue
        if getattr(route, "dependant", None) is None:
            continue
        params = [{"name": p.alias, "in": "path", "required": True} for p in route.dependant.path_params]
        params += [
            {"name": p.alias, "in": "query", "required": p.field_info.is_required(), "schema": {}}
            for p in route.dependant.query_params
        ]
        out.append((route.path, params))
    return sorted(out, key=lambda r: r[0])


def _client(world: World):
    from fastapi.testclient import TestClient

    from redes.web import create_app

    return TestClient(create_app(world.store), base_url="http://127.0.0.1", follow_redirects=False)


def _public_key(world: World) -> str:
    from sqlalchemy import select

    with world.store.session() as s:
        secret = set(world.secret_keys)
        keys = s.scalars(select(Claim.key).order_by(Claim.id))
        return next(k for k in keys if k not in secret)


def walk_web(world: World, user: str, requests: list[tuple[str, tuple[str, ...]]]) -> dict[str, tuple]:
    out = {}
    with _client(world) as client:
        headers = {"authorization": f"Bearer {world.tokens[user]}"}
        for url, _sent in requests:
            r = client.get(url, headers=headers)
            body = _payload(r.content, r.headers.get("content-type", ""))
            kept = {k: v for k, v in r.headers.items() if k not in ("date", "content-length", "set-cookie")}
            out[url] = (r.status_code, body, kept)
    return out


def _check(answers: list[dict[str, tuple]], requests, what: str) -> None:
    problems = []
    for url, sent in requests:
        first = answers[0][url]
        for answer in answers:
            status, body, headers = answer[url]
            found = leaks(body, sent) + leaks(json.dumps(headers, ensure_ascii=False), sent)
            if found:
                problems.append(f"{what} {url}: {status} shows {found}")
        if any((a[url][0], normal(a[url][1])) != (first[0], normal(first[1])) for a in answers[1:]):
            other = answers[1][url]
            problems.append(
                f"{what} {url}: differs between the stores: {first[0]} vs {other[0]}\n"
                + _diff(normal(first[1]), normal(other[1]))
            )
    assert not problems, "\n".join(problems[:30]) + f"\n({len(problems)} problems)"


def _diff(a: str, b: str) -> str:
    import difflib

    lines = difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
    return "\n".join(list(lines)[:12])


def _the_walk(worlds):
    from redes.web import create_app

    app = create_app(worlds[0].store)
    probes = _probes(worlds)
    doc, key = worlds[0].public_doc, _public_key(worlds[0])
    assert all((w.public_doc, _public_key(w)) == (doc, key) for w in worlds), (
        "the stores differ in public ids"
    )
    api = requests_for(api_paths(app), probes, doc, key)
    pages = requests_for(page_paths(app), probes, doc, key)
    return api, pages


def test_the_web_shows_a_viewer_nothing_of_the_secret(worlds):
    api, pages = _the_walk(worlds)
    assert len(api) > 200 and len(pages) > 50
    _check([walk_web(w, "viewer", api) for w in worlds], api, "GET")
    _check([walk_web(w, "viewer", pages) for w in worlds], pages, "page")


def test_the_walk_reaches_the_secret_for_a_user_with_the_grant(worlds):
    """The same walk, as a user with a read grant: the canary shows (the test can fail)."""
    api, pages = _the_walk(worlds)
    world = worlds[0]
    answers = walk_web(world, "insider", api + pages)
    seen = {w for url, sent in api + pages for w in leaks(answers[url][1], sent)}
    # Dossiers, documents, search, claims, graph, exports: the secret names and phrase.
    assert {CANARY.person, CANARY.group, CANARY.place, CANARY.phrase} <= seen, seen
    assert CANARY.collector in seen  # the full name behind the public "Baltasar Ibarra"


# --- the CLI walk --------------------------------------------------------------------------

# Commands that read, with their arguments (each run with and without every probe).
READS: dict[str, list[list[str]]] = {
    "claims": [[], ["--evidence", "--limit", "500"], ["--entity", "{entity}", "--evidence"]],
    "contradictions": [[], ["--entity", "{entity}"]],
    "docs": [[], ["--collection", "{collection}"]],
    "entity": [["{entity}"], ["{entity}", "--format", "md"], ["{entity}", "--format", "html"]],
    "events actors": [[]],
    "events summary": [["--actor", "{entity}"]],
    "export": [
        ["ftm"],
        ["graphml"],
        ["gexf"],
        ["csv", "-o", "{out}"],
        ["ftm", "--collection", "{collection}"],
    ],
    "graph brokers": [[], ["--collection", "{collection}"], ["--lists"]],
    "graph designated-brokers": [[], ["--collection", "{collection}"]],
    "graph linked-companies": [[]],
    "graph centrality": [[], ["--by", "betweenness"], ["--collection", "{collection}"]],
    "graph communities": [["--members"], ["--members", "--collection", "{collection}"]],
    "graph disrupt": [["--compare"], ["--recover"]],
    "graph path": [["{entity}", "guanajuato", "--claims", "--quotes"], ["cjng", "{entity}"]],
    "graph state-crime": [["--quotes", "3"], ["--collection", "{collection}"]],
    "review history": [[]],
    "review merges": [[], ["--limit", "500"]],
    "xref": [["--dry-run"], ["--dry-run", "--limit", "500"]],
    "review list": [
        [],
        ["--status", "all", "--limit", "500"],
        ["--entity", "{entity}"],
        ["--extractor", "rules", "--status", "all", "--limit", "500"],
        ["--extractor", "model", "--status", "all", "--limit", "500"],
    ],
    "review show": [["{key}"]],
    "search": [["{text}"], ["{entity}"], ["{text}", "--collection", "{collection}"]],
    "territory contested": [["--from", "2000", "--to", "2025"]],
    "territory presence": [["--group", "{entity}", "--from", "2000", "--to", "2025"]],
    "collections list": [[]],
    "groups list": [[]],
    "users list": [[]],
    "audit verify": [[]],
    "note list": [[], ["--on", "entity", "{entity}"], ["--on", "claim", "{key}"]],
    "investigations list": [[]],
}
# Commands that change data: run as an editor without the grant, at hidden things only.
WRITES: dict[str, list[list[str]]] = {
    "review accept": [["{key}"]],
    "review reject": [["{key}"], ["{key}", "--sentence"]],
    "review merge": [["{entity}", "cjng"], ["cjng", "{entity}"]],
    "review no-merge": [["{entity}", "cjng"], ["cjng", "{entity}"]],
    "xref accept": [["{entity}", "ofac-sdn-990001"]],
    "xref reject": [["{entity}", "ofac-sdn-990001"]],
    "review split": [["{entity}", "{entity}"]],
    "review alias-add": [["{entity}", "Nombre Nuevo"]],
    "review alias-remove": [["{entity}", "{entity}"]],
    "review rename": [["{entity}", "Nombre Nuevo"]],
    "note add": [["entity", "{entity}", "nota"], ["claim", "{key}", "nota"]],
    "investigations create": [["Pesquisa", "{entity}"], ["Pesquisa", "cjng", "{entity}"]],
    "add relation": [["{entity}", "member_of", "cjng", "--url", "https://example.org/a", "--quote", "CJNG"]],
}
# Commands that read no knowledge (or only what the caller gives them).
NOT_WALKED = {
    "investigations show": "names an investigation by id: tests/kb/test_notes.py opens a hidden one as an outsider",
    "investigations delete": "names an investigation by id: tests/kb/test_notes.py refuses a hidden one",
    "add entity": "adds a new name the caller cites; tests/kb/test_manual.py refuses a hidden citation",
    "review undo": "names a judgement by id: tests/kb/test_review.py undoes a hidden one as an editor without the grant",
    "demo": "builds its own store and serves it",
    "serve": "serves the web app, which the web walk covers",
    "train": "trains on the annotated corpus in ../shared",
    "eval": "evaluates on the annotated corpus in ../shared",
    "extract": "extracts from files given to it, without a store",
    "ingest": "writes the caller's files into a collection the caller may write",
    "rebuild": "an admin's maintenance: re-derives everything, returns counts",
    "events import ucdp": "imports the caller's file",
    "events import acled": "imports the caller's file",
    "sources import": "imports the caller's list file into a collection the caller may write; "
    "tests/sources/test_access.py: a confidential list shows an outsider nothing",
    "events chart": "draws the same numbers as events summary",
    "audit": "admin only (the audit log itself)",
    "users add": "admin only",
    "users disable": "admin only",
    "users enable": "admin only",
    "users logout-everywhere": "admin only",
    "users reset-password": "admin only",
    "users revoke-token": "admin only",
    "users set-role": "admin only",
    "users token": "admin only",
    "users tokens": "admin only",
    "groups add": "admin only",
    "groups join": "admin only",
    "groups leave": "admin only",
    "groups members": "admin only",
    "collections add": "admin only",
    "collections grant": "admin only",
    "collections revoke": "admin only",
    "collections set": "admin only",
}


def _commands() -> dict[str, click.Command]:
    from redes.cli import cli

    out = {}

    def walk(cmd, path):
        if isinstance(cmd, click.Group):
            if cmd.invoke_without_command and path:
                out[" ".join(path)] = cmd  # a group that runs by itself too (``redes xref``)
            # list_commands and get_command: the top-level group loads its commands lazily.
            ctx = click.Context(cmd)
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), [*path, name])
        else:
            out[" ".join(path)] = cmd

    walk(cli, [])
    assert len(out) > 40, "the walk found too few commands"
    return out


def test_every_command_is_walked():
    commands = _commands()
    assert set(commands) == set(READS) | set(WRITES) | set(NOT_WALKED), (
        "a command was added or removed: walk it in tests/access/test_leaks.py"
    )


def cli_runs(worlds, tmp_path: Path) -> list[tuple[str, list[str], list[str]]]:
    """(user, argv, values sent) for every run."""
    commands = _commands()
    probes = _probes(worlds, cli=True)
    runs = []
    for table, user in ((READS, "viewer"), (WRITES, "editor")):
        for name, variants in table.items():
            has_format = any(p.name == "fmt" for p in commands[name].params)
            for args in variants:
                slots = sorted(set(re.findall(r"\{(\w+)\}", " ".join(args))))
                choices = {
                    "entity": probes["entity"]
                    if table is READS
                    else [*_secret_names(worlds, True), *MISSING],
                    "key": probes["key"],
                    "collection": probes["collection"],
                    "text": probes["text"],
                    "out": [str(tmp_path / "out")],
                }
                combos = [{}]
                for slot in slots:
                    combos = [{**c, slot: v} for c in combos for v in choices[slot]]
                for combo in combos:
                    argv = [*name.split(), *(a.format(**combo) for a in args)]
                    if has_format and "--format" not in argv:
                        argv += ["--format", "json"]
                    sent = [str(v) for k, v in combo.items() if k != "out"]
                    runs.append((user, argv, sent))
    return runs


def walk_cli(world: World, runs, out: Path) -> dict[tuple, tuple[int, str]]:
    from redes.cli import cli

    runner = CliRunner()
    answers = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(out.parent)  # files a command writes by default land there
        _walk_cli(runner, cli, world, runs, out, answers)
    return answers


def _walk_cli(runner, cli, world: World, runs, out: Path, answers: dict) -> None:
    for user, argv, _sent in runs:
        if out.exists():
            import shutil

            shutil.rmtree(out)
        full = [*argv, "--db", world.db, "--as", user]
        result = runner.invoke(cli, full, catch_exceptions=False, env={"REDES_TOKEN": None})
        text = result.output
        if out.exists():
            text += "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.iterdir()))
        answers[(user, tuple(argv))] = (result.exit_code, text.replace(world.db, "<db>"))


def test_the_cli_shows_a_viewer_nothing_of_the_secret(worlds, tmp_path):
    runs = cli_runs(worlds, tmp_path)
    assert len(runs) > 150
    answers = [walk_cli(w, runs, tmp_path / "out") for w in worlds]
    problems = []
    for user, argv, sent in runs:
        key = (user, tuple(argv))
        for a in answers:
            found = leaks(a[key][1], sent)
            if found:
                problems.append(f"redes {' '.join(argv)} --as {user}: shows {found}")
        if (answers[0][key][0], normal(answers[0][key][1])) != (
            answers[1][key][0],
            normal(answers[1][key][1]),
        ):
            problems.append(
                f"redes {' '.join(argv)} --as {user}: differs between the stores "
                f"({answers[0][key][0]} vs {answers[1][key][0]})\n"
                + _diff(normal(answers[0][key][1]), normal(answers[1][key][1]))
            )
    assert not problems, "\n".join(problems[:30]) + f"\n({len(problems)} problems)"
    # The editor's attempts at hidden things changed nothing.
    from redes.store.models import Judgement

    for w in worlds:
        with w.store.session() as s:
            assert s.query(Judgement).count() == 0


def test_the_cli_shows_the_secret_to_a_user_with_the_grant(worlds):
    """The walk's commands do reach the secret."""
    from redes.cli import cli

    world = worlds[0]
    runner = CliRunner()
    argv = ["--db", world.db, "--as", "insider"]
    result = runner.invoke(cli, ["entity", CANARY.person, "--format", "json", *argv])
    assert CANARY.group in result.output
    result = runner.invoke(cli, ["export", "ftm", *argv])
    assert CANARY.collector in result.output and CANARY.place in result.output


def test_an_export_of_one_collection(sqlite_store, tmp_path):
    """``redes export --collection``: only what that collection's documents support."""
    from redes.cli import cli

    canary.build(sqlite_store, tmp_path / "canary")
    db = str(sqlite_store.engine.url.database)
    runner = CliRunner()
    public = runner.invoke(cli, ["export", "ftm", "--collection", "public", "--db", db]).output
    secret = runner.invoke(cli, ["export", "ftm", "--collection", "confidential", "--db", db]).output
    everything = runner.invoke(cli, ["export", "ftm", "--db", db]).output
    assert CANARY.person not in public and CANARY.person in secret and CANARY.person in everything
    assert "Santa Rosa de Lima" in public and "Santa Rosa de Lima" not in secret
