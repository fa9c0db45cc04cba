"""The loader writes only what differs, commits a first load batch by batch, and stays all or nothing.

A load compares each row's hash with the one stored on what it wrote: a reload of the same seeds
writes nothing, a changed row is rewritten with the links it owns, and the result equals a load of
the same seeds into a graph without seeds. A first load (no seed data yet) commits batch by batch and
deletes what it wrote when a later batch fails.
"""

import copy

import pytest

from bench.scale import bundle_rows, scale
from graph import loader
from graph.loader import load_bundle
from graph.seed_files import read_seeds
from tests.conftest import FIXTURE_SEEDS, REAL_SEEDS

pytestmark = pytest.mark.neo4j


def snapshot(driver, settings, keep_load_id: bool = False) -> list:
    """Every node and relationship with its properties, sorted (the load stamp left out unless asked for)."""
    skip = "" if keep_load_id else "loadId"
    records, _, _ = driver.execute_query(
        """
        MATCH (n) WHERE NOT n:GraphVersion  // bumped by every load, like the load stamp
        OPTIONAL MATCH (n)-[r]->(m)
        RETURN labels(n) AS labels, [k IN keys(n) WHERE k <> $skip | [k, n[k]]] AS props,
               type(r) AS rel, m.id AS target, [k IN keys(coalesce(r, {})) WHERE k <> $skip | [k, r[k]]] AS relProps
        """, skip=skip, database_=settings.neo4j_database)
    return sorted(repr((sorted(r["labels"]), sorted(map(repr, r["props"])), r["rel"], r["target"], sorted(map(repr, r["relProps"]))))
                  for r in records)


def remove_seed_data(driver, settings) -> None:
    """A graph without seed data (what is left: data written through the API, keys, audit events)."""
    db = settings.neo4j_database
    driver.execute_query("MATCH ()-[r]->() WHERE r.origin = 'seed' DELETE r", database_=db)
    driver.execute_query("MATCH (n) WHERE n.origin = 'seed' DETACH DELETE n", database_=db)


def seed_nodes(driver, settings) -> int:
    records, _, _ = driver.execute_query("MATCH (n) WHERE n.origin = 'seed' RETURN count(n) AS c", database_=settings.neo4j_database)
    return records[0]["c"]


def broken_at_the_end(bundle):
    """A bundle whose very last mapping Neo4j refuses (a map is no property value): validation cannot see it."""
    broken = copy.deepcopy(bundle)
    broken.mappings[-1]["justification"] = {"not": "a property value"}
    return broken


def test_the_scaler_writes_valid_seeds_with_renamed_copies(tmp_path, concepts):
    scale(FIXTURE_SEEDS, tmp_path / "x3", 3)
    one, three = read_seeds(FIXTURE_SEEDS, concepts), read_seeds(tmp_path / "x3", concepts)
    assert len(three.requirements) == 3 * len(one.requirements) and len(three.mappings) == 3 * len(one.mappings)
    ids = {f["id"] for f in three.frameworks}
    assert {f["id"] for f in one.frameworks} | {f"{f['id']}-x01" for f in one.frameworks} <= ids
    copied = [m for m in three.mappings if m["mapping_set"].endswith("-x02")]
    assert copied and all(m["subject_id"].split(":")[0].endswith("-x02") and m["object_id"].split(":")[0].endswith("-x02")
                          for m in copied)


def test_reload_of_twice_the_seeds_changes_nothing_and_writes_nothing(driver, settings, concepts, counts, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setattr(loader, "BULK_ROWS", 1000)  # 2x the seeds is a large first load
    scale(REAL_SEEDS, tmp_path / "x2", 2)
    bundle = read_seeds(tmp_path / "x2", concepts)
    remove_seed_data(driver, settings)
    driver.execute_query("DROP INDEX requirement_kind IF EXISTS", database_=settings.neo4j_database)
    first = load_bundle(driver, settings.neo4j_database, bundle)  # a first load: batch by batch, indexes after
    indexes, _, _ = driver.execute_query("SHOW INDEXES YIELD name, state RETURN name, state", database_=settings.neo4j_database)
    assert {"name": "requirement_kind", "state": "ONLINE"} in [r.data() for r in indexes]
    expected = bundle_rows(bundle)
    assert (first["requirements"], first["mappings"]) == (expected["requirements"], expected["mappings"])
    assert seed_nodes(driver, settings) == expected["nodes"]
    stamped = snapshot(driver, settings, keep_load_id=True)
    second = load_bundle(driver, settings.neo4j_database, bundle)
    assert second == first == counts()
    assert snapshot(driver, settings, keep_load_id=True) == stamped  # not one row rewritten


def test_a_changed_load_gives_the_graph_a_fresh_load_gives(driver, settings, concepts):
    before = read_seeds(FIXTURE_SEEDS, concepts)
    after = copy.deepcopy(before)
    changed = next(r for r in after.requirements if r["concepts"] and r["parent"])
    changed["title"] += " (amended)"
    changed["concepts"] = changed["concepts"][1:] or [c["id"] for c in concepts if c["id"] not in changed["concepts"]][:1]
    parent = next(r for r in after.requirements if r["id"] == changed["parent"])
    parent["summary"] = "A summary rewritten in a later edition of the seeds, long enough to count."
    after.mappings[0]["strength"] = 11 - after.mappings[0]["strength"]
    del after.mappings[1]
    remove_seed_data(driver, settings)
    load_bundle(driver, settings.neo4j_database, before)
    load_bundle(driver, settings.neo4j_database, after)
    incremental = snapshot(driver, settings)
    remove_seed_data(driver, settings)
    load_bundle(driver, settings.neo4j_database, after)
    assert snapshot(driver, settings) == incremental
    records, _, _ = driver.execute_query(
        "MATCH (r:Requirement {id: $id}) RETURN r.title AS title, [(r)-[:ADDRESSES]->(c) | c.id] AS concepts, "
        "[(r)-[:PART_OF]->(p) | p.id] AS parents, [(c)-[:PART_OF]->(r) | c.id] AS children",
        id=changed["id"], database_=settings.neo4j_database)
    assert records[0]["title"].endswith("(amended)") and sorted(records[0]["concepts"]) == sorted(changed["concepts"])
    assert records[0]["parents"] == [changed["parent"]]


@pytest.mark.parametrize("bulk_rows", [1000, loader.BULK_ROWS], ids=["batch by batch", "one transaction"])
def test_a_first_load_whose_last_batch_fails_leaves_no_seed_data(driver, settings, concepts, monkeypatch, bulk_rows):
    remove_seed_data(driver, settings)
    before = snapshot(driver, settings, keep_load_id=True)
    monkeypatch.setattr(loader, "BATCH", 100)  # many batches (committed ones, for a large first load) before the failing one
    monkeypatch.setattr(loader, "BULK_ROWS", bulk_rows)
    with pytest.raises(Exception):
        load_bundle(driver, settings.neo4j_database, broken_at_the_end(read_seeds(REAL_SEEDS, concepts)))
    assert seed_nodes(driver, settings) == 0
    assert snapshot(driver, settings, keep_load_id=True) == before


def test_a_reload_whose_last_batch_fails_leaves_the_previous_graph(driver, settings, concepts, monkeypatch):
    remove_seed_data(driver, settings)
    load_bundle(driver, settings.neo4j_database, read_seeds(FIXTURE_SEEDS, concepts))
    before = snapshot(driver, settings, keep_load_id=True)
    monkeypatch.setattr(loader, "BATCH", 100)
    with pytest.raises(Exception):
        load_bundle(driver, settings.neo4j_database, broken_at_the_end(read_seeds(REAL_SEEDS, concepts)))
    assert snapshot(driver, settings, keep_load_id=True) == before
