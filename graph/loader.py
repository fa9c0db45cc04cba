"""Write a validated SeedBundle to Neo4j: all or nothing, and idempotent.

Schema (constraints, indexes) is created first; then one write transaction MERGEs every
row in UNWIND batches, stamped with a fresh load id, and removes seed data that the
seeds no longer contain. Any failure rolls the transaction back: the old graph stays.
"""

import uuid
from collections.abc import Callable

from neo4j import Driver, ManagedTransaction

from graph.cypher import query
from graph.seed_files import SeedBundle
from graph.seed_models import inverse

BATCH = 500
Progress = Callable[[str, int, int], None]  # (stage, rows done, rows in stage)


def ensure_schema(driver: Driver, database: str) -> None:
    """Create constraints and indexes (idempotent). Schema commands cannot share a data transaction."""
    lines = [ln for ln in query("schema-constraints").text.splitlines() if not ln.strip().startswith("//")]
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            driver.execute_query(statement, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


def _requirement_rows(bundle: SeedBundle) -> list[dict]:
    rows = []
    for r in bundle.requirements:
        props = {"id": r["id"], "framework": r["framework"], "ref": r["ref"], "kind": r["kind"],
                 "title": r["title"], "summary": r["summary"], "url": r["url"], "order": r["order"],
                 "roles": r["roles"], "riskTiers": r["risk_tiers"], "appliesFrom": r["applies_from"],
                 "published": r["published"], "section": r["section"], "parent": r["parent"]}
        rows.append({"framework": r["framework"], "parent": r["parent"], "concepts": r["concepts"],
                     "props": {k: v for k, v in props.items() if v is not None}})
    return rows


def _mapping_rows(bundle: SeedBundle) -> list[dict]:
    rows = []
    for m in bundle.mappings:
        props = {"id": m["id"], "relation": m["relation"], "inverseRelation": inverse(m["relation"]),
                 "rationale": m["rationale"], "strength": m["strength"], "confidence": m["confidence"],
                 "justification": m["justification"], "source": m["source"], "author": m["author"],
                 "reviewer": m["reviewer"], "method": m["method"], "status": m["status"], "date": m["date"],
                 "mappingSet": m["mapping_set"], "inferred": False}
        rows.append({"subject": m["subject_id"], "object": m["object_id"],
                     "props": {k: v for k, v in props.items() if v is not None}})
    return rows


def _framework_rows(bundle: SeedBundle) -> list[dict]:
    rename = {"applies_from": "appliesFrom"}
    return [{rename.get(k, k): v for k, v in f.items() if v is not None} for f in bundle.frameworks]


def _mapping_set_rows(bundle: SeedBundle) -> list[dict]:
    return [{("id" if k == "mapping_set_id" else k): v for k, v in s.items() if v is not None} for s in bundle.mapping_sets]


def load_bundle(driver: Driver, database: str, bundle: SeedBundle, progress: Progress | None = None) -> dict:
    """Replace the seeded part of the graph with `bundle` in one transaction; return graph counts."""
    ensure_schema(driver, database)
    load_id = uuid.uuid4().hex
    stages = [("frameworks", "load-frameworks", _framework_rows(bundle)),
              ("concepts", "load-concepts", bundle.concepts),
              ("requirements", "load-requirements", _requirement_rows(bundle)),
              ("mapping sets", "load-mapping-sets", _mapping_set_rows(bundle)),
              ("mappings", "load-mappings", _mapping_rows(bundle))]

    def work(tx: ManagedTransaction) -> None:
        for stage, name, rows in stages:
            for start in range(0, len(rows), BATCH):
                tx.run(query(name).text, query(name).check({"rows": rows[start:start + BATCH], "loadId": load_id})).consume()
                if progress:
                    progress(stage, min(start + BATCH, len(rows)), len(rows))
        tx.run(query("load-remove-stale").text, loadId=load_id).consume()

    with driver.session(database=database) as session:
        session.execute_write(work)
    return graph_counts(driver, database)


def graph_counts(driver: Driver, database: str) -> dict:
    """Node and relationship counts, by kind."""
    with driver.session(database=database) as session:
        return session.execute_read(lambda tx: tx.run(query("graph-counts").text).single().data())
