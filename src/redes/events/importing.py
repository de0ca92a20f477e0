"""Streaming, idempotent import of event tables: read, check, locate, insert in batches.

A source module (``ucdp``, ``acled``) turns one CSV row into a ``Parsed`` event or raises
``RowError`` with a reason; this module does the rest. Rows are read one at a time and
written in batches with executemany, so memory stays flat however long the file is.
Events already in the database (same source and id) are skipped, so re-importing a
file adds nothing.

A caller that takes files from others (the web workbench) caps what one file may cost:
``max_bytes`` of CSV once decompressed (a small gzip file can expand a thousandfold) and
``max_rows`` records. At a cap the import stops: the rows read before it are imported and
kept, and the report says why it stopped (``stopped``).
"""

from __future__ import annotations

import csv
import gzip
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import insert, select

from redes.events.actors import Member
from redes.events.geo import locator
from redes.events.models import Event, EventActor
from redes.store import Store

BATCH = 5000
MAX_REPORTED_BAD_ROWS = 1000


class RowError(ValueError):
    """A row that cannot be imported; the message is the reason given to the user."""


class FileError(ValueError):
    """A file that cannot be imported at all (unreadable, or missing required columns)."""


class LimitReached(Exception):
    """A file past a cap of ``import_file`` (its decompressed size)."""


@dataclass
class Parsed:
    event: dict[str, Any]
    side_a: list[Member]
    side_b: list[Member]


@dataclass
class BadRow:
    line: int
    reason: str


@dataclass
class ImportReport:
    source: str
    file: str
    read: int = 0
    imported: int = 0
    existing: int = 0
    bad_count: int = 0
    bad: list[BadRow] = field(default_factory=list)
    actors: dict[str, int] = field(default_factory=dict)  # member name -> events imported
    stopped: str | None = None  # why the import stopped before the end of the file

    def add_bad(self, line: int, reason: str) -> None:
        self.bad_count += 1
        if len(self.bad) < MAX_REPORTED_BAD_ROWS:
            self.bad.append(BadRow(line, reason))

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "file": self.file,
            "read": self.read,
            "imported": self.imported,
            "already_imported": self.existing,
            "bad": self.bad_count,
            "bad_rows": [{"line": b.line, "reason": b.reason} for b in self.bad],
            "stopped": self.stopped,
        }


class _Capped(io.RawIOBase):
    """A binary stream that raises ``LimitReached`` past ``limit`` bytes read."""

    def __init__(self, inner: IO[bytes], limit: int) -> None:
        self.inner, self.limit, self.read_so_far = inner, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        self.read_so_far += len(data)
        if self.read_so_far > self.limit:
            raise LimitReached(f"more than {self.limit:,} bytes of CSV (once decompressed)")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def open_text(path: str | os.PathLike, max_bytes: int | None = None) -> IO[str]:
    """Open a CSV, gzip-compressed or not (by its magic bytes, not its name); reading past
    ``max_bytes`` of (decompressed) CSV raises ``LimitReached``."""
    raw = open(path, "rb")  # noqa: SIM115 - handed on to the wrappers, closed with them
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        raw = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
    else:
        raw.seek(0)
    if max_bytes is not None:
        raw = io.BufferedReader(_Capped(raw, max_bytes))  # type: ignore[assignment]
    # Undecodable bytes become U+FFFD, and the row that holds them is reported as bad.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


def read_rows(
    path: str | os.PathLike, required: set[str], max_bytes: int | None = None
) -> Iterator[tuple[int, dict[str, str]] | tuple[int, RowError]]:
    """Yield (line, row) for each record, or (line, RowError) for a malformed one."""
    try:
        fh = open_text(path, max_bytes)
    except OSError as exc:
        raise FileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise FileError(f"{path} is empty") from None
        except (csv.Error, OSError, EOFError) as exc:
            raise FileError(f"{path} is not a readable CSV file: {exc}") from exc
        header = [h.strip().lower() for h in header]
        missing = sorted(required - set(header))
        if missing:
            raise FileError(f"{path} lacks required columns: {', '.join(missing)}")
        width = len(header)
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except (csv.Error, OSError, EOFError) as exc:
                # A truncated gzip or a broken quote: report it and stop, keeping what was read.
                yield reader.line_num, RowError(f"unreadable from here on: {exc}")
                return
            if not values or (len(values) == 1 and not values[0].strip()):
                continue
            if len(values) != width:
                yield reader.line_num, RowError(f"{len(values)} fields where the header has {width}")
                continue
            if any("\ufffd" in v for v in values):
                yield reader.line_num, RowError("invalid UTF-8 bytes")
                continue
            yield reader.line_num, dict(zip(header, values, strict=True))


def import_file(
    store: Store,
    path: str | os.PathLike,
    source: str,
    required: set[str],
    parse: Callable[[dict[str, str]], Parsed],
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> ImportReport:
    """Import one file: every good row is kept, every bad one reported with its line. With
    ``max_bytes`` or ``max_rows``, stop at that much CSV or that many records, keeping
    what was read before (``report.stopped`` says so)."""
    report = ImportReport(source=source, file=str(Path(path)))
    seen: set[str] = set()
    batch: list[Parsed] = []
    rows = read_rows(path, required, max_bytes)
    while True:
        try:
            line, row = next(rows)
        except StopIteration:
            break
        except LimitReached as exc:
            report.stopped = f"stopped after {report.read:,} records: {exc}"
            break
        if max_rows is not None and report.read >= max_rows:
            report.stopped = f"stopped after {report.read:,} records: more than {max_rows:,} records"
            break
        report.read += 1
        if isinstance(row, RowError):
            report.add_bad(line, str(row))
            continue
        try:
            parsed = parse(row)
        except RowError as exc:
            report.add_bad(line, str(exc))
            continue
        sid = parsed.event["source_id"]
        if sid in seen:
            report.add_bad(line, f"duplicate id {sid} in the file")
            continue
        seen.add(sid)
        batch.append(parsed)
        if len(batch) >= batch_size:
            _write(store, source, batch, report)
            batch = []
            if progress:
                progress(report.read)
    rows.close()
    if batch:
        _write(store, source, batch, report)
    if report.imported:
        store.analyze("events", "event_actors")
    if progress:
        progress(report.read)
    return report


def _write(store: Store, source: str, batch: list[Parsed], report: ImportReport) -> None:
    ids = [p.event["source_id"] for p in batch]
    with store.engine.begin() as conn:
        existing = set(
            conn.scalars(select(Event.source_id).where(Event.source == source, Event.source_id.in_(ids)))
        )
        new = [p for p in batch if p.event["source_id"] not in existing]
        report.existing += len(batch) - len(new)
        if not new:
            return
        codes = locator().locate([p.event["longitude"] for p in new], [p.event["latitude"] for p in new])
        rows = []
        for p, code in zip(new, codes, strict=True):
            p.event["source"] = source
            p.event["pip_muni_code"] = code
            p.event["pip_state_code"] = code[:2] if code else None
            rows.append(p.event)
        conn.execute(insert(Event), rows)
        new_ids = {sid: eid for sid, eid in _ids(conn, source, [p.event["source_id"] for p in new])}
        actors = []
        for p in new:
            eid = new_ids[p.event["source_id"]]
            for side, members in (("a", p.side_a), ("b", p.side_b)):
                for m in members:
                    actors.append(
                        {
                            "event_id": eid,
                            "side": side,
                            "name": m.name,
                            "actor_slug": m.actor,
                            "group_slug": m.group,
                        }
                    )
                    report.actors[m.name] = report.actors.get(m.name, 0) + 1
        if actors:
            conn.execute(insert(EventActor), actors)
        from redes.kb import state

        state.bump(conn, "events")  # cached territory answers see the new events
        report.imported += len(new)


def _ids(conn, source: str, source_ids: list[str]):
    return conn.execute(
        select(Event.source_id, Event.id).where(Event.source == source, Event.source_id.in_(source_ids))
    )


# --- field parsers shared by the sources ---


def parse_int(
    row: dict[str, str], col: str, required: bool = True, lo: int | None = None, hi: int | None = None
):
    text = row.get(col, "").strip()
    if not text:
        if required:
            raise RowError(f"{col} is empty")
        return None
    try:
        value = int(float(text)) if "." in text else int(text)
    except ValueError:
        raise RowError(f"{col} is not a number: {text!r}") from None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise RowError(f"{col} out of range: {value}")
    return value


def parse_float(row: dict[str, str], col: str, lo: float, hi: float) -> float | None:
    text = row.get(col, "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"{col} is not a number: {text!r}") from None
    if not lo <= value <= hi:
        raise RowError(f"{col} out of range: {value}")
    return value
