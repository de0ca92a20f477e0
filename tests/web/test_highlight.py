"""Cutting a document into segments for the document view, and search snippets."""

from __future__ import annotations

from redes.store.search import HL_END, HL_START
from redes.web.highlight import parse_span, segments
from redes.web.search import snippet_parts

TEXT = "El Mencho lidera el CJNG en Jalisco."


def m(start, end, entity="e"):
    return {"start": start, "end": end, "text": TEXT[start:end], "type": "person", "entity": entity}


def test_segments_cover_the_text_once_in_order():
    mentions = [m(0, 9, "mencho"), m(20, 24, "cjng"), m(28, 35, "jalisco")]
    segs = segments(TEXT, mentions)
    assert "".join(s.text for s in segs) == TEXT
    assert [(s.text, s.mention["entity"] if s.mention else None) for s in segs] == [
        ("El Mencho", "mencho"),
        (" lidera el ", None),
        ("CJNG", "cjng"),
        (" en ", None),
        ("Jalisco", "jalisco"),
        (".", None),
    ]


def test_overlapping_mentions_give_each_character_one_owner():
    # "Mencho" inside "El Mencho", and a mention that runs past the outer one's end.
    mentions = [m(3, 9, "inner"), m(0, 9, "outer"), m(6, 16, "overlap")]
    segs = segments(TEXT, mentions)
    assert "".join(s.text for s in segs) == TEXT
    owners = [(s.text, s.mention["entity"] if s.mention else None) for s in segs]
    assert owners[0] == ("El Mencho", "outer")
    assert owners[1] == (" lidera", "overlap")


def test_the_highlight_splits_mentions_and_is_anchored_once():
    segs = segments(TEXT, [m(0, 9, "mencho")], span=(3, 16))
    assert "".join(s.text for s in segs) == TEXT
    lit = [s for s in segs if s.highlight]
    assert "".join(s.text for s in lit) == TEXT[3:16]
    assert [s.anchor for s in lit] == [True, False]
    assert lit[0].mention["entity"] == "mencho"  # the link survives inside the highlight


def test_mentions_outside_the_text_are_ignored():
    segs = segments(TEXT, [m(30, 99), m(-1, 2), m(5, 5)])
    assert [s.text for s in segs] == [TEXT]


def test_parse_span():
    assert parse_span("3-16", len(TEXT)) == (3, 16)
    assert parse_span("3-9999", len(TEXT)) == (3, len(TEXT))
    for bad in (None, "", "16-3", "a-b", "3", "-1-4", "3-16; drop table"):
        assert parse_span(bad, len(TEXT)) is None


def test_snippet_parts_mark_matches_without_markup():
    marked = f"…the {HL_START}<b>Mencho</b>{HL_END} said{HL_START}x{HL_END}"
    assert snippet_parts(marked) == [
        {"text": "…the ", "match": False},
        {"text": "<b>Mencho</b>", "match": True},
        {"text": " said", "match": False},
        {"text": "x", "match": True},
    ]


def test_a_highlight_across_mention_links_opens_and_closes_once():
    # "El Mencho lidera el CJNG": two links inside one evidence span.
    segs = segments(TEXT, [m(3, 9, "mencho"), m(20, 24, "cjng")], span=(0, 24))
    lit = [s for s in segs if s.highlight]
    assert [s.text for s in lit] == ["El ", "Mencho", " lidera el ", "CJNG"]
    assert [s.opens for s in lit] == [True, False, False, False]
    assert [s.closes for s in lit] == [False, False, False, True]
    assert not any(s.opens or s.closes for s in segs if not s.highlight)


def test_the_document_page_wraps_the_evidence_in_one_mark(client):
    import re

    page = client.get("/document/1")
    link = re.search(r'<a class="m[^"]*" href="/entity/[^"]+"[^>]*>([^<]+)</a>', page.text)
    assert link
    text = client.get("/api/documents/1").json()["text"]
    start = text.index(link[1])
    span = f"{max(0, start - 5)}-{start + len(link[1]) + 5}"
    html = client.get(f"/document/1?hl={span}").text
    marked = re.findall(r'<mark class="ev" id="hl">(.*?)</mark>', html, re.S)
    assert len(marked) == 1 and html.count('<mark class="ev"') == 1
    assert "<a class=\"m" in marked[0]
