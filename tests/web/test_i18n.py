"""Choosing the interface's language: the cookie, the browser's default, safe redirects."""

from __future__ import annotations

import pytest

from redes.web.i18n import COOKIE


def test_accept_language_is_the_default(client):
    assert '<html lang="es">' in client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"}).text
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "fr, de"}).text


def test_the_chosen_language_is_kept_in_a_cookie_and_wins(client):
    response = client.get("/language/es?next=/search%3Fq%3DMencho", follow_redirects=False)
    client.cookies.delete(COOKIE)  # the client is shared by the session's tests
    assert response.status_code == 303
    assert response.headers["location"] == "/search?q=Mencho"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=es;") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    page = client.get("/", headers={"Cookie": f"{COOKIE}=es", "Accept-Language": "en"})
    assert '<html lang="es">' in page.text
    # The selector links back to the page it is on, in the other language.
    assert '<a href="/language/en?next=/"' in page.text


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "evil"])
def test_no_redirect_off_the_site(client, target):
    response = client.get("/language/en", params={"next": target}, follow_redirects=False)
    client.cookies.delete(COOKIE)
    assert response.headers["location"] == "/"


def test_an_unknown_language_is_refused(client):
    assert client.get("/language/fr", follow_redirects=False).status_code == 400


def test_the_page_scripts_get_their_strings_as_inert_json(client):
    import json
    import re

    html = client.get("/network", headers={"Cookie": f"{COOKIE}=es"}).text
    data = json.loads(re.search(r'<script type="application/json" id="i18n">(.*?)</script>', html, re.S)[1])
    assert data["lang"] == "es"
    assert data["labels"]["criminal_group"] == "grupo criminal"
