"""``redes review``: accept or reject claims, merge, split and rename entities, fix
aliases. Every decision is stored as a judgement and re-applied after every re-ingest
or rebuild."""

from __future__ import annotations

import click

from redes.cli._kb import kb_errors
from redes.cli.claims import CLAIM_COLUMNS, claim_rows
from redes.cli.common import (
    acting_user,
    as_option,
    audit,
    db_option,
    echo_json,
    format_option,
    open_for,
    print_table,
)
from redes.i18n import formats
from redes.kb import claim, list_claims, review
from redes.kb.facts import STATUSES
from redes.kb.render import support, where


@click.group("review")
def review_group() -> None:
    """Review the knowledge base; decisions survive re-ingest and rebuild."""


def _who(f):
    f = click.option("--note", help="Why (kept with the judgement).")(f)
    return click.option(
        "--author",
        envvar="REDES_AUTHOR",
        help="Who decides (default: $REDES_AUTHOR; with --as or REDES_TOKEN, always that user).",
    )(f)


def _editor(db: str, as_user: str | None, author: str | None):
    """The store for a review decision (editors and admins only), and its author: the user
    acting, whatever --author says; the owner may name anyone."""
    store = open_for(db, as_user, need="editor")
    return store, acting_user(store) or author


def _decided(store, result: dict, note: str | None) -> dict:
    target = result.get("claim") or result.get("entity", {}).get("id")
    audit(
        store,
        f"review.{result['kind']}",
        target=None if target is None else str(target),
        detail={"judgement": result.get("judgement"), "note": note},
    )
    return result


def _done(result: dict, fmt: str) -> None:
    if fmt == "json":
        echo_json(result)
        return
    what = result.get("claim") or result.get("entity", {}).get("id")
    extra = f" -> {result['new']['id']}" if "new" in result else ""
    click.echo(f"judgement {result['judgement']}: {result['kind']} {what}{extra}")


_EXTRACTOR_HELP = "Only claims this extractor proposed: rules, model, llm (any language model) or llm:MODEL."


@review_group.command("list")
@click.option("--entity", help="Only claims about this entity.")
@click.option("--predicate", help="Only this relation or attribute type.")
@click.option("--extractor", help=_EXTRACTOR_HELP)
@click.option("--status", type=click.Choice([*STATUSES, "all"]), default="machine", show_default=True)
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@db_option
@as_option
@format_option()
def list_command(entity, predicate, extractor, status, limit, db, as_user, fmt) -> None:
    """Claims to review, least corroborated first."""
    with kb_errors():
        claims = list_claims(
            open_for(db, as_user),
            entity=entity,
            predicate=predicate,
            status=None if status == "all" else status,
            order="weakest",
            limit=limit,
            extractor=extractor,
        )
    if fmt == "json":
        echo_json(claims)
        return
    print_table(claim_rows(claims), CLAIM_COLUMNS, title=f"{len(claims)} claims to review")


@review_group.command("show")
@click.argument("key")
@db_option
@as_option
@format_option()
def show_command(key, db, as_user, fmt) -> None:
    """One claim (by key or unique key prefix) with all its evidence."""
    with kb_errors():
        c = claim(open_for(db, as_user), key)
    if fmt == "json":
        echo_json(c)
        return
    obj = c["object"]["name"] if c["object"] else c["value"]
    quals = ", ".join(f"{k} {c[k]}" for k in ("year", "date", "detail") if c[k])
    click.echo(f"{c['key']}  [{c['status']}]")
    click.echo(f"{c['subject']['name']} —{c['predicate']}→ {obj}" + (f"  ({quals})" if quals else ""))
    click.echo(support(c))
    for ev in c["evidence"]:
        by = f" [{ev['extractor']}]" if ev.get("extractor") else ""
        click.echo(
            f"  - ({where(ev['document'])}, chars {ev['start']}-{ev['end']}){by} “{' '.join(ev['quote'].split())}”"
        )


def _claim_command(kind: str, doc: str):
    @review_group.command(kind, help=doc)
    @click.argument("keys", nargs=-1)
    @click.option(
        "--all",
        "all_listed",
        is_flag=True,
        help="Every claim `redes review list` shows with the same --entity, --predicate, --status and --limit.",
    )
    @click.option("--entity", help="With --all: only claims about this entity.")
    @click.option("--predicate", help="With --all: only this relation or attribute type.")
    @click.option("--extractor", help="With --all: " + _EXTRACTOR_HELP[0].lower() + _EXTRACTOR_HELP[1:])
    @click.option("--status", type=click.Choice([*STATUSES, "all"]), default="machine", show_default=True)
    @click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
    @_sentence_option(kind)
    @_who
    @db_option
    @as_option
    @format_option()
    def command(
        keys, all_listed, entity, predicate, extractor, status, limit, author, note, db, as_user, fmt, sentence=False
    ) -> None:
        if bool(keys) == all_listed:
            raise click.UsageError("name claims by KEY, or give --all (with the filters of `review list`)")
        store, author = _editor(db, as_user, author)
        with kb_errors():
            if all_listed:
                listed = list_claims(
                    store,
                    entity=entity,
                    predicate=predicate,
                    status=None if status == "all" else status,
                    order="weakest",
                    limit=limit,
                    extractor=extractor,
                )
                keys = [c["key"] for c in listed]
                if not keys:
                    raise LookupError("no claim matches these filters")
            if len(keys) == 1 and not sentence:
                result = _decided(
                    store, getattr(review, kind)(store, keys[0], author=author, note=note), note
                )
                _done(result, fmt)
                return
            result = review.judge_many(store, kind, list(keys), sentence=sentence, author=author, note=note)
        for one in result["judgements"]:
            _decided(store, one, note)
        if fmt == "json":
            echo_json(result)
            return
        for one in result["judgements"]:
            _done(one, fmt)
        for key in result["left"]:
            click.echo(f"left for review: {key} (other sentences support it too)")

    return command


def _sentence_option(kind: str):
    if kind != "reject":
        return lambda f: f
    return click.option(
        "--sentence",
        is_flag=True,
        help="And every claim drawn only from the same sentences (same document and span).",
    )


_claim_command("accept", "Accept the claims KEYS (keys or unique key prefixes), or --all listed.")
_claim_command("reject", "Reject the claims KEYS, or --all listed: they leave dossiers, graphs and exports.")


@review_group.command("merge")
@click.argument("keep")
@click.argument("other")
@_who
@db_option
@as_option
@format_option()
def merge_command(keep, other, author, note, db, as_user, fmt) -> None:
    """Merge the entity OTHER into KEEP (names, aliases or ids)."""
    store, author = _editor(db, as_user, author)
    with kb_errors():
        _done(_decided(store, review.merge(store, keep, other, author=author, note=note), note), fmt)


@review_group.command("merges")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@db_option
@as_option
@format_option()
def merges_command(limit, db, as_user, fmt) -> None:
    """Merge candidates: entities that may be one under two names, best first. Accept one
    with `redes review merge KEEP OTHER`, refuse it with `redes review no-merge KEEP OTHER`
    (never offered again). Safe pairs are merged at every update without asking."""
    from redes.kb import merges

    with kb_errors():
        found = merges.merge_candidates(open_for(db, as_user), limit=limit)
    if fmt == "json":
        echo_json(found)
        return
    rows = [
        (
            f"{c['score']:.2f}",
            c["keep"]["id"],
            c["other"]["id"],
            c["keep"]["name"],
            c["other"]["name"],
            c["because"] + (f"; but {c['conflict']}" if c["conflict"] else ""),
        )
        for c in found
    ]
    print_table(
        rows,
        ["score", "keep", "other", "keep name", "other name", "because"],
        title=f"{len(found)} merge candidates",
    )


@review_group.command("no-merge")
@click.argument("keep")
@click.argument("other")
@_who
@db_option
@as_option
@format_option()
def no_merge_command(keep, other, author, note, db, as_user, fmt) -> None:
    """Refuse a merge candidate: KEEP and OTHER are two entities (never offered again)."""
    from redes.kb import merges

    store, author = _editor(db, as_user, author)
    with kb_errors():
        _done(_decided(store, merges.reject(store, keep, other, author=author, note=note), note), fmt)


@review_group.command("split")
@click.argument("entity")
@click.argument("names", nargs=-1, required=True)
@click.option("--new-name", help="Canonical name of the new entity (default: the first NAME).")
@_who
@db_option
@as_option
@format_option()
def split_command(entity, names, new_name, author, note, db, as_user, fmt) -> None:
    """Split the aliases NAMES off ENTITY into a new entity, with their mentions and
    the evidence that names the entity only that way."""
    store, author = _editor(db, as_user, author)
    with kb_errors():
        result = review.split(store, entity, list(names), new_name, author=author, note=note)
        _done(_decided(store, result, note), fmt)


def _entity_command(kind: str, doc: str):
    @review_group.command(kind, help=doc)
    @click.argument("entity")
    @click.argument("name")
    @_who
    @db_option
    @as_option
    @format_option()
    def command(entity, name, author, note, db, as_user, fmt) -> None:
        store, author = _editor(db, as_user, author)
        with kb_errors():
            result = getattr(review, kind.replace("-", "_"))(store, entity, name, author=author, note=note)
            _decided(store, result, note)
        _done(result, fmt)

    return command


_entity_command("alias-add", "Give ENTITY the alias NAME.")
_entity_command("alias-remove", "Take the wrong alias NAME off ENTITY for good.")
_entity_command("rename", "Set ENTITY's canonical name to NAME (its id does not change).")


@review_group.command("undo")
@click.argument("judgement", type=click.IntRange(1))
@_who
@db_option
@as_option
@format_option()
def undo_command(judgement, author, note, db, as_user, fmt) -> None:
    """Take back the judgement JUDGEMENT (its id in `redes review history`): an accepted
    or rejected claim returns at once to what the judgements left standing say; an
    entity's merge, split, alias or rename comes undone at the next `redes rebuild`."""
    store, author = _editor(db, as_user, author)
    with kb_errors():
        result = review.undo(store, judgement, author=author, note=note)
    audit(
        store, "review.undo", target=str(judgement), detail={"judgement": result["judgement"], "note": note}
    )
    if fmt == "json":
        echo_json(result)
        return
    if "status" in result:
        then = f"claim {result['claim']} is {result['status']} again"
    else:
        then = "it comes undone at the next `redes rebuild`"
    click.echo(f"judgement {result['judgement']}: undid judgement {judgement} ({result['kind']}); {then}")


@review_group.command("history")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@db_option
@as_option
@format_option()
def history_command(limit, db, as_user, fmt) -> None:
    """Judgements made so far, newest first (the owner's view: a judgement may name
    anything, so users acting with --as see none)."""
    rows = review.history(open_for(db, as_user), limit=limit)
    if fmt == "json":
        echo_json(rows)
        return
    print_table(
        [
            (
                j["id"],
                formats.datetime(j["created_at"]),
                j["kind"] + (" (undone)" if j["undone"] else ""),
                j["summary"],
                j["author"] or "",
                j["note"] or "",
            )
            for j in rows
        ],
        ["id", "when", "kind", "target", "author", "note"],
        title=f"{len(rows)} judgements",
    )


COMMANDS = [review_group]
