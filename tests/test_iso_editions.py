"""ISO editions and amendments in the real seeds: ISO 9001:2026 as a framework of its own that
supersedes ISO 9001:2015, the 2015-to-2026 transition set, and the 2024 climate amendments.

Read from the seed files themselves (no Neo4j needed): these gates are about content.
"""

import csv
from pathlib import Path

import pytest
import yaml

from tests.conftest import REAL_SEEDS

FRAMEWORKS = REAL_SEEDS / "frameworks"
MAPPINGS = REAL_SEEDS / "mappings"
AMENDMENTS = REAL_SEEDS / "amendments"
TRANSITION = MAPPINGS / "iso9001-iso9001-2026.sssom.tsv"
NEW_SETS = ["iso9001-iso9001-2026", "iso9001-2026-iso42001", "iso9001-2026-iso27001", "iso9001-2026-eu-ai-act"]


def framework(fid: str) -> dict:
    return yaml.safe_load((FRAMEWORKS / f"{fid}.yaml").read_text(encoding="utf-8"))


def requirements(fid: str) -> dict[str, dict]:
    """ref -> requirement (with `parent` added), in document order."""
    out: dict[str, dict] = {}

    def walk(items, parent=None):
        for item in items:
            out[item["ref"]] = {**item, "parent": parent}
            walk(item.get("children", []), item["ref"])
    walk(framework(fid)["requirements"])
    return out


def mapping_set(set_id: str) -> tuple[dict, list[dict]]:
    lines = (MAPPINGS / f"{set_id}.sssom.tsv").read_text(encoding="utf-8").splitlines()
    header = yaml.safe_load("\n".join(line[2:] for line in lines if line.startswith("# ")))
    rows = list(csv.DictReader([line for line in lines if not line.startswith("#")], delimiter="\t"))
    return header, rows


def ref(requirement_id: str) -> str:
    return requirement_id.split(":", 1)[1]


# -- ISO 9001:2026 as a framework ------------------------------------------------------------

def test_iso9001_2026_is_a_new_framework_that_supersedes_2015():
    new, old = framework("iso9001-2026"), framework("iso9001")
    assert new["id"] == "iso9001-2026" and new["name"] == "ISO 9001:2026"
    assert new["supersedes"] == "iso9001"
    assert new["published"] > old["published"]
    assert new["checked"] and new["checked_how"]


def test_iso9001_2026_clause_count():
    # 77 titled clauses in 4-10 (2015 has 75): 5.2.1/5.2.2 and 10.3 went, 6.1.1-6.1.3, 9.2.1, 9.2.2 came.
    reqs = requirements("iso9001-2026")
    assert len(reqs) == 77
    assert {r["kind"] for r in reqs.values()} == {"clause"}
    assert [r for r in reqs if r.split(".")[0] not in {"4", "5", "6", "7", "8", "9", "10"}] == []


def test_2026_splits_risks_and_opportunities():
    reqs = requirements("iso9001-2026")
    split = {r: reqs[r]["title"] for r in ("6.1.1", "6.1.2", "6.1.3") if r in reqs}
    assert split == {"6.1.1": "Determining risks and opportunities", "6.1.2": "Actions to address risks",
                     "6.1.3": "Actions to address opportunities"}
    assert {reqs[r]["parent"] for r in split} == {"6.1"}
    assert not {"6.1.1", "6.1.2", "6.1.3"} & set(requirements("iso9001")), "the 2015 edition has one 6.1"


def test_2026_carries_the_reported_changes():
    reqs = requirements("iso9001-2026")
    assert "climate" in reqs["4.1"]["summary"]
    assert "culture" in reqs["5.1.1"]["summary"] and "ethical" in reqs["5.1.1"]["summary"]
    assert "culture" in reqs["7.3"]["summary"]
    assert "10.3" not in reqs and reqs["10.1"]["title"] == "Continual improvement"


# -- the transition set ----------------------------------------------------------------------

def test_every_2015_clause_has_a_transition_row():
    _, rows = mapping_set("iso9001-iso9001-2026")
    assert sorted(set(requirements("iso9001")) - {ref(r["subject_id"]) for r in rows}) == []


def test_every_2026_clause_is_reached_by_the_transition_set():
    _, rows = mapping_set("iso9001-iso9001-2026")
    assert sorted(set(requirements("iso9001-2026")) - {ref(r["object_id"]) for r in rows}) == []


def test_transition_rows_point_from_2015_to_2026_ids_that_exist():
    _, rows = mapping_set("iso9001-iso9001-2026")
    old, new = set(requirements("iso9001")), set(requirements("iso9001-2026"))
    bad = [(r["subject_id"], r["object_id"]) for r in rows
           if not (r["subject_id"].startswith("iso9001:") and ref(r["subject_id"]) in old
                   and r["object_id"].startswith("iso9001-2026:") and ref(r["object_id"]) in new)]
    assert bad == []


def test_same_numbered_clauses_are_equal_or_grown():
    # A 2015 clause and its same-numbered 2026 successor: unchanged (EQUAL) or the 2026 one asks more.
    _, rows = mapping_set("iso9001-iso9001-2026")
    odd = [(r["subject_id"], r["predicate_id"]) for r in rows
           if ref(r["subject_id"]) == ref(r["object_id"]) and r["predicate_id"] not in {"EQUAL", "SUBSET_OF"}]
    assert odd == []
    changed = {ref(r["subject_id"]) for r in rows if ref(r["subject_id"]) == ref(r["object_id"])
               and r["predicate_id"] == "SUBSET_OF"}
    assert {"5.1.1", "6.1", "6.3", "7.3"} <= changed


@pytest.mark.parametrize("set_id", NEW_SETS)
def test_new_sets_pin_both_ends(set_id):
    header, rows = mapping_set(set_id)
    ends = {r[k].split(":", 1)[0] for r in rows for k in ("subject_id", "object_id")}
    assert rows and set(header["assessed_against"]) == ends


def test_hs_policy_pairs_are_not_claimed_equal():
    # Shared Harmonized Structure wording is not shared substance: a quality policy is no AI or security policy.
    for set_id, other in (("iso9001-2026-iso42001", "iso42001:5.2"), ("iso9001-2026-iso27001", "iso27001:5.2")):
        _, rows = mapping_set(set_id)
        [row] = [r for r in rows if r["subject_id"] == "iso9001-2026:5.2" and r["object_id"] == other]
        assert row["predicate_id"] != "EQUAL"


def test_ai_act_set_reaches_every_point_of_article_17():
    _, rows = mapping_set("iso9001-2026-eu-ai-act")
    points = {f"eu-ai-act:Art.17(1)({p})" for p in "abcdefghijklm"} | {f"eu-ai-act:Art.17({n})" for n in (1, 2, 3, 4)}
    assert sorted(points - {r["object_id"] for r in rows}) == []


# -- the 2024 climate amendments -------------------------------------------------------------

@pytest.mark.parametrize("fid, amendment", [("iso9001", "iso9001-2015-amd1-2024"), ("iso27001", "iso27001-2022-amd1-2024")])
def test_climate_amendment_replaces_4_1_and_4_2(fid, amendment):
    record = yaml.safe_load((AMENDMENTS / f"{amendment}.yaml").read_text(encoding="utf-8"))
    assert record["framework"] == fid and record["status"] == "in-force"
    changes = {c["provision"]: c for c in record["changes"]}
    assert set(changes) == {"4.1", "4.2"}
    current = requirements(fid)
    for provision, change in changes.items():
        assert change["action"] == "replaces"
        before = " ".join(change["before"]["summary"].split())
        now = " ".join(current[provision]["summary"].split())
        assert before != now and "climate" not in before and "climate" in now
    # The framework names the amendment in the version it made, valid from its day.
    last = framework(fid)["versions"][-1]
    assert last["amendment"] == amendment and last["valid_from"] == record["in_force"]


def test_42001_has_climate_natively_without_an_amendment():
    assert "climate" in requirements("iso42001")["4.1"]["summary"]
    assert not [p for p in AMENDMENTS.glob("*.yaml")
                if yaml.safe_load(p.read_text(encoding="utf-8"))["framework"] == "iso42001"]
