"""The tip line: anyone sends text and files without an account; photos lose their EXIF
and GPS, documents their properties; no address, user agent or cookie is kept anywhere;
a receipt code adds to the tip later; only users granted the confidential ``tips``
collection read it."""

from __future__ import annotations

import io
import logging
import re

import pytest
from sqlalchemy import MetaData, select, text

from redes.access import users
from redes.access.models import AuditEvent, TipFile, TipReceipt
from redes.store.models import Collection, Document
from redes.web import create_app, tip
from redes.web.auth import RateLimiter

PASSWORD = "correct horse battery staple"
SOURCE_IP = "203.0.113.99"
SOURCE_UA = "Mozilla/5.0 (UA-CANARY-7f3a)"
NAME = "Juan Fuente Secreta"  # the source's name, in every kind of metadata
GPS = (19.4326, -99.1332)


def _client(app, client=(SOURCE_IP, 44321)):
    from fastapi.testclient import TestClient

    return TestClient(
        app,
        base_url="http://127.0.0.1",
        client=client,
        follow_redirects=False,
        headers={"User-Agent": SOURCE_UA},
    )


def _add_user(store, name, role):
    with store.session() as s:
        users.set_password(s, users.create_user(s, name, role), PASSWORD)


def _login(c, name):
    page = c.get("/login")
    token = re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)
    r = c.post("/login", data={"username": name, "password": PASSWORD, "form_token": token})
    assert r.status_code == 303
    return c


def _dms(value: float) -> tuple:
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60, 2)
    return (d, m, s)


def photo_with_gps() -> bytes:
    """A JPEG with the EXIF a phone writes: GPS position, camera, owner."""
    from PIL import Image

    img = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x013B] = NAME  # Artist
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", _dms(GPS[0])
    gps[3], gps[4] = "W", _dms(GPS[1])
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, comment=NAME.encode())
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the test's photo has GPS
    return data


def docx_with_author() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("The payments to the police chief of Tlaquepaque are made every Friday at the market.")
    props = d.core_properties
    props.author = props.last_modified_by = NAME
    props.title = f"Notes by {NAME}"
    props.comments = NAME
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def pdf_with_author() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.add_metadata({"/Author": NAME, "/Title": f"Report by {NAME}", "/Creator": f"{NAME}'s laptop"})
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def dump(store) -> str:
    """Every value in every table of the database, as one string (bytes decoded loosely)."""
    meta = MetaData()
    meta.reflect(store.engine)
    parts = []
    with store.engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(table.select()):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


@pytest.fixture
def line(store, monkeypatch):
    """A server with users (an admin, a viewer) and a fresh tip-line rate limit."""
    monkeypatch.setattr(tip, "SUBMISSIONS", RateLimiter(30, 600))
    _add_user(store, "ana", "admin")
    _add_user(store, "vera", "viewer")
    return store, create_app(store)


def _send(c, text_=None, files=(), path="/tip", code=None):
    data = {}
    if text_ is not None:
        data["text"] = text_
    if code is not None:
        data["code"] = code
    return c.post(path, data=data, files=[("files", f) for f in files] or None)


def _receipt(page) -> str:
    return re.search(r'id="receipt">([^<]+)<', page.text).group(1)


def test_a_tip_keeps_no_address_no_user_agent_and_no_photo_metadata(line, caplog):
    store, app = line
    caplog.set_level(logging.DEBUG)
    c = _client(app)
    form = c.get("/tip")
    assert form.status_code == 200 and "set-cookie" not in form.headers
    r = _send(
        c,
        "El comandante de la plaza en Zapopan cobra cuotas a los taxistas.",
        [("IMG_2041 Juan Fuente.jpg", photo_with_gps(), "image/jpeg")],
    )
    assert r.status_code == 200, r.text
    assert "set-cookie" not in r.headers
    code = _receipt(r)
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){5}", code)

    from PIL import Image

    with store.session() as s:
        coll = s.scalar(select(Collection).where(Collection.name == "tips"))
        assert coll.visibility == "confidential"
        docs = s.scalars(select(Document).where(Document.collection_id == coll.id)).all()
        assert len(docs) == 2  # the text, and the note that stands for the photo
        assert any("cobra cuotas" in d.text for d in docs)
        files = s.scalars(select(TipFile)).all()
        assert len(files) == 1 and files[0].name == "attachment-1.jpg"
        stored = Image.open(io.BytesIO(files[0].data))
        assert stored.size == (64, 48)
        assert not stored.getexif() and not stored.getexif().get_ifd(0x8825)
        assert "exif" not in stored.info and "comment" not in stored.info
        assert s.scalar(select(TipReceipt.code_hash)) != code
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "tip.receive"))
        assert event.actor is None and event.origin is None
    everything = dump(store)
    for secret in (SOURCE_IP, "UA-CANARY", NAME, "PhoneMaker", "IMG_2041", code, code.replace("-", "")):
        assert secret not in everything, secret
    assert SOURCE_IP not in caplog.text and "UA-CANARY" not in caplog.text


def test_document_properties_are_removed(line):
    store, app = line
    c = _client(app)
    r = _send(
        c,
        None,
        [
            ("notes of Juan.docx", docx_with_author(), "application/octet-stream"),
            ("report.pdf", pdf_with_author(), "application/pdf"),
        ],
    )
    assert r.status_code == 200, r.text
    with store.session() as s:
        texts = [d.text for d in s.scalars(select(Document))]
    assert any("police chief of Tlaquepaque" in t for t in texts)
    # The PDF has no text layer: its cleaned file is kept, with a note for it.
    with store.session() as s:
        kept = s.scalars(select(TipFile)).all()
    assert [f.name for f in kept] == ["attachment-2.pdf"]
    from pypdf import PdfReader

    assert not PdfReader(io.BytesIO(kept[0].data)).metadata
    assert NAME not in dump(store)


def test_types_that_cannot_be_cleaned_are_refused_and_nothing_is_stored(line):
    store, app = line
    c = _client(app)
    for name, data in (
        ("page.html", b"<html><head><meta name=author content='x'></head><body>hi</body></html>"),
        ("tool.exe", b"MZ\x90\x00"),
        ("fake.jpg", b"not an image at all"),
    ):
        r = _send(c, "and a file", [(name, data, "application/octet-stream")])
        assert r.status_code == 400 and "Nothing was stored" in r.text, name
    assert _send(c, "   ").status_code == 400
    with store.session() as s:
        assert s.scalar(select(Document.id)) is None
        assert s.scalar(select(TipReceipt.id)) is None


def test_the_receipt_code_adds_to_the_tip(line):
    store, app = line
    c = _client(app)
    code = _receipt(_send(c, "Primera parte: el almacén está en la colonia Las Juntas."))
    assert _send(c, "Segunda parte", path="/tip/add", code="WRONG-CODE").status_code == 400
    added = _send(c, "Segunda parte: los camiones salen los martes.", path="/tip/add", code=code.lower())
    assert added.status_code == 200 and 'id="receipt"' not in added.text
    with store.session() as s:
        receipt = s.scalars(select(TipReceipt)).one()
        texts = [s.get(Document, i).text for i in receipt.document_ids]
    assert len(texts) == 2 and any("los martes" in t for t in texts)


def test_only_users_granted_the_tips_collection_read_tips(line):
    store, app = line
    c = _client(app)
    assert (
        _send(
            c, "Canary-tip-4471 sobre el puerto de Manzanillo.", [("p.png", _png(), "image/png")]
        ).status_code
        == 200
    )
    with store.session() as s:
        file_id = s.scalar(select(TipFile.id))
        doc_id = s.scalar(select(Document.id).where(Document.text.contains("Canary-tip-4471")))
    admin = _login(_client(app, client=("127.0.0.1", 1)), "ana")
    viewer = _login(_client(app, client=("127.0.0.1", 2)), "vera")
    for who in (admin, viewer):  # confidential: even an admin needs a grant
        assert "Canary-tip-4471" not in who.get("/tips").text
        assert who.get(f"/attachments/{file_id}").status_code == 404
        assert who.get(f"/api/documents/{doc_id}").status_code == 404
        found = who.get("/api/search", params={"q": "Manzanillo"}).json()
        assert found["documents"]["total"] == 0 and not found["facets"]["collection"]
    with store.session() as s:
        users.grant(s, "tips", user="ana")
    page = admin.get("/tips")
    assert f'href="/document/{doc_id}"' in page.text
    image = admin.get(f"/attachments/{file_id}")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert "Canary-tip-4471" in admin.get(f"/api/documents/{doc_id}").text
    assert admin.get("/api/search", params={"q": "Manzanillo"}).json()["documents"]["total"] == 1
    assert viewer.get(f"/attachments/{file_id}").status_code == 404


def _png() -> bytes:
    from PIL import Image, PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    meta.add_text("Author", NAME)
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(out, "PNG", pnginfo=meta)
    return out.getvalue()


def test_a_signed_in_user_sending_a_tip_leaves_no_trace_of_it(line):
    store, app = line
    vera = _login(_client(app, client=("127.0.0.1", 3)), "vera")
    assert _send(vera, "Un colega filtra los nombres de los testigos.").status_code == 200
    with store.session() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "tip.receive"))
        assert event.actor is None and event.origin is None
        # The session was not even looked at: its last request stays the sign-in.
        seen = s.execute(text("SELECT last_seen, created_at FROM web_sessions")).one()
        assert seen[0] == seen[1]


def test_submissions_are_rate_limited_for_the_whole_process(line, monkeypatch):
    store, app = line
    monkeypatch.setattr(tip, "SUBMISSIONS", RateLimiter(2, 600))
    codes = [_send(_client(app, client=(f"198.51.100.{i}", 1)), f"tip {i}").status_code for i in range(3)]
    assert codes == [200, 200, 429]


def test_the_tip_line_closes_when_its_collection_is_not_confidential(line):
    store, app = line
    with store.session() as s:
        users.create_collection(s, "tips", "public")
    r = _send(_client(app), "something")
    assert r.status_code == 503
    with store.session() as s:
        assert s.scalar(select(Document.id)) is None
