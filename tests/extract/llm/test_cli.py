"""``redes extract --llm`` against the fake server; without --llm, openai is never imported."""

import json
import subprocess
import sys

from click.testing import CliRunner

from redes.cli import cli
from tests.extract.llm.test_runner import ANSWER


def test_extract_with_llm_marks_and_counts(llm_server, tmp_path, monkeypatch):
    monkeypatch.delenv("REDES_LLM_URL", raising=False)
    (tmp_path / "a.txt").write_text(
        "Report CLI-A.\n\nThe Cártel del Noreste is led by Juan Pérez Rojas.", encoding="utf-8"
    )
    hallucinated = {
        "entities": [*ANSWER["entities"], {"name": "Pedro Infante", "type": "person", "mentions": []}],
        "relations": [*ANSWER["relations"], {**ANSWER["relations"][0], "subject": "Pedro Infante"}],
    }
    llm_server.script("CLI-A", {"answer": hallucinated})
    result = CliRunner().invoke(
        cli,
        [
            "extract",
            str(tmp_path / "a.txt"),
            "--llm",
            llm_server.url,
            "--llm-model",
            "fake",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (doc,) = data["documents"]
    assert any(r["type"] == "leads" for r in doc["relations"])
    assert data["llm"]["drops"] == {"entity_not_in_text": 1, "unknown_argument": 1}
    shown = {
        (d["document"], d["reason"], d["item"]["subject" if "subject" in d["item"] else "name"])
        for d in data["llm"]["dropped"]
    }
    assert shown == {
        ("a.txt", "entity_not_in_text", "Pedro Infante"),
        ("a.txt", "unknown_argument", "Pedro Infante"),
    }
    assert data["llm"]["requests"] == 1 and data["llm"]["prompt_tokens"] == 100
    assert "LLM llm:fake:" in result.stderr and "tokens 100 prompt + 20 completion" in result.stderr


def test_llm_needs_a_model(tmp_path, monkeypatch):
    monkeypatch.delenv("REDES_LLM_MODEL", raising=False)
    (tmp_path / "a.txt").write_text("Nothing here.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "a.txt"), "--llm", "http://127.0.0.1:9/v1"])
    assert result.exit_code != 0 and "Error: an LLM server needs a model" in result.output


def test_without_llm_openai_is_not_imported(tmp_path):
    (tmp_path / "a.txt").write_text("The CJNG is led by El Mencho.", encoding="utf-8")
    code = (
        "import sys; from click.testing import CliRunner; from redes.cli import cli; "
        f"r = CliRunner().invoke(cli, ['extract', {str(tmp_path / 'a.txt')!r}]); "
        "assert r.exit_code == 0, r.output; "
        "assert 'openai' not in sys.modules and 'redes.extract.llm' not in sys.modules; print('ok')"
    )
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("REDES_LLM")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]
