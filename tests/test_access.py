"""Access defined once (graph/access.py): the code review's cases, and a walk over every field of the schema
anonymously and as another organisation that fails on any leak of an organisation's data."""

import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, GraphQLEnumType
from starlette.testclient import TestClient

from graphql.pyutils import Undefined

from crosswalk.settings import Settings
from graph.keys import create_key
from server.app import create_app
from server.schema import build_schema
from tests.conftest import ok, post

pytestmark = pytest.mark.neo4j
SECRET = "Zebrafinch"  # a word only acme's control uses
MAPPING = """mutation($input: MappingInput!, $set: String!) { upsertMapping(input: $input, mappingSet: $set) { id } }"""


def justified(**fields) -> dict:
    return {"relation": "INTERSECTS_WITH", "rationale": "SEMANTIC", "strength": 5, "confidence": 0.6,
            "justification": "Both ask for records of decisions, in different words and for different ends.", **fields}


@pytest.fixture(scope="module")
def keys(driver, settings, fixture_graph):
    db = settings.neo4j_database
    made = {name: create_key(driver, db, f"access-{name}", role, org) for name, role, org in [
        ("acme", "editor", "acme"), ("beta", "editor", "beta"), ("admin", "admin", None), ("editor", "editor", None)]}
    yield made
    driver.execute_query("MATCH ()-[m:MAPS_TO {origin: 'api'}]->() DELETE m", database_=db)
    driver.execute_query("MATCH (n) WHERE n.origin = 'api' OR n:AuditEvent OR n:ApiKey DETACH DELETE n", database_=db)


@pytest.fixture(scope="module")
def client(settings, keys):
    with TestClient(create_app(settings)) as client:
        ok(post(client, 'mutation { createControlSet(input: {id: "org:acme-isms", title: "Acme ISMS"}) { id } }', keys["acme"]))
        ok(post(client, """mutation { upsertControls(controlSet: "org:acme-isms", controls: [{ref: "Z-1", title: "Zebrafinch logs",
            summary: "Zebrafinch keeps decision logs.", concepts: ["documentation"]}]) { id } }""", keys["acme"]))
        ok(post(client, "mutation($input: MappingInput!) { mapControl(input: $input) { id } }", keys["acme"],
                input=justified(subjectId="org:acme-isms:Z-1", objectId="std-a:4.1")))
        yield client


def test_an_org_mapping_is_asserted_from_its_control_so_unmap_and_export_find_it(client, keys):
    reversed_ = post(client, MAPPING, keys["acme"], input=justified(subjectId="std-a:4.1", objectId="org:acme-isms:Z-1"),
                     set="org:acme-isms").json()
    assert "make 'org:acme-isms:Z-1' the subject" in reversed_["errors"][0]["message"]
    removed = post(client, 'mutation { unmapControl(controlId: "org:acme-isms:Z-1", targetId: "std-a:4.1") { id } }', keys["acme"])
    assert ok(removed)["unmapControl"]["id"]
    ok(post(client, "mutation($input: MappingInput!) { mapControl(input: $input) { id } }", keys["acme"],
            input=justified(subjectId="org:acme-isms:Z-1", objectId="std-a:4.1")))


def test_a_key_cannot_create_another_organisations_control_set(client, keys):
    response = post(client, 'mutation { createControlSet(input: {id: "org:beta", title: "Not ours"}) { id } }', keys["acme"])
    assert response.status_code == 403 and "start with 'org:acme'" in response.json()["errors"][0]["message"]
    assert ok(post(client, '{ framework(id: "org:beta") { id } }', keys["admin"]))["framework"] is None


def test_a_control_set_cannot_change_organisation(client, keys):
    response = post(client, 'mutation { updateControlSet(input: {id: "org:acme-isms", title: "Moved", org: "beta"}) '
                            '{ id publisher } }', keys["admin"]).json()
    assert response["errors"] and "cannot change organisation" in response["errors"][0]["message"] or \
        "start with 'org:beta'" in response["errors"][0]["message"]
    framework = ok(post(client, '{ framework(id: "org:acme-isms") { publisher } }', keys["acme"]))["framework"]
    assert framework["publisher"] == "acme"


def test_anonymous_history_does_not_name_keys(client, keys):
    made = ok(post(client, MAPPING, keys["editor"], input=justified(subjectId="guide-c:P1", objectId="law-b:Art.2"),
                   set="editorial"))["upsertMapping"]["id"]
    query = "query($id: ID!) { history(id: $id) { actor role } }"
    anonymous = ok(post(client, query, id=made))["history"]
    assert anonymous and all("access-editor" not in e["actor"] for e in anonymous), anonymous
    assert ok(post(client, query, keys["beta"], id=made))["history"][0]["actor"] == "access-editor"


# -- the walk -----------------------------------------------------------------------------------------
ARGS = {"id": '"org:acme-isms:Z-1"', "ids": '["org:acme-isms:Z-1", "std-a:4.1"]', "from": '"org:acme-isms"',
        "to": '"std-a"', "target": '"org:acme-isms"', "using": '["std-a", "org:acme-isms"]', "text": '"zebrafinch"',
        "concept": '"documentation"', "framework": '"org:acme-isms"', "frameworks": '["org:acme-isms", "std-a"]',
        "minFrameworks": "1", "date": '"2026-01-01"'}


def _named(t):
    while isinstance(t, (GraphQLNonNull, GraphQLList)):
        t = t.of_type
    return t


def selection(type_, depth: int, values: dict = ARGS) -> str:
    """Every field of `type_` whose required arguments we can fill, `depth` levels down."""
    parts = []
    for name, field in type_.fields.items():
        ARGS = values
        args = [f"{a}: {ARGS[a]}" for a, arg in field.args.items() if a in ARGS and (
            isinstance(arg.type, GraphQLNonNull) or a in ("frameworks",))]
        if any(isinstance(arg.type, GraphQLNonNull) and a not in ARGS and arg.default_value is Undefined
               for a, arg in field.args.items()):
            continue
        inner = _named(field.type)
        call = f"{name}({', '.join(args)})" if args else name
        if isinstance(inner, (GraphQLScalarType, GraphQLEnumType)):
            parts.append(call)
        elif isinstance(inner, GraphQLObjectType) and depth > 0:
            sub = selection(inner, depth - 1)
            if sub:
                parts.append(f"{call} {{ {sub} }}")
    return " ".join(parts)


def walks():
    schema = build_schema(Settings())._schema
    for name in schema.query_type.fields:
        values = {**ARGS, **{"framework": {"id": '"org:acme-isms"'}, "coverage": {"using": '["std-a", "law-b"]'},
                             "paths": {"from": '"org:acme-isms:Z-1"', "to": '"std-a:4.1"'}}.get(name, {})}
        sub = selection(GraphQLObjectType("Q", {name: schema.query_type.fields[name]}), 3, values)
        if sub:
            yield name, "{ " + sub + " }"


@pytest.mark.parametrize("field, query", list(walks()), ids=[f for f, _ in walks()])
def test_no_field_leaks_an_organisations_data(client, keys, field, query):
    seen_by_owner = post(client, query, keys["acme"], ).text
    for who in (None, keys["beta"]):
        response = post(client, query, who)
        assert response.status_code in (200, 401, 403), response.text
        text = response.text
        assert SECRET not in text and "org:acme-isms:Z-1" not in str(response.json().get("data")), (field, who, text[:500])
    if field in ("requirement", "framework", "compare"):  # search indexes published requirements only
        assert SECRET in seen_by_owner or "org:acme-isms" in seen_by_owner, seen_by_owner[:500]  # the walk can see it
