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


def _strings(client, page: str) -> dict:
    """The scripts' strings a page loads: /language/{lang}/strings.js, as the page names it."""
    import json
    import re

    src = re.search(r'<script src="(/language/\w+/strings\.js)\?v=[^"]*"></script>', page)[1]
    script = client.get(src)
    assert script.headers["content-type"].startswith("text/javascript")
    body = script.text
    assert body.startswith("window.REDES_I18N = ") and body.endswith(";\n") and body.isascii()
    return json.loads(body[len("window.REDES_I18N = ") : -2])


def test_the_page_scripts_get_their_strings_as_escaped_json(client):

    page = client.get("/network", headers={"Cookie": f"{COOKIE}=es"}).text
    data = _strings(client, page)
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


def test_counts_take_the_singular_or_the_plural(client):
    import re

    spanish = client.get("/territory?group=CJNG&from=2015&to=2020", headers={"Cookie": f"{COOKIE}=es"}).text
    assert not re.search(r"\b1 (eventos|muertes)\b", visible_text(spanish))  # was "1 eventos"
    titles = re.findall(r"<title>(\d{4}: [^<]*)</title>", spanish)
    assert titles and all(re.fullmatch(r"\d{4}: (1 evento|[\d.]+ eventos), (1 muerte|[\d.]+ muertes)", t) for t in titles)
    english = client.get("/territory?group=CJNG&from=2015&to=2020", headers={"Accept-Language": "en"}).text
    assert not re.search(r"\b1 (events|deaths)\b", visible_text(english))
    # The scripts' pairs come with a form for each of the language's plural categories.
    page = client.get("/network", headers={"Cookie": f"{COOKIE}=es"}).text
    data = _strings(client, page)
    assert data["plurals"]["{n} hop"] == {"one": "{n} salto", "many": "{n} saltos", "other": "{n} saltos"}
    english = client.get("/network", headers={"Accept-Language": "en"}).text
    data = _strings(client, english)
    assert data["plurals"]["{n} hop"] == {"one": "{n} hop", "other": "{n} hops"}


def test_the_print_view_follows_the_reader_s_language(client):
    spanish = client.get("/entity/cjng/print", headers={"Cookie": f"{COOKIE}=es"}).text
    assert '<html lang="es">' in spanish and "<h2>Relaciones</h2>" in spanish
    assert ">Descargar PDF</a>" in spanish and "Download PDF" not in spanish
    english = client.get("/entity/cjng/print", headers={"Accept-Language": "en"}).text
    assert "<h2>Relations</h2>" in english and ">Download PDF</a>" in english


# The network page's words that its scripts write (status line, node panel, legend, paths,
# brokers): none may be left in English on the Spanish page once they ran. ("docs." is
# Spanish too.)
NETWORK_ENGLISH = [
    "nodes", "edges", "communities", "modularity", "Show hidden", "Expand", "Pin", "Hide",
    "Path from here", "Path to here", "ties shown", "tie", "ties", "Added", "Group 1", "smaller groups",
    "thick outline", "edge width", "Show in chart", "hop", "hops", "Path 1", "No brokers",
    "Their ties are drawn", "Tick", "is hidden", "Searching",
]


@pytest.mark.browser
def test_the_network_page_s_scripts_speak_spanish(browser, server):
    import re

    context = browser.new_context(base_url=server, locale="es-ES", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto("/network")
        page.wait_for_selector("#graph[data-ready]", timeout=60_000)
        page.wait_for_selector("#brokers tbody tr td")
        status = page.inner_text("#graph-status")
        assert re.search(r"\d+ nodos?, \d+ aristas?, \d+ comunidad(es)? \(modularidad \d+,\d\d\)$", status), status
        # A node's panel, expanded and hidden; the legend by community.
        hub = page.evaluate("() => redesGraph.ranked(document.getElementById('graph')._cyreg.cy, 'degree')[0].data('name')")
        page.fill("#find-form input[name=q]", hub)
        page.click("#find-form button")
        page.wait_for_selector("#node-info button.expand")
        assert re.search(r"\d+ vínculos? visibles?", page.inner_text("#node-info"))
        page.click("#node-info button.expand")
        page.wait_for_function("() => /^(Se añadieron|No se pudo)/.test(document.querySelector('.node-note').textContent)")
        assert page.inner_text("#node-info .node-note").startswith("Se añadieron ")
        page.click("#node-info button.hide")
        assert page.inner_text("#show-hidden") == "Mostrar ocultos (1)"
        page.select_option("#colour-by", "community")
        assert page.locator("#legend li").first.inner_text().startswith("Grupo 1 · ")
        # A path, its hops counted in Spanish.
        page.fill("#path-form input[name=a]", "Juan Carlos Valencia González")
        page.fill("#path-form input[name=b]", "CJNG")
        page.click("#path-form button")
        page.wait_for_selector("#paths .path h4")
        assert page.inner_text("#paths .path h4").startswith("Camino 1: 2 saltos")
        page.click("#disrupt-form button")
        page.wait_for_selector("#disrupt-out[data-runs] svg")
        assert "nodos retirados" in page.inner_text("#disrupt-out")
        text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
        left = [s for s in NETWORK_ENGLISH if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)]
        assert left == [], left
        assert errors == []
    finally:
        context.close()
