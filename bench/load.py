"""The workbench under load: many concurrent clients against ``redes serve --workers N``.

usage: python bench/load.py --db PATH_OR_URL [--workers N] [--clients 50] [--seconds 60]
                            [--writes 0.1] [--in-place] [--cold] [--seed 1]
       python bench/load.py --pg-demo [...]     # a throwaway PostgreSQL with the demo corpus

Starts ``redes serve --workers N`` as a subprocess on a free loopback port against the
database, finds what to ask for through the API (dossier targets, hubs, search words,
criminal groups, claim keys), touches every cached answer once (``--cold`` skips that, to
time the first builds too), then runs ``--clients`` asyncio clients (httpx) for
``--seconds`` seconds, each sending its next request as soon as the last one answered,
and prints throughput and latency (p50, p95, p99, max) and errors per route.

Routes (weights): the home page (12%), the search page (18%), dossier pages of typical
entities (20%) and of hubs (5%), a claim's quotes as a dossier line loads them (5%), the
network explorer's graph (10%), an ego network (8%), the territory page (7%) and its
presence map (5%), and ``--writes`` (10%) review decisions: a claim accepted or rejected
through the API, as the owner (a loopback client of a database without users), sending
what the workbench's own scripts send (JSON, ``Origin`` of the server, ``Sec-Fetch-Site:
same-origin``). Any answer but 2xx is an error.

The writes are real judgements: a SQLite file is copied to a temporary folder first and
the copy is served (``--in-place`` serves the file itself). Dossier targets come from the
side file of ``bench/api.py --keep`` (``DB.json``) when there is one, else from the most
mentioned entities.

Databases:
- the demo: ``redes demo --no-serve --db demo.db`` (the bundled corpus and UCDP events);
- 100,000 entities and 1,000,000 claims: ``python bench/api.py --keep --db big.db``;
- PostgreSQL: ``--db postgresql://user@host/db`` (a database the demo was built into:
  ``redes demo --no-serve --db postgresql://...``), or ``--pg-demo``, which starts a
  throwaway cluster as the test suite does (PostgreSQL's server binaries installed), builds
  the demo database in it as an ordinary role (row-level security on), and removes it
  afterwards.

A database with user accounts (``bench/api.py`` makes a viewer) has no loopback owner: the
copy gets an administrator ``bench-load`` and an API token for the run, sent with every
request. Served in place or on PostgreSQL, such a database needs ``--token``.

The load generator runs on the same machine as the server and takes some of its CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httptools
import httpx

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "cartel",
    "Jalisco",
    "arrested",
    "violence",
    "Sinaloa",
    "leader",
    "reward",
    "army",
    "plaza",
    "Michoacán",
]
ROUTES = {  # name -> share of requests (review: the --writes share)
    "home": 0.12,
    "search": 0.18,
    "dossier": 0.20,
    "dossier (hub)": 0.05,
    "quotes": 0.05,
    "graph": 0.10,
    "ego network": 0.08,
    "territory": 0.07,
    "presence": 0.05,
}


# Sent with every request: an API token's Authorization header when the database has user
# accounts (no loopback owner then), else nothing.
AUTH: dict[str, str] = {}


def bench_token(db: str) -> str | None:
    """On a copy of a database with user accounts: an administrator made for the run, and
    an API token for them (None when the database has no users: loopback is the owner)."""
    from redes.access import users
    from redes.store import open_store

    store = open_store(db, upgrade=False)
    try:
        with store.session() as s:
            if not users.has_users(s):
                return None
            user = users.get_user(s, "bench-load") or users.create_user(s, "bench-load", "admin")
            return users.create_api_token(s, user, "bench/load.py")
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    db: str
    workers: int
    port: int = field(default_factory=free_port)
    log: Path | None = None
    proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, folder: Path) -> None:
        self.log = folder / "server.log"
        cmd = [sys.executable, "-m", "redes", "serve", "--workers", str(self.workers)]
        cmd += ["--port", str(self.port), "--db", self.db]
        with open(self.log, "wb") as out:
            # A session of its own: stopping it stops its worker processes and nothing else.
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited:\n{self.log.read_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.base + "/api/stats", headers=AUTH, timeout=5).status_code == 200:
                    return
            time.sleep(0.3)
        raise SystemExit(f"the server did not answer within 120 s:\n{self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


@dataclass
class Targets:
    typical: list[str]
    hubs: list[str]
    words: list[str]
    groups: list[str]
    claims: list[str]
    years: tuple[int, int]


def discover(base: str, db: str, rng: random.Random) -> Targets:
    """What to ask for: from ``bench/api.py``'s side file when there is one, else from the
    API (the most mentioned entities; their relations' claims)."""
    c = httpx.Client(base_url=base, headers=AUTH, timeout=300)
    side = Path(db + ".json") if "://" not in db else None
    if side is not None and side.exists():
        kb = json.loads(side.read_text(encoding="utf-8"))
        n = len(kb["slugs"])
        public = [e for e in kb["public"] if e >= n // 100]
        typical = [kb["slugs"][e] for e in rng.sample(public, min(2000, len(public)))]
        hubs = [kb["slugs"][h - 1] for h in kb["hubs"][:200]]
        words = WORDS + [kb["names"][e].rsplit(" ", 1)[0] for e in rng.sample(public, 100)]
    else:
        top = [e["id"] for e in c.get("/api/entities", params={"limit": 500}).json()]
        hubs, typical = top[:10], top[10:] or top
        names = [e["name"] for e in c.get("/api/entities", params={"limit": 60}).json()]
        words = WORDS + names
    groups = [
        e["name"] for e in c.get("/api/entities", params={"type": "criminal_group", "limit": 20}).json()
    ]
    claims: list[str] = []
    for slug in typical[:40] + hubs[:5]:
        d = c.get(f"/api/entities/{quote(slug, safe='')}", params={"quotes": 0})
        if d.status_code == 200:
            lines = [g for lines in d.json()["relations"].values() for g in lines]
            claims += [k["key"] for g in lines for k in g["claims"]]
        if len(claims) >= 400:
            break
    span = c.get("/api/events/range").json()
    years = (span["from"], span["to"]) if span.get("from") else (2006, 2025)
    c.close()
    if not (typical and groups and claims):
        raise SystemExit("the database has too little to load it with (entities, groups, claims)")
    return Targets(typical, hubs or typical, words, groups, sorted(set(claims)), years)


def request_for(route: str, t: Targets, rng: random.Random) -> tuple[str, str, dict | None]:
    """(method, url, JSON body) of one request on ``route``."""
    if route == "home":
        return "GET", "/", None
    if route == "search":
        return "GET", f"/search?q={quote(rng.choice(t.words))}", None
    if route == "dossier":
        return "GET", f"/entity/{quote(rng.choice(t.typical), safe='')}", None
    if route == "dossier (hub)":
        return "GET", f"/entity/{quote(rng.choice(t.hubs), safe='')}", None
    if route == "quotes":
        return "GET", f"/api/claims/{rng.choice(t.claims)}/evidence?offset=0&limit=20", None
    if route == "graph":
        return "GET", "/api/graph", None
    if route == "ego network":
        return "GET", f"/api/graph/ego/{quote(rng.choice(t.typical), safe='')}", None
    group = rng.choice(t.groups[:5])
    if route == "territory":
        return "GET", f"/territory?group={quote(group)}", None
    if route == "presence":
        return "GET", f"/api/territory/presence?group={quote(group)}&from={t.years[0]}&to={t.years[1]}", None
    decision = rng.choice(("accept", "reject"))
    return "POST", f"/api/claims/{rng.choice(t.claims)}/{decision}", {"note": "bench/load.py"}


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))


class Connection:
    """One keep-alive HTTP/1.1 connection: asyncio streams and httptools' parser (uvicorn's
    own). It costs the load generator a fraction of what httpx does per request, which
    leaves more of the machine's CPU to the server being measured."""

    IDLE = 4.0  # uvicorn closes a connection idle for 5 s: reconnect before that

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.head = "".join(f"{k}: {v}\r\n" for k, v in {"host": f"{host}:{port}", **headers}.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = 0.0
        self.complete = False

    async def request(self, method: str, path: str, body: dict | None = None) -> int:
        """The response's status, once its whole body has arrived."""
        if self.writer is not None and time.monotonic() - self.used > self.IDLE:
            self.close()
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        payload = json.dumps(body).encode() if body is not None else b""
        extra = (
            f"content-type: application/json\r\ncontent-length: {len(payload)}\r\n"
            if body is not None
            else ""
        )
        self.writer.write(f"{method} {path} HTTP/1.1\r\n{self.head}{extra}\r\n".encode("latin-1") + payload)
        parser = httptools.HttpResponseParser(self)
        self.complete = False
        try:
            while not self.complete:
                data = await self.reader.read(1 << 16)
                if not data:
                    raise ConnectionError("the server closed the connection")
                parser.feed_data(data)
        except BaseException:
            self.close()
            raise
        self.used = time.monotonic()
        if not parser.should_keep_alive():
            self.close()
        return parser.get_status_code()

    def on_message_complete(self) -> None:  # httptools' callback
        self.complete = True

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def client_loop(
    conn: Connection,
    t: Targets,
    routes: list[str],
    weights: list[float],
    seed: int,
    until: float,
    think: float,
    out: Results,
) -> None:
    rng = random.Random(seed)
    if think:  # analysts do not all arrive in the same millisecond
        await asyncio.sleep(rng.uniform(0, think))
    while time.monotonic() < until:
        route = rng.choices(routes, weights)[0]
        method, url, body = request_for(route, t, rng)
        started = time.perf_counter()
        try:
            code = await conn.request(method, url, body)
            status = str(code) if not 200 <= code < 300 else None
        except (OSError, httptools.HttpParserError) as exc:
            status = type(exc).__name__
        out.times[route].append(time.perf_counter() - started)
        if status is not None:
            out.errors[route][status] += 1
        if think:  # reading what came back: exponential, of mean ``think`` seconds
            await asyncio.sleep(min(rng.expovariate(1 / think), until - time.monotonic()))


async def run_load(
    base: str, t: Targets, clients: int, seconds: float, writes: float, seed: int, think: float = 0.0
) -> Results:
    routes = list(ROUTES) + ["review"]
    weights = [share * (1 - writes) / sum(ROUTES.values()) for share in ROUTES.values()] + [writes]
    # What the workbench's own scripts send with a write (same-origin fetch).
    headers = {"origin": base, "sec-fetch-site": "same-origin", "accept": "application/json", **AUTH}
    url = httpx.URL(base)
    conns = [Connection(url.host, url.port, headers) for _ in range(clients)]
    out = Results()
    until = time.monotonic() + seconds
    try:
        await asyncio.gather(
            *(
                client_loop(c, t, routes, weights, seed * 1000 + i, until, think, out)
                for i, c in enumerate(conns)
            )
        )
    finally:
        for c in conns:
            c.close()
    return out


def prime(base: str, t: Targets, workers: int) -> list[tuple[str, float, int]]:
    """Every cached answer (the graph, home, territory) until each worker process has it,
    as the first visitors would: each request on a new connection, which any worker may
    take, until ``2 * workers`` in a row come back fast (or 30 tries)."""
    paths = ["/", "/api/graph", f"/api/graph/ego/{quote(t.typical[0], safe='')}"]
    for group in t.groups[:5]:
        paths += [f"/territory?group={quote(group)}",
                  f"/api/territory/presence?group={quote(group)}&from={t.years[0]}&to={t.years[1]}"]  # fmt: skip
    out = []
    for path in paths:
        fast = tries = 0
        while fast < 2 * workers and tries < 30:
            started = time.perf_counter()
            status = httpx.get(base + path, headers=AUTH, timeout=900).status_code
            took = time.perf_counter() - started
            out.append((path, took, status))
            fast, tries = (fast + 1 if took < 1 else 0), tries + 1
    return out


def report(out: Results, seconds: float) -> None:
    print(
        f"{'route':<15} {'requests':>8} {'req/s':>7} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    )
    total = errors = 0
    for route in [*ROUTES, "review"]:
        samples = out.times.get(route, [])
        if not samples:
            continue
        bad = sum(out.errors[route].values())
        total, errors = total + len(samples), errors + bad
        q = statistics.quantiles(samples, n=100, method="inclusive") if len(samples) > 1 else samples * 99
        print(
            f"{route:<15} {len(samples):>8} {len(samples) / seconds:>7.1f} {bad:>6} "
            f"{statistics.median(samples) * 1000:>8.1f} {q[94] * 1000:>8.1f} {q[98] * 1000:>8.1f} {max(samples) * 1000:>8.1f}"
        )
    print(f"{'all':<15} {total:>8} {total / seconds:>7.1f} {errors:>6}")
    for route, kinds in out.errors.items():
        if kinds:
            print(f"  errors on {route}: " + ", ".join(f"{k} x{n}" for k, n in kinds.items()))


def session_cpu(pgid: int) -> float | None:
    """CPU seconds used so far by the processes of session ``pgid`` (Linux's /proc)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for pid in entries:
        if not pid.isdigit():
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == pgid:  # the process group: the server and its workers
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def describe(base: str, db: str, workers: int) -> str:
    stats = httpx.get(base + "/api/stats", headers=AUTH, timeout=300).json()
    kind = "PostgreSQL" if "://" in db else "SQLite"
    return (
        f"redes serve --workers {workers}, {kind}: {stats['documents']:,} documents, {stats['entities']:,} "
        f"entities, {stats['claims']:,} claims, {stats['evidence']:,} evidence, {stats['events']:,} events"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="SQLite file or PostgreSQL URL (built by redes demo or bench/api.py)")
    ap.add_argument("--pg-demo", action="store_true", help="A throwaway PostgreSQL with the demo corpus.")
    ap.add_argument("--workers", type=int, default=None, help="Worker processes (default: redes serve's).")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--writes", type=float, default=0.1, help="Share of review decisions.")
    ap.add_argument("--in-place", action="store_true", help="Serve the SQLite file itself, not a copy.")
    ap.add_argument("--cold", action="store_true", help="Do not touch the cached answers first.")
    ap.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="Mean seconds a client waits after each answer (exponential; 0: none, the saturation test).",
    )
    ap.add_argument(
        "--token", help="An API token (a database with user accounts served in place or on PostgreSQL)."
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--url", help="Load a server already running at this URL (on --db), e.g. to profile it.")
    args = ap.parse_args(argv)
    if not args.db and not args.pg_demo:
        ap.error("give --db PATH_OR_URL or --pg-demo")
    from redes.web import default_workers

    workers = args.workers or default_workers()
    folder = Path(tempfile.mkdtemp(prefix="redes-load-"))
    stack = contextlib.ExitStack()
    server = None
    try:
        db = args.db
        if args.pg_demo:
            db = stack.enter_context(_pg_demo())
        elif "://" not in db and not args.in_place and not args.url:
            copy = folder / Path(db).name
            shutil.copyfile(db, copy)
            for suffix in ("-wal", "-shm"):
                if Path(db + suffix).exists():
                    shutil.copyfile(db + suffix, str(copy) + suffix)
            if Path(db + ".json").exists():
                shutil.copyfile(db + ".json", str(copy) + ".json")
            db = str(copy)
        token = args.token or (bench_token(db) if "://" not in db and db != args.db else None)
        if token:
            AUTH["authorization"] = f"Bearer {token}"
        if args.url:
            base = args.url.rstrip("/")
        else:
            server = Server(db, workers)
            server.start(folder)
            base = server.base
        rng = random.Random(args.seed)
        targets = discover(base, db, rng)
        print(describe(base, db, workers))
        print(
            f"{args.clients} clients for {args.seconds:g} s, {args.writes:.0%} writes, "
            + (f"{args.think:g} s mean think time" if args.think else "no think time")
            + f"; {len(targets.typical):,} dossier "
            f"targets, {len(targets.hubs)} hubs, {len(targets.claims)} claims to judge"
        )
        if not args.cold:
            primed = prime(base, targets, workers)
            slowest = max(primed, key=lambda p: p[1])
            print(
                f"first visits (cached answers built): {len(primed)} requests, slowest {slowest[1]:.2f} s ({slowest[0]})"
            )
        pgid = server.proc.pid if server is not None else None
        cpu = (session_cpu(pgid) if pgid else None), time.process_time()
        started = time.monotonic()
        out = asyncio.run(
            run_load(base, targets, args.clients, args.seconds, args.writes, args.seed, args.think)
        )
        elapsed = time.monotonic() - started
        report(out, elapsed)
        used = time.process_time() - cpu[1]
        line = f"CPU: the load generator {used:.0f} s ({used / elapsed:.2f} cores)"
        if cpu[0] is not None:
            served = session_cpu(pgid) - cpu[0]
            line = f"CPU: the server {served:.0f} s ({served / elapsed:.2f} cores), " + line[5:]
        print(line + f", over {elapsed:.0f} s on {os.cpu_count()} cores")
        if server is not None and any(any(kinds.values()) for kinds in out.errors.values()):
            print("server log (end):\n" + server.log.read_text(errors="replace")[-3000:])
    finally:
        if server is not None:
            server.stop()
        stack.close()
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _pg_demo():
    """A throwaway PostgreSQL cluster (as the test suite starts one), a database in it owned
    by an ordinary role, the demo corpus built into it; its URL."""
    sys.path.insert(0, str(ROOT))
    from tests.conftest import _Cluster, pg_database

    from redes.demo import build_demo
    from redes.store import open_store

    cluster = _Cluster()
    try:
        with pg_database(cluster.url) as url:
            store = open_store(url)
            t = time.perf_counter()
            build_demo(store)
            store.close()
            print(
                f"throwaway PostgreSQL on port {cluster.port}: demo built in {time.perf_counter() - t:.1f} s"
            )
            yield url
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
