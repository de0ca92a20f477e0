"""Review judgements take effect at once and survive re-ingest and rebuild."""

import pytest
from sqlalchemy import func, select

from redes import kb
from redes.kb import review
from redes.store.models import Judgement
from tests.kb.kbfixtures import Corpus, Doc


def split_corpus(store) -> Corpus:
    """Two documents the resolver cannot link (the full name; the nickname alone), and
    one where extraction wrongly gives the father his son's nickname."""
    c = Corpus(store)
    t = "Aurelio Quintana Robles leads the CVN."
    d = Doc(t, publisher="A", published="2020-01-01")
    d.entity("n", "person", "Aurelio Quintana Robles").entity("g", "criminal_group", "CVN")
    c.add(d.rel("leads", "n", "g", t), "full.txt")
    t = "El Halcón leads the CVN. The CVN was founded in 2011."
    d = Doc(t, publisher="B", published="2021-01-01")
    d.entity("m", "person", "El Halcón").entity("g", "criminal_group", "CVN")
    d.rel("leads", "m", "g", "El Halcón leads the CVN.")
    c.add(d.rel("founded", "g", None, "The CVN was founded in 2011.", value="2011"), "nick.txt")
    t = "Aurelio Quintana Robles, alias El Halconcito, was seen. El Halconcito was sentenced in 2025."
    d = Doc(t, publisher="C", published="2025-03-07")
    d.entity(
        "m",
        "person",
        "Aurelio Quintana Robles",
        "Aurelio Quintana Robles",
        "El Halconcito",
        aliases=["El Halconcito"],
    )
    c.add(d, "family.txt")
    return c


def _rebuild(store):
    stats = kb.rebuild(store)
    assert stats.documents > 0 and not stats.failed
    return stats


def test_rejected_claim_stays_rejected_after_rebuild_and_reingest(store, monkeypatch):
    corpus = split_corpus(store).install(monkeypatch)
    kb.update(store, corpus.ids)
    (founded,) = kb.list_claims(store, predicate="founded")
    out = review.reject(store, founded["key"][:10], author="ana", note="wrong year")
    assert out["status"] == "rejected"
    assert kb.dossier(store, "CVN")["attributes"] == {}
    _rebuild(store)
    assert kb.claim(store, founded["key"])["status"] == "rejected"
    # A new document with the same fact: one more piece of evidence, still rejected.
    t = "The CVN was founded in 2011, officials said."
    d = Doc(t, publisher="D").entity("g", "criminal_group", "CVN")
    new_id = corpus.add(d.rel("founded", "g", None, t, value="2011"))
    kb.update(store, [new_id])
    claim = kb.claim(store, founded["key"])
    assert claim["status"] == "rejected" and claim["corroboration"]["documents"] == 2


def test_later_judgement_wins(sqlite_store, monkeypatch):
    corpus = split_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    (founded,) = kb.list_claims(sqlite_store, predicate="founded")
    review.accept(sqlite_store, founded["key"])
    review.reject(sqlite_store, founded["key"])
    _rebuild(sqlite_store)
    assert kb.claim(sqlite_store, founded["key"])["status"] == "rejected"


def test_merge_stays_merged_after_rebuild_and_reingest(store, monkeypatch):
    corpus = split_corpus(store).install(monkeypatch)
    kb.update(store, corpus.ids)
    assert len(kb.list_claims(store, predicate="leads")) == 2
    review.merge(store, "Aurelio Quintana Robles", "el-halcon")
    for step in ("now", "rebuild", "reingest"):
        if step == "rebuild":
            _rebuild(store)
        elif step == "reingest":
            t = "Authorities hunt El Halcón."
            corpus.add(Doc(t).entity("m", "person", "El Halcón"))
            kb.update(store, kb.pending_documents(store))
        (leads,) = kb.list_claims(store, predicate="leads")
        assert leads["subject"]["name"] == "Aurelio Quintana Robles", step
        assert leads["corroboration"]["documents"] == 2, step
        d = kb.dossier(store, "El Halcón")
        assert d["name"] == "Aurelio Quintana Robles", step
        assert {"Aurelio Quintana Robles", "El Halcón"} <= {a["name"] for a in d["aliases"]}, step


def test_a_rejection_made_before_a_merge_survives_it(sqlite_store, monkeypatch):
    corpus = split_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    nick = next(
        c for c in kb.list_claims(sqlite_store, predicate="leads") if c["subject"]["name"] == "El Halcón"
    )
    review.reject(sqlite_store, nick["key"])
    review.merge(sqlite_store, "Aurelio Quintana Robles", "El Halcón")
    (leads,) = kb.list_claims(sqlite_store, predicate="leads")
    assert leads["status"] == "rejected"
    _rebuild(sqlite_store)
    (leads,) = kb.list_claims(sqlite_store, predicate="leads")
    assert leads["status"] == "rejected"


def test_split_separates_father_and_son_for_good(store, monkeypatch):
    corpus = split_corpus(store).install(monkeypatch)
    kb.update(store, corpus.ids)
    assert kb.dossier(store, "El Halconcito")["id"] == "aurelio-quintana-robles"
    out = review.split(store, "Aurelio Quintana Robles", ["El Halconcito"])
    assert out["new"]["name"] == "El Halconcito"
    for step in ("now", "rebuild", "reingest"):
        if step == "rebuild":
            _rebuild(store)
        elif step == "reingest":
            t = "Aurelio Quintana Robles, El Halconcito, fled."
            d = Doc(t).entity(
                "m", "person", "Aurelio Quintana Robles", "Aurelio Quintana Robles", "El Halconcito"
            )
            corpus.add(d)
            kb.update(store, kb.pending_documents(store))
        father = kb.dossier(store, "Aurelio Quintana Robles")
        son = kb.dossier(store, "El Halconcito")
        assert son["id"] != father["id"], step
        expected = 3 if step == "reingest" else 2
        assert [(a["name"], a["count"]) for a in son["aliases"]] == [("El Halconcito", expected)], step
        assert "El Halconcito" not in {a["name"] for a in father["aliases"]}, step


def test_split_moves_evidence_that_names_only_the_new_entity(sqlite_store):
    c = Corpus(sqlite_store)
    t = "El Halconcito was arrested by the army. El Halcón was not."
    d = (
        Doc(t)
        .entity("m", "person", "El Halcón", "El Halcón", "El Halconcito")
        .entity("a", "state_body", "army")
    )
    d.rel("action_against", "a", "m", "El Halconcito was arrested by the army.", detail="arrest")
    c.add(d)
    from redes.kb.pipeline import apply_extractions

    apply_extractions(sqlite_store, c.results())
    review.split(sqlite_store, "El Halcón", ["El Halconcito"])
    (claim,) = kb.list_claims(sqlite_store, predicate="action_against")
    assert claim["object"]["name"] == "El Halconcito"


def test_alias_and_rename_judgements_survive_rebuild(store, monkeypatch):
    corpus = split_corpus(store).install(monkeypatch)
    kb.update(store, corpus.ids)
    review.rename(store, "aurelio-quintana-robles", "Aurelio Rubén Quintana Robles")
    review.alias_add(store, "Aurelio Rubén Quintana Robles", "Don Aurelio")
    review.alias_remove(store, "aurelio-quintana-robles", "El Halconcito")
    for step in ("now", "rebuild"):
        if step == "rebuild":
            _rebuild(store)
        d = kb.dossier(store, "don aurelio")
        assert d["name"] == "Aurelio Rubén Quintana Robles", step
        assert d["id"] == "aurelio-quintana-robles", step
        names = {a["name"] for a in d["aliases"]}
        assert {"Don Aurelio", "Aurelio Rubén Quintana Robles"} <= names, step
        assert "El Halconcito" not in names, step
    with store.session() as s:
        kinds = list(s.scalars(select(Judgement.kind).order_by(Judgement.id)))
        assert kinds == ["rename", "alias-add", "alias-remove"]
        assert s.scalar(select(func.count()).select_from(Judgement)) == 3


def test_review_refuses_what_cannot_be_done(sqlite_store, monkeypatch):
    corpus = split_corpus(sqlite_store).install(monkeypatch)
    kb.update(sqlite_store, corpus.ids)
    with pytest.raises(review.ReviewError):
        review.merge(sqlite_store, "El Halcón", "el-halcon")
    with pytest.raises(review.ReviewError):
        review.alias_remove(sqlite_store, "El Halcón", "El Halcón")
    with pytest.raises(review.ReviewError):
        review.split(sqlite_store, "El Halcón", ["Nobody"])
    with pytest.raises(LookupError):
        review.accept(sqlite_store, "abc")
    with pytest.raises(kb.LookupFailed):
        review.rename(sqlite_store, "Nobody At All", "X")
    with sqlite_store.session() as s:
        assert s.scalar(select(func.count()).select_from(Judgement)) == 0


def test_undo_returns_a_claim_to_what_stands_and_holds_after_rebuild(store, monkeypatch):
    corpus = split_corpus(store).install(monkeypatch)
    kb.update(store, corpus.ids)
    (founded,) = kb.list_claims(store, predicate="founded")
    key = founded["key"]
    first = review.reject(store, key, author="ana")
    second = review.accept(store, key, author="ben")
    out = review.undo(store, second["judgement"], author="ana", note="ben was wrong")
    assert out["status"] == "rejected" and out["undone"] == second["judgement"]
    assert kb.claim(store, key)["status"] == "rejected"
    review.undo(store, first["judgement"])
    assert kb.claim(store, key)["status"] == "machine"  # nothing stands: the machine's word
    _rebuild(store)
    assert kb.claim(store, key)["status"] == "machine"
    history = {j["id"]: j for j in review.history(store)}
    assert history[first["judgement"]]["undone"] and history[second["judgement"]]["undone"]
    assert history[out["judgement"]]["summary"].startswith(f"undo of judgement {second['judgement']}")
    with pytest.raises(ValueError, match="already undone"):
        review.undo(store, first["judgement"])
    with pytest.raises(ValueError, match="is an undo"):
        review.undo(store, out["judgement"])
    with pytest.raises(LookupError):
        review.undo(store, 10_000)


def test_an_undone_rename_comes_undone_at_the_next_rebuild(sqlite_store, monkeypatch):
    store = sqlite_store
    corpus = split_corpus(store).install(monkeypatch)
    kb.update(store, corpus.ids)
    renamed = review.rename(store, "CVN", "Cártel del Valle Norte")
    assert kb.dossier(store, "CVN")["name"] == "Cártel del Valle Norte"
    out = review.undo(store, renamed["judgement"])
    assert out["rebuild"] is True
    _rebuild(store)
    assert kb.dossier(store, "CVN")["name"] == "CVN"


def test_undo_through_the_api_and_the_cli(sqlite_store, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from redes.cli import cli
    from tests.web.conftest import make_client

    store = sqlite_store
    corpus = split_corpus(store).install(monkeypatch)
    kb.update(store, corpus.ids)
    (founded,) = kb.list_claims(store, predicate="founded")
    with make_client(store) as c:
        rejected = c.post(f"/api/claims/{founded['key']}/reject").json()
        undone = c.post(f"/api/review/undo/{rejected['judgement']}")
        assert undone.status_code == 200 and undone.json()["status"] == "machine"
        assert c.post(f"/api/review/undo/{rejected['judgement']}").status_code == 400
        assert c.post("/api/review/undo/999999").status_code == 404
        renamed = review.rename(store, "CVN", "Cártel del Valle Norte")
        assert c.post(f"/api/review/undo/{renamed['judgement']}").json()["rebuild"] is True
        page = c.get("/review")
        assert page.status_code == 200
        assert "taken back" in page.text and "(undone)" in page.text
        assert f'data-undo="{rejected["judgement"]}"' not in page.text  # undone: no button
    accepted = review.accept(store, founded["key"])
    db = str(store.engine.url.database)
    result = CliRunner().invoke(cli, ["review", "undo", str(accepted["judgement"]), "--db", db])
    assert result.exit_code == 0, result.output
    assert "is machine again" in result.output
    assert CliRunner().invoke(cli, ["review", "undo", str(accepted["judgement"]), "--db", db]).exit_code == 1


def test_undo_of_a_judgement_about_something_hidden_is_no_judgement(sqlite_store, monkeypatch):
    """An editor without the grant cannot undo, nor learn of, a decision about a claim of
    a collection they cannot read: the answer is the one for an id that does not exist."""
    from redes.access import users
    from redes.access.scope import scope_for

    store = sqlite_store
    corpus = split_corpus(store).install(monkeypatch)
    kb.update(store, corpus.ids)
    (founded,) = kb.list_claims(store, predicate="founded")
    secret = review.reject(store, founded["key"])
    with store.session() as s:
        coll = store.collection(s, "public")
        coll.visibility = "confidential"  # the whole corpus: hidden from the editor
        editor = users.create_user(s, "eva", "editor")
        scope = scope_for(s, editor)
    with pytest.raises(LookupError, match=f"no judgement {secret['judgement']}"):
        review.undo(store.scoped(scope), secret["judgement"])
    assert kb.claim(store, founded["key"])["status"] == "rejected"
