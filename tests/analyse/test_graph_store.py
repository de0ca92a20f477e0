"""The relation graph built from a small, hand-made knowledge base, its filters, paths
with evidence, the ego network, and the ``redes graph`` commands.

The knowledge base (edges; documents d1-d3 public, d4 confidential):

    El Mencho -leads-> CJNG (d1, d2; 2010)      Los Cuinis -allied_with- CJNG (d2, d3; 2012)
    Rosalinda -family- El Mencho (d1)           Abigael -leads-> Los Cuinis (d3)
    Juan Carlos -family- Rosalinda (d2)         Rosalinda -family- Abigael (d3)
    El Menchito -member_of-> CJNG (d1)          CJNG -rival_of- Sinaloa (d1; 2015)
    El Menchito -family- El Mencho (d3)         Juan Carlos -member_of-> CJNG (d2; 2020)
    Official -holds_position-> Policía (d4)     Official -collusion- CJNG (d4)
    Sinaloa -operates_in-> Jalisco (d1; a place)
    Policía -action_against-> Sinaloa (d1; enforcement, left out by default)
    plus a rejected claim (Juan Carlos leads Sinaloa) and a literal (CJNG founded 2009).

The default graph is the criminal network (people, groups and their ties); tests of
other things name their filters: ``WIDE`` is every actor and every tie but enforcement,
which on this knowledge base is the network with state bodies and officials.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from redes.analyse.graph import (
    ACTOR_TYPES,
    TIE_RELATIONS,
    GraphFilters,
    NotInGraph,
    brokers,
    build_graph,
    centrality,
    disrupt,
    ego_network,
    network_filters,
    paths,
    state_crime_ties,
)
from redes.cli import cli
from redes.extract.normalize import key, slug
from redes.kb import LookupFailed
from redes.store.models import Alias, Claim, Document, Entity, Evidence, Mention

ENTITIES = {
    "cjng": ("criminal_group", "Cártel de Jalisco Nueva Generación", ["CJNG"]),
    "mencho": ("person", "Nemesio Oseguera Cervantes", ["El Mencho"]),
    "rosalinda": ("person", "Rosalinda González Valencia", ["Rosalinda González"]),
    "jc": ("person", "Juan Carlos Valencia González", []),
    "menchito": ("person", "Rubén Oseguera González", ["El Menchito"]),
    "abigael": ("person", "Abigael González Valencia", []),
    "cuinis": ("criminal_group", "Los Cuinis", []),
    "sinaloa": ("criminal_group", "Cártel de Sinaloa", []),
    "official": ("person", "Juan Pérez Ramos", []),
    "policia": ("state_body", "Policía Municipal de Tlajomulco", []),
    "jalisco": ("place", "Jalisco", []),
}
# subject, predicate, object, documents, year, status
CLAIMS = [
    ("mencho", "leads", "cjng", ["d1", "d2"], 2010, "accepted"),
    ("rosalinda", "family", "mencho", ["d1"], None, "machine"),
    ("jc", "family", "rosalinda", ["d2"], None, "machine"),
    ("menchito", "member_of", "cjng", ["d1"], None, "machine"),
    ("menchito", "family", "mencho", ["d3"], None, "machine"),
    ("abigael", "leads", "cuinis", ["d3"], None, "machine"),
    ("cuinis", "allied_with", "cjng", ["d2", "d3"], 2012, "machine"),
    ("rosalinda", "family", "abigael", ["d3"], None, "machine"),
    ("cjng", "rival_of", "sinaloa", ["d1"], 2015, "machine"),
    ("official", "holds_position", "policia", ["d4"], None, "machine"),
    ("official", "collusion", "cjng", ["d4"], None, "machine"),
    ("jc", "member_of", "cjng", ["d2"], 2020, "machine"),
    ("sinaloa", "operates_in", "jalisco", ["d1"], None, "machine"),
    ("jc", "leads", "sinaloa", ["d2"], None, "rejected"),
    ("policia", "action_against", "sinaloa", ["d1"], None, "machine"),
]
DOCS = {
    "d1": ("public", "DOJ indictment", "U.S. Department of Justice", "2016-01-01"),
    "d2": ("public", "Reportaje", "Proceso", "2018-05-01"),
    "d3": ("public", "Informe", "InSight Crime", "2019-03-02"),
    "d4": ("confidential", "Informe reservado", "Fiscalía", "2021-07-07"),
}


@pytest.fixture
def kb(store):
    """The knowledge base above; returns the store and entity ids by short name."""
    with store.session() as s:
        docs = {}
        for name, (coll, title, publisher, published) in DOCS.items():
            d = Document(
                collection_id=store.collection(s, coll).id,
                content_hash=name * 32,
                file_name=f"{name}.txt",
                format="txt",
                title=title,
                publisher=publisher,
                published=date.fromisoformat(published),
                text="...",
            )
            s.add(d)
            s.flush()
            docs[name] = d.id
        ids = {}
        for short, (type_, name, aliases) in ENTITIES.items():
            e = Entity(slug=slug(name), type=type_, name=name, key=key(name))
            s.add(e)
            s.flush()
            for alias in [name, *aliases]:
                s.add(Alias(entity_id=e.id, name=alias, key=key(alias)))
            ids[short] = e.id
        for i, (subj, pred, obj, doc_names, year, status) in enumerate(CLAIMS):
            c = Claim(
                key=f"c{i}",
                subject_id=ids[subj],
                predicate=pred,
                object_id=ids[obj],
                year=year,
                status=status,
            )
            s.add(c)
            s.flush()
            for d in doc_names:
                quote = f"{ENTITIES[subj][1]} {pred} {ENTITIES[obj][1]} ({d})"
                s.add(Evidence(claim_id=c.id, document_id=docs[d], start=0, end=len(quote), quote=quote))
                # The document names both ends (a collection filter keeps entities named there).
                for who in (subj, obj):
                    text = ENTITIES[who][1]
                    s.add(
                        Mention(
                            document_id=docs[d],
                            entity_id=ids[who],
                            start=0,
                            end=len(text),
                            text=text,
                            type=ENTITIES[who][0],
                        )
                    )
        s.add(Claim(key="lit", subject_id=ids["cjng"], predicate="founded", value="2009"))
    return store, ids


WIDE = {"relations": TIE_RELATIONS, "entity_types": ACTOR_TYPES}


def edge_set(g) -> set[frozenset[str]]:
    return {frozenset((g.vs[e.source]["label"], g.vs[e.target]["label"])) for e in g.es}


def labels(*shorts: str) -> frozenset[str]:
    return frozenset(ENTITIES[s][1] for s in shorts)


def test_default_graph_is_the_criminal_network(kb):
    store, _ = kb
    g = build_graph(store)
    assert set(g.vs["type"]) == {"person", "criminal_group"}
    assert (g.vcount(), g.ecount()) == (9, 11)
    assert ENTITIES["policia"][1] not in g.vs["label"]  # state bodies are one toggle away
    assert labels("official", "cjng") in edge_set(g)  # collusion is a criminal tie
    assert labels("official", "policia") not in edge_set(g)
    assert "Jalisco" not in g.vs["label"]
    with_state = build_graph(store, network_filters(state=True))
    assert (with_state.vcount(), with_state.ecount()) == (10, 12)
    assert labels("official", "policia") in edge_set(with_state)
    assert labels("policia", "sinaloa") not in edge_set(with_state)  # enforcement stays out
    # An explicit choice wins over the default.
    assert network_filters(state=True, entity_types=("criminal_group",)).entity_types == ("criminal_group",)


def test_wide_graph_keeps_actors_and_drops_rejected_and_literal_claims(kb):
    store, _ = kb
    g = build_graph(store, GraphFilters(**WIDE))
    assert (g.vcount(), g.ecount()) == (10, 12)
    assert labels("jc", "sinaloa") not in edge_set(g)  # the rejected claim
    assert "Jalisco" not in g.vs["label"]  # places are left out by default
    assert labels("policia", "sinaloa") not in edge_set(g)  # and so are enforcement actions
    e = g.es[
        g.get_eid(g.vs.find(label=ENTITIES["mencho"][1]).index, g.vs.find(label=ENTITIES["cjng"][1]).index)
    ]
    assert (e["weight"], e["publishers"], e["relations"]) == (2, 2, ["leads"])
    assert {v["label"] for v in g.vs if v["leader"]} == set(labels("mencho", "abigael"))


@pytest.mark.parametrize(
    "filters, nodes, edges",
    [
        (GraphFilters(relations=TIE_RELATIONS, entity_types=None), 11, 13),
        (GraphFilters(relations=None, entity_types=ACTOR_TYPES), 10, 13),
        (GraphFilters(relations=None, entity_types=None), 11, 14),
        (GraphFilters(**WIDE, as_of=2015), 10, 11),
        (GraphFilters(**WIDE, as_of=2011), 9, 9),
        (GraphFilters(as_of=2011), 8, 8),
        (GraphFilters(min_corroboration=2), 3, 2),
        (GraphFilters(collections=("public",)), 8, 10),
        (GraphFilters(relations=("leads",)), 4, 2),
        (GraphFilters(entity_types=("criminal_group",)), 3, 2),
    ],
)
def test_filters(kb, filters, nodes, edges):
    g = build_graph(kb[0], filters)
    assert (g.vcount(), g.ecount()) == (nodes, edges)


def test_collection_filter_counts_only_allowed_evidence(kb):
    store, _ = kb
    g = build_graph(store, GraphFilters(**WIDE, collections=("confidential",)))
    assert edge_set(g) == {labels("official", "policia"), labels("official", "cjng")}


def test_unknown_filter_values_are_refused():
    with pytest.raises(ValueError, match="unknown relation"):
        GraphFilters(relations=("knows",))


def test_centrality_on_the_knowledge_base(kb):
    top = centrality(build_graph(kb[0]), top=1)[0]
    assert (top["name"], top["degree"]) == (ENTITIES["cjng"][1], 6)


def test_brokers_mark_the_colluding_official_but_not_the_police_force(kb):
    result = brokers(build_graph(kb[0], GraphFilters(**WIDE)), top=1)
    assert [r["name"] for r in result["brokers"]] == [ENTITIES["cjng"][1]]
    # The state-criminal list is never cut by top.
    (official,) = result["state_criminal"]
    assert official["name"] == ENTITIES["official"][1]
    assert official["ties"] == [f"collusion: {ENTITIES['cjng'][1]}"]


def test_state_crime_ties_name_the_official_the_group_and_the_evidence(kb):
    store, _ = kb
    result = state_crime_ties(store)
    (tie,) = result["ties"]  # the police force acting against Sinaloa is no tie
    assert tie["state"]["name"] == ENTITIES["official"][1]
    assert (tie["state"]["kind"], tie["state"]["positions"]) == ("official", [ENTITIES["policia"][1]])
    assert (tie["crime"]["name"], tie["relations"], tie["corroboration"]) == (
        ENTITIES["cjng"][1],
        ["collusion"],
        1,
    )
    (claim,) = tie["claims"]
    assert claim["predicate"] == "collusion"
    assert claim["evidence"][0]["document"]["title"] == "Informe reservado"
    assert claim["evidence"][0]["quote"].endswith("(d4)")
    # Only what the collections allow: the collusion is in a confidential document.
    assert state_crime_ties(store, network_filters(state=True, collections=("public",)))["ties"] == []
    # Without state bodies and positions, nobody is an official.
    assert state_crime_ties(store, GraphFilters())["ties"] == []


def test_paths_with_evidence_for_every_hop(kb):
    result = paths(kb[0], "juan carlos valencia gonzalez", "Rosalinda Gonzalez", k=3)
    assert result["source"]["name"] == ENTITIES["jc"][1]
    assert result["target"]["name"] == ENTITIES["rosalinda"][1]
    routes = [[h["to"]["name"] for h in p["hops"]] for p in result["paths"]]
    assert routes[0] == [ENTITIES["rosalinda"][1]]
    assert routes[1] == [ENTITIES[s][1] for s in ("cjng", "mencho", "rosalinda")]
    # Of the two 4-hop routes, the one over the better corroborated CJNG-Cuinis tie.
    assert routes[2] == [ENTITIES[s][1] for s in ("cjng", "cuinis", "abigael", "rosalinda")]
    for path in result["paths"]:
        for hop in path["hops"]:
            assert hop["claims"]
            for claim in hop["claims"]:
                assert claim["evidence"] and all(
                    ev["quote"] and ev["document"]["file_name"] for ev in claim["evidence"]
                )
    first = result["paths"][0]["hops"][0]["claims"][0]
    assert (first["subject"]["name"], first["predicate"], first["object"]["name"]) == (
        ENTITIES["jc"][1],
        "family",
        ENTITIES["rosalinda"][1],
    )
    assert first["evidence"][0]["document"]["publisher"] == "Proceso"


def test_path_lookup_failures(kb):
    store, _ = kb
    with pytest.raises(LookupFailed):
        paths(store, "Nobody At All", "CJNG")
    with pytest.raises(NotInGraph):
        paths(store, "Jalisco", "CJNG")  # a place: not in the default graph
    # Under a collection filter, an entity that only other collections name answers like
    # one that does not exist, without its name (issue 11).
    with pytest.raises(LookupFailed, match="matches no entity"):
        paths(store, "Juan Pérez Ramos", "CJNG", filters=GraphFilters(collections=("public",)))


def test_ego_network(kb):
    store, ids = kb
    ego = ego_network(store, ids["rosalinda"], depth=1, filters=GraphFilters(**WIDE))
    assert ego["center"]["name"] == ENTITIES["rosalinda"][1]
    assert {n["name"]: n["distance"] for n in ego["nodes"]} == {
        ENTITIES[s][1]: d for s, d in [("rosalinda", 0), ("jc", 1), ("mencho", 1), ("abigael", 1)]
    }
    assert len(ego["edges"]) == 3
    assert ego["total"] == 3 and {n["name"]: n["degree"] for n in ego["nodes"]}[ENTITIES["mencho"][1]] == 3
    lonely = ego_network(store, ids["jalisco"])
    assert lonely["nodes"] == [lonely["center"] | {"distance": 0, "degree": 0}] and lonely["edges"] == []


def test_ego_network_keeps_the_best_connected_within_a_limit(kb):
    store, ids = kb
    ego = ego_network(store, ids["cjng"], limit=2)
    assert ego["total"] == 6
    # El Mencho has three ties; of the three with two, Juan Carlos comes first by name.
    assert [n["name"] for n in ego["nodes"]] == [ENTITIES[s][1] for s in ("cjng", "jc", "mencho")]
    assert all(e["source"] != e["target"] for e in ego["edges"]) and len(ego["edges"]) == 2


def test_leaders_strategy_on_the_knowledge_base(kb):
    result = disrupt(build_graph(kb[0], GraphFilters(**WIDE)), "leaders", k=5)
    assert [s["removed"] for s in result["steps"]] == [ENTITIES["mencho"][1], ENTITIES["abigael"][1]]
    assert [s["lcc_fraction"] for s in result["steps"]] == [0.9, 0.8]
    assert result["R"] == pytest.approx(0.85)


# --- the command line ------------------------------------------------------------------


@pytest.fixture
def db_arg(kb, db):
    return db


def invoke(db: str, *args: str):
    return CliRunner().invoke(cli, ["graph", *args, "--db", db])


def test_cli_path_prints_every_hop_with_its_quote(db_arg):
    result = invoke(db_arg, "path", "Juan Carlos Valencia Gonzalez", "Rosalinda Gonzalez", "--k", "2")
    assert result.exit_code == 0, result.output
    assert "Path 1: Juan Carlos Valencia González -> Rosalinda González Valencia (1 hop)" in result.output
    assert "Juan Carlos Valencia González family Rosalinda González Valencia (d2)" in result.output
    assert "Path 2" in result.output and "Path 3" not in result.output


def test_cli_path_json_and_failures(db_arg):
    result = invoke(db_arg, "path", "El Mencho", "CJNG", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["paths"][0]["hops"][0]["claims"][0]["predicate"] == "leads"
    assert invoke(db_arg, "path", "Nobody At All", "CJNG").exit_code == 1
    # Jalisco is only reachable when places are included.
    assert invoke(db_arg, "path", "CJNG", "Jalisco").exit_code == 1
    assert invoke(db_arg, "path", "CJNG", "Jalisco", "--entity-types", "all").exit_code == 1  # no operates_in
    assert (
        invoke(db_arg, "path", "CJNG", "Jalisco", "--entity-types", "all", "--relations", "all").exit_code
        == 0
    )
    assert invoke(db_arg, "path", "CJNG", "Jalisco", "--entity-types", "planet").exit_code == 2
    police = ENTITIES["policia"][1]
    direct = invoke(db_arg, "path", police, "Cártel de Sinaloa", "--relations", "all", "--state", "--k", "1")
    assert f"{police} --[action_against]-- Cártel de Sinaloa" in direct.output


def test_cli_disrupt_json_has_exactly_the_documented_shape(db_arg):
    result = invoke(db_arg, "disrupt", "--strategy", "degree", "--k", "2", "--format", "json", "--state")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"strategy", "steps", "R"}
    assert all(set(s) == {"removed", "lcc_fraction", "components", "efficiency"} for s in data["steps"])
    first = data["steps"][0]
    assert (first["removed"], first["lcc_fraction"], first["components"]) == (ENTITIES["cjng"][1], 0.6, 3)


def test_cli_disrupt_by_degree_removes_no_state_body_by_default(db_arg):
    def removed(*extra: str) -> list[str]:
        result = invoke(db_arg, "disrupt", "--strategy", "degree", "--k", "10", "--format", "json", *extra)
        assert result.exit_code == 0, result.output
        return [s["removed"] for s in json.loads(result.output)["steps"]]

    default = removed()
    assert len(default) == 9 and ENTITIES["policia"][1] not in default
    assert ENTITIES["policia"][1] in removed("--state")


def test_cli_state_crime_ties(db_arg):
    result = invoke(db_arg, "state-crime")
    assert result.exit_code == 0, result.output
    official, cjng = ENTITIES["official"][1], ENTITIES["cjng"][1]
    assert f"{official} ({ENTITIES['policia'][1]}) --[collusion]-- {cjng} (1 doc)" in result.output
    assert f"{official} collusion {cjng} (d4)" in result.output
    data = json.loads(invoke(db_arg, "state-crime", "--format", "json").output)
    assert [(t["state"]["name"], t["crime"]["name"]) for t in data["ties"]] == [(official, cjng)]
    public = invoke(db_arg, "state-crime", "--collection", "public")
    assert public.exit_code == 0 and "no state–crime ties" in public.output


def test_cli_disrupt_compare_writes_a_png(db_arg, tmp_path):
    out = tmp_path / "curves.png"
    result = invoke(db_arg, "disrupt", "--compare", "--k", "3", "--recover", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for strategy in ("degree", "betweenness", "leaders", "random"):
        assert f"{strategy}: R =" in result.output


@pytest.mark.parametrize("command", ["centrality", "brokers", "communities"])
def test_cli_measures_json(db_arg, command):
    result = invoke(db_arg, command, "--format", "json", "--collection", "public")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["nodes"], data["edges"]) == (8, 10)
    assert data["filters"]["collections"] == ["public"]


def test_cli_usage_errors_exit_2(db_arg):
    assert invoke(db_arg, "centrality", "--relations", "knows").exit_code == 2
    assert invoke(db_arg, "disrupt", "--strategy", "kingpin").exit_code == 2
