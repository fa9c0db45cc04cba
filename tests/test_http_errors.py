"""Errors are honest at every boundary: a client's mistake is named (not "Unexpected error.", not logged as an
incident), malformed HTTP bodies get 400 in the one JSON error shape, and real faults stay masked with a request id."""

import logging

import pytest
from starlette.testclient import TestClient

from server.app import create_app

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def client(settings, fixture_graph):
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def assert_one_shape(response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    [error] = body["errors"]
    assert error["extensions"]["code"] == code, body
    assert error["message"]
    return error["message"]


@pytest.mark.parametrize("query, variables, expected", [
    ("query($f: Int!) { requirements(first: $f) { totalCount } }", {"f": "x"}, "Int cannot represent non-integer value: 'x'"),
    ("query($f: Int!) { requirements(first: $f) { totalCount } }", {}, "Expected a value of non-null type 'Int!' to be provided"),
    ("query($d: Date) { sharedControls(asOf: $d) { totalCount } }", {"d": "soon"}, "Value cannot represent a Date: \"soon\""),
    ("query($r: [Relation!]) { sharedControls(relations: $r) { totalCount } }", {"r": ["NOPE"]},
     "Value 'NOPE' does not exist in 'Relation' enum"),
    ('{ sharedControls(asOf: "bad") { totalCount } }', {}, "Date"),
    ("mutation($m: MappingInput!) { upsertMapping(input: $m) { id } }", {"m": {"subjectId": 3}}, "Variable '$m'"),
])
def test_coercion_errors_say_what_is_wrong_and_are_not_incidents(client, caplog, query, variables, expected):
    caplog.set_level(logging.ERROR)
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    messages = [e["message"] for e in body["errors"]]
    assert any(expected in m for m in messages), messages
    assert "Unexpected error." not in messages
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


@pytest.mark.parametrize("body", [b"null", b"false", b"0", b'"x"', b"[1]", b"{", b"\xff\xfe"])
def test_a_body_that_is_not_an_object_is_400(client, body):
    response = client.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert_one_shape(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize("where", ["body", "variables", "extensions"])
def test_json_nested_100000_deep_is_400(client, where):
    deep = "[" * 100_000 + "]" * 100_000
    body = {"body": deep, "variables": f'{{"query": "{{ frameworks {{ id }} }}", "variables": {{"x": {deep}}}}}',
            "extensions": f'{{"query": "{{ frameworks {{ id }} }}", "extensions": {{"x": {deep}}}}}'}[where]
    response = client.post("/graphql", content=body.encode(), headers={"Content-Type": "application/json"})
    assert "nests deeper than 64 levels" in assert_one_shape(response, 400, "BAD_REQUEST")
    via_get = client.get("/graphql", params={"query": "{ frameworks { id } }", "variables": '{"x": ' + "[" * 5000 + "]" * 5000 + "}"})
    assert_one_shape(via_get, 400, "BAD_REQUEST")


def test_lone_surrogates_are_named(client, caplog):
    caplog.set_level(logging.ERROR)
    raw = b'{"query": "query($id: ID!) { requirement(id: $id) { id } }", "variables": {"id": "\\ud800"}}'
    response = client.post("/graphql", content=raw, headers={"Content-Type": "application/json"})
    assert "lone UTF-16 surrogate" in assert_one_shape(response, 400, "BAD_REQUEST")
    assert "variables.id" in response.json()["errors"][0]["message"]
    in_document = b'{"query": "{ requirement(id: \\"\\udc00\\") { id } }"}'
    assert "surrogate" in client.post("/graphql", content=in_document, headers={"Content-Type": "application/json"}).text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_every_http_error_has_the_one_json_shape(client):
    assert_one_shape(client.get("/nowhere"), 404, "NOT_FOUND")
    assert_one_shape(client.put("/graphql"), 405, "METHOD_NOT_ALLOWED")
    assert_one_shape(client.post("/graphql", content=b"x", headers={"Content-Type": "text/plain"}), 400, "BAD_REQUEST")
    assert_one_shape(client.post("/graphql", json={"id": "no-such-stored-query"}), 404, "NOT_FOUND")
    assert_one_shape(client.post("/graphql", headers={"Authorization": "Basic x"}, json={"query": "{ frameworks { id } }"}),
                     401, "UNAUTHENTICATED")
    assert_one_shape(client.post("/graphql", content=b"{" + b" " * 1_000_001 + b"}",
                                 headers={"Content-Type": "application/json"}), 413, "PAYLOAD_TOO_LARGE")


def test_unexpected_errors_stay_masked_and_are_logged_with_a_request_id(client, caplog, monkeypatch):
    from graph.reads import GraphReader

    async def broken(self, *args, **kwargs):
        raise ZeroDivisionError("internal detail")

    monkeypatch.setattr(GraphReader, "frameworks", broken)
    monkeypatch.setattr(GraphReader, "compiled", broken)  # the compiled path fails too: the resolvers' error shows
    caplog.set_level(logging.ERROR)
    body = client.post("/graphql", json={"query": "{ frameworks { id } }"}).json()
    [error] = body["errors"]
    assert error["message"] == "Unexpected error." and "internal detail" not in str(body)
    request_id = error["extensions"]["requestId"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    logged = [r for r in caplog.records if request_id in r.getMessage()]
    assert logged and logged[0].exc_info and "internal detail" in caplog.text
