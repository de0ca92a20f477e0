"""``redes graph``: centrality, brokers, communities, paths with evidence, disruption."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from rich.text import Text

from redes.analyse.options import (
    CENTRALITY_MEASURES,
    CRIMINAL_RELATIONS,
    CRIMINAL_TYPES,
    DEFAULT_SEED,
    STRATEGIES,
    GraphFilters,
    default_relations,
    default_types,
)
from redes.cli._kb import kb_errors
from redes.cli.common import (
    EXIT_FAILED,
    as_option,
    console,
    db_option,
    echo_json,
    format_option,
    open_for,
    print_table,
)
from redes.extract.model import ENTITY_TYPES, RELATION_TYPES
from redes.i18n import label


def _analysis():
    """``redes.analyse.graph``, imported when a command runs: igraph (and the matplotlib it
    imports) would cost most of the time of ``redes --help``."""
    from redes.analyse import graph

    return graph


def _disruption():
    from redes.analyse import disrupt

    return disrupt


def _choice_list(
    values: tuple[str, ...], known: tuple[str, ...], default: tuple[str, ...], option: str
) -> tuple[str, ...] | None:
    """Comma-separated and repeated values; 'all' means no restriction (None)."""
    chosen = [v.strip() for value in values for v in value.split(",") if v.strip()]
    if chosen == ["all"]:
        return None
    for v in chosen:
        if v not in known:
            raise click.BadParameter(f"{v!r} is not 'all' or one of {', '.join(known)}", param_hint=option)
    return tuple(chosen) or default


def filter_options(f: Callable) -> Callable:
    """The options that choose which claims make the graph."""
    options = [
        click.option(
            "--relations",
            multiple=True,
            metavar="TYPES",
            help=f"Relation types to keep, comma-separated, or 'all' (default: {','.join(CRIMINAL_RELATIONS)}): "
            f"{', '.join(RELATION_TYPES)}.",
        ),
        click.option(
            "--entity-types",
            multiple=True,
            metavar="TYPES",
            help=f"Entity types to keep, comma-separated, or 'all' (default: {','.join(CRIMINAL_TYPES)}).",
        ),
        click.option(
            "--state",
            is_flag=True,
            help="Add state bodies and officials (holds_position) to the default criminal network.",
        ),
        click.option(
            "--lists",
            is_flag=True,
            help="Include structured lists (OFAC SDN...): their parties and the links they draw (linked_to).",
        ),
        click.option(
            "--min-corroboration",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Keep claims supported by at least this many documents.",
        ),
        click.option(
            "--as-of",
            type=int,
            metavar="YEAR",
            help="Keep claims that held in YEAR: begun by then (or undated) and not ended before (a stated end, a death).",
        ),
        click.option(
            "--collection",
            "collections",
            multiple=True,
            help="Count only evidence from this collection (repeatable).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _filters(relations, entity_types, state, lists, min_corroboration, as_of, collections) -> GraphFilters:
    return GraphFilters(
        relations=_choice_list(relations, RELATION_TYPES, default_relations(state), "--relations"),
        entity_types=_choice_list(entity_types, ENTITY_TYPES, default_types(state), "--entity-types"),
        min_corroboration=min_corroboration,
        as_of=as_of,
        collections=tuple(collections) or None,
        lists=lists,
    )


def _load(db: str, as_user: str | None, filter_args: dict[str, Any]):
    store = open_for(db, as_user)
    return store, _analysis().build_graph(store, _filters(**filter_args))


def _pop_filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    names = ("relations", "entity_types", "state", "lists", "min_corroboration", "as_of", "collections")
    return {n: kwargs.pop(n) for n in names}


def _headline(g) -> None:
    s = _analysis().summary(g)
    console().print(Text(f"{s['nodes']} nodes, {s['edges']} edges, {s['components']} components"))


def _analyse(
    db: str, as_user: str | None, fmt: str, kwargs: dict[str, Any], compute: Callable
) -> dict[str, Any] | None:
    """Build the graph and run ``compute`` on it. JSON is printed here, with the graph's
    summary; for text the headline is printed and the result returned to lay out."""
    _, g = _load(db, as_user, _pop_filters(kwargs))
    result = compute(g)
    if fmt == "json":
        echo_json(_analysis().summary(g) | result)
        return None
    _headline(g)
    if "modularity" in result:
        found = result["communities"]  # a count from brokers, the list from communities
        n = found if isinstance(found, int) else len(found)
        console().print(Text(f"{n} communities, modularity {result['modularity']:.3f}"))
    return result


@click.group("graph")
def graph() -> None:
    """Network analysis of the knowledge base's relation claims (rejected claims are
    left out; edges are weighted by the number of documents behind them)."""


@graph.command("centrality")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Rows to show.")
@click.option("--by", type=click.Choice(CENTRALITY_MEASURES), default="degree", show_default=True)
@filter_options
@db_option
@as_option
@format_option()
def centrality_command(top, by, db, as_user, fmt, **kwargs) -> None:
    """Degree, betweenness, eigenvector centrality and PageRank of every entity."""
    result = _analyse(
        db,
        as_user,
        fmt,
        kwargs,
        lambda g: {"by": by, "centrality": _analysis().centrality(g, top=top, by=by)},
    )
    if result is None:
        return
    rows = result["centrality"]
    print_table(
        [
            (
                i,
                r["name"],
                label("entity_type", r["type"]),
                r["degree"],
                f"{r['betweenness']:.4f}",
                f"{r['eigenvector']:.4f}",
                f"{r['pagerank']:.4f}",
            )
            for i, r in enumerate(rows, 1)
        ],
        ["#", "entity", "type", "degree", "betweenness", "eigenvector", "pagerank"],
        title=f"Centrality, by {by}",
    )


@graph.command("brokers")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Rows to show.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed for Leiden.")
@filter_options
@db_option
@as_option
@format_option()
def brokers_command(top, seed, db, as_user, fmt, **kwargs) -> None:
    """Entities that bridge Leiden communities (participation coefficient above 0), by
    betweenness; state bodies and officials tied to criminal groups are marked *."""
    result = _analyse(db, as_user, fmt, kwargs, lambda g: _analysis().brokers(g, top=top, seed=seed))
    if result is None:
        return
    print_table(
        [
            (
                ("* " if r["state_criminal"] else "") + r["name"],
                label("entity_type", r["type"]),
                r["community"],
                r["communities_reached"],
                f"{r['betweenness']:.4f}",
                f"{r['participation']:.3f}",
                "; ".join(r["ties"]),
            )
            for r in result["brokers"]
        ],
        ["entity", "type", "community", "reaches", "betweenness", "participation", "state-criminal ties"],
        title="Brokers (* state actor tied to a criminal group)",
    )
    print_table(
        [
            (r["name"], label("entity_type", r["type"]), f"{r['betweenness']:.4f}", "; ".join(r["ties"]))
            for r in result["state_criminal"]
        ],
        ["entity", "type", "betweenness", "ties"],
        title="State bodies and officials tied to criminal groups",
    )


@graph.command("designated-brokers")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed for Leiden.")
@filter_options
@db_option
@as_option
@format_option()
def designated_brokers_command(seed, db, as_user, fmt, **kwargs) -> None:
    """Brokers between the documents' communities that a sanctions list designates (with
    the list entries): the network is the documents' (no --lists needed)."""
    from redes.analyse.sanctions import designated_brokers

    store = open_for(db, as_user)
    result = _analyse(db, as_user, fmt, kwargs, lambda g: designated_brokers(store, g, seed=seed))
    if result is None:
        return
    print_table(
        [
            (
                r["name"],
                label("entity_type", r["type"]),
                r["communities_reached"],
                f"{r['betweenness']:.4f}",
                "; ".join(r["lists"]),
            )
            for r in result["brokers"]
        ],
        ["entity", "type", "reaches", "betweenness", "designated"],
        title="Designated brokers",
    )


@graph.command("linked-companies")
@db_option
@as_option
@format_option()
def linked_companies_command(db, as_user, fmt) -> None:
    """Companies of the documents that a sanctions list links to a criminal group the
    documents name, with the list entry that draws the link."""
    from redes.analyse.sanctions import linked_companies

    store = open_for(db, as_user)
    rows = linked_companies(store)
    if fmt == "json":
        echo_json(rows)
        return
    print_table(
        [(r["company"]["name"], r["group"]["name"], r["evidence"][0]["quote"]) for r in rows],
        ["company", "group", "list entry"],
        title="Companies linked by a list to a group",
    )


@graph.command("communities")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed for Leiden.")
@click.option(
    "--members", type=click.IntRange(min=1), default=8, show_default=True, help="Members shown per community."
)
@filter_options
@db_option
@as_option
@format_option()
def communities_command(seed, members, db, as_user, fmt, **kwargs) -> None:
    """Leiden communities (modularity, weighted by corroboration)."""
    result = _analyse(db, as_user, fmt, kwargs, lambda g: _analysis().communities(g, seed=seed))
    if result is None:
        return
    print_table(
        [
            (
                c["id"],
                c["label"],
                c["size"],
                ", ".join(f"{label('entity_type', t)} {n}" for t, n in c["types"].items()),
                ", ".join(m["name"] for m in c["members"][:members])
                + (" ..." if c["size"] > members else ""),
            )
            for c in result["communities"]
        ],
        ["#", "community", "size", "types", "members (best connected first)"],
    )


def _print_paths(result: dict[str, Any], claims: int, quotes: int) -> None:
    # Plain lines, not a rich table: paths are read, copied and quoted in reports.
    a, b = result["source"], result["target"]
    for i, path in enumerate(result["paths"], 1):
        hops = f"{path['length']} hop{'s' if path['length'] != 1 else ''}"
        click.echo(click.style(f"Path {i}: {a['name']} -> {b['name']} ({hops})", bold=True))
        for hop in path["hops"]:
            click.echo(
                click.style(
                    f"  {hop['from']['name']} --[{', '.join(hop['relations'])}]-- {hop['to']['name']}",
                    fg="cyan",
                )
            )
            for claim in hop["claims"][:claims]:
                docs = f"{claim['corroboration']} doc{'s' if claim['corroboration'] != 1 else ''}"
                year = f", {claim['year']}" if claim["year"] else ""
                click.echo(
                    f"    {claim['subject']['name']} {claim['predicate']} {claim['object']['name']} ({docs}{year})"
                )
                for ev in claim["evidence"][:quotes]:
                    doc = ev["document"]
                    source = ", ".join(
                        str(x)
                        for x in (doc["title"] or doc["file_name"], doc["publisher"], doc["published"])
                        if x
                    )
                    click.echo(click.style(f'      "{" ".join(ev["quote"].split())}"', italic=True))
                    click.echo(click.style(f"        - {source} [{doc['file_name']}]", dim=True))
                if len(claim["evidence"]) > quotes:
                    click.echo(click.style(f"      (+{len(claim['evidence']) - quotes} more)", dim=True))
            if len(hop["claims"]) > claims:
                click.echo(click.style(f"    (+{len(hop['claims']) - claims} more claims)", dim=True))
        click.echo()


@graph.command("path")
@click.argument("source")
@click.argument("target")
@click.option("--k", "k", type=click.IntRange(min=1), default=3, show_default=True, help="Paths to find.")
@click.option(
    "--claims", type=click.IntRange(min=1), default=3, show_default=True, help="Claims shown per hop."
)
@click.option(
    "--quotes", type=click.IntRange(min=1), default=1, show_default=True, help="Quotes shown per claim."
)
@filter_options
@db_option
@as_option
@format_option()
def path_command(source, target, k, claims, quotes, db, as_user, fmt, **kwargs) -> None:
    """The K shortest paths from SOURCE to TARGET (names, aliases or ids; case and accents
    ignored), with the relation, evidence quote and source document of every hop.

    Exits with status 1 when a name is unknown or ambiguous, or no path exists."""
    store = open_for(db, as_user)
    filters = _filters(**_pop_filters(kwargs))
    with kb_errors():
        result = _analysis().paths(store, source, target, k=k, filters=filters)
    if fmt == "json":
        echo_json(result)
    elif result["paths"]:
        _print_paths(result, claims, quotes)
    if not result["paths"]:
        if fmt != "json":
            click.echo(f"no path between {result['source']['name']} and {result['target']['name']}", err=True)
        raise SystemExit(EXIT_FAILED)


@graph.command("state-crime")
@click.option(
    "--quotes", type=click.IntRange(min=1), default=1, show_default=True, help="Quotes shown per tie."
)
@filter_options
@db_option
@as_option
@format_option()
def state_crime_command(quotes, db, as_user, fmt, **kwargs) -> None:
    """Which officials and state bodies are tied to which criminal groups and criminals:
    the relation, its corroboration (documents) and the evidence, best corroborated
    first. State bodies and positions are always included (as with --state)."""
    kwargs["state"] = True
    store = open_for(db, as_user)
    result = _analysis().state_crime_ties(store, _filters(**_pop_filters(kwargs)), quotes=quotes)
    if fmt == "json":
        echo_json(result)
        return
    if not result["ties"]:
        click.echo("no state–crime ties under these filters", err=True)
        return
    for tie in result["ties"]:
        state, crime = tie["state"], tie["crime"]
        where = f" ({', '.join(state['positions'])})" if state["positions"] else ""
        docs = f"{tie['corroboration']} doc{'s' if tie['corroboration'] != 1 else ''}"
        click.echo(
            click.style(
                f"{state['name']}{where} --[{', '.join(tie['relations'])}]-- {crime['name']}", bold=True
            )
            + f" ({docs})"
        )
        shown = [ev for claim in tie["claims"] for ev in claim["evidence"]][:quotes]
        for ev in shown:
            doc = ev["document"]
            click.echo(click.style(f'    "{" ".join(ev["quote"].split())}"', italic=True))
            click.echo(
                click.style(f"      - {doc['title'] or doc['file_name']} [{doc['file_name']}]", dim=True)
            )


def _print_disruption(result: dict[str, Any], start: dict[str, Any]) -> None:
    rows = [
        (i, s["removed"] or "(none)", f"{s['lcc_fraction']:.3f}", s["components"], f"{s['efficiency']:.3f}")
        for i, s in enumerate([start, *result["steps"]])
    ]
    r = "n/a" if result["R"] is None else f"{result['R']:.3f}"
    print_table(
        rows,
        ["step", "removed", "lcc_fraction", "components", "efficiency"],
        title=f"{result['strategy']}: R = {r}",
    )


@graph.command("disrupt")
@click.option("--strategy", type=click.Choice(STRATEGIES), default="degree", show_default=True)
@click.option("--k", "k", type=click.IntRange(min=1), default=10, show_default=True, help="Nodes to remove.")
@click.option(
    "--recover", is_flag=True, help="Let the removed node's neighbours close triads after each removal."
)
@click.option(
    "--recover-p",
    type=click.FloatRange(0, 1),
    default=1.0,
    show_default=True,
    help="Probability that each missing tie among the neighbours forms.",
)
@click.option("--compare", is_flag=True, help="Run every strategy and plot the curves.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    help="PNG plot to write (default with --compare: disruption.png).",
)
@click.option(
    "--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed for random removal and recovery."
)
@filter_options
@db_option
@as_option
@format_option()
def disrupt_command(
    strategy, k, recover, recover_p, compare, output, seed, db, as_user, fmt, **kwargs
) -> None:
    """Remove K entities one at a time by STRATEGY (degree, betweenness, leaders: subjects
    of "leads" claims, random) and report, per step, the share of nodes in the largest
    component, the number of components and global efficiency, and R (mean share)."""
    _, g = _load(db, as_user, _pop_filters(kwargs))
    if g.vcount() == 0:
        raise click.ClickException("the graph is empty: no relation claims pass the filters")
    options = {"recover": recover, "recovery_probability": recover_p, "seed": seed}
    strategies = STRATEGIES if compare else (strategy,)
    results = [_disruption().disrupt(g, s, k, **options) for s in strategies]
    start = _disruption().baseline(g, seed)
    if compare and not output:
        output = "disruption.png"
    if output:
        title = f"Disruption of {g.vcount()} nodes" + (" with triadic-closure recovery" if recover else "")
        _disruption().plot(results, output, start=start, title=title)
    if fmt == "json":
        echo_json(results if compare else results[0])
        return
    _headline(g)
    for result in results:
        _print_disruption(result, start)
    if compare:
        print_table(
            [(r["strategy"], len(r["steps"]), "n/a" if r["R"] is None else f"{r['R']:.3f}") for r in results],
            ["strategy", "removed", "R"],
            title="Robustness R (lower: the strategy breaks the network faster)",
        )
    if output:
        click.echo(f"plot written to {output}")


COMMANDS = [graph]
