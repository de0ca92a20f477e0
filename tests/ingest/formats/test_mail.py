"""Mail: messages as documents with their headers, attachments as child documents."""

import json
from email.message import EmailMessage

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from redes.cli import cli
from redes.ingest.pipeline import ingest
from redes.ingest.readers import ReadError, read_bytes
from redes.store.models import Document
from tests.ingest.samples import docx_bytes


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def message(subject: str, body: str, attachment: bytes | None = None, name: str = "informe.docx") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Ana Torres <Ana.Torres@example.org>"
    msg["To"] = "redaccion@example.org, Luis Gómez <luis@example.net>"
    msg["Cc"] = "archivo@example.org"
    msg["Date"] = "Tue, 14 May 2024 09:30:00 -0600"
    msg["Subject"] = subject
    msg.set_content(body)
    if attachment is not None:
        msg.add_attachment(
            attachment,
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
            filename=name,
        )
    return bytes(msg)


def mbox(*messages: bytes) -> bytes:
    out = b""
    for m in messages:
        out += b"From ana@example.org Tue May 14 09:30:00 2024\n" + m.replace(b"\r\n", b"\n") + b"\n"
    return out


def test_an_eml_is_a_document_with_its_headers():
    doc = read_bytes(message("Pagos en Sinaloa", "Los pagos llegaron el martes."), "nota.eml")
    assert doc.format == "eml" and doc.title == "Pagos en Sinaloa"
    assert doc.published == "2024-05-14" and doc.publisher == "Ana Torres"
    assert "Los pagos llegaron el martes." in doc.text and "Subject: Pagos en Sinaloa" in doc.text
    addresses = doc.meta["addresses"]
    assert addresses["from"] == [{"name": "Ana Torres", "address": "ana.torres@example.org"}]
    assert {a["address"] for a in addresses["to"]} == {"redaccion@example.org", "luis@example.net"}
    assert addresses["cc"] == [{"address": "archivo@example.org"}]


def test_an_mbox_attachment_is_a_child_document_found_by_search(tmp_path):
    attached = docx_bytes(["El contador Ramiro Quintanilla movía el dinero por Tijuana."])
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "buzon.mbox").write_bytes(
        mbox(
            message("Primer aviso", "Sin adjuntos."),
            message("Informe adjunto", "Va el informe.", attached),
        )
    )
    db = tmp_path / "r.db"
    result = run("ingest", tmp_path / "in", "--db", db, "--no-extract", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(run("search", "Quintanilla", "--db", db, "--format", "json").output)
    assert found["count"] == 1 and "informe.docx" in json.dumps(found["results"][0])

    from redes.store import open_store

    store = open_store(db)
    with store.session() as s:
        docs = {d.file_name: d for d in s.scalars(select(Document))}
        box = docs["buzon.mbox"]
        first, second = (d for d in docs.values() if d.parent_id == box.id)
        assert {first.title, second.title} == {"Primer aviso", "Informe adjunto"}
        mail = second if second.title == "Informe adjunto" else first
        attachment = docs["informe.docx"]
        assert attachment.parent_id == mail.id and attachment.format == "docx"
        assert mail.meta["headers"]["From"] == "Ana Torres <Ana.Torres@example.org>"
    store.close()


def test_a_second_ingest_of_the_mailbox_adds_nothing(store, tmp_path):
    """On both backends: children, their parent links and their metadata are stored."""
    path = tmp_path / "buzon.mbox"
    path.write_bytes(mbox(message("Aviso", "Texto.", docx_bytes(["Adjunto."]))))
    first = ingest(store, [path], extract=False)
    assert (
        first.counts()["ingested"] == 1 and len(first.results[0].children) == 2
    )  # the message, its attachment
    mail_id, attachment_id = first.results[0].children
    with store.session() as s:
        assert s.get(Document, attachment_id).parent_id == mail_id
        assert s.get(Document, mail_id).meta["headers"]["Subject"] == "Aviso"
    second = ingest(store, [path], extract=False)
    assert second.counts()["duplicate"] == 1


def test_the_document_view_links_a_mail_and_its_attachment(sqlite_store, tmp_path):
    from fastapi.testclient import TestClient

    from redes.web.app import create_app

    path = tmp_path / "nota.eml"
    path.write_bytes(message("Aviso <b>urgente</b>", "Texto.", docx_bytes(["Adjunto."])))
    report = ingest(sqlite_store, [path], extract=False)
    mail_id, attachment_id = report.results[0].document_id, report.results[0].children[0]
    client = TestClient(create_app(sqlite_store), base_url="http://127.0.0.1", client=("127.0.0.1", 50000))
    mail = client.get(f"/document/{mail_id}").text
    assert f'href="/document/{attachment_id}"' in mail and "<dt>From</dt>" in mail
    assert "Aviso &lt;b&gt;urgente&lt;/b&gt;" in mail and "<b>urgente</b>" not in mail
    attachment = client.get(f"/document/{attachment_id}").text
    assert f'inside <a href="/document/{mail_id}">' in attachment


def test_an_unreadable_attachment_is_reported_under_its_mail(sqlite_store, tmp_path):
    path = tmp_path / "nota.eml"
    path.write_bytes(message("Roto", "Adjunto roto.", b"%PDF-1.4 garbage", name="roto.pdf"))
    report = ingest(sqlite_store, [path], extract=False)
    failed = report.of("failed")
    assert [r.path for r in failed] == [f"{path}!roto.pdf"] and "PDF" in failed[0].reason
    assert report.of("ingested")[0].path == str(path)


def test_not_mail_is_refused():
    with pytest.raises(ReadError, match="not a mail message"):
        read_bytes(b"just some words", "x.eml")
    with pytest.raises(ReadError, match="not an mbox"):
        read_bytes(b"just some words", "x.mbox")
