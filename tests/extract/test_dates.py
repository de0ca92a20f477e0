"""Dates and years (``redes.extract.dates``), English and Spanish, for relation years and
attribute values."""

from __future__ import annotations

import pytest

from redes.extract.dates import document_date, find_dates, nearest_year


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("el 20 de septiembre de 2011 entró al estado", "2011-09-20"),
        ("en mayo del 2016 se abrió la investigación", "2016-05"),
        ("Del 1º de octubre del 2024 al 15 de marzo", "2024-10-01"),
        ("on the 27th of February, 2015, near the border", "2015-02-27"),
        ("announced on December 1, 2020 that", "2020-12-01"),
        ("in 2015 the group", "2015"),
        ("Since 2014, the group has grown", "2014"),
    ],
)
def test_dates_english_and_spanish(text: str, iso: str) -> None:
    assert find_dates(text)[0].iso() == iso


def test_years_are_not_amounts_or_phone_numbers() -> None:
    assert nearest_year("a reward of $2015 and 1-800-2020", 0) is None
    assert nearest_year("between 2015 and 2019, violence grew", 30) == 2019
    assert document_date("Sanctions on a cartel\n\nAugust 5, 2026\n\nIn a new action").iso() == "2026-08-05"
    assert find_dates("Feb. 22 when authorities announced")[0].iso() is None  # no year written
