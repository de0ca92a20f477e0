"""Metadata removal for files sent to the tip line.

A photo's EXIF can hold the GPS position where it was taken, the camera's serial number
and the owner's name; a Word file's properties its author and last editor; a PDF's its
author, creator program and dates. None of it may reach the database.

- **Images** (JPEG, PNG, GIF, WebP): decoded and re-encoded from their pixels alone with
  Pillow, after turning them upright as their EXIF orientation says: EXIF, GPS, XMP, IPTC,
  ICC profiles and comments are all left behind, whatever the camera wrote.
- **DOCX**: every core property (author, last modified by, title, comments, dates...) is
  blanked with python-docx, and the extended and custom property parts (company, manager,
  template path, custom fields) are replaced by empty ones.
- **PDF**: the pages are copied by pypdf into a new file, without the document
  information dictionary or XMP metadata, and without per-page metadata, annotations
  (comments carry their author), thumbnails, actions, embedded files or JavaScript.
- **Plain text** (.txt, .md) carries no metadata.

Anything else is refused (``Refused``): a file we cannot clean is not stored.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import UTC, datetime

IMAGE_FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "GIF": ("image/png", ".png"),
                 "WEBP": ("image/png", ".png")}  # fmt: skip
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
TEXT_SUFFIXES = (".txt", ".md")
ACCEPTED = (*IMAGE_SUFFIXES, ".pdf", ".docx", *TEXT_SUFFIXES)
MAX_PIXELS = 50_000_000
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


class Refused(ValueError):
    """A file the tip line does not take (a type it cannot clean, or a broken file)."""


def kind_of(name: str) -> str | None:
    """ "image", "pdf", "docx" or "text" by the file name's ending, else None."""
    lower = name.lower()
    if lower.endswith(IMAGE_SUFFIXES):
        return "image"
    if lower.endswith(".pdf"):
        return "pdf"
    if lower.endswith(".docx"):
        return "docx"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def clean(data: bytes, name: str) -> tuple[bytes, str, str]:
    """The file without its metadata: (bytes, kind, suffix of the cleaned file)."""
    kind = kind_of(name)
    if kind == "image":
        cleaned, _, suffix, _ = clean_image(data)
        return cleaned, kind, suffix
    if kind == "pdf":
        return clean_pdf(data), kind, ".pdf"
    if kind == "docx":
        return clean_docx(data), kind, ".docx"
    if kind == "text":
        if b"\x00" in data:
            raise Refused("binary content, not text")
        return data, kind, ".md" if name.lower().endswith(".md") else ".txt"
    raise Refused(f"only {', '.join(ACCEPTED)} files: others may carry metadata we cannot remove")


def clean_image(data: bytes) -> tuple[bytes, str, str, tuple[int, int]]:
    """(bytes, media type, suffix, (width, height)) of the image re-encoded from its pixels."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
            fmt = img.format
            if fmt not in IMAGE_FORMATS:
                raise Refused(f"not an image we can clean ({fmt or 'unknown format'})")
            if img.width * img.height > MAX_PIXELS:
                raise Refused("image too large")
            img.load()
            img = ImageOps.exif_transpose(img) or img
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
                Image.DecompressionBombWarning) as exc:  # fmt: skip
            raise Refused(f"not a readable image: {exc}") from exc
    media, suffix = IMAGE_FORMATS[fmt]
    has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
    mode = "RGBA" if has_alpha and suffix == ".png" else "RGB"
    pixels = img.convert(mode)
    # A new image from the raw pixels: no info dictionary, no EXIF, no profile, nothing else.
    fresh = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if suffix == ".jpg":
        fresh.save(out, "JPEG", quality=92)
    else:
        fresh.save(out, "PNG")
    return out.getvalue(), media, suffix, fresh.size


_CORE_TEXT = (
    "author",
    "category",
    "comments",
    "content_status",
    "identifier",
    "keywords",
    "language",
    "last_modified_by",
    "subject",
    "title",
    "version",
)
_EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)
_EMPTY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>'
)


def clean_docx(data: bytes) -> bytes:
    """The .docx with its core, extended and custom properties emptied."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise Refused(f"not a readable DOCX file: {type(exc).__name__}") from exc
    props = document.core_properties
    for name in _CORE_TEXT:
        setattr(props, name, "")
    props.created = props.modified = props.last_printed = EPOCH
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx knows only the core properties: empty the other two property parts.
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                body = _EMPTY_APP
            elif item.filename == "docProps/custom.xml":
                body = _EMPTY_CUSTOM
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, body)
    return out.getvalue()


_PAGE_KEYS = ("/Metadata", "/PieceInfo", "/Annots", "/AA", "/Thumb", "/LastModified")


def clean_pdf(data: bytes) -> bytes:
    """The PDF's pages in a new file, without document or page metadata, annotations,
    actions, embedded files or scripts."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import NameObject

    if not data.startswith(b"%PDF"):
        raise Refused("not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Refused("an encrypted PDF cannot be cleaned")
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        for page in writer.pages:
            for key in _PAGE_KEYS:
                if NameObject(key) in page:
                    del page[NameObject(key)]
            _strip_xobject_metadata(page)
        writer.metadata = None  # no document information dictionary (author, creator, dates)
        out = io.BytesIO()
        writer.write(out)
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise Refused(f"not a readable PDF: {type(exc).__name__}") from exc
    return out.getvalue()


def _strip_xobject_metadata(page) -> None:
    """XMP streams attached to the page's images and forms."""
    from pypdf.generic import NameObject

    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if resources else None
    if not xobjects:
        return
    for ref in xobjects.get_object().values():
        obj = ref.get_object()
        if NameObject("/Metadata") in obj:
            del obj[NameObject("/Metadata")]
