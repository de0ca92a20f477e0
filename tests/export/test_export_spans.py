"""Exports carry when relations held: FtM startDate/endDate (an end without a date, or
by a death, in the summary), and span columns in the CSV tables and graph files."""

import csv
import io
import json

from followthemoney import model

from redes import kb
from redes.export.ftm import write_ftm
from redes.export.graph import knowledge_graph
from redes.export.tables import write_csv
from redes.kb.pipeline import apply_extractions
from tests.kb.kbfixtures import Corpus, Doc, cartel_corpus


def _ftm(store):
    out = io.StringIO()
    write_ftm(store, out)
    return [model.get_proxy(json.loads(line), cleaned=False) for line in out.getvalue().splitlines()]


def test_ftm_membership_and_occupancy_carry_start_and_end(sqlite_store, monkeypatch):
    corpus = cartel_corpus(sqlite_store).install(monkeypatch)
    t = "Aurelio Quintana Robles has led the CVN since 2014. Marisol Treviño Luna, a former mayor of Tapalpa, spoke."
    d = Doc(t, published="2021-02-01").entity("m", "person", "Aurelio Quintana Robles")
    d.entity("g", "criminal_group", "CVN").entity("w", "person", "Marisol Treviño Luna").entity(
        "t", "place", "Tapalpa"
    )
    d.rel("leads", "m", "g", "Aurelio Quintana Robles has led the CVN since 2014.", start="2014")
    d.rel(
        "holds_position",
        "w",
        "t",
        "Marisol Treviño Luna, a former mayor of Tapalpa, spoke.",
        detail="mayor",
        end_cue="unknown",
    )
    corpus.add(d, "spans.txt")
    kb.update(sqlite_store, corpus.ids)
    entities = _ftm(sqlite_store)
    (leads,) = [e for e in entities if e.schema.name == "Membership"]
    # Since 2014, until his death on 2026-02-22 (the corpus's death report).
    assert (leads.get("startDate"), leads.get("endDate")) == (["2014"], ["2026-02-22"])
    assert "ended by death" in leads.get("summary")
    (mayor,) = [e for e in entities if e.schema.name == "Occupancy"]
    assert mayor.get("endDate") == [] and mayor.get("summary") == ["ended at an unknown date, by 2021-02-01"]


def test_tables_and_graph_have_span_columns(sqlite_store, tmp_path):
    corpus = Corpus(sqlite_store)
    t = "Ana Ruiz led the Red Gang from 2010 to 2012."
    d = Doc(t).entity("a", "person", "Ana Ruiz").entity("g", "criminal_group", "Red Gang")
    corpus.add(d.rel("leads", "a", "g", t, start="2010", end="2012"))
    apply_extractions(sqlite_store, corpus.results())
    paths = write_csv(sqlite_store, tmp_path / "csv")
    (relations,) = [list(csv.DictReader(p.open(encoding="utf-8"))) for p in paths if p.stem == "relations"]
    (row,) = relations
    assert (row["start"], row["end"], row["end_precision"], row["end_basis"]) == (
        "2010",
        "2012",
        "year",
        "text",
    )
    ((_, _, edge),) = knowledge_graph(sqlite_store).edges(data=True)
    assert (edge["start"], edge["end"]) == ("2010", "2012")
