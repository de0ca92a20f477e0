"""The dependencies issue 14 declares: cryptography (AES-encrypted PDFs) and
lxml_html_clean (trafilatura's HTML cleaning with lxml >= 5.2)."""

import io

from redes.ingest.readers import read_bytes
from tests.ingest.samples import MALICIOUS_HTML, pdf_bytes


def test_an_aes_encrypted_pdf_with_an_empty_password_is_read():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes(["Los Zetas operan en Tamaulipas."]))))
    writer.encrypt(user_password="", owner_password="secreto", algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    doc = read_bytes(buf.getvalue(), "cifrado.pdf")
    assert "Los Zetas operan en Tamaulipas." in doc.text


def test_html_is_read_with_lxml_html_clean_installed():
    import lxml_html_clean  # noqa: F401  (trafilatura fails without it on lxml >= 5.2)

    doc = read_bytes(MALICIOUS_HTML.encode(), "pagina.html")
    assert doc.format == "html" and "alert" not in doc.text
