"""Issue 14's done-when: ``redes ingest`` on a folder mixing every supported type ingests
all of them, and search finds words from the scanned page and from a mail attachment."""

import gzip
import json

from click.testing import CliRunner

from redes.cli import cli
from redes.ingest.readers import FORMATS
from tests.ingest.formats.scans import SPANISH_PAGE, need_tesseract, png_bytes, scanned_pdf
from tests.ingest.formats.test_archives import zip_bytes
from tests.ingest.formats.test_mail import mbox, message
from tests.ingest.formats.test_office import DOC, need_doc_converter, odt_bytes
from tests.ingest.formats.test_sheets import CSV, xlsx_bytes
from tests.ingest.samples import MALICIOUS_HTML, docx_bytes, pdf_bytes


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_a_folder_of_every_type_is_ingested_and_searchable(tmp_path):
    need_tesseract()
    need_doc_converter()
    folder = tmp_path / "caso"
    folder.mkdir()
    files = {
        "nota.txt": b"Los Zetas operan en Tamaulipas.",
        "nota.md": b"# Informe\n\nEl CJNG opera en Jalisco.",
        "pagina.html": MALICIOUS_HTML.encode(),
        "texto.pdf": pdf_bytes(["La Fiscalia de Colima abrio una carpeta."]),
        "memo.docx": docx_bytes(["El memo habla de la Guardia Nacional."]),
        "escaneo.pdf": scanned_pdf(SPANISH_PAGE),
        "foto.png": png_bytes(["Reunión en Mazatlán"]),
        "aviso.eml": message("Aviso", "Nos vemos en Ensenada."),
        "buzon.mbox": mbox(
            message(
                "Adjunto",
                "Va el informe.",
                docx_bytes(["El contador Ramiro Quintanilla cobraba en Tijuana."]),
            )
        ),
        "caso.zip": zip_bytes({"dentro/acta.txt": b"Acta levantada en Uruapan."}),
        "viejo.txt.gz": gzip.compress(b"Archivo comprimido sobre Reynosa."),
        "personas.csv": CSV.encode(),
        "libro.xlsx": xlsx_bytes({"Pagos": [["fecha", "monto"], ["2021-03-01", 1000]]}),
        "informe.odt": odt_bytes("Informe", "Resumen", ["La Familia Michoacana opera en Zitácuaro."]),
        "nota.rtf": rb"{\rtf1\ansi El c\'e1rtel opera en Guerrero.\par}",
        "informe.doc": DOC.read_bytes(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    covered = {FORMATS[name[name.rindex(".") :]] for name in files}
    assert covered == set(FORMATS.values())

    db = tmp_path / "r.db"
    result = run("ingest", folder, "--db", db, "--no-extract", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"]["ingested"] == len(files) and report["counts"]["failed"] == 0

    def hits(words):
        return json.loads(run("search", words, "--db", db, "--format", "json").output)["count"]

    assert hits("extorsión") == 1  # the scanned page, read by OCR
    assert hits("Quintanilla") == 1  # the attachment of a message in the mailbox
    assert hits("Uruapan") == 1 and hits("Reynosa") == 1 and hits("Zitácuaro") == 1
    assert hits("Coalcomán") == 1  # the legacy Word file
