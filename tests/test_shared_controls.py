"""sharedControls' stored ranking (graph/shared_controls.py) answers exactly as the live query does.

The default question is answered from SharedControlRank nodes that the loader and every API write to a
public mapping keep in the same transaction; a day outside the stored interval, any filter and a viewer
who may see organisation mappings go to the live query. Checked on the real seeds: the two queries'
rows, the GraphQL answers (a `relations` filter naming every counted relation is the same question,
asked live), the stored values against a full recompute after each kind of write, and the plan."""

import datetime as dt
import time

import pytest
from starlette.testclient import TestClient

from graph.keys import create_key
from graph.run import Runner
from graph.shared_controls import refresh_params
from server.app import create_app
from server.pagination import encode_cursor
from server.selection import REQUIREMENT_ALWAYS, REQUIREMENT_FIELDS
from tests.conftest import gql
from tests.test_query_plans import operators, profile

pytestmark = pytest.mark.neo4j

PUBLIC = {"admin": False, "orgs": []}
PROPS = REQUIREMENT_ALWAYS + sorted({p for props in REQUIREMENT_FIELDS.values() for p in props})
TODAY = dt.date.today()
COUNTED = "[EQUAL, SUBSET_OF, SUPERSET_OF, INTERSECTS_WITH]"  # every relation but NOT_RELATED: no filter, asked live
FIELDS = ("totalCount nodes { requirement { id title } frameworkCount totalStrength frameworks { framework { id } "
          "coverage strength requirements { requirement { id } relation strength mappingId } } } "
          "pageInfo { hasNextPage endCursor }")


def shared_doc(live: bool) -> str:
    relations = f", relations: {COUNTED}" if live else ""
    return ("query($min: Int!, $first: Int!, $after: String, $law: Date) { sharedControls(minFrameworks: $min, "
            f"first: $first, after: $after, lawAsOf: $law{relations}) {{ {FIELDS} }} }}")


def both_queries(runner: Runner, min_frameworks=1, skip=0, limit=100_000, law=TODAY, viewer=PUBLIC) -> tuple[dict, dict]:
    """Both queries' records, requirements as property maps again (every property the API may read)."""
    [stored] = runner.read("shared-controls-stored", minFrameworks=min_frameworks, law=law, skip=skip, limit=limit,
                           viewer=viewer, requirementProps=PROPS)
    [live] = runner.read("shared-controls", frameworks=None, minFrameworks=min_frameworks, relations=None,
                         minStrength=None, role=None, asOf=None, law=law, condition=None, skip=skip, limit=limit,
                         viewer=viewer, requirementProps=PROPS)
    for record in (stored, live):
        for row in record["rows"]:
            row["requirement"] = dict(zip(PROPS, row["requirement"]))
            for hit in (h for f in row["perFramework"] for h in f["hits"]):
                hit["requirement"] = dict(zip(PROPS, hit["requirement"]))
    return stored, live


@pytest.fixture(scope="module")
def runner(driver, settings, real_graph):
    return Runner(driver, settings.neo4j_database)


def stored_ranks(driver, settings) -> list[tuple]:
    records, _, _ = driver.execute_query("MATCH (x:SharedControlRank) RETURN x.id AS id, x.frameworks AS f, "
                                         "x.strength AS s ORDER BY id", database_=settings.neo4j_database)
    return [(r["id"], r["f"], r["s"]) for r in records]


def ranking_node(driver, settings) -> dict:
    records, _, _ = driver.execute_query("MATCH (s:SharedControlRanking {id: 'public'}) RETURN s {.*} AS s",
                                         database_=settings.neo4j_database)
    found = {k: (v.to_native() if hasattr(v, "to_native") else v) for k, v in records[0]["s"].items()}
    return {**found, "lawFrom": found["lawFrom"] if found["lawFrom"].year > 1 else None,  # None: no boundary
            "lawTo": found["lawTo"] if found["lawTo"].year < 9999 else None}


def assert_agrees(runner, driver, settings, usable=True, **params) -> dict:
    """The stored query answers (or declines, when `usable` is False) and equals the live one; the stored
    values equal a full recompute."""
    stored, live = both_queries(runner, **params)
    assert stored["usable"] is usable
    if usable:
        assert stored["total"] == live["total"] > 0
        assert stored["rows"] == live["rows"]
        before = stored_ranks(driver, settings)
        runner.write("shared-controls-refresh", **refresh_params())  # everything, from scratch
        assert stored_ranks(driver, settings) == before
    return live


@pytest.fixture(scope="module")
def keys(driver, settings, real_graph):
    db = settings.neo4j_database
    made = {name: create_key(driver, db, name, role, org) for name, role, org in [
        ("shared-editor", "editor", None), ("shared-acme", "editor", "acme-shared"), ("shared-admin", "admin", None)]}
    yield made
    driver.execute_query("MATCH ()-[m:MAPS_TO {origin: 'api'}]->() DELETE m", database_=db)
    driver.execute_query("MATCH (n) WHERE n.origin = 'api' OR n:AuditEvent OR n:ApiKey DETACH DELETE n", database_=db)
    Runner(driver, db).write("shared-controls-refresh", **refresh_params())  # raw Cypher writes must refresh too


@pytest.fixture(scope="module")
def client(settings, keys):
    with TestClient(create_app(settings)) as client:
        yield client


def post(client, document: str, key: str | None = None, **variables) -> dict:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = client.post("/graphql", json={"query": document, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def graphql_agrees(client, key=None, **variables) -> dict:
    """The default question over GraphQL equals the same question asked live (a filter that filters nothing)."""
    variables = {"min": 1, "first": 100, "after": None, "law": None, **variables}
    stored = post(client, shared_doc(live=False), key, **variables)["sharedControls"]
    live = post(client, shared_doc(live=True), key, **variables)["sharedControls"]
    assert stored == live
    return stored


@pytest.mark.parametrize("min_frameworks, skip, limit", [(1, 0, 100_000), (2, 0, 50), (2, 50, 50), (3, 0, 7),
                                                         (2, 10_000, 5), (50, 0, 10)])
def test_stored_and_live_rankings_are_identical_on_the_seeds(runner, driver, settings, min_frameworks, skip, limit):
    stored, live = both_queries(runner, min_frameworks, skip, limit)
    assert stored["usable"] is True
    assert (stored["total"], stored["rows"]) == (live["total"], live["rows"])
    if min_frameworks <= 3 and skip < live["total"]:
        assert stored["rows"], "a page that has rows"


def test_the_loaded_ranking_equals_a_full_recompute(runner, driver, settings):
    before = stored_ranks(driver, settings)
    assert len(before) > 100
    runner.write("shared-controls-refresh", **refresh_params())
    assert stored_ranks(driver, settings) == before


def test_graphql_pages_agree(client):
    first = graphql_agrees(client, min=2, first=20)
    assert first["totalCount"] > 20 and len(first["nodes"]) == 20
    second = graphql_agrees(client, min=2, first=20, after=first["pageInfo"]["endCursor"])
    assert second["nodes"] and second["nodes"][0] != first["nodes"][0]
    last = graphql_agrees(client, min=2, first=20, after=encode_cursor(first["totalCount"] - 3))
    assert len(last["nodes"]) == 2 and not last["pageInfo"]["hasNextPage"]


def test_a_day_outside_the_stored_interval_is_answered_live(runner, driver, settings, client):
    stored = ranking_node(driver, settings)
    assert stored["law"] == TODAY
    assert stored["lawFrom"] is not None or stored["lawTo"] is not None  # the seeds have dated versions
    assert (stored["lawFrom"] is None or stored["lawFrom"] <= TODAY) and (stored["lawTo"] is None or TODAY < stored["lawTo"])
    outside = [d for d in (stored["lawFrom"] and stored["lawFrom"] - dt.timedelta(days=1), stored["lawTo"]) if d]
    for day in outside:
        assert_agrees(runner, driver, settings, usable=False, law=day)
        graphql_agrees(client, law=day.isoformat())
    inside = stored["lawFrom"] or stored["lawTo"] - dt.timedelta(days=1)
    assert_agrees(runner, driver, settings, law=inside)
    graphql_agrees(client, law=inside.isoformat())


def test_a_filter_is_answered_live(monkeypatch, client):
    """With a filter the reader never asks the stored ranking (it would ignore the filter)."""
    from graph import reads
    asked = []
    original = reads.GraphReader.run

    async def run(self, name, **params):
        asked.append(name)
        return await original(self, name, **params)

    monkeypatch.setattr(reads.GraphReader, "run", run)
    filtered = post(client, '{ sharedControls(minFrameworks: 2, minStrength: 7, first: 5) { totalCount } }')
    assert "shared-controls-stored" not in asked and "shared-controls" in asked
    asked.clear()
    plain = post(client, '{ sharedControls(minFrameworks: 2, first: 5) { totalCount } }')
    assert "shared-controls-stored" in asked and "shared-controls" not in asked
    assert filtered["sharedControls"]["totalCount"] < plain["sharedControls"]["totalCount"]


def test_every_kind_of_public_mapping_write_keeps_the_ranking(runner, driver, settings, client, keys):
    editor = keys["shared-editor"]
    whole = both_queries(runner)[1]["rows"]
    subject = whole[5]
    reached = {f["framework"] for f in subject["perFramework"]} | {subject["requirement"]["framework"]}
    target = next(r["requirement"] for r in whole if r["requirement"]["framework"] not in reached)
    mapping = {"subjectId": subject["requirement"]["id"], "objectId": target["id"], "relation": "EQUAL",
               "rationale": "FUNCTIONAL", "strength": 7, "confidence": 0.8,
               "justification": "A test mapping: both ask for the same thing, for this test only."}
    upsert = "mutation($input: MappingInput!) { upsertMapping(input: $input) { id } }"

    made = post(client, upsert, editor, input=mapping)["upsertMapping"]["id"]
    live = assert_agrees(runner, driver, settings)
    mine = next(r for r in live["rows"] if r["requirement"]["id"] == subject["requirement"]["id"])
    assert mine["frameworkCount"] == subject["frameworkCount"] + 1  # the write reached the ranking
    assert mine["totalStrength"] == subject["totalStrength"] + 7
    graphql_agrees(client, min=2, first=50)

    post(client, upsert, editor, input={**mapping, "strength": 2, "relation": "INTERSECTS_WITH"})  # strength changed
    live = assert_agrees(runner, driver, settings)
    assert next(r for r in live["rows"] if r["requirement"]["id"] == subject["requirement"]["id"])["totalStrength"] \
        == subject["totalStrength"] + 2
    post(client, upsert, editor, input={**mapping, "relation": "NOT_RELATED"})  # counts nowhere
    assert_agrees(runner, driver, settings)
    post(client, upsert, editor, input=mapping)
    post(client, "mutation($id: ID!) { reviewMapping(id: $id, status: reviewed) { id } }", editor, id=made)
    assert_agrees(runner, driver, settings)
    post(client, 'mutation($id: ID!) { deprecateMapping(id: $id, reason: "Superseded by a better mapping.") { id } }',
         editor, id=made)
    live = assert_agrees(runner, driver, settings)
    assert next(r for r in live["rows"] if r["requirement"]["id"] == subject["requirement"]["id"]) == subject
    graphql_agrees(client, min=2, first=50)


def test_an_organisation_viewer_with_mappings_is_answered_live(runner, driver, settings, client, keys):
    acme = keys["shared-acme"]
    public_before = stored_ranks(driver, settings)
    target = both_queries(runner, 2, 0, 1)[1]["rows"][0]["requirement"]["id"]
    org = {"admin": False, "orgs": ["acme-shared"]}
    post(client, 'mutation { createControlSet(input: {id: "org:acme-shared", title: "Acme shared"}) { id } }', acme)
    post(client, """mutation { upsertControls(controlSet: "org:acme-shared", controls: [{ref: "S-1", title: "Review",
        summary: "A person reviews automated decisions.", concepts: ["human-oversight"]}]) { id } }""", acme)
    assert both_queries(runner, viewer=org)[0]["usable"] is True  # controls without mappings change nothing
    post(client, """mutation($target: ID!) { mapControl(input: {subjectId: "org:acme-shared:S-1", objectId: $target,
        relation: EQUAL, rationale: FUNCTIONAL, strength: 9, confidence: 0.8,
        justification: "Our review step is the human review this requirement asks for."}) { id } }""", acme,
         target=target)
    assert stored_ranks(driver, settings) == public_before  # organisation data never counts publicly
    assert_agrees(runner, driver, settings)  # the public viewer still reads the stored ranking
    live = assert_agrees(runner, driver, settings, usable=False, viewer=org)
    assert "org:acme-shared:S-1" in [r["requirement"]["id"] for r in live["rows"]]
    assert_agrees(runner, driver, settings, usable=False, viewer={"admin": True, "orgs": []})
    assert_agrees(runner, driver, settings, viewer={"admin": False, "orgs": ["someone-else"]})
    graphql_agrees(client, acme, min=1, first=40)
    total = "{ sharedControls(minFrameworks: 1, first: 1) { totalCount } }"
    assert post(client, total, acme)["sharedControls"]["totalCount"] == post(client, total)["sharedControls"]["totalCount"] + 1
    graphql_agrees(client, keys["shared-admin"], min=2, first=30)


def test_a_write_after_the_day_left_the_interval_recomputes_everything(runner, driver, settings, client, keys):
    before = stored_ranks(driver, settings)
    driver.execute_query("MATCH (s:SharedControlRanking {id: 'public'}) SET s.lawFrom = date('1900-01-01'), "
                         "s.lawTo = date('1900-01-02')", database_=settings.neo4j_database)
    assert_agrees(runner, driver, settings, usable=False)
    graphql_agrees(client, min=2, first=10)
    whole = both_queries(runner, 2, 0, 2)[1]["rows"]
    post(client, "mutation($input: MappingInput!) { upsertMapping(input: $input) { id } }", keys["shared-editor"],
         input={"subjectId": whole[0]["requirement"]["id"], "objectId": whole[1]["requirement"]["id"],
                "relation": "INTERSECTS_WITH", "rationale": "SEMANTIC", "strength": 3, "confidence": 0.5,
                "justification": "A test mapping: they overlap in part, for this test only."})
    stored = ranking_node(driver, settings)
    assert stored["law"] == TODAY and (stored["lawTo"] is None or TODAY < stored["lawTo"])
    assert stored["lawFrom"] is None or stored["lawFrom"] > dt.date(1900, 1, 2)
    assert_agrees(runner, driver, settings)
    assert stored_ranks(driver, settings) != before or whole[0]["requirement"]["framework"] == whole[1]["requirement"]["framework"]


def test_a_read_for_a_day_the_ranking_no_longer_holds_for_renews_it(runner, driver, settings, client):
    """Today left the stored interval (or the graph predates the ranking): answered live, renewed in the background."""
    driver.execute_query("MATCH (s:SharedControlRanking {id: 'public'}) SET s.lawFrom = date('1900-01-01'), "
                         "s.lawTo = date('1900-01-02'), s.law = date('1900-01-01')", database_=settings.neo4j_database)
    assert both_queries(runner)[0]["held"] is False
    graphql_agrees(client, min=2, first=10)
    for _ in range(300):  # the renewal runs after the answer; wait for it, a bounded number of times
        if ranking_node(driver, settings)["law"] == TODAY:
            break
        time.sleep(0.2)
    assert ranking_node(driver, settings)["law"] == TODAY
    assert_agrees(runner, driver, settings)


def test_the_stored_ranking_is_an_index_seek_not_a_walk_over_every_mapping(driver, settings, real_graph):
    plan = profile(driver, settings, "shared-controls-stored", minFrameworks=2, law=TODAY, skip=0, limit=50,
                   viewer=PUBLIC, requirementProps=PROPS)
    ops = list(operators(plan))
    seeks = [op for op in ops if "IndexSeek" in op["operatorType"] and "SharedControlRank" in op["args"].get("Details", "")]
    assert seeks and all(op["rows"] > 0 for op in seeks), [op["operatorType"] for op in ops]
    scans = [op for op in ops if op["operatorType"].split("@")[0] in
             ("NodeByLabelScan", "AllNodesScan", "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
              "NodeIndexScan")]  # a page's requirements are sought by id, not found by scanning every id
    assert all(op["rows"] == 0 for op in scans), [(op["operatorType"], op["rows"]) for op in scans]
