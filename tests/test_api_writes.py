"""Safe writes through HTTP: API keys (401/403), validated mutations, audit, organisation control sets.

Runs against the real Neo4j with the fixture seeds; everything written through the API is
removed when the module ends, so other modules see only seed data.
"""

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from crosswalk.cli import cli
from graph.keys import create_key, revoke_key
from server.app import create_app
from tests.conftest import ok as data, post

pytestmark = pytest.mark.neo4j

MAPPING = """mutation($input: MappingInput!, $set: String! = "editorial") {
  upsertMapping(input: $input, mappingSet: $set) { id relation strength justification
    provenance { author status mappingSet } subject { id } object { id } } }"""
HISTORY = "query($id: ID!) { history(id: $id) { action actor role target before after } }"
COVERAGE = """query($using: [ID!]!) { coverage(target: "std-a", using: $using, kinds: ["control"]) {
  total full partial none items { nodes { requirement { id } status hits { source { id } relation } } } } }"""


def mapping_input(**changes) -> dict:
    base = {"subjectId": "guide-c:P1", "objectId": "law-b:Art.2", "relation": "INTERSECTS_WITH",
            "rationale": "SEMANTIC", "strength": 5, "confidence": 0.6,
            "justification": "Both ask for explanations a person can follow, but the law adds a duty to record them."}
    return {**base, **changes}


@pytest.fixture(scope="module")
def keys(driver, settings, fixture_graph):
    db = settings.neo4j_database
    made = {name: create_key(driver, db, name, role, org) for name, role, org in [
        ("reader-1", "reader", None), ("editor-1", "editor", None), ("acme-editor", "editor", "acme"),
        ("beta-editor", "editor", "beta"), ("admin-1", "admin", None), ("doomed", "editor", None)]}
    yield made
    with driver.session(database=db) as session:
        session.run("MATCH ()-[m:MAPS_TO {origin: 'api'}]->() DELETE m").consume()
        session.run("MATCH (n) WHERE n.origin = 'api' OR n:AuditEvent OR n:ApiKey DETACH DELETE n").consume()


@pytest.fixture(scope="module")
def client(settings, keys):
    with TestClient(create_app(settings)) as client:
        yield client


def error(response, status: int) -> str:
    assert response.status_code == status, response.text
    return response.json()["errors"][0]["message"]


def mapping_count(driver, settings) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH ()-[m:MAPS_TO]->() RETURN count(m) AS m } CALL () { MATCH (e:AuditEvent) RETURN count(e) AS e } RETURN m, e",
        database_=settings.neo4j_database)
    return records[0]["m"], records[0]["e"]


def test_a_write_without_a_key_is_401_and_changes_nothing(client, driver, settings):
    before = mapping_count(driver, settings)
    response = post(client, MAPPING, input=mapping_input())
    assert "needs an API key" in error(response, 401)
    assert mapping_count(driver, settings) == before


@pytest.mark.parametrize("header", ["Bearer cw_not-a-key", "Basic dXNlcjpwYXNz", "Bearer "])
def test_a_bad_key_is_401_even_for_reads(client, header):
    response = client.post("/graphql", json={"query": "{ frameworks { id } }"}, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_reader_key_reads_but_cannot_write(client, keys):
    assert data(post(client, "{ frameworks { id } }", keys["reader-1"]))["frameworks"]
    message = error(post(client, MAPPING, keys["reader-1"], input=mapping_input()), 403)
    assert "editor role" in message and "reader-1" in message


def test_upsert_mapping_is_validated_written_and_audited(client, driver, settings, keys):
    before = mapping_count(driver, settings)
    bad = post(client, MAPPING, keys["editor-1"], input=mapping_input(strength=11, justification="too short"))
    message = error(bad, 200)
    assert "field 'strength'" in message and "field 'justification'" in message
    assert mapping_count(driver, settings) == before  # a rejected write changes nothing, not even the audit

    made = data(post(client, MAPPING, keys["editor-1"], input=mapping_input()))["upsertMapping"]
    assert made["id"] == "editorial|guide-c:P1|law-b:Art.2"
    assert made["provenance"] == {"author": "editor-1", "status": "draft", "mappingSet": "editorial"}
    assert mapping_count(driver, settings) == (before[0] + 1, before[1] + 1)

    events = data(post(client, HISTORY, keys["reader-1"], id=made["id"]))["history"]  # key names: keyed callers only
    assert [(e["action"], e["actor"], e["role"], e["before"]) for e in events] == [("upsertMapping", "editor-1", "editor", None)]
    assert events[0]["after"]["strength"] == 5


def test_unknown_endpoint_and_seed_owned_sets_are_rejected(client, driver, settings, keys):
    before = mapping_count(driver, settings)
    assert "unknown requirement 'law-b:Art.99'" in error(
        post(client, MAPPING, keys["editor-1"], input=mapping_input(objectId="law-b:Art.99")), 200)
    assert "comes from the seed files" in error(
        post(client, MAPPING, keys["editor-1"], input=mapping_input(), set="std-a-law-b"), 200)
    assert mapping_count(driver, settings) == before


def test_review_and_deprecate_keep_a_before_and_after(client, keys):
    id_ = data(post(client, MAPPING, keys["editor-1"], input=mapping_input(objectId="law-b:Art.1")))["upsertMapping"]["id"]
    reviewed = data(post(client, """mutation($id: ID!) { reviewMapping(id: $id, status: reviewed) {
        provenance { status reviewer } } }""", keys["admin-1"], id=id_))["reviewMapping"]
    assert reviewed["provenance"] == {"status": "reviewed", "reviewer": "admin-1"}
    assert "at least 10 characters" in error(post(client, """mutation($id: ID!) { deprecateMapping(id: $id, reason: "no") {
        id } }""", keys["editor-1"], id=id_), 200)
    data(post(client, """mutation($id: ID!) { deprecateMapping(id: $id, reason: "Superseded by a paragraph-level mapping.") {
        id } }""", keys["editor-1"], id=id_))
    events = data(post(client, HISTORY, id=id_))["history"]
    assert [e["action"] for e in events] == ["upsertMapping", "reviewMapping", "deprecateMapping"]
    assert (events[1]["before"]["status"], events[1]["after"]["status"]) == ("draft", "reviewed")
    assert events[2]["after"]["status"] == "deprecated"
    crosswalk = data(post(client, """{ crosswalk(from: "guide-c", to: "law-b") { rows { nodes {
        requirement { id } hits { target { id } } } } } }"""))["crosswalk"]["rows"]["nodes"]
    p1 = next(r for r in crosswalk if r["requirement"]["id"] == "guide-c:P1")
    assert "law-b:Art.1" not in [h["target"]["id"] for h in p1["hits"]]  # deprecated mappings stop counting


def test_an_organisation_control_set_answers_coverage_for_that_organisation_only(client, keys):
    acme = keys["acme-editor"]
    created = data(post(client, """mutation { createControlSet(input: {id: "org:acme", title: "Acme controls"}) {
        id kind } }""", acme))["createControlSet"]
    assert created == {"id": "org:acme", "kind": "control-set"}
    controls = data(post(client, """mutation { upsertControls(controlSet: "org:acme", controls: [
        {ref: "AC-1", title: "Human review of model outputs", summary: "A person reviews every automated decision.",
         concepts: ["human-oversight"]},
        {ref: "AC-2", title: "Central event log", summary: "Every AI system writes events to one log.",
         concepts: ["record-keeping-and-logging"]}]) { id framework { id } } }""", acme))["upsertControls"]
    assert [c["id"] for c in controls] == ["org:acme:AC-1", "org:acme:AC-2"]
    data(post(client, """mutation { mapControl(input: {subjectId: "org:acme:AC-1", objectId: "std-a:A.1.2",
        relation: EQUAL, rationale: FUNCTIONAL, strength: 9, confidence: 0.8,
        justification: "Our review step is exactly the human review the control asks for."}) { id } }""", acme))
    data(post(client, """mutation { mapControl(input: {subjectId: "org:acme:AC-2", objectId: "std-a:A.1.1",
        relation: SUBSET_OF, rationale: SEMANTIC, strength: 6, confidence: 0.7,
        justification: "The central log covers part of the logging control; retention rules are missing."}) { id } }""", acme))

    report = data(post(client, COVERAGE, acme, using=["org:acme"]))["coverage"]
    status = {i["requirement"]["id"]: i["status"] for i in report["items"]["nodes"]}
    assert status["std-a:A.1.2"] == "FULL" and status["std-a:A.1.1"] == "PARTIAL"
    assert report["full"] + report["partial"] + report["none"] == report["total"]

    assert "send that organisation's API key" in error(post(client, COVERAGE, using=["org:acme"]), 401)
    assert "another organisation" in error(post(client, COVERAGE, keys["beta-editor"], using=["org:acme"]), 403)
    assert data(post(client, '{ requirement(id: "org:acme:AC-1") { id } }'))["requirement"] is None
    seen = data(post(client, '{ requirement(id: "std-a:A.1.2") { mappings { other { id } } } }'))
    assert "org:acme:AC-1" not in [m["other"]["id"] for m in seen["requirement"]["mappings"]]
    mine = data(post(client, '{ requirement(id: "std-a:A.1.2") { mappings { other { id } } } }', acme))
    assert "org:acme:AC-1" in [m["other"]["id"] for m in mine["requirement"]["mappings"]]
    assert data(post(client, '{ requirement(id: "org:acme:AC-1") { id } }', keys["admin-1"]))["requirement"]
    shared = """{ sharedControls(minFrameworks: 1, first: 500) { nodes { requirement { id } frameworks { framework { id } } } } }"""
    mine = {r["requirement"]["id"]: r for r in data(post(client, shared, acme))["sharedControls"]["nodes"]}
    assert [f["framework"]["id"] for f in mine["org:acme:AC-1"]["frameworks"]] == ["std-a"]  # one internal control, many standards
    public = {r["requirement"]["id"] for r in data(post(client, shared))["sharedControls"]["nodes"]}
    assert not any(i.startswith("org:") for i in public)


def test_another_organisation_cannot_write_into_a_control_set(client, driver, settings, keys):
    data(post(client, 'mutation { createControlSet(input: {id: "org:acme2", title: "Acme two"}) { id } }', keys["acme-editor"]))
    before = mapping_count(driver, settings)
    response = post(client, """mutation { upsertControls(controlSet: "org:acme2", controls: [{ref: "X-1", title: "t",
        summary: "s", concepts: ["human-oversight"]}]) { id } }""", keys["beta-editor"])
    assert "belongs to organisation 'acme'" in error(response, 403)
    bad_concept = post(client, """mutation { upsertControls(controlSet: "org:acme2", controls: [{ref: "X-1", title: "t",
        summary: "s", concepts: ["nope"]}]) { id } }""", keys["acme-editor"])
    assert "field 'controls.0.concepts'" in error(bad_concept, 200)
    assert mapping_count(driver, settings) == before
    assert data(post(client, '{ framework(id: "org:acme2") { requirementCount } }', keys["acme-editor"]))["framework"] == {"requirementCount": 0}


def test_a_revoked_key_is_refused(client, driver, settings, keys):
    assert data(post(client, "{ frameworks { id } }", keys["doomed"]))
    revoke_key(driver, settings.neo4j_database, "doomed")
    assert error(post(client, "{ frameworks { id } }", keys["doomed"]), 401) == "unknown or revoked API key"


def test_require_key_setting_closes_reads(settings, keys):
    with TestClient(create_app(settings.model_copy(update={"require_key": True}))) as closed:
        assert "requires an API key" in error(post(closed, "{ frameworks { id } }"), 401)
        assert data(post(closed, "{ frameworks { id } }", keys["reader-1"]))["frameworks"]


def test_csv_import_is_all_or_nothing_and_round_trips(tmp_path, settings, keys, driver):
    env = {"NEO4J_URI": settings.bolt_uri, "NEO4J_DATABASE": settings.neo4j_database}
    runner = CliRunner()
    bad = tmp_path / "bad.csv"
    bad.write_text("ref,title,summary,concepts,maps_to,relation,rationale,strength,confidence,justification\n"
                   "IM-1,Impact reviews,We assess impacts yearly.,impact-assessment,law-b:Art.2,INTERSECTS_WITH,SEMANTIC,4,0.5,"
                   "Yearly impact reviews touch on oversight but do not provide it.\n"
                   "IM-2,Log review,We review logs weekly.,record-keeping-and-logging,law-b:Art.1,INTERSECTS_WITH,SEMANTIC,12,0.5,"
                   "Weekly log reviews use the records the article requires.\n")
    before = mapping_count(driver, settings)
    result = runner.invoke(cli, ["controls", "import", str(bad), "--set", "org:csv", "--org", "csv"], env=env)
    assert result.exit_code == 1 and "line 3" in result.output and "strength" in result.output, result.output
    assert mapping_count(driver, settings) == before

    good = tmp_path / "good.csv"
    good.write_text(bad.read_text().replace(",12,", ",3,"))
    result = runner.invoke(cli, ["controls", "import", str(good), "--set", "org:csv", "--org", "csv", "--title", "CSV set"], env=env)
    assert result.exit_code == 0, result.output
    assert "2 controls and 2 mappings" in result.output
    exported = runner.invoke(cli, ["controls", "export", "--set", "org:csv"], env=env)
    assert exported.exit_code == 0, exported.output
    lines = exported.output.splitlines()
    assert lines[0] == "ref,title,summary,concepts,maps_to,relation,rationale,strength,confidence,justification"
    assert lines[1].startswith("IM-1,Impact reviews,We assess impacts yearly.,impact-assessment,law-b:Art.2,INTERSECTS_WITH,SEMANTIC,4,0.5,")
    assert len(lines) == 3
    again = runner.invoke(cli, ["controls", "import", str(good), "--set", "org:csv", "--org", "csv"], env=env)
    assert again.exit_code == 0 and mapping_count(driver, settings)[0] == before[0] + 2  # idempotent re-import


def test_organisation_keys_cannot_change_published_mappings(client, driver, settings, keys):
    seeded = "std-a-law-b|std-a:A.1.1|law-b:Art.1"
    before = mapping_count(driver, settings)
    deprecate = """mutation($id: ID!) { deprecateMapping(id: $id, reason: "We do not like this one at all.") { id } }"""
    response = post(client, deprecate, keys["acme-editor"], id=seeded)
    assert "may change only that organisation's control sets" in error(response, 403)
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "may change only" in error(post(client, MAPPING, keys["acme-editor"], input=mapping_input(objectId="law-b:Art.3")), 403)
    seeded_review = post(client, 'mutation($id: ID!) { reviewMapping(id: $id, status: reviewed) { id } }', keys["editor-1"], id=seeded)
    assert "comes from the seed files" in error(seeded_review, 200)
    assert mapping_count(driver, settings) == before


def test_mapping_sets_are_checked(client, keys):
    assert "not a valid editorial mapping set id" in error(
        post(client, MAPPING, keys["editor-1"], input=mapping_input(), set="a|b c"), 200)
    assert "not a valid editorial mapping set id" in error(
        post(client, MAPPING, keys["editor-1"], input=mapping_input(), set="org:acme"), 200)
    assert "status" in error(post(client, MAPPING, keys["editor-1"], input=mapping_input(status="deprecated")), 200)


def test_two_creates_of_one_control_set_cannot_both_win(settings, keys):
    import asyncio

    from graph.connection import async_driver
    from crosswalk.errors import WriteConflict
    from graph.writes import Actor, GraphWriter, WriteRejected

    async def race():
        async with async_driver(settings) as driver:
            writer = GraphWriter(driver, settings.neo4j_database)
            return await asyncio.gather(*(writer.save_control_set(Actor(f"k{i}", "editor", org), "org:acme-race", "Race", None, None, True)
                                          for i, org in enumerate(["acme", "acme"])), return_exceptions=True)

    results = asyncio.run(race())
    assert sum(isinstance(r, dict) for r in results) == 1, results
    [lost] = [r for r in results if not isinstance(r, dict)]
    assert isinstance(lost, (WriteRejected, WriteConflict)), repr(lost)
    # in our words: no Neo4j message, no internal node id ("Node(1155) already exists …")
    assert "Node(" not in str(lost) and "already exists with" not in str(lost), str(lost)


def test_stored_query_ids_must_be_names(client):
    response = client.post("/graphql", json={"id": ["what-does-ai-act-art-14-need-from-iso42001"]})
    assert response.status_code == 400


def test_search_never_sees_private_controls(client, keys):
    data(post(client, 'mutation { createControlSet(input: {id: "org:acme-quiet", title: "Quiet"}) { id } }', keys["acme-editor"]))
    data(post(client, """mutation { upsertControls(controlSet: "org:acme-quiet", controls: [{ref: "Q-1", title: "Zanzibar retention",
        summary: "Zanzibar retention of logs.", concepts: ["record-keeping-and-logging"]}]) { id } }""", keys["acme-editor"]))
    found = data(post(client, '{ search(text: "zanzibar") { totalCount } }', keys["acme-editor"]))
    assert found["search"]["totalCount"] == 0


def test_the_cli_query_command_refuses_writes_clearly(settings):
    result = CliRunner().invoke(cli, ["query", 'mutation { deprecateMapping(id: "x", reason: "long enough reason") { id } }'],
                                env={"NEO4J_URI": settings.bolt_uri})
    assert result.exit_code == 1 and "needs an API key" in result.output and "Unexpected" not in result.output
