"""``redes territory``: where groups are present, by state and year, and which states are contested."""

from __future__ import annotations

from pathlib import Path

import click

from redes.cli.common import as_option, console, db_option, echo_json, format_option, open_for, print_table

EVIDENCE = click.Choice(["both", "claims", "events"])


def _evidence(value: str) -> tuple[str, ...]:
    return ("claims", "events") if value == "both" else (value,)


def _out_option(f):
    return click.option(
        "-o",
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also draw the map to this .png or .svg file.",
    )(f)


def _check_out(out: Path | None) -> None:
    if out is not None and out.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("the file name must end in .png or .svg", param_hint="--out")


def _years(start: int, end: int) -> None:
    if start > end:
        raise click.BadParameter("--from is after --to")


def _ranges(years: list[int]) -> str:
    """[2015, 2016, 2017, 2019] -> "2015–2017, 2019"."""
    out, run = [], [years[0]]
    for y in years[1:]:
        if y == run[-1] + 1:
            run.append(y)
        else:
            out.append(run)
            run = [y]
    out.append(run)
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in out)


@click.group()
def territory() -> None:
    """Territorial presence of groups by state and year, from claims and events."""


@territory.command("presence")
@click.option("--group", "group", required=True, help="A group: name, alias, acronym or slug (CJNG).")
@click.option("--from", "start", type=int, required=True)
@click.option("--to", "end", type=int, required=True)
@click.option("--evidence", type=EVIDENCE, default="both", show_default=True)
@click.option("--source", type=click.Choice(["ucdp", "acled", "all"]), default="ucdp", show_default=True)
@_out_option
@db_option
@as_option
@format_option("text", "json")
def presence_cmd(group, start, end, evidence, source, out, db, as_user, fmt) -> None:
    """A group's presence by state and year: operates_in claims (not rejected) and events."""
    from redes.analyse.territory import presence
    from redes.events.actors import resolve_actor

    _years(start, end)
    _check_out(out)
    store = open_for(db, as_user)
    try:
        with store.session() as session:
            match = resolve_actor(session, group)
            if not match.found:
                raise click.BadParameter(
                    f"no events or knowledge-base entity match {group!r}", param_hint="--group"
                )
            result = presence(session, match, start, end, _evidence(evidence), source=source)
            from redes.events.credits import source_credit

            credit = source_credit(session, source)
    finally:
        store.close()
    if out is not None:
        from redes.analyse.maps import presence_small_multiples

        presence_small_multiples(result, out, credit=credit)
    data = result.as_dict()
    if fmt == "json":
        echo_json(data)
        return
    rows = []
    for st in data["states"]:
        years = sorted(int(y) for y in st["years"])
        claims = sum(c["claims"] for c in st["years"].values())
        events = sum(c["events"] for c in st["years"].values())
        rows.append((st["state"], st["first_year"], _ranges(years), claims, f"{events:,}"))
    print_table(
        rows,
        ["state", "first year", "years present", "claims", "events"],
        title=f"{result.group}, {start}–{end}",
    )
    con = console()
    for reason, n in result.excluded.items():
        con.print(f"left out: {n:,} {reason}", markup=False)
    if out is not None:
        con.print(str(out), markup=False)


@territory.command("contested")
@click.option("--from", "start", type=int, required=True)
@click.option("--to", "end", type=int, required=True)
@click.option("--min-groups", type=click.IntRange(2, 50), default=2, show_default=True)
@click.option(
    "--min-events",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Events for a group to count as present.",
)
@click.option("--evidence", type=EVIDENCE, default="both", show_default=True)
@click.option("--source", type=click.Choice(["ucdp", "acled", "all"]), default="ucdp", show_default=True)
@_out_option
@db_option
@as_option
@format_option("text", "json")
def contested_cmd(start, end, min_groups, min_events, evidence, source, out, db, as_user, fmt) -> None:
    """States where two or more criminal groups are present (factions count as their group)."""
    from redes.analyse.territory import contested

    _years(start, end)
    _check_out(out)
    store = open_for(db, as_user)
    try:
        with store.session() as session:
            result = contested(session, start, end, min_groups, _evidence(evidence), min_events, source)
    finally:
        store.close()
    if out is not None:
        from redes.analyse.maps import contested_map

        contested_map(result, out)
    data = result.as_dict()
    if fmt == "json":
        echo_json(data)
        return
    rows = []
    for st in data["states"]:
        ranked = sorted(st["by_group"].items(), key=lambda kv: -(kv[1]["events"] + kv[1]["claims"]))
        rows.append((st["state"], st["groups"], ", ".join(name for name, _ in ranked)))
    print_table(
        rows, ["state", "groups", "present (most events first)"], title=f"Contested states, {start}–{end}"
    )
    con = console()
    for reason, n in result.excluded.items():
        con.print(f"left out: {n:,} {reason}", markup=False)
    if out is not None:
        con.print(str(out), markup=False)


COMMANDS = [territory]
