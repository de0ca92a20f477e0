"""A list entry as a small readable document: the text that evidence cites.

The text holds no list date, so that an entry unchanged between two versions of a list is
the same document (one content hash) and a changed one a new document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from followthemoney import EntityProxy

# Properties shown first, in this order; the rest follow in the schema's order.
FIRST = ("alias", "weakAlias", "previousName", "birthDate", "birthPlace", "nationality", "citizenship")
SKIPPED = {"name", "firstName", "lastName", "program", "topics", "sourceUrl"}


@dataclass
class Entry:
    """The rendered text, and where in it the name, the designation and each link are."""

    text: str
    name: tuple[int, int]
    designation: tuple[int, int]
    links: dict[str, tuple[int, int]] = field(default_factory=dict)  # linked FtM id -> span


def caption(proxy: EntityProxy) -> str:
    """The name an entry is shown by."""
    return proxy.caption


def designation_line(title: str, proxy: EntityProxy) -> str:
    """ "OFAC SDN: SDNTK, ILLICIT-DRUGS-EO14059": the list and the programs."""
    programs = ", ".join(proxy.get("program", quiet=True))
    return f"{title}: {programs}" if programs else f"{title}: listed"


def render(title: str, proxy: EntityProxy, links: list[tuple[str, str, str]]) -> Entry:
    """``links``: (linked FtM id, label such as "Linked to", linked party's name)."""
    lines: list[str] = []
    name = caption(proxy)
    lines.append(name)
    lines.append(designation_line(title, proxy))
    lines.append(f"{proxy.schema.label} · {proxy.id}")
    present = proxy.properties
    props = [p for p in FIRST if p in present]
    props += [p for p in present if p not in FIRST and p not in SKIPPED]
    for prop in props:
        prop_obj = proxy.schema.get(prop)
        values = present[prop]
        if not values or prop_obj is None or prop_obj.type.name == "entity":
            continue
        shown = "; ".join(prop_obj.type.caption(v) or v for v in values)
        lines.append(f"{prop_obj.label}: {shown}")
    link_at: dict[str, tuple[int, int]] = {}
    offset = sum(len(line) + 1 for line in lines)
    for target, label, target_name in links:
        line = f"{label}: {target_name}"
        link_at[target] = (offset, offset + len(line))
        lines.append(line)
        offset += len(line) + 1
    for url in proxy.get("sourceUrl", quiet=True):
        lines.append(f"Source: {url}")
    text = "\n".join(lines)
    first = len(name) + 1
    return Entry(text, (0, len(name)), (first, first + len(lines[1])), link_at)
