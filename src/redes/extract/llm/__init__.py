"""An optional extractor that asks a large language model, through any OpenAI-compatible
server (Ollama, vLLM, llama.cpp), for the entities and relations of each chunk of a
document, verifies every answer against the text and merges what survives with the trained
stages' output (issue 17).

    config = from_options(url, model)        # None without --llm / REDES_LLM_URL
    llm = LLMExtractor(config, cache)        # imports ``openai`` (the ``redes[llm]`` extra)
    merged = llm.run([(label, text, lang, trained_extraction), ...])

An answer is a proposal, never a fact (``verify``): names and quotes that are not in the
text, wrong types and relations their sentence does not state are dropped and counted.
Nothing here is imported unless a server is configured.
"""

from redes.extract.llm.config import LLMConfig, LLMError, from_options

__all__ = ["LLMConfig", "LLMError", "from_options"]
