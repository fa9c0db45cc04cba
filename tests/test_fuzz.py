"""A bounded hypothesis-graphql fuzz of the real app: valid and invalid operations never answer 5xx and never
"Unexpected error." (a client's mistake is named); the counts are printed for closing notes (`-s`)."""

import collections

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from hypothesis_graphql import Mode, from_schema, nodes
from starlette.testclient import TestClient

from server.app import create_app
from server.schema import build_schema

pytestmark = pytest.mark.neo4j
COUNTS = collections.Counter()
IDS = ["std-a", "law-b", "guide-c", "std-a:4", "std-a:4.1", "std-a:A.1.2", "law-b:Art.2", "guide-c:P2", "nope", ""]
SCALARS = {"Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
           "ID": st.sampled_from(IDS).map(nodes.String)}
FUZZ = hsettings(max_examples=100, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def client(settings, fixture_graph):
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client
    print(f"\nfuzz: {dict(sorted(COUNTS.items()))}")


@pytest.fixture(scope="module")
def schema():
    return build_schema_for_fuzz()


def build_schema_for_fuzz():
    from crosswalk.settings import Settings
    return build_schema(Settings())._schema


def check(client, kind: str, query: str) -> None:
    response = client.post("/graphql", json={"query": query})
    COUNTS[f"{kind} requests"] += 1
    if response.status_code >= 500:
        COUNTS[f"{kind} 5xx"] += 1
    body = response.json()
    masked = [e for e in body.get("errors") or [] if e.get("message") == "Unexpected error."]
    COUNTS[f"{kind} masked"] += bool(masked)
    COUNTS[f"{kind} with errors"] += bool(body.get("errors"))
    COUNTS[f"{kind} 5xx"] += 0  # shown even when none
    for error in body.get("errors") or []:
        COUNTS[f"{kind} code {(error.get('extensions') or {}).get('code', 'VALIDATION')}"] += 1
    assert response.status_code < 500, (query, response.text)
    assert not masked, (query, body)


SCHEMA = build_schema_for_fuzz()


@FUZZ
@given(query=from_schema(SCHEMA, custom_scalars=SCALARS, mode=Mode.POSITIVE))
def test_valid_operations(client, query):
    check(client, "valid", query)


@FUZZ
@given(query=from_schema(SCHEMA, custom_scalars=SCALARS, mode=Mode.NEGATIVE))
def test_invalid_operations(client, query):
    check(client, "invalid", query)
