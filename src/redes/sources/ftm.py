"""Any followthemoney entity stream (JSON lines, one entity per line, optionally gzipped):
OpenSanctions exports (``entities.ftm.json``), Aleph exports, ``ftm`` tool output.

Each line becomes an :class:`EntityProxy`, cleaned by FtM's property types; a line that is
not an entity is recorded with its line number and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from followthemoney import EntityProxy, model
from followthemoney.exc import FollowTheMoneyException

from redes.sources.ofac import Report, read_text


def entities(path: str | Path, report: Report | None = None) -> Iterator[EntityProxy]:
    """The entities of an FtM JSON-lines file; bad lines go to ``report``."""
    report = report if report is not None else Report()
    seen: set[str] = set()
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        report.rows += 1
        try:
            data = json.loads(line)
            if not isinstance(data, dict) or not data.get("id"):
                raise ValueError("not an entity with an id")
            proxy = model.get_proxy(data, cleaned=False)
        except (ValueError, TypeError, KeyError, FollowTheMoneyException) as exc:
            report.problem(number, f"not a followthemoney entity: {exc}")
            continue
        if proxy.id in seen:
            report.problem(number, f"entity {proxy.id} appears twice; the first is kept")
            continue
        seen.add(proxy.id)
        if proxy.schema.edge:
            report.links += 1
        else:
            report.listed += 1
        yield proxy
