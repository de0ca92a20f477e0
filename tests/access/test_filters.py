"""The query filter: a restricted scope sees nothing derived from collections it may not read."""

from __future__ import annotations

import pytest

from redes import kb
from redes.access import OWNER, Scope
from redes.ingest.pipeline import ingest
from redes.store.models import Collection

PUBLIC = (
    "Ramón Ávila Soto, líder del Cártel del Noreste, fue detenido por la Secretaría de Marina "
    "en Nuevo Laredo, Tamaulipas, en 2021."
)
SECRET = (
    "Fuentes reservadas: Zacarías Quetzal Bermejo, alias El Canario Azul, opera para el Cártel "
    "del Noreste en Sabinas Hidalgo y paga a la policía de Villa Canaria."
)


@pytest.fixture
def two_collections(store, tmp_path):
    (tmp_path / "pub").mkdir()
    (tmp_path / "sec").mkdir()
    (tmp_path / "pub" / "public.txt").write_text(PUBLIC, encoding="utf-8")
    (tmp_path / "sec" / "secret.txt").write_text(SECRET, encoding="utf-8")
    ingest(store, [tmp_path / "pub"], collection="public")
    ingest(store, [tmp_path / "sec"], collection="confidential")
    with store.session() as s:
        ids = {c.name: c.id for c in s.query(Collection)}
        s.query(Collection).filter(Collection.name == "confidential").update({"visibility": "confidential"})
    return store, ids


def test_owner_sees_the_canary(two_collections):
    store, _ = two_collections
    assert kb.dossier(store.scoped(OWNER), "El Canario Azul")["name"].startswith("Zacarías")


def test_a_restricted_scope_sees_nothing_of_the_confidential_collection(two_collections):
    store, ids = two_collections
    viewer = store.scoped(Scope("v", "viewer", frozenset({ids["public"]}), frozenset()))
    with pytest.raises(kb.LookupFailed):
        kb.dossier(viewer, "El Canario Azul")
    assert kb.find(viewer, "Zacarías") == []
    group = kb.dossier(viewer, "Cártel del Noreste")
    text = repr(group)
    assert "Canario" not in text and "Zacarías" not in text and "Sabinas" not in text
    assert all("Canario" not in repr(c) for c in kb.list_claims(viewer, limit=1000))
    # The public facts are all there.
    assert "Ramón Ávila Soto" in text


def test_scopes_in_one_process_never_share_their_criteria(two_collections):
    """Criteria are cached by SQLAlchemy: each scope must still get its own collections."""
    store, ids = two_collections
    only_public = store.scoped(Scope("a", "viewer", frozenset({ids["public"]}), frozenset()))
    only_secret = store.scoped(Scope("b", "viewer", frozenset({ids["confidential"]}), frozenset()))
    for _ in range(2):
        assert kb.find(only_public, "Zacarías") == []
        assert kb.find(only_secret, "Zacarías")
        assert kb.find(only_secret, "Ramón Ávila Soto") == []
        assert kb.find(only_public, "Ramón Ávila Soto")


def test_the_counts_of_a_restricted_scope_are_of_what_it_reads(two_collections):
    """The home page's counts (claims by status among them) count only readable rows."""
    from redes.web.corpus import stats

    store, ids = two_collections
    viewer = store.scoped(Scope("v", "viewer", frozenset({ids["public"]}), frozenset()))
    everything, seen = stats(store.scoped(OWNER)), stats(viewer)
    assert seen["documents"] == 1 and everything["documents"] == 2
    public_claims = len(kb.list_claims(viewer, limit=1000))
    assert 0 < seen["claims"] == public_claims < everything["claims"]
    assert sum(seen["claim_status"].values()) == seen["claims"]
    assert 0 < seen["evidence"] < everything["evidence"]
