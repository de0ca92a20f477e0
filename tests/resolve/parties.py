"""Listed parties for the xref tests: FtM entities as a list import gives them."""

from __future__ import annotations

from followthemoney import EntityProxy, model


def person(num: int, first: str, last: str, **props) -> EntityProxy:
    """An OFAC-style person: ``ofac-sdn-<num>``, "First LAST" with first and last names."""
    e = party(num, "Person", f"{first} {last}", **props)
    e.add("firstName", first)
    e.add("lastName", last)
    return e


def party(num: int, schema: str, name: str, **props) -> EntityProxy:
    e = model.make_entity(schema)
    e.id = f"ofac-sdn-{num}"
    e.add("name", name)
    for k, v in props.items():
        e.add(k, v)
    return e
