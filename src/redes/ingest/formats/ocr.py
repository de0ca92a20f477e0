"""OCR with Tesseract (English and Spanish): images, and the pages of a PDF that have no
text layer (scans).

Tesseract is optional at run time: without it such files fail with a reason that says
what to install. The work is bounded: ``limits.OCR_MAX_PAGES`` pages per document,
``limits.MAX_PIXELS`` per page, blank pages skipped without running Tesseract.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from functools import cache

from redes.ingest.formats import limits
from redes.ingest.readers import ParsedDocument, ReadError, reflow

LANGUAGES = ("spa", "eng")
INSTALL = "install Tesseract (Debian: tesseract-ocr tesseract-ocr-spa tesseract-ocr-eng) to read it by OCR"


@dataclass(slots=True)
class Scan:
    """What OCR read from a document."""

    confidence: float | None = None  # mean word confidence, 0-100
    words: int = 0
    meta: dict = field(default_factory=dict)


@cache
def languages() -> str | None:
    """Tesseract's language argument ("spa+eng"), or None when Tesseract or both languages
    are missing."""
    try:
        import pytesseract

        have = set(pytesseract.get_languages(config=""))
    except Exception:  # no pytesseract, no tesseract binary, a broken install
        return None
    found = [lang for lang in LANGUAGES if lang in have]
    return "+".join(found) if found else None


def available() -> bool:
    return languages() is not None


def read_image(data: bytes, name: str) -> ParsedDocument:
    """A photo or scan (PNG, JPEG, TIFF, every frame of a multi-page TIFF) read by OCR."""
    from PIL import Image, UnidentifiedImageError

    lang = _need_tesseract("image")
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError) as exc:
        raise ReadError("not an image Pillow can read (corrupt, or not PNG/JPEG/TIFF)") from exc
    scan = Scan()
    texts: list[str] = []
    confidences: list[float] = []
    try:
        for i in range(min(frames, limits.OCR_MAX_PAGES)):
            image.seek(i)
            _check_pixels(image.size)
            text, confs = _ocr(image, lang)
            texts.append(text)
            confidences += confs
    except (OSError, SyntaxError, ValueError) as exc:  # what Pillow raises for broken files
        raise ReadError(f"corrupt or truncated image: {exc}") from exc
    if frames > limits.OCR_MAX_PAGES:
        scan.meta["ocr_note"] = _capped(frames)
    text = "\n\n".join(t for t in texts if t.strip())
    if not text.strip():
        raise ReadError("OCR found no text in the image")
    _finish(scan, confidences, pages=min(frames, limits.OCR_MAX_PAGES))
    return ParsedDocument(
        text=text, format="image", title=_first_line(text), ocr_confidence=scan.confidence, meta=scan.meta
    )


def fill_blank_pages(data: bytes, pages: list[str]) -> Scan | None:
    """OCR the pages of a PDF that have no text layer, in place in ``pages``. None when
    every page has text. Without Tesseract a PDF with no text at all fails; one with some
    text keeps it and notes the pages it could not read."""
    blank = [i for i, page in enumerate(pages) if not page.strip()]
    if not blank:
        return None
    scan = Scan()
    if not available():
        if len(blank) == len(pages):
            raise ReadError(f"PDF has no text layer (a scan?): {INSTALL}")
        scan.meta["ocr_note"] = f"{len(blank)} page(s) without a text layer not read: {INSTALL}"
        return scan
    import pypdfium2 as pdfium

    lang = languages()
    pdf = pdfium.PdfDocument(data)
    confidences: list[float] = []
    done = 0
    try:
        for i in blank[: limits.OCR_MAX_PAGES]:
            page = pdf[i]
            width, height = page.get_size()  # points
            scale = limits.OCR_DPI / 72
            if width * height * scale * scale > limits.MAX_PIXELS:
                scale = (limits.MAX_PIXELS / (width * height)) ** 0.5  # huge page: lower resolution
            image = page.render(scale=scale, grayscale=True).to_pil()
            page.close()
            done += 1
            if _is_blank(image):
                continue
            text, confs = _ocr(image, lang)
            pages[i] = text
            confidences += confs
    finally:
        pdf.close()
    if len(blank) == len(pages) and not confidences:
        raise ReadError(
            "PDF has no text layer and OCR found no text in it"
            + (f": {_capped(len(blank))}" if len(blank) > limits.OCR_MAX_PAGES else "")
        )
    if len(blank) > limits.OCR_MAX_PAGES:
        scan.meta["ocr_note"] = _capped(len(blank))
    _finish(scan, confidences, pages=done)
    return scan


def _need_tesseract(what: str) -> str:
    lang = languages()
    if lang is None:
        raise ReadError(f"an {what} has text only as pixels: {INSTALL}")
    return lang


def _check_pixels(size: tuple[int, int]) -> None:
    if size[0] * size[1] > limits.MAX_PIXELS:
        raise ReadError(f"image too large for OCR ({size[0]}x{size[1]} pixels, limit {limits.MAX_PIXELS:,})")


def _is_blank(image) -> bool:
    """A page of one flat colour (a separator sheet, an empty scan): nothing to read."""
    low, high = image.convert("L").getextrema()
    return high - low < 16


def _ocr(image, lang: str) -> tuple[str, list[float]]:
    """The text of one page, as paragraphs of whole sentences, and its word confidences."""
    import pytesseract

    # One thread per Tesseract: ingest runs files in parallel (--jobs), and Tesseract's own
    # OpenMP threads on top of that made OCR 3x slower on a busy 2-core machine.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(image.convert("L"), lang=lang, output_type=pytesseract.Output.DICT)
    paragraphs: dict[tuple[int, int], dict[int, list[str]]] = {}
    confidences: list[float] = []
    for word, conf, block, par, line in zip(
        data["text"], data["conf"], data["block_num"], data["par_num"], data["line_num"], strict=True
    ):
        if not word.strip() or float(conf) < 0:
            continue
        paragraphs.setdefault((block, par), {}).setdefault(line, []).append(word)
        confidences.append(float(conf))
    text = "\n\n".join(
        reflow("\n".join(" ".join(words) for words in lines.values())) for lines in paragraphs.values()
    )
    return text, confidences


def _finish(scan: Scan, confidences: list[float], pages: int) -> None:
    scan.words = len(confidences)
    scan.confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
    scan.meta["ocr_pages"] = pages


def _capped(pages: int) -> str:
    return (
        f"OCR stopped after {limits.OCR_MAX_PAGES} of {pages} pages without a text layer "
        f"(the limit per document)"
    )


def _first_line(text: str) -> str | None:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if 0 < len(line) <= 200 else None
