"""Archives walked as folders; zip bombs, DOCX bombs and entity bombs refused before parsing."""

import gzip
import io
import zipfile

import pytest
from sqlalchemy import select

from redes.ingest.formats import limits
from redes.ingest.pipeline import ingest
from redes.ingest.readers import ReadError, read_bytes
from redes.store.models import Document
from tests.ingest.samples import docx_bytes, pdf_bytes


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_a_zip_is_walked_as_a_folder_of_child_documents(sqlite_store, tmp_path):
    inner = zip_bytes({"nota.txt": b"Una nota sobre Colima."})
    path = tmp_path / "caso.zip"
    path.write_bytes(
        zip_bytes(
            {
                "informes/acta.pdf": pdf_bytes(["La Fiscalia de Jalisco abrio una carpeta."]),
                "informes/memo.docx": docx_bytes(["El memo menciona a la Guardia Nacional."]),
                "otro/interno.zip": inner,
                "foto.bmp": b"BM....",
                "__MACOSX/._acta.pdf": b"junk",
            }
        )
    )
    report = ingest(sqlite_store, [path], extract=False)
    assert report.counts() == {"ingested": 1, "duplicate": 0, "failed": 0, "ignored": 1}
    assert report.of("ignored")[0].path == f"{path}!foto.bmp"
    with sqlite_store.session() as s:
        docs = {d.file_name: d for d in s.scalars(select(Document))}
    assert set(docs) == {
        "caso.zip",
        "informes/acta.pdf",
        "informes/memo.docx",
        "otro/interno.zip",
        "nota.txt",
    }
    top = docs["caso.zip"]
    assert docs["informes/acta.pdf"].parent_id == top.id and docs["informes/memo.docx"].parent_id == top.id
    assert docs["nota.txt"].parent_id == docs["otro/interno.zip"].id
    assert "Guardia Nacional" in docs["informes/memo.docx"].text


def test_a_zip_bomb_is_refused():
    bomb = zip_bytes({"zeros.txt": b"\0" * (50 * limits.MB)})
    with pytest.raises(ReadError, match="zip bomb"):
        read_bytes(bomb, "bomb.zip")


def test_a_zip_with_too_many_entries_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ENTRIES", 5)
    with pytest.raises(ReadError, match="entries"):
        read_bytes(zip_bytes({f"{i}.txt": b"x" for i in range(6)}), "many.zip")


def test_a_zip_whose_headers_lie_is_stopped_at_the_cap(monkeypatch):
    # Declared sizes pass the checks; the stream is what stops it.
    monkeypatch.setattr(limits, "MAX_MEMBER", 1024)
    monkeypatch.setattr(limits, "RATIO_FLOOR", 10**12)
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes({"a.txt": b"a" * 4096})))
    info = archive.infolist()[0]
    from redes.ingest.formats import archives

    with pytest.raises(ReadError, match="expands past"):
        b"".join(archives._stream(archive, info, "ZIP", limits.MAX_MEMBER))


def test_nesting_is_limited(monkeypatch):
    monkeypatch.setattr(limits, "MAX_DEPTH", 1)
    nested = zip_bytes({"a.zip": zip_bytes({"b.txt": b"deep text"})})
    doc = read_bytes(nested, "n.zip")
    assert doc.children[0].skipped == [
        ("b.txt", "failed", "nested more than 1 levels deep (archives or attachments)")
    ]


def test_a_docx_bomb_is_refused_before_parsing():
    """A small DOCX whose document.xml expands far past the cap."""
    good = zipfile.ZipFile(io.BytesIO(docx_bytes(["Hola."])))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"Hola.", b"A" * (limits.MAX_MEMBER + limits.MB))
            z.writestr(info.filename, data)
    assert len(buf.getvalue()) < 2 * limits.MB
    with pytest.raises(ReadError, match="DOCX member 'word/document.xml'"):
        read_bytes(buf.getvalue(), "bomb.docx")


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>
"""


def test_billion_laughs_in_a_docx_is_refused():
    good = zipfile.ZipFile(io.BytesIO(docx_bytes(["Hola."])))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in good.infolist():
            z.writestr(info.filename, LAUGHS if info.filename == "word/document.xml" else good.read(info))
    with pytest.raises(ReadError, match="declares a DTD or XML entities"):
        read_bytes(buf.getvalue(), "laughs.docx")


def test_a_gzip_file_is_the_document_inside_it():
    doc = read_bytes(gzip.compress(b"Informe sobre Sinaloa."), "informe.txt.gz")
    assert doc.format == "txt" and doc.text == "Informe sobre Sinaloa."


def test_a_gzip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_MEMBER", limits.MB)
    with pytest.raises(ReadError, match="gzip bomb"):
        read_bytes(gzip.compress(b"a" * (2 * limits.MB)), "big.txt.gz")


def test_containers_are_read_in_worker_processes(sqlite_store, tmp_path):
    """With --jobs the parsed tree of documents crosses the process boundary whole."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.zip").write_bytes(zip_bytes({"x.txt": b"Una nota sobre Colima.", "y.bmp": b"BM"}))
    (folder / "b.zip").write_bytes(zip_bytes({"z.docx": docx_bytes(["Otra nota sobre Tijuana."])}))
    report = ingest(sqlite_store, [folder], jobs=2, extract=False)
    assert report.counts() == {"ingested": 2, "duplicate": 0, "failed": 0, "ignored": 1}
    assert all(len(r.children) == 1 for r in report.of("ingested"))
