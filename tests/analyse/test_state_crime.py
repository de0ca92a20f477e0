"""State–crime ties on a small knowledge base where every kind of tie, and every kind of
non-tie, occurs once."""

from __future__ import annotations

from datetime import date

from redes.analyse.state_crime import state_crime_ties
from redes.extract.normalize import key, slug
from redes.store.models import Claim, Document, Entity, Evidence

ENTITIES = {
    "army": ("state_body", "Army Unit"),
    "hall": ("state_body", "City Hall"),
    "mayor": ("person", "Mayor B"),
    "boss": ("person", "Boss C"),
    "clerk": ("person", "Clerk D"),
    "cousin": ("person", "Cousin F"),
    "group": ("criminal_group", "Group A"),
    "rivals": ("criminal_group", "Group E"),
}
CLAIMS = [
    ("army", "allied_with", "group", 2),  # a state body allied with a group: a tie
    ("army", "rival_of", "rivals", 1),  # hostile: no tie
    ("mayor", "holds_position", "hall", 1),  # makes the mayor an official, is no tie
    ("boss", "leads", "group", 1),  # makes the boss a criminal
    ("mayor", "family", "boss", 1),  # an official related to a criminal: a tie
    ("clerk", "collusion", "mayor", 1),  # collusion counts whoever the other end is
    ("mayor", "family", "cousin", 1),  # related to someone with no criminal tie: none
]


def tiny_kb(store):
    with store.session() as s:
        doc = Document(
            collection_id=store.collection(s, "public").id,
            content_hash="t" * 64,
            file_name="t.txt",
            format="txt",
            title="Report",
            published=date(2020, 1, 1),
            text="...",
        )
        second = Document(
            collection_id=store.collection(s, "public").id,
            content_hash="u" * 64,
            file_name="u.txt",
            format="txt",
            title="Second report",
            published=date(2021, 1, 1),
            text="...",
        )
        s.add_all([doc, second])
        s.flush()
        ids = {}
        for short, (type_, name) in ENTITIES.items():
            e = Entity(slug=slug(name), type=type_, name=name, key=key(name))
            s.add(e)
            s.flush()
            ids[short] = e.id
        for i, (subj, pred, obj, docs) in enumerate(CLAIMS):
            c = Claim(key=f"t{i}", subject_id=ids[subj], predicate=pred, object_id=ids[obj], status="machine")
            s.add(c)
            s.flush()
            for d in (doc, second)[:docs]:
                quote = f"{ENTITIES[subj][1]} {pred} {ENTITIES[obj][1]}"
                s.add(Evidence(claim_id=c.id, document_id=d.id, start=0, end=len(quote), quote=quote))
    return store


def test_every_kind_of_tie_and_no_other(store):
    result = state_crime_ties(tiny_kb(store))
    found = [
        (t["state"]["name"], t["state"]["kind"], t["crime"]["name"], t["relations"], t["corroboration"])
        for t in result["ties"]
    ]
    assert found == [
        ("Army Unit", "state_body", "Group A", ["allied_with"], 2),  # best corroborated first
        ("Mayor B", "official", "Boss C", ["family"], 1),
        ("Mayor B", "official", "Clerk D", ["collusion"], 1),
    ]
    army = result["ties"][0]
    assert army["state"]["positions"] == []
    assert [ev["document"]["title"] for ev in army["claims"][0]["evidence"]] == ["Report", "Second report"]
    assert result["ties"][1]["state"]["positions"] == ["City Hall"]
    assert result["ties"][2]["claims"][0]["evidence"][0]["quote"] == "Clerk D collusion Mayor B"


def test_quotes_are_capped_and_counted(store):
    army = state_crime_ties(tiny_kb(store), quotes=1)["ties"][0]
    (claim,) = army["claims"]
    assert len(claim["evidence"]) == 1 and claim["evidence_count"] == 2
