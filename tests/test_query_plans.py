"""The big reads stay flat as the graph grows: framework filters reach the index, and
sharedControls ranks and pages inside Cypher. Checked on plans and db hits (PROFILE) and on
answers, never on time (bench/queries.py measures time)."""

import datetime as dt

import pytest
from starlette.testclient import TestClient

from graph.cypher import query
from graph.run import Runner
from server.app import create_app
from server.pagination import encode_cursor
from server.schema import DEFAULT_KINDS
from tests.conftest import REAL_SEEDS, gql, load_seeds

pytestmark = pytest.mark.neo4j

PUBLIC = {"admin": False, "orgs": []}
SHARED = {"frameworks": None, "minFrameworks": 1, "relations": None, "minStrength": None, "role": None, "asOf": None,
          "law": dt.date.today(), "condition": None, "viewer": PUBLIC, "requirementProps": ["id", "framework"]}


def operators(plan: dict):
    yield plan
    for child in plan.get("children", []):
        yield from operators(child)


def profile(driver, settings, name: str, **params) -> dict:
    text = query(name).text
    with driver.session(database=settings.neo4j_database) as session:
        result = session.run("PROFILE " + text, query(name).check(params))
        list(result)
        return result.consume().profile


def total_hits(plan: dict) -> int:
    return sum(op.get("dbHits", 0) for op in operators(plan))


def test_requirement_framework_has_an_index_of_its_own(driver, settings, real_graph):
    with driver.session(database=settings.neo4j_database) as session:
        indexes = [(r["labelsOrTypes"], r["properties"]) for r in session.run(
            "SHOW INDEXES YIELD type, labelsOrTypes, properties WHERE type = 'RANGE' RETURN labelsOrTypes, properties")]
    assert (["Requirement"], ["framework"]) in indexes


COVERAGE = {"target": "iso42001", "using": ["iso27001"], "kinds": None, "imposing": DEFAULT_KINDS, "relations": None,
            "minStrength": None, "role": None, "asOf": None, "law": dt.date.today(), "condition": None,
            "viewer": PUBLIC, "requirementProps": ["id"], "mappingProps": ["id"]}


@pytest.mark.parametrize("name, params", [
    ("coverage", COVERAGE),
    ("crosswalk", {"from": "iso42001", "to": "eu-ai-act", "kinds": None, "imposing": DEFAULT_KINDS, "relations": None,
                   "minStrength": None, "includeInferred": False, "viewer": PUBLIC,
                   "requirementProps": ["id"], "mappingProps": ["id"]}),
    ("requirements-page", {"framework": "iso42001", "kind": None, "concept": None, "search": None, "sort": "DOCUMENT",
                           "skip": 0, "limit": 50, "viewer": PUBLIC}),
    ("framework-requirements", {"keys": [{"framework": "iso42001", "kind": None, "skip": 0, "limit": 20}],
                                "viewer": PUBLIC}),
    ("mappings-page", {"from": "iso42001", "to": "eu-ai-act", "relations": None, "minStrength": None, "sort": "DOCUMENT",
                       "skip": 0, "limit": 50, "viewer": PUBLIC}),
    ("mappings-page", {"from": None, "to": "eu-ai-act", "relations": None, "minStrength": None, "sort": "DOCUMENT",
                       "skip": 0, "limit": 50, "viewer": PUBLIC}),
    ("shared-controls", {**SHARED, "frameworks": ["iso42001", "eu-ai-act"], "skip": 0, "limit": 50}),
])
def test_a_named_framework_is_found_through_the_index(driver, settings, real_graph, name, params):
    """No operator walks every requirement (or every mapping) when the question names a framework."""
    plan = profile(driver, settings, name, **params)
    ops = list(operators(plan))
    seeks = [op for op in ops if "IndexSeek" in op["operatorType"] and "(framework)" in op["args"].get("Details", "")]
    assert seeks and any(op["rows"] > 0 for op in seeks), [op["operatorType"] for op in ops]
    scans = [op for op in ops if op["operatorType"].split("@")[0] in
             ("NodeByLabelScan", "AllNodesScan", "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan")]
    assert all(op["rows"] == 0 for op in scans), [(op["operatorType"], op["rows"]) for op in scans]


def test_shared_controls_pages_are_slices_of_one_ranking(driver, settings, real_graph):
    runner = Runner(driver, settings.neo4j_database)
    [whole] = runner.read("shared-controls", **SHARED, skip=0, limit=100_000)
    assert whole["total"] == len(whole["rows"]) > 20
    ranks = [(-r["frameworkCount"], -r["totalStrength"], r["requirement"][0]) for r in whole["rows"]]
    assert ranks == sorted(ranks)
    pages, skip = [], 0
    while skip < whole["total"] + 7:
        [page] = runner.read("shared-controls", **SHARED, skip=skip, limit=7)
        assert page["total"] == whole["total"] and len(page["rows"]) <= 7
        pages += page["rows"]
        skip += 7
    assert pages == whole["rows"]


def test_shared_controls_details_only_the_page(driver, settings, real_graph):
    """Requirement properties and the substance check are read for the page only: a small page costs fewer db hits."""
    small = total_hits(profile(driver, settings, "shared-controls", **SHARED, skip=0, limit=5))
    large = total_hits(profile(driver, settings, "shared-controls", **SHARED, skip=0, limit=500))
    assert small < large


@pytest.fixture(scope="module")
def client(settings, real_graph):
    with TestClient(create_app(settings)) as client:
        yield client


def test_shared_controls_cursor_pages_match_one_big_page(client):
    fields = "totalCount nodes { requirement { id } frameworkCount totalStrength frameworks { framework { id } coverage " \
             "strength requirements { requirement { id } relation strength mappingId } } } pageInfo { hasNextPage endCursor }"
    big = gql(client, "{ sharedControls(minFrameworks: 2, first: 150) { " + fields + " } }")["sharedControls"]
    assert len(big["nodes"]) == 150 and big["totalCount"] > 150
    nodes, after = [], None
    while len(nodes) < 150:
        page = gql(client, "query($after: String) { sharedControls(minFrameworks: 2, first: 9, after: $after) { "
                   + fields + " } }", after=after)["sharedControls"]
        assert page["totalCount"] == big["totalCount"] and page["pageInfo"]["hasNextPage"]
        nodes += page["nodes"]
        after = page["pageInfo"]["endCursor"]
    assert nodes[:150] == big["nodes"]
    last = gql(client, "query($after: String) { sharedControls(minFrameworks: 2, first: 9, after: $after) { totalCount "
               "nodes { requirement { id } } pageInfo { hasNextPage } } }",
               after=encode_cursor(big["totalCount"] - 2))["sharedControls"]
    assert last["totalCount"] == big["totalCount"] and len(last["nodes"]) == 1 and not last["pageInfo"]["hasNextPage"]
    empty = gql(client, "query($after: String) { sharedControls(minFrameworks: 2, first: 9, after: $after) { totalCount "
                "nodes { requirement { id } } pageInfo { hasNextPage } } }",
                after=encode_cursor(big["totalCount"] - 1))["sharedControls"]
    assert empty == {"totalCount": big["totalCount"], "nodes": [], "pageInfo": {"hasNextPage": False}}


def test_the_first_plans_after_a_load_use_the_loaded_data(driver, settings, concepts):
    """Indexes made on an empty graph keep an empty sample until Neo4j resamples them, and a plan made
    on it stays cached: on a fresh load coverage cost 6.3 M db hits instead of 21,000. The loader
    resamples and drops cached plans (graph/loader.py prepare_for_replanning): the first plan after a
    load must be the one fresh statistics give."""
    with driver.session(database=settings.neo4j_database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
        for record in list(session.run("SHOW INDEXES YIELD name, type, owningConstraint "
                                       "WHERE type = 'RANGE' AND owningConstraint IS NULL RETURN name")):
            session.run(f"DROP INDEX `{record['name']}`").consume()
    load_seeds(driver, settings, REAL_SEEDS, concepts)  # its indexes are made on the empty graph, before the data
    first = total_hits(profile(driver, settings, "coverage", **COVERAGE))
    Runner(driver, settings.neo4j_database, 60).schema("CALL db.prepareForReplanning()")
    assert first == total_hits(profile(driver, settings, "coverage", **COVERAGE))
