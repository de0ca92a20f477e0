"""Time spans of relations read from their sentences, in English and Spanish."""

import pytest

from redes.extract.model import ExtractedEntity, ExtractedRelation, Span
from redes.extract.spans import TimeSpan, annotate, date_cues, former_cues


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("He has led the group since 2014.", TimeSpan(start="2014")),
        ("Lo dirige desde 2014.", TimeSpan(start="2014")),
        ("Es líder desde marzo de 2014.", TimeSpan(start="2014-03")),
        ("It has been active since the year 2001.", TimeSpan(start="2001")),
        ("He ran it from 2010 to 2012, then fled.", TimeSpan(start="2010", end="2012")),
        ("Lo dirigió entre 2010 y 2012.", TimeSpan(start="2010", end="2012")),
        ("Fue jefe de plaza desde 2014 hasta 2019.", TimeSpan(start="2014", end="2019")),
        ("Fue jefe de 2008 a 2011.", TimeSpan(start="2008", end="2011")),
        ("He led it between 2003 and 2009.", TimeSpan(start="2003", end="2009")),
        ("Its leader in 2010–2012 was arrested.", TimeSpan(start="2010", end="2012")),
        ("Fue su operador hasta 2019.", TimeSpan(end="2019")),
        ("He served as its treasurer until May 2018.", TimeSpan(end="2018-05")),
        ("He ran the cartel until his death in 2026.", TimeSpan(end="2026", end_cue="death")),
        ("Encabezó la organización hasta su muerte.", TimeSpan(end_cue="death")),
        ("She led it until she was killed.", TimeSpan(end_cue="death")),
    ],
)
def test_date_cues(text, span):
    assert [c.span for c in date_cues(text)] == [span]


@pytest.mark.parametrize(
    "text",
    [
        "He was arrested in 2014.",  # a date without a cue
        "Since he was arrested, the group split.",  # "since" without a date
        "Hasta el presidente lo sabía.",  # "hasta" meaning "even"
        "The 2012 to 2014 budget grew.",  # no opening word
    ],
)
def test_no_span_without_a_cue_and_a_date(text):
    assert date_cues(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "the former leader of the group",
        "a former senior member",
        "the then-leader of the group",
        "an ex-commander",
        "el exlíder del cártel",
        "el ex jefe de plaza",
        "la exgobernadora",
        "el entonces secretario",
        "su antiguo jefe",
        "quien fuera líder del grupo",
    ],
)
def test_former_cues(text):
    assert former_cues(text)


@pytest.mark.parametrize(
    "text",
    [
        "he was extradited to face charges",  # "ex" inside a word
        "the former is larger than the latter",  # "former" with no role after it
        "they then met the leader",  # "then" as an adverb
        "el expediente del líder",  # "ex" starting another word
    ],
)
def test_no_former_cue_without_a_role(text):
    assert former_cues(text) == []


def _relations(text, people, group, rtype="leads"):
    """Entities at each name's occurrences; one relation from each person to the group."""
    entities = []
    for i, name in enumerate([*people, group]):
        start = text.index(name)
        kind = "criminal_group" if name == group else "person"
        entities.append(ExtractedEntity(f"e{i}", kind, name, [Span(start, start + len(name), name)]))
    sentence = Span(0, len(text), text)
    rels = [ExtractedRelation(rtype, f"e{i}", f"e{len(people)}", sentence) for i in range(len(people))]
    annotate(text, entities, rels)
    return rels


def test_former_ends_the_role_of_the_person_it_describes():
    text = "Ana Ruiz, the former leader of the Red Gang, met Luis Mora, who leads the Red Gang."
    former, current = _relations(text, ["Ana Ruiz", "Luis Mora"], "Red Gang")
    assert former.end_cue == "unknown" and former.end is None
    assert current.end_cue is None


def test_former_before_the_name():
    (rel,) = _relations("Police arrested the former Red Gang leader Ana Ruiz.", ["Ana Ruiz"], "Red Gang")
    assert rel.end_cue == "unknown"
    (rel,) = _relations("Detuvieron al exlíder del Cártel Rojo, Ana Ruiz.", ["Ana Ruiz"], "Cártel Rojo")
    assert rel.end_cue == "unknown"


def test_former_does_not_end_a_relation_of_another_kind():
    (rel,) = _relations(
        "Ana Ruiz, a former police officer, joined the Red Gang.", ["Ana Ruiz"], "Red Gang", "allied_with"
    )
    assert rel.end_cue is None


def test_dated_span_on_the_relation_and_year_untouched():
    text = "Ana Ruiz has led the Red Gang since 2014."
    (rel,) = _relations(text, ["Ana Ruiz"], "Red Gang")
    assert (rel.start, rel.end, rel.end_cue, rel.year) == ("2014", None, None, None)
