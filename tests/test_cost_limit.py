"""A cost limit on the answer, not just the document: the issue's abuse shapes are refused before they run,
with an error naming their cost; every documented example fits the default budget."""

import asyncio
from pathlib import Path

import pytest
from graphql import parse
from starlette.testclient import TestClient

from crosswalk import PROJECT_ROOT
from crosswalk.settings import Settings
from server.app import create_app
from server.cost_limit import estimate
from server.schema import build_schema

USING = '["iso42001", "iso27001", "iso9001", "uk-ico", "eu-ai-act"]'
NESTED = "nodes { requirement { id mappings { other { id children { id mappings { id } } } } } frameworks { framework { id } } }"
ABUSE_SHARED = "{ " + " ".join(f"a{i}: sharedControls(minFrameworks: 1, first: 500) {{ {NESTED} }}" for i in range(30)) + " }"
ABUSE_COVERAGE = "{ " + " ".join(f'c{i}: coverage(target: "std-a", using: {USING}) {{ total gaps {{ id }} }}'
                                  for i in range(30)) + " }"
EXAMPLES = sorted((PROJECT_ROOT / "queries" / "examples").glob("*.graphql"))


@pytest.fixture(scope="module")
def schema():
    return build_schema(Settings())._schema


def test_the_abuse_shapes_are_inside_the_document_limits_but_over_the_budget(schema):
    budget = Settings().max_cost
    assert len(ABUSE_SHARED) < 6000
    assert estimate(schema, parse(ABUSE_SHARED), {}) > 10 * budget
    assert estimate(schema, parse(ABUSE_COVERAGE), {}) > budget


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_fits_the_budget_with_room(schema, path: Path):
    assert estimate(schema, parse(path.read_text(encoding="utf-8")), {}) * 2 < Settings().max_cost


def test_first_counts_from_literals_variables_and_defaults(schema):
    query = "query($n: Int = 5) { requirements(first: $n) { nodes { id children { id } } } }"
    small = estimate(schema, parse(query), {})
    large = estimate(schema, parse(query), {"n": 500})
    assert large - 2 == (small - 2) * 100  # the page's cost scales with `first`
    literal = estimate(schema, parse("{ requirements(first: 500) { nodes { id children { id } } } }"), {})
    assert literal == large
    default = estimate(schema, parse("{ requirements { nodes { id children { id } } } }"), {})
    assert default - 2 == (small - 2) * 10  # the schema's default, 50


def test_fragments_cannot_hide_cost(schema):
    plain = "{ sharedControls(first: 500) { " + NESTED + " } }"
    hidden = "{ sharedControls(first: 500) { ...N } } fragment N on SharedControlConnection { " + NESTED + " }"
    assert estimate(schema, parse(plain), {}) == estimate(schema, parse(hidden), {})


@pytest.mark.neo4j
def test_the_server_refuses_them_naming_the_cost(settings, fixture_graph):
    with TestClient(create_app(settings)) as client:
        for query, variables in [(ABUSE_SHARED, {}), (ABUSE_COVERAGE, {}),
                                 ("query($n: Int!) { sharedControls(minFrameworks: 1, first: $n) { " + NESTED + " } }",
                                  {"n": 500})]:
            response = client.post("/graphql", json={"query": query, "variables": variables})
            assert response.status_code == 200
            [error] = response.json()["errors"]
            assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
            assert f"estimated cost is {error['extensions']['cost']}, above the budget of 250000" in error["message"]
            assert "CROSSWALK_MAX_COST" in error["message"]
        fits = client.post("/graphql", json={"query": "{ sharedControls(minFrameworks: 1, first: 5) { " + NESTED + " } }"})
        assert "errors" not in fits.json(), fits.json()


@pytest.mark.neo4j
def test_a_validated_document_is_costed_again_with_new_variables(settings, fixture_graph):
    """Validations are cached per document (server/schema.py): the same document with a larger page must still be refused."""
    query = "query($n: Int!) { sharedControls(minFrameworks: 1, first: $n) { " + NESTED + " } }"
    with TestClient(create_app(settings)) as client:
        costs = []
        for n in (5, 500, 5, 500):
            body = client.post("/graphql", json={"query": query, "variables": {"n": n}}).json()
            costs.append(body["errors"][0]["extensions"]["code"] if "errors" in body else "answered")
        assert costs == ["answered", "QUERY_TOO_COSTLY"] * 2


@pytest.mark.neo4j
def test_the_answer_size_and_request_time_are_capped(settings, fixture_graph, monkeypatch):
    small = settings.model_copy(update={"max_response_bytes": 1024})
    with TestClient(create_app(small)) as client:
        body = client.post("/graphql", json={"query": "{ requirements(first: 500) { nodes { id title summary } } }"}).json()
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "RESPONSE_TOO_LARGE"
        assert client.post("/graphql", json={"query": "{ frameworks { id } }"}).json()["data"]["frameworks"]
    from graph.reads import GraphReader

    async def slow(self, *args, **kwargs):
        await asyncio.sleep(5)

    monkeypatch.setattr(GraphReader, "frameworks", slow)
    monkeypatch.setattr(GraphReader, "compiled", slow)  # the compiled path (server/compiled.py) answers `frameworks`
    hurried = settings.model_copy(update={"request_timeout": 0.3})
    with TestClient(create_app(hurried)) as client:
        response = client.post("/graphql", json={"query": "{ frameworks { id } }"})
        assert response.status_code == 503 and response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"
