import importlib.util
import json

from click.testing import CliRunner

from redes.cli import cli


def test_extract_json_contract(tmp_path):
    (tmp_path / "a.txt").write_text(
        "The Jalisco New Generation Cartel (CJNG) is led by Nemesio Oseguera Cervantes, “El Mencho.”\n"
        "The DEA offered a reward for information that would lead to his arrest in Guadalajara, Jalisco.",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text("# Nota\n\nEl Mencho dirige el CJNG desde Jalisco.\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.md"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["doc"] for d in data["documents"]] == ["a.txt", "b.md"]
    a, b = data["documents"]
    assert a["lang"] == "en" and b["lang"] == "es"
    for d in data["documents"]:
        for e in d["entities"]:
            assert set(e) == {"id", "type", "name", "mentions"}
            assert e["id"] == e["id"].lower() and e["id"].isascii()
            assert len(e["mentions"]) == len(set(e["mentions"]))
        ids = {e["id"] for e in d["entities"]}
        for r in d["relations"]:
            assert r["subject"] in ids and r["object"] in ids and r["evidence"]
    cjng = next(e for e in a["entities"] if e["id"] == "cjng")
    assert set(cjng["mentions"]) == {"Jalisco New Generation Cartel", "CJNG"}
    assert {e["id"] for e in b["entities"]} >= {"cjng", "nemesio-oseguera-cervantes", "jalisco"}


def test_extract_text_table_and_bad_file(tmp_path):
    (tmp_path / "a.txt").write_text("Los Zetas fought the Gulf Cartel in Tamaulipas.", encoding="utf-8")
    (tmp_path / "bad.xyz").write_text("nothing", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "a.txt"), str(tmp_path / "bad.xyz")])
    assert result.exit_code == 1
    assert "Gulf Cartel" in result.output and "bad.xyz" in result.output


def test_contract_on_the_seeds_meets_the_floors(shared, tmp_path):
    """End to end: `redes extract seeds/*.txt --format json` scored by ../shared/eval/score.py."""
    seeds = sorted(str(p) for p in (shared / "corpus" / "seeds").glob("*.txt"))
    result = CliRunner().invoke(cli, ["extract", *seeds, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.json"
    out.write_text(result.output, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("redes_score", shared / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    res = score.score(score.load_gold(shared / "eval" / "dev"), score.load_system(out))
    assert not res["missing_documents"]
    assert res["entity"]["f1"] >= 0.80
    assert res["mention"]["f1"] >= 0.75
    assert res["b3"]["f1"] >= 0.92
    assert res["relation"]["f1"] >= 0.45
