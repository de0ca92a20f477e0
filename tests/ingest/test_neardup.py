"""Near-duplicate documents as one source (redes.ingest.neardup): reprints, excerpts and
copies under other names share a source group, the earliest document of their cluster."""

import random

from sqlalchemy import select

from redes.ingest import neardup
from redes.ingest.pipeline import ingest
from redes.store.models import Document

WORDS = (
    "cartel police federal report state court judge arrest border money drug network "
    "group leader city region army navy port route cocaine fentanyl prison trial witness "
    "official press release statement agency border crossing shipment seized laboratory"
).split()


def _text(seed: int, n: int = 400) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def _groups(store) -> dict[str, int | None]:
    with store.session() as s:
        rows = s.execute(select(Document.file_name, Document.source_group, Document.id)).all()
    ids = {name: doc_id for name, _, doc_id in rows}
    return {name: next(n for n, i in ids.items() if i == group) for name, group, _ in rows}


def _folder(tmp_path, files: dict[str, str], dates: dict[str, str] | None = None):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if dates:
        lines = ["file,published"] + [f"{name},{date}" for name, date in dates.items()]
        (folder / "metadata.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_shingles_ignore_case_accents_and_punctuation():
    assert neardup.shingles("Cártel de SINALOA, dijo la Fiscalía.") == neardup.shingles(
        "cartel de sinaloa dijo la fiscalia"
    )
    assert neardup.shingles("") == set()
    assert neardup.shingles("two words") == {"two words"}  # shorter than a shingle: one


def test_signatures_are_datasketchs_minhash_of_the_shingles():
    # Stored signatures are compared with those of later ingests: the faster hashing must
    # give datasketch's values (sha1_hash32 of each shingle's UTF-8, affine32, seed 1).
    import numpy as np
    from datasketch import MinHash

    texts = ["El Cártel de Sinaloa y el CJNG se disputan la plaza de Culiacán. " * 3, "uno dos", "a b c d e f"]
    for text in texts:
        reference = MinHash(num_perm=neardup.NUM_PERM, scheme=neardup.SCHEME)
        reference.update_batch([s.encode() for s in neardup.shingles(text)])
        raw, size = neardup.signature(text)
        assert raw == reference.hashvalues.astype(np.uint32).tobytes()
        assert size == len(neardup.shingles(text))
    assert neardup.signature(" .. ") == (None, 0)


def test_short_texts_are_one_shingle():
    assert neardup.shingles("Uno dos tres") == {"uno dos tres"}
    assert neardup.shingles("a b c d e") == {"a b c d e"}
    assert neardup.shingles("a b c d e f") == {"a b c d e", "b c d e f"}


def test_a_reprint_and_an_excerpt_are_one_source_led_by_the_earliest(store, tmp_path):
    """On both backends."""
    release = _text(1)
    files = {
        "release.txt": release,
        # a reprint with its own headline and footer
        "reprint.txt": "Newswire reprint. " + release + " Copyright the newswire.",
        # the first third of the release
        "excerpt.txt": " ".join(release.split()[:130]),
        # another text that quotes two sentences of it
        "comment.txt": _text(2) + " " + " ".join(release.split()[:40]) + " " + _text(3),
        "other.txt": _text(4),
    }
    dates = {"release.txt": "2020-03-02", "reprint.txt": "2020-03-01", "excerpt.txt": "2020-05-01"}
    ingest(store, [_folder(tmp_path, files, dates)], extract=False)
    groups = _groups(store)
    # The reprint is dated first: it leads the cluster.
    assert groups == {
        "release.txt": "reprint.txt",
        "reprint.txt": "reprint.txt",
        "excerpt.txt": "reprint.txt",
        "comment.txt": "comment.txt",
        "other.txt": "other.txt",
    }
    with store.session() as s:
        sizes = dict(s.execute(select(Document.file_name, Document.shingles)).all())
        raw = s.scalar(select(Document.minhash).where(Document.file_name == "other.txt"))
    assert len(raw) == neardup.NUM_PERM * 4 and sizes["excerpt.txt"] == 126


def test_a_copy_ingested_later_joins_and_reingest_changes_nothing(sqlite_store, tmp_path):
    text = _text(5)
    ingest(sqlite_store, [_folder(tmp_path, {"a.txt": text, "b.txt": _text(6)})], extract=False)
    assert _groups(sqlite_store) == {"a.txt": "a.txt", "b.txt": "b.txt"}
    later = tmp_path / "later"
    later.mkdir()
    (later / "a-copy.txt").write_text("PRESS RELEASE\n" + text, encoding="utf-8")
    ingest(sqlite_store, [later], extract=False)
    before = _groups(sqlite_store)
    assert before["a-copy.txt"] == "a.txt" and before["b.txt"] == "b.txt"
    report = ingest(sqlite_store, [tmp_path / "in", later], extract=False)
    assert report.counts()["ingested"] == 0 and _groups(sqlite_store) == before


def test_an_earlier_copy_arriving_later_leads_the_cluster(sqlite_store, tmp_path):
    text = _text(7)
    ingest(sqlite_store, [_folder(tmp_path, {"late.txt": text}, {"late.txt": "2021-01-01"})], extract=False)
    first = tmp_path / "first"
    first.mkdir()
    (first / "first.txt").write_text(text + " More at the agency's site.", encoding="utf-8")
    (first / "metadata.csv").write_text("file,published\nfirst.txt,2020-01-01\n", encoding="utf-8")
    ingest(sqlite_store, [first], extract=False)
    assert _groups(sqlite_store) == {"late.txt": "first.txt", "first.txt": "first.txt"}


def test_regrouping_from_scratch_gives_the_same_groups(sqlite_store, tmp_path):
    text = _text(8)
    files = {"x.txt": text, "y.txt": text + " (end)", "z.txt": _text(9)}
    ingest(sqlite_store, [_folder(tmp_path, files)], extract=False)
    before = _groups(sqlite_store)
    with sqlite_store.session() as s:
        # as after the migration: no signature, no group
        s.execute(Document.__table__.update().values(minhash=None, shingles=None, source_group=None))
    with sqlite_store.session() as s:
        assert neardup.regroup(s) == 3
    assert _groups(sqlite_store) == before and before["y.txt"] == before["x.txt"]


def test_the_demo_corpus_has_one_excerpt_of_a_release(sqlite_store):
    """The bundled corpus holds a DOJ release (f01) and an excerpt of it (p03): one source.
    Two releases that quote the same statement (p01, p02) stay two."""
    from redes.demo import corpus_path

    ingest(sqlite_store, [corpus_path()], extract=False)
    grouped = {name: head for name, head in _groups(sqlite_store).items() if name != head}
    assert grouped == {"f01_doj-gulf-cartel-zetas-company-full.txt": "p03_doj-gulf-cartel-zetas-company.txt"}


def test_an_ingest_finds_copies_and_excerpts_both_ways_in_a_stored_corpus(sqlite_store, tmp_path):
    """A later ingest checks its documents against every stored one: a copy of an older
    text, an excerpt of an older long text, and an older text that a new one contains."""
    long_text, short_text = _text(10, 1200), _text(11)
    first = {"long.txt": long_text, "short.txt": short_text, "other.txt": _text(12)}
    ingest(sqlite_store, [_folder(tmp_path, first)], extract=False)
    later = tmp_path / "later"
    later.mkdir()
    (later / "copy.txt").write_text("Reprinted. " + short_text, encoding="utf-8")
    (later / "excerpt.txt").write_text(" ".join(long_text.split()[:200]), encoding="utf-8")
    (later / "longer.txt").write_text(short_text + " " + _text(13, 1500), encoding="utf-8")
    ingest(sqlite_store, [later], extract=False)
    groups = _groups(sqlite_store)
    assert groups["copy.txt"] == groups["short.txt"] == groups["longer.txt"]
    assert groups["excerpt.txt"] == groups["long.txt"] != groups["short.txt"]
    assert groups["other.txt"] == "other.txt"
    before = groups
    with sqlite_store.session() as s:
        neardup.regroup(s)
    assert _groups(sqlite_store) == before


def test_the_index_answers_as_datasketchs_lsh_ensemble(monkeypatch):
    """The same candidate pairs as the reference implementation, excerpts of every length
    among them (LSH misses a few by chance: one in 20 here, for both), in blocks."""
    import numpy as np
    from datasketch import MinHash, MinHashLSHEnsemble

    from redes.ingest import containment
    from redes.ingest.containment import ContainmentIndex

    monkeypatch.setattr(containment, "_QUERY_BLOCK", 7)

    texts = {i: _text(100 + i, 300 + 150 * (i % 7)) for i in range(60)}
    texts.update({1000 + i: " ".join(texts[i].split()[: 40 + 30 * (i % 5)]) for i in range(0, 60, 3)})
    signed = {i: neardup.signature(t) for i, t in texts.items()}
    ids = np.array(sorted(signed), dtype=np.int64)
    sigs = np.frombuffer(b"".join(signed[i][0] for i in ids), dtype=np.uint32).reshape(len(ids), -1)
    sizes = np.array([signed[i][1] for i in ids], dtype=np.int64)
    pairs = [
        (a, b)
        for small, big in ContainmentIndex(ids, sigs, sizes, neardup.CANDIDATE).query(ids, sigs, sizes)
        for a, b in zip(small.tolist(), big.tolist(), strict=True)
    ]

    reference = MinHashLSHEnsemble(threshold=neardup.CANDIDATE, num_perm=neardup.NUM_PERM, num_part=8)
    hashes = {
        int(i): MinHash(num_perm=neardup.NUM_PERM, scheme=neardup.SCHEME, hashvalues=sig)
        for i, sig in zip(ids, sigs, strict=True)
    }
    reference.index([(i, hashes[i], int(size)) for i, size in zip(hashes, sizes, strict=True)])
    expected = {
        (i, j)
        for i, size in zip(hashes, sizes, strict=True)
        for j in reference.query(hashes[i], int(size))
        if j != i
    }
    assert set(pairs) == expected and pairs == sorted(pairs)
    excerpts = {(1000 + i, i) for i in range(0, 60, 3)}
    assert len(excerpts & expected) >= 18

    # A corpus of many distinct sizes (the partitioning is cubic in them) is partitioned
    # on geometric buckets of sizes: each an upper bound, so no excerpt goes unproposed.
    monkeypatch.setattr(containment, "MAX_DOMAIN", 8)
    assert len(np.unique(sizes)) > 8 and len(np.unique(containment._bucketed(sizes))) <= 8
    assert (containment._bucketed(sizes) >= sizes).all()
    bucketed = {
        (a, b)
        for small, big in ContainmentIndex(ids, sigs, sizes, neardup.CANDIDATE).query(ids, sigs, sizes)
        for a, b in zip(small.tolist(), big.tolist(), strict=True)
    }
    assert excerpts & expected <= bucketed
