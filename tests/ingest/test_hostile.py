"""Hostile inputs: each one gets a clear per-file error or is ingested safely, and none
stops the run."""

import io
import os
import random

import pytest
from sqlalchemy import select

from redes.ingest.pipeline import NOT_REGULAR, collect, ingest
from redes.ingest.readers import ReadError, read_bytes
from redes.store.models import Document, DocumentSource
from tests.ingest.samples import pdf_bytes

TEXT = "El Cártel de Sinaloa opera en Sonora y Chihuahua desde 2010, según la Fiscalía General.\n"


def _statuses(report):
    return {os.path.basename(r.path): (r.status, r.reason) for r in report.results}


def test_a_link_out_of_the_folder_is_not_followed(sqlite_store, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Contraseñas del servidor de la Fiscalía General de la República.")
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "nota.txt").write_text(TEXT)
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "etc").symlink_to("/etc")
    (folder / "loop").symlink_to(folder)  # a loop: the folder inside itself
    report = ingest(sqlite_store, [folder], extract=False)
    got = _statuses(report)
    assert got["nota.txt"][0] == "ingested"
    for name in ("passwd.txt", "etc", "loop"):
        assert got[name] == ("ignored", "symbolic link, not followed")
    with sqlite_store.session() as s:
        assert s.scalars(select(Document.file_name)).all() == ["nota.txt"]


def test_a_link_named_on_the_command_line_is_followed(sqlite_store, tmp_path):
    (tmp_path / "real.txt").write_text(TEXT)
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert ingest(sqlite_store, [tmp_path / "link.txt"], extract=False).counts()["ingested"] == 1


def test_devices_and_fifos_are_a_per_file_error(sqlite_store, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    folder = tmp_path / "inbox"
    folder.mkdir()
    os.mkfifo(folder / "inner.txt")
    (folder / "nota.txt").write_text(TEXT)
    report = ingest(sqlite_store, ["/dev/zero", fifo, folder], extract=False)
    got = {r.path: (r.status, r.reason) for r in report.results}
    assert got["/dev/zero"] == ("failed", NOT_REGULAR)
    assert got[str(fifo)] == ("failed", NOT_REGULAR)
    assert got[str(folder / "inner.txt")] == ("failed", NOT_REGULAR)
    assert got[str(folder / "nota.txt")][0] == "ingested"
    assert not report.ok


def test_the_cli_fails_on_dev_zero(tmp_path):
    from click.testing import CliRunner

    from redes.cli import cli

    out = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "x.db"), "/dev/zero"])
    assert out.exit_code == 1
    assert "failed /dev/zero: not a regular file" in out.output


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text(encoding):
    doc = read_bytes((TEXT * 5).encode(encoding), "nota.txt")
    assert doc.text.startswith("El Cártel de Sinaloa opera en Sonora")


@pytest.mark.parametrize("seed", range(6))
def test_random_high_bytes_are_refused(seed):
    data = bytes(random.Random(seed).randrange(128, 256) for _ in range(20_000))
    with pytest.raises(ReadError, match="binary content"):
        read_bytes(data, "ruido.txt")


@pytest.mark.parametrize("text", [TEXT, "Müller, Größe und Straße.", "Ñandú", "1;2;3;4\n" * 50 + "año"])
def test_legacy_encoded_text_is_still_text(text):
    assert read_bytes(text.encode("cp1252"), "viejo.txt").text == text.strip()


def test_nul_bytes_past_the_first_8_kb_become_spaces():
    data = (TEXT * 100).encode() + b"Guadalajara\x00Jalisco\x00\x00Colima"
    assert read_bytes(data, "nota.txt").text.endswith("Guadalajara Jalisco  Colima")


def test_control_characters_and_escapes_are_stripped_from_titles_and_text():
    data = b"Informe \x1b[31mrojo\x1b[0m\x07 \x1b]0;pwned\x07final\n\n" + TEXT.encode() * 10
    doc = read_bytes(data, "nota.txt")
    assert doc.title == "Informe rojo final"
    assert "\x1b" not in doc.text and "[31m" not in doc.text
    html = (
        b"<html><head><title>T\x1b[2J\x08tulo</title></head><body><p>"
        + TEXT.encode() * 3
        + b"</p></body></html>"
    )
    assert read_bytes(html, "p.html").title == "Ttulo"


def test_deeply_nested_divs_keep_the_body_text():
    html = (
        "<html><head><title>Titulo</title><script>alert(1)</script></head><body>"
        + "<div>" * 50_000
        + f"<p>{TEXT}</p>"
        + "</div>" * 50_000
        + "</body></html>"
    )
    doc = read_bytes(html.encode(), "deep.html")
    assert doc.title == "Titulo"
    assert "El Cártel de Sinaloa opera en Sonora" in doc.text and "alert" not in doc.text


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><p>Antes &foo; despues, en Sinaloa.</p><p>{text}</p></body></html>",
        '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>'
        "<body><p>Antes &foo; despues, en Sinaloa.</p><p>{text}</p></body></html>",
        # An internal DTD subset, and an XML declaration that lxml refused in a decoded page.
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html [<!ENTITY bar "x">]>'
        "<html><body><p>Antes &foo; despues, en Sinaloa.</p><p>{text}</p></body></html>",
    ],
)
def test_text_after_an_unresolved_entity_is_kept(page):
    doc = read_bytes(page.format(text=TEXT).encode(), "page.xhtml")
    assert "despues, en Sinaloa" in doc.text and "Chihuahua" in doc.text


def test_file_names_with_newlines_quotes_and_escapes(sqlite_store, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    name = "in\"for'me\n\x1b[31mrojo.txt"
    (folder / name).write_text(TEXT)
    report = ingest(sqlite_store, [folder], extract=False)
    assert report.counts()["ingested"] == 1
    with sqlite_store.session() as s:
        doc = s.scalars(select(Document)).one()
        source = s.scalars(select(DocumentSource)).one()
    assert doc.file_name == "in\"for'me rojo.txt"
    assert "\n" not in source.path and "\x1b" not in source.path and source.path.endswith("\\x1b[31mrojo.txt")


def test_the_cli_prints_no_raw_control_characters(tmp_path):
    from click.testing import CliRunner

    from redes.cli import cli

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "mal\x1b[2J.pdf").write_bytes(b"not a pdf")
    out = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "x.db"), str(folder)])
    assert out.exit_code == 1
    assert "\x1b" not in out.output and "mal\\x1b[2J.pdf" in out.output


def test_a_pdf_with_javascript_gives_its_text_only():
    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(pdf_bytes([TEXT.strip()]))).pages[0])
    writer.add_open_action(JavaScript("app.alert('pwned'); this.exportDataObject({cName: 'x', nLaunch: 2});"))
    buf = io.BytesIO()
    writer.write(buf)
    doc = read_bytes(buf.getvalue(), "js.pdf")
    assert "Sinaloa" in doc.text and "alert" not in doc.text and "pwned" not in doc.text


def _encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(pdf_bytes([TEXT.strip()]))).pages[0])
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_an_encrypted_pdf_with_an_empty_user_password_is_read():
    assert "Sinaloa" in read_bytes(_encrypted_pdf(""), "open.pdf").text


def test_an_encrypted_pdf_with_a_password_is_a_clear_error():
    with pytest.raises(ReadError, match="encrypted PDF: a password is needed"):
        read_bytes(_encrypted_pdf("secreto"), "locked.pdf")


def test_collect_walks_in_a_fixed_order(tmp_path):
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(TEXT)
    assert [c.path.name for c in collect([tmp_path])] == ["a.txt", "b.txt", "c.md"]


def test_near_duplicate_shingles_of_a_long_text_are_bounded():
    from redes.ingest.neardup import MAX_TEXT, shingles

    text = " ".join(f"palabra{i}" for i in range(400_000))  # 4.6 million characters
    found = shingles(text)
    assert len(found) < MAX_TEXT // 8  # words of the first MAX_TEXT characters only
    assert shingles(text + " y un final distinto") == found
