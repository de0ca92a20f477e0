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


def test_the_page_scripts_get_their_strings_as_escaped_json(client):
    import html
    import json
    import re

    page = client.get("/network", headers={"Cookie": f"{COOKIE}=es"}).text
    data = json.loads(html.unescape(re.search(r'<meta name="redes-i18n" content="([^"]*)">', page)[1]))
    assert data["lang"] == "es"
    assert data["labels"]["criminal_group"] == "grupo criminal"
    assert data["strings"]["nodes removed"] == "nodos retirados"


# Chrome strings (the interface's own words) that a Spanish page must not show. Ingested
# text (titles, quotes, names) stays as written, so only the interface is checked.
ENGLISH_CHROME = {
    "/": [
        "Recent documents", "Top entities", "Entities by type", "Claims by review status", "Workbench",
        "evidence quotes", "conflict events", "Search documents and entities", "Contradictions",
        "a local workbench", "all documents", "mentions", "criminal group",
    ],
    "/search?q=Mencho": ["Entity type", "No document matches", "mentions", "Facets", "person"],
    "/entity/cjng": [
        "Aliases", "Relations", "Places", "Sources", "Ego network", "mentions", "led by",
        "territory map and conflict events", "print view", "Direct relations of", "No dated claims",
    ],
    "/documents": ["Sort by", "Per page", "Publisher", "Collection", "published", "words", "ascending"],
    "/territory?group=CJNG&from=2015&to=2020": [
        "Presence by state", "Events per year", "Top opponents", "Events by state", "claims only",
        "deaths (best estimate)", "Left out",
    ],
    "/contradictions": ["Conflicting values", "Kind", "founding year"],
}


def visible_text(html: str) -> str:
    import re

    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("path", list(ENGLISH_CHROME))
def test_spanish_pages_show_no_english_chrome(client, path):
    import re

    page = client.get(path, headers={"Cookie": f"{COOKIE}=es"})
    assert page.status_code == 200
    text = visible_text(page.text)
    left = [s for s in ENGLISH_CHROME[path] if re.search(rf"\b{re.escape(s)}\b", text)]
    assert left == []
    english = visible_text(client.get(path, headers={"Accept-Language": "en"}).text)
    assert any(s in english for s in ENGLISH_CHROME[path])  # the list is about this page


def test_money_and_dates_follow_the_language(client):
    mencho = "/entity/nemesio-oseguera-cervantes"
    english = visible_text(client.get(mencho, headers={"Accept-Language": "en"}).text)
    spanish = visible_text(client.get(mencho, headers={"Cookie": f"{COOKIE}=es"}).text)
    assert "reward US$10,000,000 offered by" in english
    assert "recompensa de 10.000.000 US$ ofrecida por" in spanish
    assert "Oct 16, 2018" in english and "16 oct 2018" in spanish


def test_ingested_text_is_never_translated_and_stays_escaped(client):
    page = client.get("/", headers={"Cookie": f"{COOKIE}=es"}).text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # a hostile entity name, as written
    assert "<img src=x" not in page


def test_the_timeline_chart_speaks_the_page_s_language(client):
    import re

    spanish = client.get("/entity/cjng", headers={"Cookie": f"{COOKIE}=es"}).text
    rows = " ".join(re.findall(r'<g class="row[^"]*">(.*?)</g>', spanish, re.S))
    assert "fundado en 2009" in rows and "founded" not in rows
    english = client.get("/entity/cjng", headers={"Accept-Language": "en"}).text
    assert "founded 2009" in " ".join(re.findall(r'<g class="row[^"]*">(.*?)</g>', english, re.S))
