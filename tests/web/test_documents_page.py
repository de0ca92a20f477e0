"""The Documents page: paged, sorted and filtered, with bounded parameters."""

from __future__ import annotations

import re

import pytest

TITLE = re.compile(r'<a href="/document/\d+">([^<]*)</a>')


def shown(html: str) -> list[str]:
    return TITLE.findall(html)


def test_sorted_by_title_and_paged(client):
    all_titles = shown(client.get("/documents?sort=title&size=200").text)
    assert all_titles == sorted(all_titles, key=str.lower) and len(all_titles) >= 3
    first = client.get("/documents?sort=title&size=2")
    assert shown(first.text) == all_titles[:2]
    assert re.search(r'rel="next" href="/documents\?sort=title&amp;size=2&amp;offset=2"', first.text)
    second = client.get("/documents?sort=title&size=2&offset=2")
    assert shown(second.text) == all_titles[2:4]
    assert 'rel="prev"' in second.text


def test_filtered_by_language_and_publisher(client):
    docs = client.get("/api/documents").json()
    spanish = sorted(d["title"] or d["file_name"] for d in docs if d["language"] == "es")
    assert sorted(shown(client.get("/documents?language=es&size=200").text)) == spanish
    publisher = next(d["publisher"] for d in docs if d["publisher"])
    by = client.get("/documents", params={"publisher": publisher, "size": 200}).text
    assert len(shown(by)) == sum(1 for d in docs if d["publisher"] == publisher)
    assert f'<option value="{publisher}" selected>' in by


@pytest.mark.parametrize(
    "query", ["sort=words", "order=up", "size=0", "size=201", "offset=-1", "publisher=" + "x" * 300]
)
def test_bad_parameters_get_a_400_page(client, query):
    response = client.get(f"/documents?{query}")
    assert response.status_code == 400
    assert "invalid request" in response.text


def test_no_internal_ids_and_numbers_formatted(client):
    html = client.get("/documents").text
    assert "<th>id</th>" not in html
    assert re.search(r"<td>\d{1,3}(,\d{3})+</td>|<td>\d{1,3}</td>", html)
