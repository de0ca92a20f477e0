"""The demo's list: bundled with its public-domain notice, loaded beside the corpus, and
kept apart from the documents' entities until cross-referencing joins them."""

from redes import kb
from redes.demo import sdn_path
from redes.sources import importing, lists, ofac
from redes.store.models import Entity
from tests.conftest import copy_demo


def test_the_list_is_bundled_with_its_notice():
    path = sdn_path()
    assert path.exists() and ofac.list_date(path).isoformat() == "2024-05-03"
    notice = (path.parent / "NOTICE.md").read_text(encoding="utf-8")
    assert "public domain" in notice and "17 U.S.C." in notice


def test_the_demo_loads_the_whole_list_beside_the_corpus(demo_template, tmp_path_factory):
    from redes.store import open_store

    store = open_store(copy_demo(demo_template, tmp_path_factory.mktemp("demo-list")))
    try:
        stats, problems = importing.import_file(store, "ofac-sdn", sdn_path())
        assert stats.skipped == 0 and stats.records == 14965 + 6338
        assert len(problems) == 11  # Linked To names OFAC lists under other names
        with store.session() as s:
            ids = {proxy.id: entity_id for entity_id, proxy in lists.listed(s)}
            assert len(ids) >= 13000
            # The listed party, or the document entity an accepted match merged it into.
            wanted = (
                "ofac-sdn-17674",
                "ofac-sdn-17671",
                "ofac-sdn-20113",
                "ofac-sdn-20110",
                "ofac-sdn-21683",
            )
            slug = {ftm_id: s.get(Entity, ids[ftm_id]).slug for ftm_id in wanted}
        mencho = kb.dossier(store, slug["ofac-sdn-17674"])
        (entry,) = mencho["lists"]
        assert entry["programs"] == ["SDNTK", "ILLICIT-DRUGS-EO14059"] and entry["as_of"] == "2024-05-03"
        assert "Mencho" in entry["aliases"] and mencho["sanctioned"]
        cjng = kb.dossier(store, slug["ofac-sdn-17671"])
        linked = {g["other"]["id"] for g in cjng["relations"]["linked_to"]}
        assert {slug["ofac-sdn-20113"], slug["ofac-sdn-20110"], slug["ofac-sdn-21683"]} <= linked
    finally:
        store.close()
