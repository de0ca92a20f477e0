import pytest

from redes.ingest.readers import ReadError, decode_text, read_bytes, reflow
from tests.ingest.samples import MALICIOUS_HTML, docx_bytes, pdf_bytes

SPANISH = "El Cártel de Jalisco Nueva Generación opera en Michoacán según la Fiscalía.\n"


def test_plain_text_title_date_and_language():
    doc = read_bytes(
        b"Leaders of La Familia indicted\n\nJuly 20, 2009\n\nThe cartel operates in Michoacan. " * 1,
        "a.txt",
    )
    assert doc.title == "Leaders of La Familia indicted"
    assert doc.published == "2009-07-20"
    assert doc.language == "en"
    assert doc.format == "txt"


def test_latin1_spanish_text_is_decoded():
    doc = read_bytes(SPANISH.encode("latin-1"), "viejo.txt")
    assert "Cártel de Jalisco Nueva Generación" in doc.text
    assert "Michoacán" in doc.text
    assert doc.language == "es"


def test_cp1252_punctuation_is_decoded():
    assert decode_text("“El Mencho” – jefe".encode("cp1252")) == "“El Mencho” – jefe"


def test_utf8_bom_is_dropped():
    doc = read_bytes("\ufeff".encode() + SPANISH.encode(), "bom.txt")
    assert doc.text.startswith("El Cártel")


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.html"])
def test_empty_files_are_refused(name):
    with pytest.raises(ReadError, match="empty file"):
        read_bytes(b"", name)


def test_binary_named_txt_is_refused():
    with pytest.raises(ReadError, match="binary"):
        read_bytes(bytes(range(256)) * 20, "data.txt")


def test_random_bytes_named_pdf():
    import random

    junk = random.Random(7).randbytes(4096)
    with pytest.raises(ReadError, match="not a PDF"):
        read_bytes(junk, "junk.pdf")


def test_pdf_text_layer_and_title():
    data = pdf_bytes(
        ["Nemesio Oseguera Cervantes leads the CJNG.", "It operates in Jalisco."], title="A report"
    )
    doc = read_bytes(data, "report.pdf")
    assert "Nemesio Oseguera Cervantes leads the CJNG." in doc.text
    assert doc.title == "A report"


def test_truncated_pdf_is_refused_with_reason():
    data = pdf_bytes(["Some text that will be cut off."])
    with pytest.raises(ReadError) as err:
        read_bytes(data[: len(data) // 2], "cut.pdf")
    assert "PDF" in str(err.value)


def test_docx_paragraphs_and_title():
    doc = read_bytes(
        docx_bytes(["Primer párrafo sobre el CJNG.", "Segundo párrafo."], title="Nota"), "n.docx"
    )
    assert "Primer párrafo sobre el CJNG." in doc.text and "Segundo párrafo." in doc.text
    assert doc.title == "Nota"


def test_corrupt_docx_is_refused():
    with pytest.raises(ReadError, match="DOCX"):
        read_bytes(b"PK\x03\x04 this is not really a zip", "bad.docx")


def test_html_keeps_text_and_drops_scripts_styles_and_handlers():
    doc = read_bytes(MALICIOUS_HTML.encode(), "page.html")
    assert "Cártel de Jalisco Nueva Generación" in doc.text
    for bad in ("alert", "SCRIPT-TEXT", "INLINE-SCRIPT", "onerror", "onload", "color: red", "<"):
        assert bad not in doc.text
    assert doc.title == "Informe sobre el CJNG"
    assert doc.published == "2024-05-02"


def test_unsupported_extension():
    with pytest.raises(ReadError, match="unsupported"):
        read_bytes(b"x", "a.exe")


def test_reflow_joins_wrapped_lines_and_hyphenation():
    page = "The Jalisco cartel expanded its opera-\ntions into Guanajuato and\nMichoacán.\n\nNew paragraph."
    assert (
        reflow(page)
        == "The Jalisco cartel expanded its operations into Guanajuato and Michoacán.\n\nNew paragraph."
    )


def test_title_skips_page_debris_and_running_text():
    debris = read_bytes(
        "Your browser doesn’t support HTML5\nThe United States continues to target people who profit "
        "from the production and sale of illegal narcotics, officials said today.\nMore text.".encode(),
        "a.txt",
    )
    assert debris.title is None
    long_title = "A very long press-release title " * 6 + "about the U.S."
    assert read_bytes(f"{long_title}\n\nBody text here.".encode(), "b.txt").title == long_title
    assert read_bytes(b"Short heading\nBody text follows here.", "c.txt").title == "Short heading"
