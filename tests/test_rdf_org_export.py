"""`crosswalk export-rdf --key`: an organisation's control sets, controls and mappings join the seeds' RDF,
read through the access rule, in the same vocabulary and SHACL-checked; nobody else's."""

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF
from starlette.testclient import TestClient

from crosswalk.cli import cli
from graph.keys import create_key
from ontology.rdf import mapping_iri, requirement_iri
from ontology.vocab import CW
from server.app import create_app
from tests.conftest import FIXTURE_SEEDS

pytestmark = pytest.mark.neo4j


def ok(client, query, key, **variables) -> dict:
    body = client.post("/graphql", json={"query": query, "variables": variables},
                       headers={"Authorization": f"Bearer {key}"}).json()
    assert "errors" not in body, body
    return body["data"]


CONTROLS = """mutation($set: ID!, $controls: [ControlInput!]!) { upsertControls(controlSet: $set, controls: $controls) { id } }"""
MAP = "mutation($input: MappingInput!) { mapControl(input: $input) { id } }"


@pytest.fixture(scope="module")
def orgs(driver, settings, fixture_graph):
    db = settings.neo4j_database
    keys = {org: create_key(driver, db, f"rdf-{org}", "editor", org) for org in ("acme", "beta")}
    mappings = {}
    with TestClient(create_app(settings)) as client:
        for org, target in (("acme", "std-a:4.1"), ("beta", "std-a:A.1.1")):
            ok(client, f'mutation {{ createControlSet(input: {{id: "org:{org}-rdf", title: "{org} controls"}}) {{ id }} }}',
               keys[org])
            ok(client, CONTROLS, keys[org], set=f"org:{org}-rdf",
               controls=[{"ref": "C-1", "title": f"{org} decision log", "summary": f"{org} keeps a log of decisions.",
                          "concepts": ["documentation"]}])
            mappings[org] = ok(client, MAP, keys[org], input={
                "subjectId": f"org:{org}-rdf:C-1", "objectId": target, "relation": "INTERSECTS_WITH",
                "rationale": "SEMANTIC", "strength": 5, "confidence": 0.6,
                "justification": "Both ask for records of decisions, in different words and for different ends."})["mapControl"]["id"]
    yield keys, mappings
    driver.execute_query("MATCH ()-[m:MAPS_TO {origin: 'api'}]->() DELETE m", database_=db)
    driver.execute_query("MATCH (n) WHERE n.origin = 'api' OR n:AuditEvent OR n:ApiKey DETACH DELETE n", database_=db)


def export(settings, tmp_path, *args, env_key=None) -> Graph:
    env = {"NEO4J_URI": settings.bolt_uri, "NEO4J_DATABASE": settings.neo4j_database, "CROSSWALK_API_KEY": env_key}
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(cli, ["export-rdf", "--seeds", str(FIXTURE_SEEDS), "-o", str(out), *args], env=env)
    assert result.exit_code == 0, result.output
    return Graph().parse(out, format="turtle")


def test_a_key_adds_its_own_organisation_data_only(settings, orgs, tmp_path):
    keys, mappings = orgs
    acme_control, beta_control = requirement_iri("org:acme-rdf:C-1"), requirement_iri("org:beta-rdf:C-1")
    seeds_only = export(settings, tmp_path)
    assert (requirement_iri("std-a:4.1"), RDF.type, CW.Requirement) in seeds_only
    assert not list(seeds_only.triples((acme_control, None, None)))
    assert not list(seeds_only.triples((beta_control, None, None)))

    for graph in (export(settings, tmp_path, "--key", keys["acme"]), export(settings, tmp_path, env_key=keys["acme"])):
        assert len(graph) > len(seeds_only)
        assert (acme_control, RDF.type, CW.Requirement) in graph
        assert (acme_control, CW.requirementKind, Literal("control")) in graph
        mapping = mapping_iri(mappings["acme"])
        assert (mapping, RDF.type, CW.Mapping) in graph
        assert (mapping, CW.subject, acme_control) in graph
        assert (mapping, CW.object, requirement_iri("std-a:4.1")) in graph
        assert (mapping, CW.relation, CW.INTERSECTS_WITH) in graph
        assert not list(graph.triples((beta_control, None, None)))
        assert not list(graph.triples((mapping_iri(mappings["beta"]), None, None)))
        assert not any("beta" in str(s) for s in graph.subjects())


def test_an_unknown_key_is_refused(settings, orgs, tmp_path):
    env = {"NEO4J_URI": settings.bolt_uri, "NEO4J_DATABASE": settings.neo4j_database}
    result = CliRunner().invoke(cli, ["export-rdf", "--seeds", str(FIXTURE_SEEDS), "--key", "cw_not-a-key"], env=env)
    assert result.exit_code == 1 and "unknown or revoked API key" in result.output
