"""Nothing lost silently: a seed load that would remove data written through the API refuses and lists it;
with --remove-api-data it removes it and writes an audit record for each item."""

import asyncio
import copy

import pytest
from click.testing import CliRunner

from crosswalk.cli import cli
from graph.connection import async_driver
from graph.loader import ApiDataAtRisk, load_bundle
from graph.seed_files import read_seeds
from graph.writes import Actor, GraphWriter
from tests.conftest import FIXTURE_SEEDS, load_seeds

pytestmark = pytest.mark.neo4j
FIELDS = {"subject_id": "guide-c:P1", "predicate_id": "INTERSECTS_WITH", "object_id": "law-b:Art.2",
          "rationale": "SEMANTIC", "strength": 5, "confidence": 0.6,
          "justification": "Both ask for explanations a person can follow, but the law adds a duty to record them."}


def without_guide_c(concepts):
    bundle = copy.deepcopy(read_seeds(FIXTURE_SEEDS, concepts))
    bundle.frameworks = [f for f in bundle.frameworks if f["id"] != "guide-c"]
    bundle.requirements = [r for r in bundle.requirements if r["framework"] != "guide-c"]
    bundle.mappings = [m for m in bundle.mappings if "guide-c:" not in m["object_id"] + m["subject_id"]]
    bundle.mapping_sets = [s for s in bundle.mapping_sets if "guide-c" not in s["mapping_set_id"]]
    for attr in ("requirement_versions", "framework_versions", "amendments"):
        if hasattr(bundle, attr):
            setattr(bundle, attr, [v for v in getattr(bundle, attr) if "guide-c" not in str(v)])
    return bundle


def api_mapping(settings) -> str:
    async def write():
        async with async_driver(settings) as driver:
            return await GraphWriter(driver, settings.neo4j_database).upsert_mapping(Actor("editor-1", "editor"), FIELDS)
    return asyncio.run(write())["id"]


def count(driver, settings, cypher: str, **params) -> int:
    records, _, _ = driver.execute_query(cypher, params, database_=settings.neo4j_database)
    return records[0][0]


@pytest.fixture
def graph_with_api_mapping(driver, settings, concepts):
    load_seeds(driver, settings, FIXTURE_SEEDS, concepts)
    mapping = api_mapping(settings)
    yield mapping
    driver.execute_query("MATCH ()-[m:MAPS_TO {origin: 'api'}]->() DELETE m", database_=settings.neo4j_database)
    driver.execute_query("MATCH (n) WHERE n.origin = 'api' OR n:AuditEvent DETACH DELETE n", database_=settings.neo4j_database)


def test_a_load_that_would_remove_api_data_refuses_and_lists_it(driver, settings, concepts, counts, graph_with_api_mapping):
    before = counts()
    with pytest.raises(ApiDataAtRisk) as refused:
        load_bundle(driver, settings.neo4j_database, without_guide_c(concepts))
    assert [i["id"] for i in refused.value.items] == [graph_with_api_mapping]
    assert graph_with_api_mapping in refused.value.message and "guide-c:P1 -> law-b:Art.2" in refused.value.message
    assert "--remove-api-data" in refused.value.hint
    assert counts() == before  # nothing written, nothing removed


def test_with_the_flag_it_removes_them_with_an_audit_record_each(driver, settings, concepts, graph_with_api_mapping):
    load_bundle(driver, settings.neo4j_database, without_guide_c(concepts), remove_api_data=True)
    assert count(driver, settings, "MATCH ()-[m:MAPS_TO {id: $id}]->() RETURN count(m)", id=graph_with_api_mapping) == 0
    records, _, _ = driver.execute_query("MATCH (e:AuditEvent {action: 'seedLoadRemoved'}) RETURN e",
                                         database_=settings.neo4j_database)
    [event] = [r["e"] for r in records]
    assert event["target"] == graph_with_api_mapping and event["actor"] == "crosswalk load"
    assert "guide-c:P1" in event["before"] and event["after"] is None


def test_the_cli_refuses_naming_the_items_and_the_flag(driver, settings, concepts, tmp_path, monkeypatch,
                                                       graph_with_api_mapping):
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    for path in seeds.rglob("*guide-c*"):
        path.unlink()
    monkeypatch.setenv("NEO4J_URI", settings.bolt_uri)
    result = CliRunner().invoke(cli, ["load", "--seeds", str(seeds)])
    assert result.exit_code == 1 and graph_with_api_mapping in result.output, result.output
    assert "--remove-api-data" in result.output and "Traceback" not in result.output
