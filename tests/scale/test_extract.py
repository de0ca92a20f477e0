"""``redes extract`` on Dask workers (``--jobs 2``: a LocalCluster; ``--cluster``: the
scheduler of ``conftest.scheduler`` on loopback) prints what one process prints: the same
documents in the same order, with the same run-wide entity ids."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from redes.cli import cli
from redes.demo import corpus_path
from redes.extract.contract import document_json
from redes.extract.pipeline import Pipeline, extract_documents
from tests.extract.llm.fakeserver import fake_llm
from tests.extract.llm.test_runner import ANSWER

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Eight documents of the bundled demo corpus (English and Spanish)."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(corpus_path().glob("*.txt"))[:8]:
        shutil.copy(path, folder / path.name)
    return folder


def _extract(*args: str) -> tuple[dict, str]:
    result = CliRunner().invoke(cli, ["extract", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


@pytest.fixture(scope="module")
def one_process(corpus):
    data, stderr = _extract(str(corpus))
    assert len(data["documents"]) == 8 and "Dask dashboard" not in stderr
    return data


def test_jobs_2_equals_one_process(corpus, one_process):
    data, stderr = _extract(str(corpus), "--jobs", "2")
    assert "Dask dashboard: http://" in stderr
    assert data == one_process


def test_cluster_equals_one_process(corpus, one_process, scheduler):
    data, _ = _extract(str(corpus), "--cluster", scheduler.scheduler_address)
    assert data == one_process


def test_a_given_pipeline_goes_to_the_workers(corpus, scheduler):
    """``extract_documents`` with a pipeline of its own (pickled to the workers with each
    batch) and a repeated name: ids are resolved across documents in the order given."""
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.txt"))]
    docs.append(docs[0])
    pipeline = Pipeline(relations=False)
    here = extract_documents(docs, pipeline=pipeline)
    with (
        distributed.Client(scheduler.scheduler_address, set_as_default=False) as client,
        distributed.get_task_stream(client=client) as stream,
    ):
        there = extract_documents(docs, pipeline=pipeline, cluster=scheduler.scheduler_address)
    assert [document_json(d) for d in there] == [document_json(d) for d in here]
    # Several batches (about 4 a worker), on both workers.
    tasks = [t for t in stream.data if t["key"].startswith("extract_batch-")]
    assert len(tasks) == 5 and len({t["worker"] for t in tasks}) == 2
    assert not any(d.extraction.relations for d in there)


def test_the_llm_is_asked_from_the_client(tmp_path, scheduler, monkeypatch):
    """The workers extract; the language model's answers are merged in this process, each
    document asked once."""
    monkeypatch.delenv("REDES_LLM_URL", raising=False)
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(
            f"Report CLUSTER-{name}.\n\nThe Cártel del Noreste is led by Juan Pérez Rojas.", encoding="utf-8"
        )
    paths = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    with fake_llm() as server:
        server.script("CLUSTER-", {"answer": ANSWER})
        llm = ["--llm", server.url, "--llm-model", "fake"]
        there, _ = _extract(*paths, *llm, "--cluster", scheduler.scheduler_address)
        assert server.asked("CLUSTER-a") == server.asked("CLUSTER-b") == 1
        here, _ = _extract(*paths, *llm)
    assert there == here
    assert all(any(r["type"] == "leads" for r in d["relations"]) for d in there["documents"])


def test_an_unreachable_scheduler_is_one_error_line(corpus):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(cli, ["extract", str(corpus), "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output
