"""Dossiers as text, Markdown and HTML.

Every string in a dossier may come from an ingested document, so HTML goes through
Jinja2 with autoescaping and Markdown escapes both HTML and Markdown syntax.
"""

from __future__ import annotations

import html
import re
from typing import Any

from jinja2 import Environment

from redes.i18n import formats, label
from redes.kb.claims import value_year

RELATION_PHRASES = {
    # predicate: (the entity is the subject, the entity is the object)
    "leads": ("leads {o}", "led by {o}"),
    "member_of": ("member of {o}", "member: {o}"),
    "family": ("{d} of {o}", "{o} ({d})"),
    "part_of": ("part of {o}", "includes {o}"),
    "allied_with": ("allied with {o}", "allied with {o}"),
    "rival_of": ("rival of {o}", "rival of {o}"),
    "operates_in": ("operates in {o}", "{o} operates here"),
    "collusion": ("colludes with {o}", "{o} colludes with it"),
    "holds_position": ("{d} at {o}", "{o} ({d})"),
    "action_against": ("{d} against {o}", "{d} by {o}"),
    "linked_to": ("linked to {o}", "{o} linked to it"),
}
DEFAULT_DETAIL = {"family": "relative", "holds_position": "post", "action_against": "action"}
QUOTE_CHARS = 320
MAX_DETAIL = 30  # longer details are sentence fragments, not roles


def phrase(item: dict[str, Any]) -> str:
    """What a claim (or a dossier line grouping claims) says, from the point of view of
    the dossier's entity."""
    p, value, detail = item["predicate"], item["value"], item["detail"]
    when = item.get("years") or ([str(item["year"])] if item.get("year") else [])
    if item.get("other") is None and item.get("object") is None:
        dated = value_year(value) is not None
        text = {
            "founded": f"founded {value}",
            "died": f"{detail or 'died'} {value}" if dated else f"{detail or 'died'} (date not stated)",
            "age": f"age {value}",
            "nationality": f"nationality {formats.value(p, value)}",
            "identifier": f"{detail or 'identity number'} {value}",
            "reward": f"reward {formats.value(p, value)}" + (f" offered by {detail}" if detail else ""),
        }.get(p, f"{p} {value}")
        when = [w for w in when if w != value]
    else:
        other = item.get("other") or item["object"]
        outgoing = item.get("direction", "out") == "out"
        out_form, in_form = RELATION_PHRASES.get(p, (p + " {o}", p + " (by) {o}"))
        text = (out_form if outgoing else in_form).format(
            o=other["name"], d=detail or DEFAULT_DETAIL.get(p, p)
        )
        details = [x for x in item.get("details", []) if len(x) <= MAX_DETAIL]
        if not detail and details:
            text += f" [{', '.join(details)}]"
    text += f" ({', '.join(when)})" if when else ""
    # When a relation held ("since 2014", "until 2026 (death)", "former"): kb.spans.
    return text + (f" · {item['span']}" if item.get("span") and item.get("other") is not None else "")


def support(claim: dict[str, Any]) -> str:
    c = claim["corroboration"]
    docs = f"{c['documents']} document{'s' * (c['documents'] != 1)}"
    if c.get("copies", c["documents"]) > c["documents"]:  # near-duplicates (ingest.neardup)
        docs += f" ({c['copies']} copies)"
    pubs = f"{c['publishers']} publisher{'s' * (c['publishers'] != 1)}"
    seen = ""
    if c["first_seen"]:
        seen = f", {c['first_seen']}" + (f" to {c['last_seen']}" if c["last_seen"] != c["first_seen"] else "")
    status = "" if claim["status"] == "machine" else f", {claim['status']}"
    return f"{docs}, {pubs}{seen}{status}"


def cites(claim: dict[str, Any]) -> str:
    return "".join(f"[{n}]" for n in claim.get("citations", []))


def quote(claim: dict[str, Any]) -> str | None:
    if not claim.get("evidence"):
        return None
    text = " ".join(claim["evidence"][0]["quote"].split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def where(doc: dict[str, Any]) -> str:
    """A short citation of a document: file name, publisher, date."""
    return ", ".join(x for x in (doc["file_name"], doc["publisher"], doc["published"]) if x)


def source_line(src: dict[str, Any]) -> str:
    parts = [src["title"] or src["file_name"]]
    if src["title"]:
        parts.append(src["file_name"])
    parts += [x for x in (src["publisher"], src["published"], src["url"]) if x]
    if src.get("copies"):  # near-duplicates (ingest.neardup): one source, not several
        parts.append(copies_note(src))
    return " — ".join(parts)


def copies_note(src: dict[str, Any]) -> str:
    """"2 copies of one text, with [3]": a source's near-duplicates in the list."""
    return f"{len(src['copies']) + 1} copies of one text, with " + "".join(f"[{n}]" for n in src["copies"])


def list_line(f: dict[str, Any]) -> str:
    """A list entry (``redes.sources.lists.facts``) on one line: "OFAC SDN: SDNTK,
    ILLICIT-DRUGS-EO14059 · a.k.a. Mencho · born 1966-07-17 · as of 2024-05-03"."""
    parts = [f"{f['title']}: {', '.join(f['programs']) or 'listed'}"]
    for name, values in (
        ("a.k.a.", f["aliases"]),
        ("born", f["birth_dates"]),
        ("place of birth", f["birth_places"]),
        ("nationality", f["nationalities"]),
        ("identity numbers", f["ids"]),
    ):
        if values:
            parts.append(f"{name} {'; '.join(values)}")
    parts.append(f"as of {f['as_of']}")
    if f["delisted"]:
        parts.append(f"delisted {f['delisted']}")
    return " · ".join(parts)


def _sections(d: dict[str, Any]) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The dossier as (heading, [(line, quote)]) pairs shared by text and Markdown."""
    aliases = ", ".join(f"{a['name']} ({a['count']})" for a in d["aliases"])
    out: list[tuple[str, list[tuple[str, str | None]]]] = [("Aliases", [(aliases, None)])]
    if d.get("lists"):
        out.append(("Sanctions lists", [(list_line(f), None) for f in d["lists"]]))

    def lines(claims):
        return [(f"{phrase(c)} — {support(c)} {cites(c)}", quote(c)) for c in claims]

    out.append(("Positions held", lines(d["positions"])))
    for predicate, claims in d["relations"].items():
        if predicate == "holds_position":
            claims = [c for c in claims if c["direction"] == "in"]
        if claims:
            out.append((f"Relations: {label('relation', predicate)}", lines(claims)))
    for predicate, claims in d.get("past", {}).items():
        when = f" (ended by {d['as_of']})" if d.get("as_of") else " (ended)"
        out.append((f"Past relations{when}: {label('relation', predicate)}", lines(claims)))
    out.append(("Facts", lines([c for claims in d["attributes"].values() for c in claims])))
    out.append(
        (
            "Places",
            [
                (
                    f"{p['place']['name']}"
                    + (f" ({', '.join(map(str, p['years']))})" if p["years"] else "")
                    + " "
                    + "".join(f"[{n}]" for n in p["citations"]),
                    None,
                )
                for p in d["places"]
            ],
        )
    )
    out.append(
        (
            "Timeline",
            [(f"{t['when']}  {phrase({**t, 'years': []})} {cites(t)}", None) for t in d["timeline"]],
        )
    )
    out.append(("Contradictions", [(c["summary"], None) for c in d["contradictions"]]))
    out.append(("Sources", [(f"[{s['n']}] {source_line(s)}", None) for s in d["sources"]]))
    return out


def header(d: dict[str, Any]) -> str:
    as_of = f" · as of {d['as_of']}" if d.get("as_of") else ""
    sanctioned = " · sanctioned" if d.get("sanctioned") else ""
    return f"{d['type']}{sanctioned} · id {d['id']} · {d['mentions']} mentions in {len(d['sources'])} sources{as_of}"


def _plain(
    d: dict[str, Any], head: list[str], heading: str, none: str, item: str, cited: str, esc=lambda x: x
) -> str:
    """Text and Markdown share one layout; only the markup and the escaping differ."""
    out = list(head)
    for title, lines in _sections(d):
        out += heading.format(title).split("\n")
        if not lines:
            out.append(none)
        for line, q in lines:
            out.append(item.format(esc(line)))
            if q:
                out.append(cited.format(esc(q)))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def text(d: dict[str, Any]) -> str:
    return _plain(d, [d["name"], header(d), ""], "{}", "  (none)", "  - {}", "      “{}”")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")


def md_escape(value: str) -> str:
    """Text that Markdown renders literally and that no renderer turns into HTML."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", value), quote=False)


def markdown(d: dict[str, Any]) -> str:
    head = [f"# {md_escape(d['name'])}", "", md_escape(header(d)), ""]
    return _plain(d, head, "## {}\n", "_none_", "- {}", "  > {}", md_escape)


_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_ENV.filters["relation"] = lambda key: label("relation", key)
_ENV.filters.update(phrase=phrase, support=support, source_line=source_line, list_line=list_line)
_HTML = _ENV.from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{ d.name }} · redes dossier</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem} .meta{color:#666} h2{border-bottom:1px solid #ddd;margin-top:2rem}
li{margin:.3rem 0} .sup{color:#666;font-size:.9em} blockquote{margin:.2rem 0 .2rem 1rem;color:#444}
sup a{text-decoration:none}
</style></head><body>
<h1>{{ d.name }}</h1>
<p class="meta">{{ d.type }}{% if d.sanctioned %} · sanctioned{% endif %} · id {{ d.id }} · {{ d.mentions }} mentions in {{ d.sources|length }} sources{% if d.as_of %} · as of {{ d.as_of }}{% endif %}</p>
<h2>Aliases</h2>
<p>{% for a in d.aliases %}{{ a.name }} <span class="sup">({{ a.count }})</span>{{ ", " if not loop.last }}{% endfor %}</p>
{% if d.lists %}<h2>Sanctions lists</h2>
<ul>{% for f in d.lists %}<li>{{ f|list_line }}</li>{% endfor %}</ul>
{% endif %}
{% macro claims(items) %}
<ul>{% for c in items %}
<li>{{ c|phrase }} <span class="sup">{{ c|support }}</span>
{% for n in c.citations %}<sup><a href="#src-{{ n }}">[{{ n }}]</a></sup>{% endfor %}
{% if c.evidence %}<details><summary>evidence ({{ c.evidence|length }})</summary>
{% for ev in c.evidence %}<blockquote>“{{ ev.quote }}” <sup><a href="#src-{{ ev.source }}">[{{ ev.source }}]</a></sup></blockquote>{% endfor %}
</details>{% endif %}</li>
{% else %}<li><em>none</em></li>{% endfor %}</ul>
{% endmacro %}
<h2>Positions held</h2>
{{ claims(d.positions) }}
{% for predicate, items in d.relations.items() %}
{% set shown = items if predicate != "holds_position" else items|selectattr("direction", "equalto", "in")|list %}
{% if shown %}<h2>Relations: {{ predicate | relation }}</h2>
{{ claims(shown) }}{% endif %}
{% endfor %}
{% for predicate, items in d.get("past", {}).items() %}
<h2>Past relations ({% if d.as_of %}ended by {{ d.as_of }}{% else %}ended{% endif %}): {{ predicate | relation }}</h2>
{{ claims(items) }}
{% endfor %}
<h2>Facts</h2>
{{ claims(facts) }}
<h2>Places</h2>
<ul>{% for p in d.places %}<li>{{ p.place.name }}{% if p.years %} ({{ p.years|join(", ") }}){% endif %}
{% for n in p.citations %}<sup><a href="#src-{{ n }}">[{{ n }}]</a></sup>{% endfor %}</li>
{% else %}<li><em>none</em></li>{% endfor %}</ul>
<h2>Timeline</h2>
<ul>{% for t in timeline %}<li><b>{{ t.when }}</b> {{ t.text }}
{% for n in t.citations %}<sup><a href="#src-{{ n }}">[{{ n }}]</a></sup>{% endfor %}</li>
{% else %}<li><em>none</em></li>{% endfor %}</ul>
<h2>Contradictions</h2>
<ul>{% for c in d.contradictions %}<li>{{ c.summary }}</li>{% else %}<li><em>none</em></li>{% endfor %}</ul>
<h2>Sources</h2>
<ol>{% for s in d.sources %}<li id="src-{{ s.n }}">{{ s|source_line }}</li>{% endfor %}</ol>
</body></html>
"""
)


def html_page(d: dict[str, Any]) -> str:
    facts = [c for claims in d["attributes"].values() for c in claims]
    timeline = [{**t, "text": phrase({**t, "years": []})} for t in d["timeline"]]
    return _HTML.render(d=d, facts=facts, timeline=timeline)


FORMATS = {"text": text, "md": markdown, "html": html_page}
