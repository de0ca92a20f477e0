"""Metadata removal for tip-line files (``redes.tips.scrub``)."""

from __future__ import annotations

import io

from redes.tips.scrub import clean
from tests.web.test_tip import NAME, _png, photo_with_gps


def test_clean_image_drops_every_kind_of_metadata():
    from PIL import Image

    data, kind, suffix = clean(photo_with_gps(), "x.JPG")
    assert kind == "image" and suffix == ".jpg"
    img = Image.open(io.BytesIO(data))
    assert not img.getexif() and not set(img.info) & {"exif", "icc_profile", "xmp", "comment"}
    assert NAME.encode() not in data and b"Exif" not in data
    png, _, _ = clean(_png(), "x.png")
    assert NAME.encode() not in png and Image.open(io.BytesIO(png)).mode == "RGBA"
