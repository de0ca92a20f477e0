"""OFAC's Specially Designated Nationals list (legacy ``sdn.csv``) as followthemoney entities.

The file has no header; its twelve columns are :data:`COLUMNS`, ``-0-`` stands for an
empty field, programs are joined by ``] [`` and ``Remarks`` holds ``;``-separated facts
(birth, nationality, identity numbers, aliases, ``Linked To:``) whose labels and FtM
properties are data (``ofac_remarks.json``). Each listed party becomes a Person, Company,
Organization, Vessel or Airplane with the id ``ofac-sdn-<ent_num>``; each ``Linked To``
an ``UnknownLink`` (the legacy file does not say what kind of link) with a deterministic id,
resolved within the list by the linked party's listed name. A bad row is recorded in the
:class:`Report` with its row number and skipped; it never stops the rest.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy, model
from followthemoney.types import registry
from rigour.ids import IMO
from rigour.names import normalize_name
from rigour.names.org_types import extract_org_types
from stdnum.mx import curp, rfc

SOURCE = "ofac-sdn"
TITLE = "OFAC SDN"
PUBLISHER = "U.S. Treasury OFAC"
PUBLISHER_URL = "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists"
DETAIL_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"
COLUMNS = (
    "ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign",
    "Vess_type", "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks",
)  # fmt: skip
EMPTY = "-0-"
_TYPES = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
_VESSEL = {"Call_Sign": "callSign", "Vess_type": "type", "Tonnage": "tonnage",
           "GRT": "grossRegisteredTonnage", "Vess_flag": "flag"}  # fmt: skip
_QUOTED = re.compile(r"^['\"](.*?)['\"]\.?$")
_TAIL = re.compile(r"\s*(\([^)]*\)|\bissued\b.*|\bexpires\b.*)\s*$", re.I)
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_ALT = "alt. "


@dataclass
class Problem:
    """A row that was not imported (``skipped``), or a part of one that was not (a
    ``Linked To`` naming no listed party), and why."""

    row: int
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass
class Report:
    """What a parse read: rows, parties, links, and the rows it had to skip."""

    rows: int = 0
    listed: int = 0
    links: int = 0
    problems: list[Problem] = field(default_factory=list)
    row_of: dict[str, int] = field(default_factory=dict)  # FtM id -> row of the file

    def problem(self, row: int, message: str, skipped: bool = True) -> None:
        self.problems.append(Problem(row, message, skipped))

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.skipped)


@dataclass
class _Label:
    label: str
    prop: str
    kind: str = ""
    format: str = ""


@cache
def _remarks() -> tuple[list[_Label], list[str]]:
    data = json.loads((Path(__file__).parent / "ofac_remarks.json").read_text("utf-8"))
    labels = [_Label(**{k: v for k, v in item.items()}) for item in data["labels"]]
    # The longest label first, so "DOB circa" wins over "DOB".
    labels.sort(key=lambda lab: -len(lab.label))
    return labels, data["date_formats"]


def party_id(ent_num: str | int) -> str:
    """The FtM id of the listed party with this OFAC entry number."""
    return f"{SOURCE}-{int(ent_num)}"


def link_id(subject: str, obj: str) -> str:
    """The FtM id of the ``Linked To`` link from one listed party to another."""
    return f"{subject}-link-{obj.removeprefix(SOURCE + '-')}"


def list_date(path: str | Path) -> date | None:
    """The publication date written in the file's name (``ofac_sdn_2024-05-03.csv.gz``)."""
    found = _FILE_DATE.search(Path(path).name)
    if not found:
        return None
    try:
        return date.fromisoformat(found.group(1))
    except ValueError:
        return None


def read_text(path: str | Path) -> str:
    """The file's text, gunzipped when it is gzip. OFAC publishes Windows-1252 at times."""
    raw = Path(path).read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def link_key(name: str) -> str | None:
    """How a ``Linked To:`` name and a listed name are compared (case, accents, spacing)."""
    return normalize_name(name.strip().rstrip(".").strip())


def entities(path: str | Path, report: Report | None = None) -> Iterator[EntityProxy]:
    """Every listed party of the SDN file (``ofac-sdn-<ent_num>``), then every link between
    them. Bad rows go to ``report`` with their row number."""
    report = report if report is not None else Report()
    yield from parse_rows(csv.reader(io.StringIO(read_text(path))), report)


def parse_rows(rows: Iterable[list[str]], report: Report) -> Iterator[EntityProxy]:
    """The entities of already split CSV rows (numbered from 1 as in the file)."""
    by_name: dict[str, list[str]] = {}
    pending: list[tuple[int, str, list[str]]] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        if len(row) == 1 and row[0].strip() in ("", "\x1a"):
            continue  # a blank line, or the DOS end-of-file mark OFAC's file ends with
        report.rows += 1
        try:
            proxy, links = parse_row(row)
        except ValueError as exc:
            report.problem(number, str(exc))
            continue
        if proxy.id in seen:
            report.problem(number, f"entry {proxy.id} listed twice; the first is kept")
            continue
        seen.add(proxy.id)
        report.listed += 1
        report.row_of[proxy.id] = number
        key = link_key(row[1])
        if key:
            by_name.setdefault(key, []).append(proxy.id)
        if links:
            pending.append((number, proxy.id, links))
        yield proxy
    for number, subject, names in pending:
        for name in names:
            targets = by_name.get(link_key(name) or "", [])
            if len(targets) != 1:
                why = "no listed party" if not targets else f"{len(targets)} listed parties"
                report.problem(number, f"Linked To {name!r}: {why} of that name", skipped=False)
                continue
            if targets[0] == subject:
                continue
            link = model.make_entity("UnknownLink")
            link.id = link_id(subject, targets[0])
            link.add("subject", subject)
            link.add("object", targets[0])
            link.add("role", "Linked To", cleaned=True)
            link.add("publisher", PUBLISHER, cleaned=True)
            link.add("sourceUrl", DETAIL_URL.format(subject.removeprefix(SOURCE + "-")), cleaned=True)
            report.links += 1
            report.row_of[link.id] = number
            yield link


def _value(cell: str) -> str:
    cell = cell.strip()
    return "" if cell == EMPTY else cell


def _schema(kind: str, name: str) -> str:
    if kind:
        if kind not in _TYPES:
            raise ValueError(f"unknown SDN_Type {kind!r}")
        return _TYPES[kind]
    # Entities are companies when their name carries a legal form (S.A. DE C.V., LTD...).
    return "Company" if extract_org_types(name) else "Organization"


def parse_row(row: list[str]) -> tuple[EntityProxy, list[str]]:
    """One SDN row as an FtM entity and the names it is ``Linked To``. Raises ValueError
    for a row that cannot be read; a remark it cannot place goes to ``notes``."""
    if len(row) != len(COLUMNS):
        raise ValueError(f"{len(row)} columns, expected {len(COLUMNS)}")
    cells = dict(zip(COLUMNS, (_value(c) for c in row), strict=True))
    if not cells["ent_num"].isdigit():
        raise ValueError(f"ent_num {cells['ent_num']!r} is not a number")
    name = cells["SDN_Name"]
    if not name:
        raise ValueError("no SDN_Name")
    proxy = model.make_entity(_schema(cells["SDN_Type"].lower(), name))
    proxy.id = party_id(cells["ent_num"])
    _add_name(proxy, name)
    # Values made here are clean already: FtM's URL cleaning costs a third of the parse.
    for program in cells["Program"].strip("[]").split("] ["):
        if program.strip():
            proxy.add("program", program.strip(), cleaned=True)
    proxy.add("topics", "sanction", cleaned=True)
    proxy.add("sourceUrl", DETAIL_URL.format(int(cells["ent_num"])), cleaned=True)
    if cells["Title"]:
        proxy.add("position", cells["Title"], quiet=True)
    if proxy.schema.name == "Vessel":
        for column, prop in _VESSEL.items():
            proxy.add(prop, cells[column] or None, quiet=True, fuzzy=True)
        if cells["Vess_owner"]:
            proxy.add("notes", f"Owner: {cells['Vess_owner']}")
    links: list[str] = []
    for remark in _split_remarks(cells["Remarks"]):
        _add_remark(proxy, remark, links)
    return proxy, links


def _add_name(proxy: EntityProxy, name: str) -> None:
    if proxy.schema.name == "Person" and "," in name:
        last, _, first = name.partition(",")
        proxy.add("firstName", first.strip())
        proxy.add("lastName", last.strip())
        proxy.add("name", f"{first.strip()} {last.strip()}")
    else:
        proxy.add("name", name)


def _split_remarks(remarks: str) -> list[str]:
    # A ';' inside a quoted alias ('WHOIS HACKIN;G') is part of it, not a separator.
    parts: list[str] = []
    for part in remarks.strip().removesuffix(".").split(";"):
        last = parts[-1].strip().removeprefix(_ALT) if parts else ""
        if last[1:6] == ".k.a." and last.count("'") % 2 == 1:
            parts[-1] += ";" + part
        else:
            parts.append(part)
    return [p.strip() for p in parts if p.strip()]


def _add_remark(proxy: EntityProxy, remark: str, links: list[str]) -> None:
    labels, formats = _remarks()
    text = remark.removeprefix(_ALT)
    for lab in labels:
        if not text.startswith(lab.label):
            continue
        value = text[len(lab.label) :].strip().strip(":").strip()
        if lab.prop == "_link":
            links.append(value)
            return
        if not proxy.schema.get(lab.prop):
            break
        for clean in _clean(lab, value, formats, proxy):
            prop = lab.prop
            # A one-word a.k.a. of a person is a nickname ("Mencho"), which FtM keeps as
            # weakAlias so that matching does not take it for a full name.
            if prop == "alias" and proxy.schema.name == "Person" and " " not in clean:
                prop = "weakAlias"
            value = _cleaned(proxy.schema.get(prop).type.name, clean) if proxy.schema.get(prop) else None
            if value:
                proxy.add(prop, value, cleaned=True)
        return
    proxy.add("notes", remark)


def _clean(lab: _Label, value: str, formats: list[str], proxy: EntityProxy) -> list[str]:
    if lab.kind == "name":
        quoted = _QUOTED.match(value)
        return [quoted.group(1) if quoted else value.strip("'\"")]
    if lab.kind == "date":
        found = []
        for part in re.split(r"\s+to\s+", value):
            for fmt in formats:
                cleaned = registry.date.clean(part.strip(), format=fmt)
                if cleaned:
                    found.append(cleaned)
                    break
        if not found:
            proxy.add("notes", f"{lab.label} {value}")
        return found
    if lab.kind == "id":
        value = _TAIL.sub("", value).strip()
        if lab.format == "curp":
            value = curp.compact(value)
        elif lab.format == "rfc":
            value = rfc.compact(value)
        elif lab.prop == "imoNumber":
            value = IMO.normalize(value) or value
        return [value] if value else []
    return [value] if value else []


@cache
def _cleaned(type_name: str, value: str) -> str | None:
    # The same countries, genders and places recur thousands of times: clean each once.
    return registry.get(type_name).clean(value)


def describe(proxy: EntityProxy) -> dict[str, Any]:
    """The entity's FtM data (as stored in a document's ``meta``)."""
    return proxy.to_dict()
