"""The cross-framework questions (crosswalk, coverage, paths, topic, search, compare, stats) on the
fixture seeds, whose answers can be worked out by hand from tests/fixtures/seeds."""

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from tests.conftest import gql, gql_error

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def client(settings, fixture_graph):
    with TestClient(create_app(settings)) as client:
        yield client




CROSSWALK = """query($from: ID!, $to: ID!, $relations: [Relation!], $inferred: Boolean = false, $kinds: [String!]) {
  crosswalk(from: $from, to: $to, relations: $relations, includeInferred: $inferred, kinds: $kinds) {
    requirementCount mappedCount unmapped { id }
    rows { totalCount nodes { requirement { id } hits { relation strength confidence inferred target { id } via { id } } } } } }"""


def hits_by_requirement(crosswalk: dict) -> dict:
    return {r["requirement"]["id"]: [(h["relation"], h["target"]["id"]) for h in r["hits"]] for r in crosswalk["rows"]["nodes"]}


def test_crosswalk_reads_every_relation_from_the_from_side(client):
    # each provision once, at the lowest level that imposes something: clause 4 and objective A.1 through theirs
    cw = gql(client, CROSSWALK, **{"from": "std-a", "to": "law-b"})["crosswalk"]
    assert cw["requirementCount"] == cw["rows"]["totalCount"] == 4
    assert hits_by_requirement(cw) == {
        "std-a:4.1": [("INTERSECTS_WITH", "law-b:Art.1(1)")],
        "std-a:A.1.1": [("SUPERSET_OF", "law-b:Art.1")],
        "std-a:A.1.2": [("SUPERSET_OF", "law-b:Art.2")],  # stored as law-b:Art.2 SUBSET_OF std-a:A.1.2
        "std-a:A.1.3": [("NOT_RELATED", "law-b:Art.3")]}
    assert cw["unmapped"] == [] and cw["mappedCount"] == 4
    back = gql(client, CROSSWALK, **{"from": "law-b", "to": "std-a", "relations": ["SUBSET_OF"], "kinds": ["article"]})["crosswalk"]
    assert {k: v for k, v in hits_by_requirement(back).items() if v} == {
        "law-b:Art.1": [("SUBSET_OF", "std-a:A.1.1")], "law-b:Art.2": [("SUBSET_OF", "std-a:A.1.2")]}


def test_inferred_hits_compose_only_through_equal_or_subset_chains(client):
    plain = gql(client, CROSSWALK, **{"from": "guide-c", "to": "law-b"})["crosswalk"]
    assert plain["mappedCount"] == 0
    inferred = gql(client, CROSSWALK, **{"from": "guide-c", "to": "law-b", "inferred": True})["crosswalk"]
    rows = {r["requirement"]["id"]: r["hits"] for r in inferred["rows"]["nodes"]}
    # P2 EQUAL A.1.2 and A.1.2 SUPERSET_OF Art.2 give P2 SUPERSET_OF Art.2; P1 only INTERSECTS A.1.1, so nothing.
    assert rows["guide-c:P1"] == []
    [hit] = rows["guide-c:P2"]
    assert (hit["relation"], hit["target"]["id"], hit["inferred"], hit["strength"], hit["confidence"]) == (
        "SUPERSET_OF", "law-b:Art.2", True, 7, 0.72)
    assert [v["id"] for v in hit["via"]] == ["std-a-guide-c|std-a:A.1.2|guide-c:P2", "std-a-law-b|law-b:Art.2|std-a:A.1.2"]


COVERAGE = """query($using: [ID!]!, $role: Role, $asOf: Date, $status: [CoverageStatus!], $kinds: [String!]) {
  coverage(target: "law-b", using: $using, role: $role, asOf: $asOf, status: $status, kinds: $kinds) {
    total full partial none fullPercent coveredPercent gaps { id }
    items { totalCount nodes { requirement { id } status hits { relation source { id } mapping { id } } } } } }"""


def test_coverage_grades_each_target_requirement_and_lists_the_gaps(client):
    # By default each provision counts once, at the lowest level that imposes something: Art.1 through Art.1(1).
    report = gql(client, COVERAGE, using=["std-a"])["coverage"]
    status = {i["requirement"]["id"]: i["status"] for i in report["items"]["nodes"]}
    # Art.1(1) has its own (syntactic, partial) mapping, so it does not inherit Art.1's full one.
    assert status == {"law-b:Art.1(1)": "PARTIAL", "law-b:Art.2": "FULL", "law-b:Art.3": "NONE"}
    assert (report["total"], report["full"], report["partial"], report["none"]) == (3, 1, 1, 1)
    assert (report["fullPercent"], report["coveredPercent"]) == (33.3, 66.7)
    assert [g["id"] for g in report["gaps"]] == ["law-b:Art.3"]  # NOT_RELATED never covers
    only_gaps = gql(client, COVERAGE, using=["std-a"], status=["NONE"])["coverage"]["items"]
    assert [i["requirement"]["id"] for i in only_gaps["nodes"]] == ["law-b:Art.3"]
    both_levels = gql(client, COVERAGE, using=["std-a"], kinds=["article", "paragraph"])["coverage"]
    assert {i["requirement"]["id"]: i["status"] for i in both_levels["items"]["nodes"]} == {
        "law-b:Art.1": "FULL", "law-b:Art.1(1)": "PARTIAL", "law-b:Art.2": "FULL", "law-b:Art.3": "NONE"}


def test_coverage_role_and_date_narrow_the_regulation(client):
    deployer = gql(client, COVERAGE, using=["std-a"], role="DEPLOYER")["coverage"]
    assert [i["requirement"]["id"] for i in deployer["items"]["nodes"]] == ["law-b:Art.2"]
    provider = gql(client, COVERAGE, using=["std-a"], role="PROVIDER")["coverage"]
    assert [i["requirement"]["id"] for i in provider["items"]["nodes"]] == ["law-b:Art.1(1)", "law-b:Art.2"]
    early = gql(client, COVERAGE, using=["std-a"], asOf="2026-01-01", kinds=["article"])["coverage"]
    assert [i["requirement"]["id"] for i in early["items"]["nodes"]] == ["law-b:Art.2", "law-b:Art.3"]  # Art.1 from 2026-08-02


def test_coverage_refuses_bad_requests(client):
    assert "must not contain the target" in gql_error(client, COVERAGE, using=["law-b"])
    assert "unknown framework id(s): nope" in gql_error(client, COVERAGE, using=["nope"])


PATHS = """query($from: ID!, $to: ID!, $max: Int = 3) { paths(from: $from, to: $to, maxHops: $max) {
  length weakestStrength direct explorationOnly hops { fromId toId relationFromHere mapping { id justification } } } }"""


def test_paths_chain_assertions_and_mark_indirect_ones(client):
    [path] = gql(client, PATHS, **{"from": "guide-c:P1", "to": "law-b:Art.1"})["paths"]
    assert (path["length"], path["weakestStrength"], path["direct"], path["explorationOnly"]) == (2, 6, False, True)
    assert [(h["fromId"], h["relationFromHere"], h["toId"]) for h in path["hops"]] == [
        ("guide-c:P1", "INTERSECTS_WITH", "std-a:A.1.1"), ("std-a:A.1.1", "SUPERSET_OF", "law-b:Art.1")]
    assert all(h["mapping"]["justification"] for h in path["hops"])
    assert gql(client, PATHS, **{"from": "guide-c:P1", "to": "law-b:Art.1", "max": 1})["paths"] == []
    assert gql(client, PATHS, **{"from": "std-a:A.1.3", "to": "law-b:Art.3"})["paths"] == []  # NOT_RELATED is no link
    assert "between 1 and 5" in gql_error(client, PATHS, **{"from": "guide-c:P1", "to": "law-b:Art.1", "max": 9})
    assert "unknown requirement id(s): law-b:Art.9" in gql_error(client, PATHS, **{"from": "guide-c:P1", "to": "law-b:Art.9"})


def test_topic_groups_requirements_by_framework(client):
    topic = gql(client, """{ topic(concept: "human-oversight") { concept { label } requirementCount
        groups { framework { id } requirements { id } } } missing: topic(concept: "nope") { requirementCount } }""")
    assert topic["missing"] is None
    groups = {g["framework"]["id"]: [r["id"] for r in g["requirements"]] for g in topic["topic"]["groups"]}
    assert groups == {"guide-c": ["guide-c:P2"], "law-b": ["law-b:Art.2"], "std-a": ["std-a:A.1.2"]}
    assert topic["topic"]["requirementCount"] == 3


def test_search_ranks_whole_words_and_takes_operators_literally(client):
    found = gql(client, '{ search(text: "oversight") { totalCount nodes { score requirement { id } } } }')["search"]
    ids = [n["requirement"]["id"] for n in found["nodes"]]
    assert sorted(ids) == ["guide-c:P2", "law-b:Art.2"]  # the only texts with the word; a shorter title ranks first
    assert ids[0] == "guide-c:P2"
    scores = [n["score"] for n in found["nodes"]]
    assert scores == sorted(scores, reverse=True)
    limited = gql(client, '{ search(text: "oversight", frameworks: ["law-b"]) { nodes { requirement { id } } } }')
    assert [n["requirement"]["id"] for n in limited["search"]["nodes"]] == ["law-b:Art.2"]
    assert gql(client, '{ search(text: "Art.1(1) [x AND") { totalCount } }')["search"]["totalCount"] >= 0
    assert "at least one word" in gql_error(client, '{ search(text: "   ") { totalCount } }')


def test_compare_shows_the_mappings_among_requirements(client):
    data = gql(client, """{ compare(ids: ["std-a:A.1.1", "law-b:Art.1", "guide-c:P1"]) {
        requirements { id } mappings { id relation } } }""")["compare"]
    assert [r["id"] for r in data["requirements"]] == ["std-a:A.1.1", "law-b:Art.1", "guide-c:P1"]
    assert sorted(m["id"] for m in data["mappings"]) == ["std-a-guide-c|std-a:A.1.1|guide-c:P1", "std-a-law-b|std-a:A.1.1|law-b:Art.1"]
    assert "2 to 50" in gql_error(client, '{ compare(ids: ["std-a:A.1.1"]) { mappings { id } } }')
    assert "unknown requirement id(s): std-a:Z" in gql_error(client, '{ compare(ids: ["std-a:A.1.1", "std-a:Z"]) { mappings { id } } }')


def test_framework_stats_count_kinds_and_mappings_from_its_side(client):
    stats = gql(client, """{ framework(id: "std-a") { stats { byKind { kind count } mappingCount
        byFramework { frameworkId count } byRelation { relation count } } } }""")["framework"]["stats"]
    assert {k["kind"]: k["count"] for k in stats["byKind"]} == {"clause": 2, "control": 3, "objective": 1}
    assert stats["mappingCount"] == 6
    assert {f["frameworkId"]: f["count"] for f in stats["byFramework"]} == {"guide-c": 2, "law-b": 4}
    assert {r["relation"]: r["count"] for r in stats["byRelation"]} == {
        "EQUAL": 1, "INTERSECTS_WITH": 2, "NOT_RELATED": 1, "SUPERSET_OF": 2}


def test_shared_controls_respect_role(client):
    query = """query($role: Role) { sharedControls(minFrameworks: 1, role: $role) { nodes { requirement { id } frameworks { framework { id } } } } }"""

    def reach(role):
        rows = gql(client, query, role=role)["sharedControls"]["nodes"]
        return {r["requirement"]["id"]: sorted(f["framework"]["id"] for f in r["frameworks"]) for r in rows}

    assert reach("PROVIDER")["std-a:A.1.1"] == ["guide-c", "law-b"]
    assert reach("DEPLOYER")["std-a:A.1.1"] == ["guide-c"]  # law-b:Art.1 binds providers only


def test_coverage_counts_the_provisions_under_a_requirement(client):
    query = """{ coverage(target: "law-b", using: ["std-a"], relations: [INTERSECTS_WITH], kinds: ["article"]) {
        items { nodes { requirement { id } status hits { viaId source { id } } } } } }"""
    items = {i["requirement"]["id"]: i for i in gql(client, query)["coverage"]["items"]["nodes"]}
    # Art.1's own SUPERSET_OF mapping is filtered out; its paragraph 1(1) still has a partial hit.
    assert items["law-b:Art.1"]["status"] == "PARTIAL"
    assert items["law-b:Art.1"]["hits"] == [{"viaId": "law-b:Art.1(1)", "source": {"id": "std-a:4.1"}}]
    assert items["law-b:Art.2"]["status"] == "NONE"


def test_list_sorts_are_stable_and_complete(client):
    query = """query($sort: MappingOrder!) { mappings(from: "std-a", sort: $sort) { nodes { id strength confidence } } }"""
    by_doc = gql(client, query, sort="DOCUMENT")["mappings"]["nodes"]
    by_strength = gql(client, query, sort="STRENGTH")["mappings"]["nodes"]
    assert sorted(m["id"] for m in by_doc) == sorted(m["id"] for m in by_strength) and len(by_doc) == 6
    assert [m["strength"] for m in by_strength] == sorted((m["strength"] for m in by_doc), reverse=True)
    assert by_strength == gql(client, query, sort="STRENGTH")["mappings"]["nodes"]  # same order every time
    ids = [r["id"] for r in gql(client, '{ requirements(framework: "std-a", sort: ID) { nodes { id } } }')["requirements"]["nodes"]]
    assert ids == sorted(ids)


def test_article_level_paths_answer_through_their_paragraphs(client):
    query = """{ paths(from: "law-b:Art.1", to: "std-a:4.1", maxHops: 1) { startsAt endsAt inherited direct } }"""
    assert gql(client, query)["paths"] == [{"startsAt": "law-b:Art.1(1)", "endsAt": "std-a:4.1", "inherited": False, "direct": True}]


def test_crosswalk_rows_roll_up_and_down(client):
    query = """query($kinds: [String!]) { crosswalk(from: "law-b", to: "std-a", kinds: $kinds) {
      rows { nodes { requirement { id } hits { target { id } viaId inherited } } } } }"""
    articles = {r["requirement"]["id"]: r["hits"] for r in gql(client, query, kinds=["article"])["crosswalk"]["rows"]["nodes"]}
    assert {"target": {"id": "std-a:4.1"}, "viaId": "law-b:Art.1(1)", "inherited": False} in articles["law-b:Art.1"]
    leaves = {r["requirement"]["id"] for r in gql(client, query)["crosswalk"]["rows"]["nodes"]}
    assert leaves == {"law-b:Art.1(1)", "law-b:Art.2", "law-b:Art.3"}  # each provision once, at the lowest level
