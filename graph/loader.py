"""Write a validated SeedBundle to Neo4j: all or nothing, and idempotent.

Schema (constraints, indexes) is created first; then one write transaction MERGEs every
row in UNWIND batches, stamped with a fresh load id, and removes seed data that the
seeds no longer contain. Any failure rolls the transaction back: the old graph stays.
"""

import uuid
from collections.abc import Callable

from neo4j import Driver, ManagedTransaction

from crosswalk.errors import CrosswalkError, WriteConflict
from graph.cypher import query
from graph.run import Runner, run_named
from graph.seed_files import SeedBundle
from graph.seed_models import inverse

BATCH = 500
LOAD_TIMEOUT = 600.0  # seconds; the settings' CROSSWALK_LOAD_TIMEOUT
Progress = Callable[[str, int, int], None]  # (stage, rows done, rows in stage)


def ensure_schema(driver: Driver, database: str, timeout: float = LOAD_TIMEOUT) -> None:
    """Create constraints and indexes (idempotent). Schema commands cannot share a data transaction."""
    runner = Runner(driver, database, timeout)
    lines = [ln for ln in query("schema-constraints").text.splitlines() if not ln.strip().startswith("//")]
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            runner.schema(statement)
    runner.schema(f"CALL db.awaitIndexes({int(timeout)})")


def _requirement_rows(bundle: SeedBundle) -> list[dict]:
    rows = []
    for r in bundle.requirements:
        props = {"id": r["id"], "framework": r["framework"], "ref": r["ref"], "kind": r["kind"],
                 "title": r["title"], "summary": r["summary"], "url": r["url"], "order": r["order"],
                 "roles": r["roles"], "riskTiers": r["risk_tiers"], "appliesFrom": r["applies_from"],
                 "applyFrom": [a["from"] for a in r["applies"]],
                 "applyCondition": [a["condition"] or "" for a in r["applies"]],
                 "applyNote": [a["note"] or "" for a in r["applies"]],
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
                 "mappingSet": m["mapping_set"], "inferred": False,
                 "subjectVersion": m["subject_version"], "objectVersion": m["object_version"],
                 "needsReview": bool(m["review_reasons"]), "reviewReasons": m["review_reasons"]}
        rows.append({"subject": m["subject_id"], "object": m["object_id"],
                     "props": {k: v for k, v in props.items() if v is not None}})
    return rows


def _framework_rows(bundle: SeedBundle) -> list[dict]:
    rename = {"applies_from": "appliesFrom", "checked_how": "checkedHow", "transition_ends": "transitionEnds",
              "transition_source": "transitionSource"}
    rows = []
    for f in bundle.frameworks:
        row = {rename.get(k, k): v for k, v in f.items() if v is not None and k not in ("versions", "conditions")}
        # a node holds no maps: conditions as two parallel lists
        row.update(conditionIds=list(f["conditions"]), conditionLabels=list(f["conditions"].values()))
        rows.append(row)
    return rows


def _amendment_rows(bundle: SeedBundle) -> list[dict]:
    rename = {"in_force": "inForce"}
    rows = []
    for a in bundle.amendments:
        props = {rename.get(k, k): v for k, v in a.items() if v is not None and k != "changes"}
        changes = [{"id": f"{a['id']}|{c['requirement']}|{c['action']}", "amendment": a["id"], "provision": c["requirement"],
                    "action": c["action"], "effective": c["effective"], "note": c["note"], "verified": c["verified"],
                    "order": i} for i, c in enumerate(a["changes"])]
        rows.append({"props": props, "changes": [{k: v for k, v in c.items() if v is not None} for c in changes]})
    return rows


def _without_nulls(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if v is not None} for r in rows]


def _mapping_set_rows(bundle: SeedBundle) -> list[dict]:
    rows = []
    for s in bundle.mapping_sets:
        row = {("id" if k == "mapping_set_id" else k): v for k, v in s.items() if v is not None and k != "assessed_against"}
        # a node holds no maps: the pins as two parallel lists
        row.update(assessedFrameworks=list(s["assessed_against"]), assessedVersions=list(s["assessed_against"].values()))
        rows.append(row)
    return rows


class ApiDataAtRisk(CrosswalkError):
    """The load would remove data written through the API; `items` lists it. Nothing was written."""

    def __init__(self, items: list[dict]):
        self.items = items
        listed = "; ".join(describe_api_item(i) for i in items[:20]) + (f"; … {len(items) - 20} more" if len(items) > 20 else "")
        super().__init__(f"the load would remove {len(items)} item(s) written through the API, hanging on seed data the "
                         f"seeds no longer contain: {listed}; the graph is unchanged",
                         "keep those requirements in the seeds, or remap or delete the items through the API, or "
                         "load with --remove-api-data to remove them with an audit record each")


def describe_api_item(item: dict) -> str:
    what = "mapping" if item["type"] == "MAPS_TO" else item["type"]
    org = f", organisation {item['org']}" if item.get("org") else ""
    return f"{what} {item['id'] or ''} ({item['from']} -> {item['to']}{org})".replace("  ", " ")


def _removal_audit(item: dict) -> dict:
    """One audit record per API-written item a load removes (see graph/writes.py for the shape)."""
    from graph.writes import Actor, _audit  # the one audit shape; imported here to keep the loader's imports light

    target = item["id"] or f"{item['type']} {item['from']} -> {item['to']}"
    return _audit("seedLoadRemoved", target, Actor("crosswalk load", "admin"), item["props"], None, item.get("org"))


def load_bundle(driver: Driver, database: str, bundle: SeedBundle, progress: Progress | None = None,
                timeout: float = LOAD_TIMEOUT, remove_api_data: bool = False) -> dict:
    """Replace the seeded part of the graph with `bundle` in one transaction; return graph counts.

    Data written through the API that hangs on seed data the seeds no longer contain (a mapping
    to a removed requirement) is never removed silently: the load refuses (ApiDataAtRisk), or,
    with `remove_api_data`, removes it and writes an audit record for each item."""
    ensure_schema(driver, database, timeout)
    load_id = uuid.uuid4().hex
    stages = [("frameworks", "load-frameworks", _framework_rows(bundle)),
              ("concepts", "load-concepts", bundle.concepts),
              ("requirements", "load-requirements", _requirement_rows(bundle)),
              ("framework versions", "load-framework-versions", _without_nulls(bundle.framework_versions)),
              ("amendments", "load-amendments", _amendment_rows(bundle)),
              ("provision versions", "load-provision-versions", _without_nulls(bundle.requirement_versions)),
              ("mapping sets", "load-mapping-sets", _mapping_set_rows(bundle)),
              ("mappings", "load-mappings", _mapping_rows(bundle))]

    def work(tx: ManagedTransaction) -> None:
        for stage, name, rows in stages:
            for start in range(0, len(rows), BATCH):
                run_named(tx, name, rows=rows[start:start + BATCH], loadId=load_id)
                if progress:
                    progress(stage, min(start + BATCH, len(rows)), len(rows))
        at_risk = run_named(tx, "load-api-data-at-risk", loadId=load_id)
        if at_risk and not remove_api_data:
            raise ApiDataAtRisk(at_risk)  # the transaction rolls back
        for item in at_risk:
            run_named(tx, "write-audit", event=_removal_audit(item))
        run_named(tx, "load-remove-stale", loadId=load_id)
        run_named(tx, "load-review-api-mappings")
        run_named(tx, "graph-version-bump")  # response caches (server/cache.py) see the new graph

    try:
        Runner(driver, database, timeout).transaction(work, write=True, action="the graph is unchanged")
    except WriteConflict:
        raise CrosswalkError("the load would store two items with one id (or raced another load); the graph is unchanged",
                             "run `crosswalk validate`, then load again") from None
    return graph_counts(driver, database, timeout)


def graph_counts(driver: Driver, database: str, timeout: float = LOAD_TIMEOUT) -> dict:
    """Node and relationship counts, by kind."""
    return Runner(driver, database, timeout).read("graph-counts")[0]
