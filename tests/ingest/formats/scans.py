"""Scanned pages made in code: text rendered to pixels (no text layer), as an image or
wrapped in a PDF, so that only OCR can read them."""

from __future__ import annotations

import io
import os
import shutil

import pytest

SPANISH_PAGE = [
    "INFORME DE LA FISCALÍA GENERAL",
    "La policía detuvo en Culiacán a dos",
    "hombres acusados de extorsión y",
    "lavado de dinero para el cártel.",
]


def need_tesseract() -> None:
    """Skip without Tesseract, except in CI, where it must be installed (.ci/run)."""
    from redes.ingest.formats import ocr

    if ocr.available():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("Tesseract with Spanish and English is required in CI (.ci/run installs it)")
    pytest.skip("Tesseract (tesseract-ocr, tesseract-ocr-spa, tesseract-ocr-eng) is not installed")


def page_image(lines: list[str], size: tuple[int, int] = (1240, 900)):
    """A white page with ``lines`` in black, about 150 dpi for 14 pt text."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    # DejaVu Sans (shipped with matplotlib) has the accented letters Pillow's default lacks.
    from matplotlib import font_manager

    font = ImageFont.truetype(font_manager.findfont("DejaVu Sans"), 40)
    for i, line in enumerate(lines):
        draw.text((80, 80 + i * 70), line, fill=0, font=font)
    return image


def png_bytes(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    page_image(lines).save(buf, format="PNG")
    return buf.getvalue()


def scanned_pdf(lines: list[str], blank_pages: int = 0) -> bytes:
    """A PDF whose first page is an image of ``lines`` (no text layer), then blank pages."""
    pages = [page_image(lines).convert("RGB")]
    pages += [page_image([]).convert("RGB") for _ in range(blank_pages)]
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=150)
    return buf.getvalue()


def have_binary(name: str) -> bool:
    return shutil.which(name) is not None
