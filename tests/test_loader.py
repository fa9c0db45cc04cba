"""Loading into the real Neo4j: idempotent, all or nothing, and stale data removed."""

import copy

import pytest
from click.testing import CliRunner
from crosswalk.errors import CrosswalkError

from crosswalk.cli import cli
from graph.loader import load_bundle
from graph.seed_files import read_seeds
from tests.conftest import FIXTURE_SEEDS, REAL_SEEDS, load_seeds

pytestmark = pytest.mark.neo4j


def snapshot(driver, settings) -> list:
    """Every node and relationship with its properties (minus the load stamp and the graph version), sorted."""
    records, _, _ = driver.execute_query(
        """
        MATCH (n) WHERE NOT n:GraphVersion  // bumped by every load, like the load stamp
        OPTIONAL MATCH (n)-[r]->(m)
        RETURN labels(n) AS labels, [k IN keys(n) WHERE k <> 'loadId' | [k, n[k]]] AS props,
               type(r) AS rel, m.id AS target, [k IN keys(coalesce(r, {})) WHERE k <> 'loadId' | [k, r[k]]] AS relProps
        """,
        database_=settings.neo4j_database)
    return sorted(repr((r["labels"], sorted(map(repr, r["props"])), r["rel"], r["target"], sorted(map(repr, r["relProps"]))))
                  for r in records)


def test_loading_twice_gives_identical_graph(driver, settings, concepts, counts):
    first = load_seeds(driver, settings, FIXTURE_SEEDS, concepts)
    before = snapshot(driver, settings)
    second = load_seeds(driver, settings, FIXTURE_SEEDS, concepts)
    assert first == second == counts()
    assert snapshot(driver, settings) == before
    bundle = read_seeds(FIXTURE_SEEDS, concepts)
    assert first["requirements"] == len(bundle.requirements)
    assert first["mappings"] == len(bundle.mappings)
    assert first["frameworks"] == len(bundle.frameworks)


def test_a_failing_load_leaves_the_previous_graph(driver, settings, concepts, counts):
    load_seeds(driver, settings, FIXTURE_SEEDS, concepts)
    before, before_counts = snapshot(driver, settings), counts()
    bundle = read_seeds(REAL_SEEDS, concepts)
    broken = copy.deepcopy(bundle)
    # Two mapping rows with one id pass nothing but the database's uniqueness constraint,
    # which fails late in the transaction, after every framework and requirement was written.
    clone = dict(broken.mappings[0], subject_id=broken.mappings[1]["subject_id"], object_id=broken.mappings[1]["object_id"])
    broken.mappings.append(clone)
    with pytest.raises(CrosswalkError, match="two items with one id") as raised:
        load_bundle(driver, settings.neo4j_database, broken)
    assert "Relationship(" not in str(raised.value)  # our words, not Neo4j's internal ids
    assert counts() == before_counts
    assert snapshot(driver, settings) == before


def test_reload_removes_what_left_the_seeds(driver, settings, concepts, counts, tmp_path):
    load_seeds(driver, settings, FIXTURE_SEEDS, concepts)
    bundle = read_seeds(FIXTURE_SEEDS, concepts)
    smaller = copy.deepcopy(bundle)
    smaller.frameworks = [f for f in smaller.frameworks if f["id"] != "guide-c"]
    smaller.requirements = [r for r in smaller.requirements if r["framework"] != "guide-c"]
    smaller.mappings = [m for m in smaller.mappings if not m["object_id"].startswith("guide-c:")]
    smaller.mapping_sets = [s for s in smaller.mapping_sets if s["mapping_set_id"] != "std-a-guide-c"]
    smaller.framework_versions = [v for v in smaller.framework_versions if v["framework"] != "guide-c"]
    smaller.requirement_versions = [v for v in smaller.requirement_versions if not v["requirement"].startswith("guide-c:")]
    after = load_bundle(driver, settings.neo4j_database, smaller)
    assert after["frameworks"] == 2
    assert after["requirements"] == len(smaller.requirements)
    assert after["mappings"] == len(smaller.mappings)
    records, _, _ = driver.execute_query("MATCH (n) WHERE n.id STARTS WITH 'guide-c' RETURN count(n) AS c", database_=settings.neo4j_database)
    assert records[0]["c"] == 0


def test_mapping_edges_carry_the_assertion_and_its_inverse(driver, settings, concepts):
    load_seeds(driver, settings, FIXTURE_SEEDS, concepts)
    records, _, _ = driver.execute_query(
        "MATCH (a {id: 'law-b:Art.2'})-[m:MAPS_TO]->(b {id: 'std-a:A.1.2'}) RETURN m {.*} AS m",
        database_=settings.neo4j_database)
    m = records[0]["m"]
    assert (m["relation"], m["inverseRelation"]) == ("SUBSET_OF", "SUPERSET_OF")
    assert m["justification"].startswith("The oversight article")
    assert (m["source"], m["author"], m["status"], m["method"], m["mappingSet"]) == ("crosswalk-tests", "tests", "reviewed", "manual", "std-a-law-b")
    assert m["inferred"] is False


def test_cli_refuses_broken_seeds_and_writes_nothing(driver, settings, concepts, counts, tmp_path, monkeypatch):
    import shutil

    load_seeds(driver, settings, FIXTURE_SEEDS, concepts)
    before = snapshot(driver, settings)
    broken = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, broken)
    tsv = broken / "mappings" / "std-a-guide-c.sssom.tsv"
    tsv.write_text(tsv.read_text().replace("\t6\t0.7\t", "\t0\t0.7\t"))
    monkeypatch.setenv("NEO4J_URI", settings.bolt_uri)
    result = CliRunner().invoke(cli, ["load", "--seeds", str(broken)])
    assert result.exit_code == 1
    assert "std-a-guide-c.sssom.tsv:" in result.output and "field 'strength'" in result.output
    assert "nothing was written" in result.output
    assert snapshot(driver, settings) == before

    result = CliRunner().invoke(cli, ["load", "--seeds", str(REAL_SEEDS)])
    assert result.exit_code == 0, result.output
    assert counts()["requirements"] == len(read_seeds(REAL_SEEDS, concepts).requirements)
