"""The GraphQL API through HTTP, against the real Neo4j loaded with the fixture seeds."""

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from tests.conftest import free_port, gql, gql_error

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def client(settings, fixture_graph):
    with TestClient(create_app(settings)) as client:
        yield client




def test_frameworks_list_with_counts(client):
    data = gql(client, "{ frameworks { id kind jurisdiction requirementCount published appliesFrom } }")
    by_id = {f["id"]: f for f in data["frameworks"]}
    assert list(by_id) == ["guide-c", "law-b", "std-a"]
    assert by_id["std-a"]["requirementCount"] == 6
    assert by_id["std-a"]["published"] == "2020-01-01"
    assert by_id["law-b"]["appliesFrom"] == "2026-08-02"
    assert by_id["law-b"]["kind"] == "regulation"


def test_unknown_ids_give_null(client):
    data = gql(client, '{ framework(id: "nope") { id } requirement(id: "std-a:9.9") { id } }')
    assert data == {"framework": None, "requirement": None}


def test_requirement_tree_and_concepts(client):
    data = gql(client, """{ requirement(id: "std-a:4.1") { ref kind title summary framework { id }
        parent { id children { id } } concepts { id label } } }""")
    r = data["requirement"]
    assert (r["ref"], r["kind"], r["framework"]["id"]) == ("4.1", "clause", "std-a")
    assert r["parent"] == {"id": "std-a:4", "children": [{"id": "std-a:4.1"}]}
    assert [c["id"] for c in r["concepts"]] == ["context-and-scope", "documentation"]


def test_mappings_both_directions_read_from_here(client):
    query = """query($id: ID!) { requirement(id: $id) { mappings { direction relation relationFromHere
        strength confidence justification rationale other { id } subject { id } object { id }
        provenance { source author reviewer method status date mappingSet } } } }"""
    control = gql(client, query, id="std-a:A.1.2")["requirement"]["mappings"]
    by_other = {m["other"]["id"]: m for m in control}
    assert set(by_other) == {"law-b:Art.2", "guide-c:P2"}
    incoming = by_other["law-b:Art.2"]
    # stored as law-b:Art.2 SUBSET_OF std-a:A.1.2; from the control it reads SUPERSET_OF
    assert (incoming["direction"], incoming["relation"], incoming["relationFromHere"]) == ("INCOMING", "SUBSET_OF", "SUPERSET_OF")
    assert (incoming["subject"]["id"], incoming["object"]["id"]) == ("law-b:Art.2", "std-a:A.1.2")
    assert incoming["provenance"] == {"source": "crosswalk-tests", "author": "tests", "reviewer": None, "method": "manual",
                                      "status": "reviewed", "date": "2026-01-01", "mappingSet": "std-a-law-b"}
    outgoing = by_other["guide-c:P2"]
    assert (outgoing["direction"], outgoing["relationFromHere"], outgoing["strength"]) == ("OUTGOING", "EQUAL", 10)
    assert [m["strength"] for m in control] == sorted((m["strength"] for m in control), reverse=True)

    article = gql(client, query, id="law-b:Art.2")["requirement"]["mappings"]
    assert [(m["direction"], m["relationFromHere"]) for m in article] == [("OUTGOING", "SUBSET_OF")]


def test_mapping_filters_on_a_requirement(client):
    data = gql(client, """{ requirement(id: "std-a:A.1.1") {
        all: mappings { other { id } }
        strong: mappings(minStrength: 7) { other { id } }
        full: mappings(relations: [SUPERSET_OF, EQUAL]) { other { id } }
        incoming: mappings(direction: INCOMING) { other { id } } } }""")["requirement"]
    assert {m["other"]["id"] for m in data["all"]} == {"law-b:Art.1", "guide-c:P1"}
    assert [m["other"]["id"] for m in data["strong"]] == ["law-b:Art.1"]
    assert [m["other"]["id"] for m in data["full"]] == ["law-b:Art.1"]
    assert data["incoming"] == []


def test_requirements_filters_and_pagination(client):
    page_query = """query($after: String) { requirements(framework: "std-a", first: 3, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } } }"""
    seen, after = [], None
    while True:
        page = gql(client, page_query, after=after)["requirements"]
        assert page["totalCount"] == 6
        seen += [e["node"]["id"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["std-a:4", "std-a:4.1", "std-a:A.1", "std-a:A.1.1", "std-a:A.1.2", "std-a:A.1.3"]

    data = gql(client, """{ controls: requirements(kind: "control") { totalCount nodes { id } }
        oversight: requirements(concept: "human-oversight") { nodes { id } }
        text: requirements(search: "LOG") { nodes { id } } }""")
    assert [n["id"] for n in data["controls"]["nodes"]] == ["std-a:A.1.1", "std-a:A.1.2", "std-a:A.1.3"]
    assert {n["id"] for n in data["oversight"]["nodes"]} == {"std-a:A.1.2", "law-b:Art.2", "guide-c:P2"}
    assert {n["id"] for n in data["text"]["nodes"]} == {"std-a:A.1.1", "law-b:Art.1", "law-b:Art.1(1)"}


def test_mappings_between_frameworks(client):
    data = gql(client, """{ ab: mappings(from: "std-a", to: "law-b") { totalCount nodes { subject { id } object { id } relation } }
        ba: mappings(from: "law-b", to: "std-a") { totalCount }
        strong: mappings(from: "std-a", minStrength: 7) { nodes { id } }
        unrelated: mappings(relations: [NOT_RELATED]) { nodes { subject { id } justification } } }""")
    assert data["ab"]["totalCount"] == data["ba"]["totalCount"] == 4
    assert ("law-b:Art.2", "std-a:A.1.2", "SUBSET_OF") in {(n["subject"]["id"], n["object"]["id"], n["relation"]) for n in data["ab"]["nodes"]}
    assert {n["id"] for n in data["strong"]["nodes"]} == {"std-a-law-b|std-a:A.1.1|law-b:Art.1", "std-a-law-b|law-b:Art.2|std-a:A.1.2",
                                                         "std-a-guide-c|std-a:A.1.2|guide-c:P2"}
    assert [n["subject"]["id"] for n in data["unrelated"]["nodes"]] == ["std-a:A.1.3"]


def test_shared_controls(client):
    query = """query($min: Int!, $relations: [Relation!], $minStrength: Int) {
        sharedControls(minFrameworks: $min, relations: $relations, minStrength: $minStrength) { totalCount nodes {
        requirement { id } frameworkCount totalStrength
        frameworks { framework { id } coverage strength requirements { requirement { id } relation strength mappingId } } } } }"""
    rows = gql(client, query, min=2)["sharedControls"]["nodes"]
    assert [(r["requirement"]["id"], r["frameworkCount"], r["totalStrength"]) for r in rows] == [
        ("std-a:A.1.2", 2, 17), ("std-a:A.1.1", 2, 15)]
    a12 = {f["framework"]["id"]: f for f in rows[0]["frameworks"]}
    assert a12["law-b"]["coverage"] == "FULL"  # law-b:Art.2 SUBSET_OF A.1.2, read from A.1.2 as SUPERSET_OF
    assert a12["law-b"]["requirements"] == [{"requirement": {"id": "law-b:Art.2"}, "relation": "SUPERSET_OF", "strength": 7,
                                             "mappingId": "std-a-law-b|law-b:Art.2|std-a:A.1.2"}]
    a11 = {f["framework"]["id"]: f["coverage"] for f in rows[1]["frameworks"]}
    assert a11 == {"guide-c": "PARTIAL", "law-b": "FULL"}

    one = gql(client, query, min=1)["sharedControls"]["nodes"]
    ids = {r["requirement"]["id"] for r in one}
    assert "std-a:A.1.3" not in ids  # NOT_RELATED never covers
    assert {"law-b:Art.2", "guide-c:P2", "std-a:4.1"} <= ids
    assert [r["requirement"]["id"] for r in gql(client, query, min=2, minStrength=7)["sharedControls"]["nodes"]] == ["std-a:A.1.2"]
    assert [r["requirement"]["id"] for r in gql(client, query, min=2, relations=["EQUAL", "SUPERSET_OF"])["sharedControls"]["nodes"]] == ["std-a:A.1.2"]
    scoped = gql(client, '{ sharedControls(frameworks: ["std-a", "law-b"], minFrameworks: 1) { nodes { requirement { id } frameworks { framework { id } } } } }')
    assert scoped["sharedControls"]["nodes"]
    assert all(f["framework"]["id"] in {"std-a", "law-b"} for r in scoped["sharedControls"]["nodes"] for f in r["frameworks"])
    page = gql(client, '{ sharedControls(minFrameworks: 1, first: 2) { totalCount nodes { requirement { id } } pageInfo { hasNextPage } } }')
    assert len(page["sharedControls"]["nodes"]) == 2 and page["sharedControls"]["totalCount"] == len(one)
    assert page["sharedControls"]["pageInfo"]["hasNextPage"]


@pytest.mark.parametrize("query, message", [
    ('{ requirements(first: 501) { totalCount } }', "between 0 and 500"),
    ('{ requirements(after: "bogus") { totalCount } }', "invalid cursor"),
    # offsets beyond 9 digits would overflow the database's integers
    ('{ requirements(after: "b2Zmc2V0Ojk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5") { totalCount } }', "invalid cursor"),
    ('{ frameworks { requirements(kind: "spell") { totalCount } } }', "unknown kind 'spell'"),
    ('{ requirements(kind: "spell") { totalCount } }', "unknown kind 'spell'"),
    ('{ requirements(framework: "nope") { totalCount } }', "unknown framework id(s): nope"),
    ('{ mappings(from: "std-a", to: "nope") { totalCount } }', "unknown framework id(s): nope"),
    ('{ sharedControls(frameworks: ["nope"]) { totalCount } }', "unknown framework id(s): nope"),
    ('{ sharedControls(minFrameworks: 0) { totalCount } }', "at least 1"),
    ('{ requirement(id: "std-a:4") { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } } }',
     "exceeds maximum operation depth"),
    ("{ " + " ".join(f"a{i}: frameworks {{ id }}" for i in range(31)) + " }", "aliases"),
    ("{ frameworks { idd } }", "Cannot query field 'idd'"),
    ('{ requirement(id: "std-a:4") { children { children { mappings { other { mappings { id } } } } } } }', "nests 4 unpaged lists"),
    ('query { requirement(id: "std-a:4") { ...a } } fragment a on Requirement { children { mappings { other { ...b } } } } '
     'fragment b on Requirement { mappings { other { children { id } } } }', "nests 4 unpaged lists"),
])
def test_bad_requests_get_clear_errors(client, query, message):
    assert message in gql_error(client, query)


def test_http_endpoints(client):
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json() == {"status": "ready"}
    via_get = client.get("/graphql", params={"query": "{ framework(id: \"std-a\") { name } }"})
    assert via_get.json() == {"data": {"framework": {"name": "Test Standard A"}}}
    ide = client.get("/graphql", headers={"Accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()
    too_big = client.post("/graphql", content=b"{" + b" " * 1_000_001 + b"}", headers={"Content-Type": "application/json"})
    assert too_big.status_code == 413
    assert too_big.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    mutation = client.post("/graphql", json={"query": "mutation { x }"}).json()
    assert "mutation" in mutation["errors"][0]["message"].lower()


def test_ready_reports_an_unreachable_neo4j(settings):
    down = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{free_port()}"})
    with TestClient(create_app(down)) as client:
        response = client.get("/ready")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"
        errors = client.post("/graphql", json={"query": "{ frameworks { id } }"}).json()["errors"]
        assert "Neo4j did not answer" in errors[0]["message"]


def test_mappings_relation_filter_reads_from_the_from_side(client):
    query = """query($from: ID!, $to: ID!) { mappings(from: $from, to: $to, relations: [SUPERSET_OF]) {
        nodes { subject { id } object { id } relation } } }"""
    from_standard = gql(client, query, **{"from": "std-a", "to": "law-b"})["mappings"]["nodes"]
    # A.1.1 SUPERSET_OF Art.1 as stored, and Art.2 SUBSET_OF A.1.2 read from std-a
    assert {(n["subject"]["id"], n["object"]["id"]) for n in from_standard} == {
        ("std-a:A.1.1", "law-b:Art.1"), ("law-b:Art.2", "std-a:A.1.2")}
    assert gql(client, query, **{"from": "law-b", "to": "std-a"})["mappings"]["nodes"] == []


def test_mappings_pages_cover_everything_once(client):
    query = """query($after: String) { mappings(first: 2, after: $after) { totalCount
        pageInfo { hasNextPage endCursor } nodes { id } } }"""
    seen, after = [], None
    while True:
        page = gql(client, query, after=after)["mappings"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"] == 6


def test_empty_page_keeps_a_cursor_to_continue_from(client):
    first = gql(client, '{ requirements(framework: "std-a", first: 2) { pageInfo { endCursor } } }')
    cursor = first["requirements"]["pageInfo"]["endCursor"]
    empty = gql(client, 'query($c: String) { requirements(framework: "std-a", first: 0, after: $c) { pageInfo { endCursor hasNextPage } } }', c=cursor)
    assert empty["requirements"]["pageInfo"] == {"endCursor": cursor, "hasNextPage": True}


def test_nested_framework_requirements_are_paged(client):
    data = gql(client, """{ requirement(id: "law-b:Art.2") { framework { id
        requirements(kind: "article", first: 2) { totalCount nodes { id } pageInfo { hasNextPage } } } } }""")
    page = data["requirement"]["framework"]["requirements"]
    assert page == {"totalCount": 3, "nodes": [{"id": "law-b:Art.1"}, {"id": "law-b:Art.2"}], "pageInfo": {"hasNextPage": True}}


def test_ready_reports_a_missing_database(settings):
    wrong = settings.model_copy(update={"neo4j_database": "nope"})
    with TestClient(create_app(wrong)) as client:
        response = client.get("/ready")
        assert response.status_code == 503
        assert "no database 'nope'" in response.json()["errors"][0]["message"]
        message = client.post("/graphql", json={"query": "{ frameworks { id } }"}).json()["errors"][0]["message"]
        assert "no database 'nope'" in message and "127.0.0.1" not in message
