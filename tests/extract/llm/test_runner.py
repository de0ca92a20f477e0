"""The extractor against the fake server: valid and malformed answers, a timeout, a 429,
a server without JSON-schema mode, caching and fallback."""

from redes.extract.llm.config import LLMConfig
from redes.extract.llm.runner import LLMExtractor, MemoryCache
from redes.extract.model import DocExtraction

ANSWER = {
    "entities": [
        {"name": "Juan Pérez Rojas", "type": "person", "mentions": []},
        {"name": "Cártel del Noreste", "type": "criminal_group", "mentions": []},
    ],
    "relations": [
        {
            "type": "leads",
            "subject": "Juan Pérez Rojas",
            "object": "Cártel del Noreste",
            "year": None,
            "detail": None,
            "evidence": "led by Juan Pérez Rojas",
        }
    ],
}


def text(marker: str) -> str:
    return f"Report {marker}.\n\nThe Cártel del Noreste is led by Juan Pérez Rojas."


def extractor(server, cache=None, **kw) -> LLMExtractor:
    settings = {"timeout": 0.5, "retries": 2, "backoff": 0.01, "concurrency": 2, **kw}
    return LLMExtractor(LLMConfig(server.url, "fake", **settings), cache or MemoryCache())


def run(llm: LLMExtractor, marker: str) -> DocExtraction:
    return llm.run([(marker, text(marker), DocExtraction("en"))])[marker]


def test_valid_answer_then_cached(llm_server):
    llm_server.script("VALID", {"answer": ANSWER})
    cache = MemoryCache()
    llm = extractor(llm_server, cache)
    out = run(llm, "VALID")
    assert [(r.type, r.extractor) for r in out.relations] == [("leads", "llm:fake")]
    assert llm.stats.requests == 1 and llm.stats.prompt_tokens == 100 and llm.stats.completion_tokens == 20
    # Few-shot examples and the schema were sent; the model was asked for JSON-schema output.
    body = llm_server.requests[-1]
    assert body["response_format"]["type"] == "json_schema" and len(body["messages"]) == 8
    again = extractor(llm_server, cache)
    assert [r.type for r in run(again, "VALID").relations] == ["leads"]
    assert llm_server.asked("VALID") == 1 and again.stats.requests == 0 and again.stats.cached == 1


def test_malformed_json_is_repaired(llm_server):
    llm_server.script("BROKEN", {"raw": '{"entities": [ {"name": '}, {"answer": ANSWER})
    llm = extractor(llm_server)
    out = run(llm, "BROKEN")
    assert [r.type for r in out.relations] == ["leads"]
    repair = llm_server.requests[-1]["messages"][-1]["content"]
    assert "cannot be used" in repair and llm_server.asked("BROKEN") == 2
    assert llm.stats.prompt_tokens == 200  # both requests counted


def test_timeout_and_429_are_retried(llm_server):
    llm_server.script("SLOW", {"sleep": 2}, {"status": 429}, {"answer": ANSWER})
    llm = extractor(llm_server)
    assert [r.type for r in run(llm, "SLOW").relations] == ["leads"]
    assert llm_server.asked("SLOW") == 3 and not llm.stats.failed


def test_a_failing_server_keeps_the_trained_output_and_lists_the_document(llm_server):
    llm_server.script("DOWN", {"status": 500})
    llm = extractor(llm_server, retries=1)
    trained = DocExtraction("en")
    assert llm.run([("DOWN", text("DOWN"), trained)])["DOWN"] is trained
    assert set(llm.stats.failed) == {"DOWN"} and "InternalServerError" in llm.stats.failed["DOWN"]
    assert llm_server.asked("DOWN") == 2


def test_tool_calling_when_json_schema_is_refused(llm_server):
    llm_server.script("TOOLS", {"status": 400}, {"answer": ANSWER})
    llm = extractor(llm_server)
    assert [r.type for r in run(llm, "TOOLS").relations] == ["leads"]
    assert llm.client.mode == "tools" and llm_server.requests[-1]["tool_choice"]["function"]["name"]


def test_long_documents_are_chunked_by_sentences(llm_server):
    llm_server.script("LONG", {"answer": ANSWER})
    body = " ".join(f"Sentence number {n} says nothing at all." for n in range(80))
    doc = f"Report LONG.\n\n{body}\n\nThe Cártel del Noreste is led by Juan Pérez Rojas."
    llm = extractor(llm_server, context=1000)
    got = llm.answers([("LONG", doc)])["LONG"]
    assert len(got) == llm.stats.chunks > 3
    assert all(doc[s:e].strip() == doc[s:e] and e - s <= 1000 for s, e, _ in got)


def test_the_same_text_twice_in_a_batch_is_asked_once(llm_server):
    llm_server.script("TWICE", {"status": 500})
    llm = extractor(llm_server, retries=0)
    out = llm.run([("one", text("TWICE"), DocExtraction("en")), ("two", text("TWICE"), DocExtraction("en"))])
    assert set(out) == {"one", "two"} and set(llm.stats.failed) == {"one", "two"}
    assert llm_server.asked("TWICE") == 1
