"""List matches kept between requests (as the web keeps them, ``redes.web.candidates``)
give the candidates of now: the same as matching anew, less what was decided since."""

from datetime import date

import pytest

from redes.kb import review, xref
from tests.kb.test_xref import LINKS, PARTIES, PROGRAMS
from tests.resolve.parties import party

# A second weak match besides Guzmán Loera's (no birth year or alias to settle it).
BELTRAN = party(10899, "Person", "Arturo BELTRAN LEYVA", program=PROGRAMS, firstName="Arturo", lastName="BELTRAN LEYVA")


@pytest.fixture(scope="module")
def store(demo_store):
    from redes.sources.importing import OFAC, import_list

    import_list(demo_store, OFAC, [*PARTIES, BELTRAN, *LINKS], date(2024, 5, 3), "sdn.csv", b"test list")
    return demo_store


def _pairs(found) -> list[tuple[str, str]]:
    return [(c["entity"]["id"], c["list_id"]) for c in found]


def test_kept_matches_less_a_refusal_and_an_acceptance(store):
    with store.session() as s:
        kept = xref.matched(s)
    assert xref.candidates(store, matches=kept) == xref.candidates(store)
    chapo = next(c for c in xref.candidates(store, matches=kept) if c["list_id"] == "ofac-sdn-6861")
    xref.reject(store, chapo["entity"]["id"], chapo["listed"]["id"], author="tester")
    assert chapo["list_id"] not in dict(_pairs(xref.candidates(store, matches=kept))).values()
    assert _pairs(xref.candidates(store, matches=kept)) == _pairs(xref.candidates(store))
    # An acceptance merges the listed party away: its kept matches go with it.
    with store.session() as s:
        kept = xref.matched(s)
    left = xref.candidates(store, matches=kept)
    assert left, "a candidate to accept"
    first = left[0]
    review.merge(store, first["entity"]["id"], first["listed"]["id"], author="tester")
    assert first["list_id"] not in dict(_pairs(xref.candidates(store, matches=kept))).values()
    assert _pairs(xref.candidates(store, matches=kept)) == _pairs(xref.candidates(store))
