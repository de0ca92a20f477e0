"""Officials in the network where they do not belong: rerun after every change to the
extraction, and after the learned models are retrained.

usage: python bench/network_audit.py [--db redes.db] [--strict]

Reads the claims of a redes database through the knowledge base (``redes.kb``) and prints,
with the document and the evidence sentence of each claim:

1. ``leads`` / ``member_of`` claims whose subject is an official: a person with a
   ``holds_position`` in a state body or a place (a judge, a prosecutor, an agent, a
   secretary), or a person whose name stands after the title of a state office in the
   claim's own evidence ("U.S. District Judge X", "la fiscal X").
2. ``action_against`` claims whose target is a state body, a court or prosecutor's office
   (by its name, whatever type it was given), or an official in the sense above.

A document may say that an official leads or belongs to a group (a police chief on a
cartel's payroll, a mayor who is a member); those lines are for a reader to check, not
errors by themselves. Rejected claims (``redes review``) are left out. Exit status 0, or 1
with ``--strict`` when anything was listed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

# A court, a prosecutor's office or another body by its name, whatever type it was given.
BODY_NAME = re.compile(
    r"(?i)\b(?:courts?|tribunal(?:es)?|juzgados?|corte|fiscal[íi]a|procuradur[íi]a|prosecutors?(?:’s|'s)? office|"
    r"attorney(?:’s|'s)? office|district of|ministerio p[úu]blico|department of justice|poder judicial|"
    r"judiciary|secretar[íi]a|ministry|police|polic[íi]a|guardia nacional|army|ej[ée]rcito|navy|marina)\b"
)


def _open(db: str):
    from redes.store import open_store

    if "://" not in db and not Path(db).expanduser().is_file():
        raise SystemExit(f"no database at {db}")
    return open_store(db, upgrade=False)


def _claims(store, predicate: str) -> list[dict[str, Any]]:
    from redes.kb import list_claims

    out: list[dict[str, Any]] = []
    while True:
        page = list_claims(
            store, predicate=predicate, limit=1000, offset=len(out), with_evidence=True, order="weakest"
        )
        out += page
        if len(page) < 1000:
            return [c for c in out if c["status"] != "rejected"]


def _names(store, slugs: set[str]) -> dict[str, list[str]]:
    """Every name (canonical and aliases) of the entities with these slugs."""
    from redes.kb.entities import by_slug, names

    out: dict[str, list[str]] = {}
    with store.session() as s:
        for slug in slugs:
            ent = by_slug(s, slug)
            if ent is not None:
                out[slug] = list(dict.fromkeys([ent.name, *names(s, ent.id)]))
    return out


def _title_before(quote: str, names: list[str]) -> str | None:
    """The title of a state office written right before one of ``names`` in ``quote``."""
    from redes.extract.relations.fragments import TITLE_LIST_BEFORE, state_title

    for name in sorted(names, key=len, reverse=True):
        if len(name) < 4:
            continue
        for m in re.finditer(re.escape(name), quote):
            t = TITLE_LIST_BEFORE.search(quote, max(0, m.start() - 120), m.start())
            if t and state_title(t.group("d")):
                return " ".join(t.group("d").split())
    return None


def audit(db: str) -> tuple[list[tuple[dict, str]], list[tuple[dict, str]]]:
    """(officials shown as leaders or members, state bodies or officials shown as targets),
    each claim with the reason it is listed."""
    store = _open(db)
    try:
        positions: dict[str, list[str]] = {}
        for c in _claims(store, "holds_position"):
            obj = c["object"]
            if obj and obj["type"] in ("state_body", "place"):
                role = c["detail"] or "position"
                positions.setdefault(c["subject"]["id"], []).append(f"{role}, {obj['name']}")
        ranks = [c for p in ("leads", "member_of") for c in _claims(store, p)]
        ranks = [c for c in ranks if c["object"] and c["object"]["type"] == "criminal_group"]
        actions = [c for c in _claims(store, "action_against") if c["object"]]
        slugs = {c["subject"]["id"] for c in ranks} | {c["object"]["id"] for c in actions}
        names = _names(store, slugs)
    finally:
        store.close()

    def official(slug: str, claim: dict) -> str | None:
        if slug in positions:
            return "holds " + "; ".join(dict.fromkeys(positions[slug]))
        for ev in claim["evidence"]:
            title = _title_before(ev["quote"], names.get(slug, []))
            if title:
                return f"titled “{title}” in the evidence"
        return None

    members = []
    for c in ranks:
        why = official(c["subject"]["id"], c)
        if why:
            members.append((c, why))
    targets = []
    for c in actions:
        obj = c["object"]
        if obj["type"] == "state_body":
            why = "a state body"
        elif obj["type"] != "person" and BODY_NAME.search(obj["name"]):
            why = "named like a state body"
        elif obj["type"] == "person":
            why = official(obj["id"], c)
        else:
            why = None
        if why:
            targets.append((c, why))
    return members, targets


def _print(claims: list[tuple[dict, str]], title: str) -> None:
    print(f"{title}: {len(claims)}")
    for c, why in sorted(claims, key=lambda x: (x[0]["subject"]["name"], x[0]["object"]["name"])):
        detail = f" ({c['detail']})" if c.get("detail") else ""
        print(f"  {c['subject']['name']} —{c['predicate']}{detail}→ {c['object']['name']}  [{why}]")
        for ev in c["evidence"]:
            quote = " ".join(ev["quote"].split())
            print(f"      {ev['document']['file_name']}: {quote[:400]}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="redes.db", help="SQLite file or database URL (default redes.db)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when anything is listed")
    args = ap.parse_args(argv)
    members, targets = audit(args.db)
    _print(members, "Officials shown as leaders or members of criminal groups")
    _print(targets, "Courts, prosecutors, state bodies or officials shown as targets of actions")
    return 1 if args.strict and (members or targets) else 0


if __name__ == "__main__":
    sys.exit(main())
