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


_ARTICLE = (
    "<p>La Fiscalía General de la República detuvo a Juan Pérez en Colima. Según las "
    "autoridades, operaba para el CJNG desde 2015 y fue visto en Tecomán en 2019.</p>"
)


@pytest.mark.parametrize(
    ("top", "date"),
    [
        ('<time datetime="2023-05-04">4 de mayo de 2023</time>', "2023-05-04"),
        ('<p class="date">4 de mayo de 2023</p>', "2023-05-04"),
        ("<p>Colima, 4 de mayo de 2023.</p>", "2023-05-04"),
        ("", None),  # the years of the story are no publication date
    ],
)
def test_html_publication_date_from_the_markup_or_a_dateline(top, date):
    page = f"<html><body><article><h1>Detienen a un operador</h1>{top}{_ARTICLE}</article></body></html>"
    assert read_bytes(page.encode(), "nota.html").published == date


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


# --- encodings: a byte-order mark, a declared charset, else charset-normalizer's guess ------

SPANISH_1252 = "Informe\n\n“El Cártel” dijo que el año pasado ‘El Mencho’ – según la Fiscalía – huyó.\n"


def test_windows_1252_spanish_text_with_curly_quotes():
    doc = read_bytes(SPANISH_1252.encode("cp1252"), "informe.txt")
    assert "“El Cártel” dijo que el año pasado ‘El Mencho’ – según la Fiscalía – huyó." in doc.text
    assert doc.language == "es"


def test_utf8_without_a_bom():
    data = SPANISH_1252.encode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert decode_text(data) == SPANISH_1252
    assert "“El Cártel” dijo que el año" in read_bytes(data, "nota.txt").text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_byte_order_mark_is_honoured(encoding):
    assert decode_text(SPANISH_1252.encode(encoding)) == SPANISH_1252


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>Nota del año</title></head><body><p>{body}</p></body></html>"


def test_latin1_html_without_a_meta_charset():
    body = "El Cártel de Santa Rosa de Lima opera en Guanajuato, según la Fiscalía, desde hace un año."
    doc = read_bytes(page(body).encode("latin-1"), "nota.html")
    assert body in doc.text
    assert doc.title == "Nota del año"


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="windows-1252">',
        "<meta charset=windows-1252>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        # Browsers read a page labelled Latin-1 as Windows-1252, curly quotes and all.
        '<meta http-equiv="content-type" content="text/html; charset=ISO-8859-1">',
    ],
)
def test_html_meta_charset_windows_1252(head):
    body = "“El Mencho” dirige el Cártel de Jalisco – dijo la Fiscalía el año pasado."
    doc = read_bytes(page(body, head).encode("cp1252"), "nota.html")
    assert body in doc.text


def test_declared_charsets_win_over_the_guess():
    # 0xA4 is "€" in ISO 8859-15 and "¤" in Windows-1252 (what a guess would say).
    data = page("Pagaron 500 € al jefe de plaza en Michoacán.", '<meta charset="iso-8859-15">').encode(
        "iso8859-15"
    )
    assert "500 € al jefe" in read_bytes(data, "a.html").text
    xml = '<?xml version="1.0" encoding="windows-1252"?>' + page(
        "“Mencho” opera en Jalisco desde hace un año."
    )
    assert "“Mencho” opera en Jalisco" in read_bytes(xml.encode("cp1252"), "a.xhtml").text


def test_a_page_that_lies_about_its_charset_is_guessed():
    body = "“El Mencho” dirige el Cártel de Jalisco desde hace un año, según la Fiscalía."
    data = page(body, '<meta charset="utf-8">').encode("cp1252")  # not valid UTF-8
    assert body in read_bytes(data, "a.html").text


@pytest.mark.parametrize("seed", range(3))
def test_random_bytes_are_never_read_as_big5_or_thai(seed):
    import random

    from redes.ingest.textsafety import LEGACY, legacy_encoding

    assert not {"big5", "tis_620", "cp874"} & set(LEGACY)
    assert legacy_encoding(bytes(random.Random(seed).randrange(128, 256) for _ in range(5000))) is None


def test_too_few_letters_to_judge_a_language():
    from redes.ingest.language import MIN_LETTERS, detect

    letters = "abcdefghijkl"[:MIN_LETTERS]
    assert detect(" 12, ".join(letters[:-1])) == "und"  # one letter short
    assert detect("el 1 la 2 " + "x" * MIN_LETTERS) == "es"
