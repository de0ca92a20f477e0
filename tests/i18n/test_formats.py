"""Money, numbers, dates and coded values as people read them, in English and Spanish."""

from __future__ import annotations

from datetime import datetime

import pytest

from redes.i18n import formats, label, negotiate


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "US$15,000,000"), ("es", "15.000.000\xa0US$")],
)
def test_a_reward_is_money(lang, expected):
    assert formats.value("reward", "USD 15000000", lang) == expected


def test_money_keeps_cents_only_when_there_are_some():
    assert formats.money("1500.5", "USD", "en") == "US$1,500.50"
    assert formats.money(200, "MXN", "es") == "200\xa0MXN"


def test_numbers_percentages_and_dates():
    assert formats.number(1234567, "en") == "1,234,567"
    assert formats.number(1234567, "es") == "1.234.567"
    assert formats.number(0.905423, "es", 3) == "0,905"
    assert formats.percent(0.905423, "en") == "91%"
    assert formats.percent(0.905423, "es", 1) == "90,5\xa0%"
    assert formats.date("2015-05-01", "en") == "May 1, 2015"
    assert formats.date("2015-05-01", "es") == "1 may 2015"
    assert formats.date("2015-05", "en") == "May 2015"
    assert formats.date("2015", "es") == "2015"
    assert formats.date("not a date", "es") == "not a date"


def test_a_moment_is_shown_to_the_minute():
    moment = datetime(2026, 12, 5, 16, 54, 42, 123456)
    assert formats.datetime(moment, "en") == "5 Dec 2026, 16:54"
    assert formats.datetime("2026-12-05 16:54:42.123456", "es") == "5 dic 2026, 16:54"
    assert formats.date("2026-12-05T16:54:42.123456", "en") == "5 Dec 2026, 16:54"


def test_ucdp_precision_codes_are_words():
    assert formats.precision(1, "ged", "en") == "exact place"
    assert formats.precision(2, "ged", "es") == "a menos de 25 km de un lugar conocido"
    assert formats.precision(3, "acled", "en") == "a larger region"
    assert formats.precision(None) == ""
    assert formats.left_out("where_prec above 3 (--min-precision)", "en") == "located less precisely than “the municipality”"
    assert "where_prec" not in formats.left_out("located only to a state or the country (where_prec >= 4)")


def test_labels_fall_back_to_the_key():
    assert label("entity_type", "criminal_group", "es") == "grupo criminal"
    assert label("relation", "member_of", "en") == "member of"
    assert label("relation", "new_relation", "es") == "new relation"


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        (None, "es-MX,es;q=0.9,en;q=0.8", "es"),
        ("en", "es", "en"),
        ("fr", "es", "es"),
        (None, "fr, en;q=0.5, es;q=0.7", "es"),
        (None, "es;q=0", "en"),
        (None, None, "en"),
        (None, "garbage;q=x", "en"),
    ],
)
def test_the_language_is_the_chosen_one_else_the_browsers(cookie, header, expected):
    assert negotiate(cookie, header) == expected
