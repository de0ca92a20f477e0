"""ODT, RTF and legacy .doc."""

import io
import shutil
from pathlib import Path

import pytest

from redes.ingest.readers import ReadError, read_bytes
from tests.conftest import unavailable

# A Word 97 file LibreOffice wrote from a made-up Spanish text (accents, quotes, paragraphs).
DOC = Path(__file__).parent / "data" / "informe.doc"


def need_doc_converter() -> None:
    if not (shutil.which("antiword") or shutil.which("soffice") or shutil.which("libreoffice")):
        unavailable("no antiword or LibreOffice (Debian: apt-get install antiword)")


def odt_bytes(title: str, heading: str, paragraphs: list[str]) -> bytes:
    from odf import dc, text
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    doc.meta.addElement(dc.Title(text=title))
    doc.text.addElement(text.H(outlinelevel=1, text=heading))
    for p in paragraphs:
        doc.text.addElement(text.P(text=p))
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


def test_an_odt_is_read_in_order_with_its_title():
    data = odt_bytes(
        "Informe Michoacán", "Resumen", ["La Familia Michoacana opera en Zitácuaro.", "Segundo párrafo."]
    )
    doc = read_bytes(data, "informe.odt")
    assert doc.format == "odt" and doc.title == "Informe Michoacán"
    assert doc.text == "Resumen\n\nLa Familia Michoacana opera en Zitácuaro.\n\nSegundo párrafo."
    assert doc.language == "es"


def test_an_rtf_is_read_with_its_accents():
    rtf = rb"{\rtf1\ansi\ansicpg1252 {\b Informe}\par El c\'e1rtel opera en Michoac\'e1n.\par}"
    doc = read_bytes(rtf, "nota.rtf")
    assert doc.format == "rtf" and "El cártel opera en Michoacán." in doc.text


def test_not_rtf_is_refused():
    with pytest.raises(ReadError, match="not an RTF"):
        read_bytes(b"plain words", "x.rtf")


@pytest.mark.skipif(
    bool(shutil.which("antiword") or shutil.which("soffice")), reason="a converter is installed"
)
def test_a_doc_without_a_converter_says_what_to_install():
    with pytest.raises(ReadError, match="antiword or LibreOffice"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "viejo.doc")


def test_a_doc_is_read_with_its_accents_and_paragraphs():
    need_doc_converter()
    doc = read_bytes(DOC.read_bytes(), "informe.doc")
    assert doc.format == "doc" and doc.title == "Informe de la Fiscalía General del Estado de Michoacán"
    assert 'Juan Pérez Núñez, alias "El Güero", fue detenido en Apatzingán' in doc.text
    assert "\n\nLa Fiscalía informó" in doc.text and doc.language == "es"


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="no LibreOffice")
def test_without_antiword_libreoffice_reads_the_doc(monkeypatch):
    from redes.ingest.formats import office

    which = shutil.which
    monkeypatch.setattr(office.shutil, "which", lambda name: None if name == "antiword" else which(name))
    doc = read_bytes(DOC.read_bytes(), "informe.doc")
    assert 'Juan Pérez Núñez, alias "El Güero", fue detenido en Apatzingán' in doc.text


def test_a_doc_that_is_not_ole2_is_refused():
    with pytest.raises(ReadError, match="not a Word .doc"):
        read_bytes(b"{\\rtf1 disguised}", "x.doc")
