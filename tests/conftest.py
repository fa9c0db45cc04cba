"""Shared fixtures: one real Neo4j per test session, and helpers to load seeds into it.

If NEO4J_URI is set the tests use that server and wipe its database first; otherwise they
start the project's local Neo4j on a free loopback port with a fresh data directory.
"""

import os
import socket
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from crosswalk import PROJECT_ROOT
from crosswalk.settings import Settings
from graph.loader import graph_counts, load_bundle
from graph.local_neo4j import LocalNeo4j
from graph.seed_files import read_seeds
from ontology.concepts import load_concepts

FIXTURE_SEEDS = Path(__file__).parent / "fixtures" / "seeds"
REAL_SEEDS = PROJECT_ROOT / "seeds"
LOCAL = {}  # the session's LocalNeo4j, when the tests started one (fault tests freeze it)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    """Settings pointing at a real, empty Neo4j for this test session."""
    if os.environ.get("NEO4J_URI"):
        settings = Settings()
        with GraphDatabase.driver(settings.bolt_uri, auth=settings.auth) as driver:
            with driver.session(database=settings.neo4j_database) as session:
                # CALL … IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
        yield settings
        return
    home = tmp_path_factory.mktemp("neo4j")
    local = LocalNeo4j(home, port=free_port(), classpath_dir=Settings().home)
    local.start()
    LOCAL["neo4j"] = local
    try:
        yield Settings(neo4j_uri=local.uri, neo4j_password=None)
    finally:
        local.stop()


@pytest.fixture(scope="session")
def driver(settings):
    with GraphDatabase.driver(settings.bolt_uri, auth=settings.auth) as drv:
        yield drv


@pytest.fixture(scope="session")
def concepts():
    return load_concepts()


def load_seeds(driver, settings: Settings, seeds_dir: Path, concepts) -> dict:
    """Validate and load a seed folder into the test database; return its counts."""
    return load_bundle(driver, settings.neo4j_database, read_seeds(seeds_dir, concepts))


@pytest.fixture(scope="module")
def fixture_graph(driver, settings, concepts):
    """The small purpose-built seeds of tests/fixtures/seeds, loaded."""
    return load_seeds(driver, settings, FIXTURE_SEEDS, concepts)


@pytest.fixture(scope="module")
def real_graph(driver, settings, concepts):
    """The project's real seeds, loaded."""
    return load_seeds(driver, settings, REAL_SEEDS, concepts)


@pytest.fixture(scope="module")
def read(driver, settings, real_graph):
    """Run a read-only Cypher query on the loaded real seeds; records as dicts."""
    def run(cypher: str, **params) -> list[dict]:
        with driver.session(database=settings.neo4j_database) as session:
            return session.execute_read(lambda tx: [r.data() for r in tx.run(cypher, params)])
    return run


def post(client, query: str, key: str | None = None, **variables):
    """POST a GraphQL document, with an API key when `key` is given; the HTTP response."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


def ok(response) -> dict:
    """Assert HTTP 200 and no errors; return `data`."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def gql(client, query: str, **variables) -> dict:
    """POST a GraphQL document; assert HTTP 200 and no errors; return `data`."""
    return ok(client.post("/graphql", json={"query": query, "variables": variables}))


def gql_error(client, query: str, **variables) -> str:
    """POST a GraphQL document that must fail; return the first error's message."""
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    assert body.get("errors"), body
    return body["errors"][0]["message"]


@pytest.fixture
def counts(driver, settings):
    return lambda: graph_counts(driver, settings.neo4j_database)
