"""Control characters in names and file names reach no export raw: GraphML and GEXF stay
valid XML, CSV cells show them as escapes."""

import csv
import io
import xml.etree.ElementTree as ET

from sqlalchemy import update

from redes.export.graph import write_gexf, write_graphml
from redes.export.safe import escape_controls
from redes.export.tables import write_csv
from redes.ingest.pipeline import ingest
from redes.store.models import Document, Entity

HOSTILE = "Los\x1b[31m Zetas\x07\x00\x85"


def _store_with_controls(store, tmp_path):
    (tmp_path / "nota.txt").write_text(
        "Los Zetas operan en Tamaulipas y Veracruz desde 2008, según la Fiscalía General de la República."
    )
    ingest(store, [tmp_path / "nota.txt"])
    with store.session() as s:  # as stored by an older version, which kept them raw
        s.execute(update(Entity).values(name=HOSTILE))
        s.execute(update(Document).values(file_name="nota\x1b]0;x\x07.txt"))
    return store


def test_escape_controls():
    assert escape_controls(HOSTILE) == "Los\\x1b[31m Zetas\\x07\\x00\\x85"
    assert escape_controls("tab\tand\nnewline stay, ñ too") == "tab\tand\nnewline stay, ñ too"


def test_graphml_and_gexf_stay_valid_xml(sqlite_store, tmp_path):
    store = _store_with_controls(sqlite_store, tmp_path)
    for write in (write_graphml, write_gexf):
        out = io.BytesIO()
        write(store, out)
        text = out.getvalue().decode()
        ET.fromstring(out.getvalue())  # well-formed
        assert "Los\\x1b[31m Zetas\\x07\\x00\\x85" in text and "\x1b" not in text


def test_csv_cells_show_escapes(sqlite_store, tmp_path):
    store = _store_with_controls(sqlite_store, tmp_path)
    paths = write_csv(store, tmp_path / "out")
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        assert "\x1b" not in raw and "\x07" not in raw
    rows = list(csv.reader((tmp_path / "out" / "entities.csv").open(encoding="utf-8")))
    assert any("Los\\x1b[31m Zetas\\x07\\x00\\x85" in row for row in rows)
