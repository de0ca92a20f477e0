"""``redes ingest --llm`` with the fake OpenAI-compatible server: claims marked
``llm:<model>`` that passed verification, hallucinations dropped and counted, the review
queue filtered by extractor, a rebuild answered from the cache, a failing server's
document kept with the trained stages' output and listed."""

import json

from click.testing import CliRunner

from redes.cli import cli
from tests.extract.llm.fakeserver import fake_llm

TEXT = (
    "Report KB-A.\n\nThe Cártel del Noreste fights the Cártel del Golfo in Nuevo Laredo, Tamaulipas. "
    "Juan Pérez Rojas is a member of the Cártel del Noreste, prosecutors said."
)
ANSWER = {
    "entities": [
        {"name": "Cártel del Noreste", "type": "criminal_group", "mentions": ["Cártel del Noreste"]},
        {"name": "Cártel del Golfo", "type": "criminal_group", "mentions": []},
        {"name": "Juan Pérez Rojas", "type": "person", "mentions": []},
        {"name": "Pedro Infante", "type": "person", "mentions": ["El Torito"]},
    ],
    "relations": [
        {
            "type": "rival_of",
            "subject": "Cártel del Noreste",
            "object": "Cártel del Golfo",
            "year": None,
            "detail": None,
            "evidence": "The Cártel del Noreste fights the Cártel del Golfo in Nuevo Laredo",
        },
        {
            "type": "leads",
            "subject": "Pedro Infante",
            "object": "Cártel del Golfo",
            "year": None,
            "detail": None,
            "evidence": "Pedro Infante leads the Cártel del Golfo",
        },
        {
            "type": "member_of",
            "subject": "Juan Pérez Rojas",
            "object": "Cártel del Noreste",
            "year": 2020,
            "detail": None,
            "evidence": "Juan Pérez Rojas was a member of the Cártel del Noreste",
        },
    ],
}


def invoke(*args):
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_with_llm(db, tmp_path, monkeypatch):
    for var in ("REDES_LLM_URL", "REDES_LLM_MODEL", "REDES_LLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(TEXT, encoding="utf-8")
    (docs / "b.txt").write_text(
        "Report KB-B.\n\nThe CJNG is led by Nemesio Oseguera Cervantes.", encoding="utf-8"
    )
    with fake_llm() as server:
        server.script("KB-A", {"answer": ANSWER})
        # Down for the ingest (a request and a retry), back for the rebuild.
        server.script("KB-B", {"status": 503}, {"status": 503}, {"answer": {"entities": [], "relations": []}})
        llm = ["--llm", server.url, "--llm-model", "fake", "--llm-retries", "1", "--db", db]
        out = invoke("ingest", str(docs), *llm)
        stats = out["llm"]
        # Pedro Infante ("El Torito") is not in the text, nor is the member_of quote.
        assert stats["drops"] == {
            "entity_not_in_text": 1,
            "mention_not_in_text": 1,
            "unknown_argument": 1,
            "quote_not_in_text": 1,
        }
        assert stats["relations"] + stats["confirmed"] == 1
        (failed,) = stats["failed"]
        assert "b.txt" in failed and "InternalServerError" in stats["failed"][failed]
        # The document the server failed on keeps the trained stages' claims.
        trained = invoke("review", "list", "--db", db, "--entity", "CJNG", "--status", "all")
        assert any(c["predicate"] == "leads" for c in trained)

        rivals = invoke("review", "list", "--db", db, "--extractor", "llm:fake")
        # The Cártel del Golfo is the lexicon's Gulf Cartel.
        assert [(c["predicate"], {c["subject"]["name"], c["object"]["name"]}) for c in rivals] == [
            ("rival_of", {"Cártel del Noreste", "Gulf Cartel"})
        ]
        assert rivals == invoke("review", "list", "--db", db, "--extractor", "llm")
        shown = invoke("review", "show", rivals[0]["key"], "--db", db)
        assert "llm:fake" in shown["evidence"][0]["extractor"].split()
        assert shown["corroboration"]["documents"] == 1
        by_rules = {c["key"] for c in invoke("review", "list", "--db", db, "--extractor", "rules")}
        assert (rivals[0]["key"] in by_rules) == ("rules" in shown["evidence"][0]["extractor"].split())
        assert not any(
            c["subject"]["name"] == "Pedro Infante"
            for c in invoke("review", "list", "--db", db, "--status", "all")
        )

        asked = len(server.requests)
        again = invoke("rebuild", *llm)
        # The failed document only, answered now and cached during the rebuild: the other was cached.
        assert len(server.requests) == asked + 1 and server.asked("KB-A") == 1
        assert again["llm"]["cached"] == 1 and again["llm"]["requests"] == 1 and not again["llm"]["failed"]
        assert invoke("review", "list", "--db", db, "--extractor", "llm:fake") == rivals


def test_one_sentence_read_by_several_extractors_is_one_piece_of_evidence(store):
    from redes.kb import list_claims
    from redes.kb.pipeline import apply_extractions
    from tests.kb.kbfixtures import Corpus, Doc

    text = "Aurelio Quintana Robles leads the Cártel del Valle Nuevo. He was seen in Tijuana."
    doc = (
        Doc(text)
        .entity("p", "person", "Aurelio Quintana Robles")
        .entity("g", "criminal_group", "Cártel del Valle Nuevo")
    )
    sentence = "Aurelio Quintana Robles leads the Cártel del Valle Nuevo."
    doc.rel("leads", "p", "g", sentence, rule="leader-of")
    doc.rel("leads", "p", "g", sentence, extractor="llm:fake model", confidence=0.5)
    corpus = Corpus(store)
    corpus.add(doc)
    apply_extractions(store, corpus.results())
    (claim,) = list_claims(store, predicate="leads", with_evidence=True)
    (ev,) = claim["evidence"]
    assert (ev["extractor"], ev["confidence"]) == ("llm:fake model rules", 0.5)
    for name in ("rules", "model", "llm", "llm:fake"):
        assert [c["key"] for c in list_claims(store, extractor=name)] == [claim["key"]]
    assert list_claims(store, extractor="llm:other") == []
    assert list_claims(store, extractor="llm:fak") == []  # names whole, not prefixes


def test_answers_are_cached_in_the_store(store):
    from redes.extract.llm.client import Reply
    from redes.kb.llm import StoreCache

    cache = StoreCache(store)
    reply = Reply({"entities": [{"name": "Ñandú"}], "relations": []}, 12, 3)
    cache.put("k" * 64, "fake", "v1-x", reply)
    cache.put("k" * 64, "fake", "v1-x", reply)  # another run cached it meanwhile: kept once
    got = cache.get_many(["k" * 64, "z" * 64])
    assert list(got) == ["k" * 64] and got["k" * 64] == reply
