"""Sentences as the rules read them (``relations.sentences``): mentions, aliases collapsed
into one placeholder, anaphors as pseudo-mentions, titles that are not entities."""

from __future__ import annotations

from redes.extract.relations import PLACEHOLDER
from redes.extract.relations.document import Document
from redes.extract.sentences import split

from .helpers import analysis, entities


def test_a_name_and_its_alias_are_one_placeholder() -> None:
    a = analysis(
        "Marco Ruiz, “El Lobo,” leads Los Lobos.", {"mr": "P:Marco Ruiz|El Lobo", "lo": "G:Los Lobos"}
    )
    (sent,) = a.sentences
    assert PLACEHOLDER.findall(sent.masked) == [("P", "0"), ("G", "1")]
    assert [m.ent.local_id for m in sent.mentions] == ["mr", "lo"]
    assert sent.codes == "GP" and sent.code_set == frozenset("GP")


def test_group_and_person_anaphors_become_coref_mentions() -> None:
    a = analysis(
        "Los Lobos grew fast under Pedro Salas. The cartel now operates in Sonora, where he was born.",
        {"lo": "G:Los Lobos", "ps": "P:Pedro Salas", "son": "L:Sonora"},
    )
    second = a.sentences[1]
    corefs = {(m.ent.local_id, m.code) for m in second.mentions if m.coref}
    assert corefs == {("lo", "G"), ("ps", "P")}
    assert ("operates_in", "lo", "son") in {(r.type, r.subject, r.object) for r in a.relations}


def test_a_descriptor_before_a_name_is_no_anaphor() -> None:
    a = analysis(
        "Los Tigres atacaron Caborca. Fue detenido un integrante de la organización delictiva “Los Lobos”.",
        {"ti": "G:Los Tigres", "lo": "G:Los Lobos", "cab": "L:Caborca"},
        "es",
    )
    second = a.sentences[1]
    assert [m.ent.local_id for m in second.mentions] == ["lo"]


def test_a_body_that_is_only_a_title_before_a_name_is_read_as_a_title() -> None:
    a = analysis(
        "The case is prosecuted by Assistant U.S. Attorney Laura Kim.",
        {"lk": "P:Laura Kim", "usa": "S:U.S. Attorney"},
    )
    (sent,) = a.sentences
    assert [m.code for m in sent.mentions] == ["P"]


def test_sentences_without_mentions_are_skipped_and_keep_their_index() -> None:
    a = analysis("Nothing here. Los Lobos grew. Nothing else.", {"lo": "G:Los Lobos"})
    assert [s.index for s in a.sentences] == [1]
    assert a.sentences[0].span.text == "Los Lobos grew."


def test_the_defendant_is_never_the_judge_named_before() -> None:
    """ "the defendant" describes the accused, never an official introduced by a title; with
    no untitled person in reach it stays unresolved, and no leads follows from it."""
    a = analysis(
        "He pleaded guilty before U.S. District Judge Laura Kim of the District Court. "
        "Judge Kim accepted the plea. The defendant was a leader of Los Lobos.",
        {"lk": "P:Laura Kim|Kim", "dc": "S:District Court", "lo": "G:Los Lobos"},
    )
    third = a.sentences[-1]
    assert not [m for m in third.mentions if m.code == "P"]
    assert ("leads", "lk") not in {(r.type, r.subject) for r in a.relations}


def test_the_defendant_is_the_accused_named_before_the_judge() -> None:
    a = analysis(
        "Raúl Pérez pleaded guilty before U.S. District Judge Laura Kim. "
        "The defendant was a leader of Los Lobos.",
        {"rp": "P:Raúl Pérez", "lk": "P:Laura Kim", "lo": "G:Los Lobos"},
    )
    second = a.sentences[-1]
    assert [(m.ent.local_id, m.coref) for m in second.mentions if m.code == "P"] == [("rp", True)]
    assert ("leads", "rp", "lo") in {(r.type, r.subject, r.object) for r in a.relations}


def test_el_imputado_is_never_the_prosecutor() -> None:
    a = analysis(
        "La fiscal Ana Torres presentó la acusación ante el juez. El imputado es líder de Los Lobos.",
        {"at": "P:Ana Torres", "lo": "G:Los Lobos"},
        "es",
    )
    assert ("leads", "at") not in {(r.type, r.subject) for r in a.relations}


def test_a_pronoun_does_not_reach_back_to_an_official() -> None:
    a = analysis(
        "Judge Laura Kim read the sentence. He was a member of Los Lobos.",
        {"lk": "P:Laura Kim", "lo": "G:Los Lobos"},
    )
    assert not [r for r in a.relations if r.type in ("leads", "member_of")]


def test_an_official_may_lead_a_group_in_a_sentence_of_their_own() -> None:
    """The guard is against anaphora: a sentence that names the official as the subject of
    the leader phrase stands."""
    a = analysis(
        "Police chief Pedro Salas was also the leader of Los Lobos, prosecutors said.",
        {"ps": "P:Pedro Salas", "lo": "G:Los Lobos"},
    )
    assert ("leads", "ps", "lo") in {(r.type, r.subject, r.object) for r in a.relations}


def test_titles_before_a_name_or_a_list_of_names() -> None:
    """A title before a coordinated list titles every name of it, names the entity stage
    missed included; a comma alone is no list; ranks in a group are titles but no office."""
    text = (
        "Assistant U.S. Attorneys Nora Vidal and Laura Kim handled the case. "
        "Before Judge Ana Torres, Raúl Pérez pleaded guilty. "
        "Los Lobos commander Pedro Salas fled."
    )
    specs = {"lk": "P:Laura Kim", "at": "P:Ana Torres", "rp": "P:Raúl Pérez", "ps": "P:Pedro Salas",
             "lo": "G:Los Lobos"}  # fmt: skip
    doc = Document(text, split(text), entities(text, specs))
    assert doc.titles == {"lk": "Assistant U.S. Attorneys", "at": "Judge", "ps": "commander"}
    assert doc.titled_officials == {"lk", "at"}


def test_anaphors_are_read_at_the_words_that_may_open_them() -> None:
    """``_around`` tries an anaphor only where one may start, and finds what a search of every
    offset near each noun finds, but for matches inside a word ("bathe the group"), which the
    caller drops (``_GROUP_ANAPHOR_CASED``); a sentence with a case trap ("ı") is searched
    everywhere."""
    import re

    from redes.extract.relations import sentences as s
    from redes.extract.relations.cues import Words

    def everywhere(nouns: s.Cue, anaphors: s.Cue, text: str) -> list[tuple[int, int]]:
        found: dict[int, re.Match[str]] = {}
        for w in nouns.finditer(text, 0, len(text), Words(text)):
            pos, end = max(0, w.start() - 45), min(len(text), w.end() + 40)
            while pos < w.end():
                m = anaphors.rx.search(text, pos, end)
                if m is None or m.start() >= w.end():
                    break
                if m.end() >= w.end():
                    found.setdefault(m.start(), m)
                pos = m.start() + 1
        return [found[k].span() for k in sorted(found) if not re.match(r"[\w-]", text[k - 1 : k])]

    texts = [
        "The cartel and its leaders met; bathe the group, said the feared cartel boss, and he left.",
        "Del cártel y de la organización criminal, el imputado dijo que él y ella vieron a dicho sujeto.",
        "Thıs cartel and THE GROUP: the defendant said his gang fought.",
    ]
    for text in texts:
        for nouns, anaphors in ((s._GROUP_NOUNS, s._GROUP_ANAPHOR), (s._PERSON_NOUNS, s._PERSON_ANAPHOR)):
            got = [m.span() for m in s._around(nouns, anaphors, text, 0, len(text), Words(text))]
            assert [g for g in got if not re.match(r"[\w-]", text[g[0] - 1 : g[0]])] == everywhere(
                nouns, anaphors, text
            ), text
            if "ı" in text and nouns is s._GROUP_NOUNS:
                assert got[0] == (0, 11)  # "Thıs cartel": "thıs" does not start with "this"
