"""The OFAC SDN parser on real rows of the 2024-05-03 list (public domain)."""

import gzip
from pathlib import Path

from redes.sources import ofac

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sdn_2024-05-03.csv"


def parse(path=SAMPLE):
    report = ofac.Report()
    return {e.id: e for e in ofac.entities(path, report)}, report


def test_parties_have_ofac_ids_schemata_and_remark_fields():
    ents, report = parse()
    assert report.rows == report.listed == 10 and not report.problems
    mencho = ents["ofac-sdn-17674"]
    assert mencho.schema.name == "Person"
    assert mencho.get("name") == ["Nemesio OSEGUERA CERVANTES"]
    assert mencho.get("lastName") == ["OSEGUERA CERVANTES"]
    assert mencho.get("program") == ["SDNTK", "ILLICIT-DRUGS-EO14059"]
    assert sorted(mencho.get("birthDate")) == ["1964-07-17", "1966-07-17"]
    assert mencho.get("birthPlace") == ["Naranjo de Chila, Aguililla, Michoacan, Mexico"]
    assert mencho.get("nationality") == ["mx"] and mencho.get("gender") == ["male"]
    assert mencho.get("weakAlias") == ["Mencho"]  # a nickname, not a full alias
    assert mencho.get("topics") == ["sanction"]
    assert mencho.get("sourceUrl")[0].endswith("id=17674")
    tony = ents["ofac-sdn-20109"]
    assert tony.get("alias") == ["Tony Montana"]
    assert "OECA580820HMNSRN04" in tony.get("idNumber")  # C.U.R.P. without "(Mexico)"
    assert ents["ofac-sdn-21664"].schema.name == "Company"  # S.A. DE C.V.
    assert ents["ofac-sdn-21664"].get("taxNumber") == ["OFA101214KG1"]
    assert ents["ofac-sdn-17671"].schema.name == "Organization"
    vessel = ents["ofac-sdn-4238"]
    assert vessel.schema.name == "Vessel" and vessel.get("callSign") == ["CL2192"]


def test_linked_to_becomes_a_link_between_listed_parties_with_a_stable_id():
    ents, report = parse()
    links = [e for e in ents.values() if e.schema.name == "UnknownLink"]
    assert report.links == len(links) == 1 + 4 + 2
    julio = {e.first("object") for e in links if e.first("subject") == "ofac-sdn-20110"}
    assert julio == {"ofac-sdn-17671", "ofac-sdn-17672", "ofac-sdn-18367", "ofac-sdn-18130"}
    assert ofac.link_id("ofac-sdn-20110", "ofac-sdn-17671") in ents
    again, _ = parse()
    assert sorted(again) == sorted(ents)


def test_bad_rows_are_reported_with_their_number_and_the_rest_is_read(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    lines.insert(2, '"x","NO NUMBER",-0- ,"SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ')
    lines.insert(5, "123,too few columns")
    lines.append(
        '99,"LOST, Party","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Linked To: NOBODY KNOWN."'
    )
    lines.append("\x1a")  # OFAC's file ends with a DOS end-of-file mark: not a row
    path = tmp_path / "sdn.csv.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    ents, report = parse(path)
    assert report.listed == 11 and len(ents) == 11 + 7
    assert [(p.row, p.message.split(" ")[0]) for p in report.problems] == [
        (3, "ent_num"),
        (6, "2"),
        (13, "Linked"),
    ]


def test_list_date_comes_from_the_file_name():
    assert str(ofac.list_date("ofac_sdn_2024-05-03.csv.gz")) == "2024-05-03"
    assert ofac.list_date("sdn.csv") is None
