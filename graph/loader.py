"""Write a validated SeedBundle to Neo4j: all or nothing, and idempotent.

Schema (constraints, indexes) is created first. Each row is hashed; one write transaction
writes the rows whose hash differs from the one stored on the graph (new ones with CREATE,
changed ones rewritten with the links they own) in UNWIND batches, and removes seed data the
seeds no longer contain. Any failure rolls the transaction back: the old graph stays. A first
load (no seed data in the graph) commits batch by batch and deletes what it wrote if a batch
fails. See graph/README.md, Loading.
"""

import hashlib
import logging
import uuid
from collections.abc import Callable

from neo4j import Driver, ManagedTransaction, NotificationMinimumSeverity, unit_of_work
from neo4j.exceptions import Neo4jError

from crosswalk.errors import CrosswalkError, WriteConflict
from graph.cypher import QUERIES_DIR, query
from graph.run import Runner, run_named, translate
from graph.seed_files import SeedBundle
from graph.seed_models import inverse
from graph.shared_controls import refresh_params

log = logging.getLogger("crosswalk.loader")

BATCH = 5000  # rows per UNWIND
# Rows (nodes with the links they own, mappings) above which a first load commits batch by batch: each
# costs Neo4j ~3 KB of transaction memory with its links, and the local Neo4j allows 256 MiB (1x: ~5,300).
BULK_ROWS = 15_000
LOAD_TIMEOUT = 600.0  # seconds; the settings' CROSSWALK_LOAD_TIMEOUT
Progress = Callable[[str, int, int], None]  # (stage, rows done, rows in stage)


def _schema_statements() -> list[str]:
    lines = [ln for ln in query("schema-constraints").text.splitlines() if not ln.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def ensure_schema(driver: Driver, database: str, timeout: float = LOAD_TIMEOUT, indexes: bool = True) -> None:
    """Create constraints and indexes (idempotent). Schema commands cannot share a data transaction.

    With `indexes` False only the constraints (and drops): a first load creates the other indexes
    after its data, when Neo4j builds them in one pass rather than row by row in every commit."""
    runner = Runner(driver, database, timeout)
    for statement in _schema_statements():
        if indexes or not statement.upper().startswith("CREATE") or statement.upper().startswith("CREATE CONSTRAINT"):
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
    return [{"props": {rename.get(k, k): v for k, v in a.items() if v is not None and k != "changes"}} for a in bundle.amendments]


def _change_rows(bundle: SeedBundle) -> list[dict]:
    """One row per change an amendment makes; linked to its provision when the graph has it (a proposal may not)."""
    known = {r["id"] for r in bundle.requirements}
    rows = []
    for a in bundle.amendments:
        for i, c in enumerate(a["changes"]):
            props = {"id": f"{a['id']}|{c['requirement']}|{c['action']}", "amendment": a["id"], "provision": c["requirement"],
                     "action": c["action"], "effective": c["effective"], "note": c["note"], "verified": c["verified"], "order": i}
            rows.append({"props": {k: v for k, v in props.items() if v is not None}, "amendment": a["id"],
                         "requirement": c["requirement"] if c["requirement"] in known else None})
    return rows


def _concept_rows(bundle: SeedBundle) -> list[dict]:
    return [{"props": {k: v for k, v in {"id": c["id"], "label": c["label"], "definition": c["definition"],
                                          "notes": c["notes"]}.items() if v is not None},
             "broader": c["broader"]} for c in bundle.concepts]


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


def _sorted_concepts(rows: list[dict]) -> list[dict]:
    """Broader concepts before narrower ones, so each BROADER link finds its target."""
    by_id, done, ordered = {r["props"]["id"]: r for r in rows}, set(), []

    def visit(row: dict, path: frozenset) -> None:
        cid = row["props"]["id"]
        if cid in done or cid in path:
            return
        for broader in row["broader"]:
            if broader in by_id:
                visit(by_id[broader], path | {cid})
        done.add(cid)
        ordered.append(row)

    for row in rows:
        visit(row, frozenset())
    return ordered


# (stage, query, graph label, rows): nodes in the order their links need them, then the mappings.
def _stages(bundle: SeedBundle) -> list[tuple[str, str, str, list[dict]]]:
    return [("frameworks", "load-frameworks", "Framework", [{"props": r} for r in _framework_rows(bundle)]),
            ("concepts", "load-concepts", "Concept", _sorted_concepts(_concept_rows(bundle))),
            ("requirements", "load-requirements", "Requirement", _requirement_rows(bundle)),
            ("framework versions", "load-framework-versions", "FrameworkVersion",
             [{"props": r} for r in _without_nulls(bundle.framework_versions)]),
            ("amendments", "load-amendments", "Amendment", _amendment_rows(bundle)),
            ("changes", "load-changes", "Change", _change_rows(bundle)),
            ("provision versions", "load-provision-versions", "ProvisionVersion",
             [{"props": r} for r in _without_nulls(bundle.requirement_versions)]),
            ("mapping sets", "load-mapping-sets", "MappingSet", [{"props": r} for r in _mapping_set_rows(bundle)]),
            ("mappings", "load-mappings", "MAPS_TO", _mapping_rows(bundle))]


def _salt() -> bytes:
    """Part of every row's hash: a change to how rows are written makes every row differ once."""
    names = sorted(p.stem for p in QUERIES_DIR.glob("load-*.cypher"))
    return hashlib.blake2b("".join(query(n).text for n in names).encode(), digest_size=16).digest()


def _row_hash(row: dict, salt: bytes) -> str:
    return hashlib.blake2b(salt + repr(row).encode(), digest_size=16).hexdigest()


def _plan(stages: list, existing: list[dict], load_id: str) -> tuple[list, dict, list]:
    """What to write, per stage (new and changed rows), and what the seeds no longer hold.

    A row whose hash equals the one stored on its node (or mapping) is unchanged: nothing is written.
    Every written row is stamped with origin 'seed', its hash and this load's id."""
    salt = _salt()
    found = {(e["kind"], e["id"]): e for e in existing}
    seen, writes, changed_mappings = set(), [], []
    for stage, name, kind, rows in stages:
        todo = []
        for row in rows:
            key = (kind, row["props"]["id"])
            if key in seen:
                raise CrosswalkError(f"the load would store two items with one id ({kind} {key[1]}); the graph is unchanged",
                                     "run `crosswalk validate`, then load again")
            seen.add(key)
            digest = _row_hash(row, salt)
            old = found.get(key)
            if old and old["origin"] == "seed" and old["hash"] == digest:
                continue
            if old and kind == "MAPS_TO":
                changed_mappings.append(key[1])  # deleted, then created again
            todo.append({**row, "props": {**row["props"], "origin": "seed", "seedHash": digest, "loadId": load_id}})
        writes.append((stage, name, todo))
    stale: dict[str, list[str]] = {kind: [] for _, _, kind, _ in stages}
    for (kind, id_), e in found.items():
        if e["origin"] == "seed" and (kind, id_) not in seen:
            stale[kind].append(id_)
    return writes, stale, changed_mappings


def load_bundle(driver: Driver, database: str, bundle: SeedBundle, progress: Progress | None = None,
                timeout: float = LOAD_TIMEOUT, remove_api_data: bool = False) -> dict:
    """Make the seeded part of the graph equal to `bundle`, all or nothing; return graph counts.

    Only what differs is written: rows the graph does not hold yet are created, rows whose content
    changed are rewritten (with the links they own), seed data the bundle no longer holds is removed;
    a second load of the same bundle writes nothing. Data written through the API that hangs on seed
    data the seeds no longer contain (a mapping to a removed requirement) is never removed silently:
    the load refuses (ApiDataAtRisk), or, with `remove_api_data`, removes it and writes an audit record
    for each item."""
    stages = _stages(bundle)
    # A first load (no seed data in the graph yet) too large for one transaction's memory is written
    # batch by batch; a smaller one, like any later load, in one transaction.
    bulk = sum(len(rows) for *_, rows in stages) > BULK_ROWS and not _seeded(driver, database, timeout)
    ensure_schema(driver, database, timeout, indexes=not bulk)
    load_id = uuid.uuid4().hex

    def batches(tx: ManagedTransaction | None, writes: list) -> None:
        """Every batch of every stage in `tx`, or (tx None: a large first load) each in a transaction of its own."""
        for stage, name, rows in writes:
            for start in range(0, len(rows), BATCH):
                params = {"rows": rows[start:start + BATCH]} | ({"loadId": load_id} if "loadId" in query(name).params else {})
                if tx is None:
                    _write(driver, database, timeout, lambda t: run_named(t, name, **params))
                    written[stage] = start + len(params["rows"])
                else:
                    run_named(tx, name, **params)
                if progress:
                    progress(stage, min(start + BATCH, len(rows)), len(rows))

    def work(tx: ManagedTransaction) -> None:
        # A graph without seed data has nothing to compare with and nothing stale: a first load on a
        # cold Neo4j saves the two queries (~1.6 s of `crosswalk up` on a new home), and plans the same.
        # Asked inside the transaction, so a load that committed meanwhile is seen.
        existing = run_named(tx, "load-existing") if run_named(tx, "load-seeded")[0]["seeded"] else []
        writes, stale, changed_mappings = _plan(stages, existing, load_id)
        nodes = {k: v for k, v in stale.items() if k != "MAPS_TO"}
        at_risk = run_named(tx, "load-api-data-at-risk", nodes=nodes) if any(nodes.values()) else []
        if at_risk and not remove_api_data:
            raise ApiDataAtRisk(at_risk)  # the transaction rolls back
        for item in at_risk:
            run_named(tx, "write-audit", event=_removal_audit(item))
        if any(nodes.values()) or stale["MAPS_TO"] or changed_mappings:
            run_named(tx, "load-remove-stale", nodes=nodes, mappings=stale["MAPS_TO"] + changed_mappings)
        batches(tx, writes)
        run_named(tx, "load-review-api-mappings")
        run_named(tx, "shared-controls-refresh", **refresh_params())  # sharedControls' stored ranking
        run_named(tx, "graph-version-bump")  # response caches (server/cache.py) see the new graph

    written: dict[str, int] = {}
    try:
        if not bulk:
            _write(driver, database, timeout, work)
        else:
            # A large first load (no seed data in the graph): each batch commits on its own, so the size of
            # the seeds is not bounded by Neo4j's transaction memory; if any batch fails, what the
            # earlier ones wrote is deleted again, and the graph is as empty of seeds as before.
            writes, _, _ = _plan(stages, [], load_id)
            try:
                batches(None, writes)
                _write(driver, database, timeout, lambda tx: (run_named(tx, "load-review-api-mappings"),
                                                              run_named(tx, "shared-controls-refresh", **refresh_params()),
                                                              run_named(tx, "graph-version-bump")))
            except BaseException:
                _undo(driver, database, timeout, writes, written, load_id)
                raise
            ensure_schema(driver, database, timeout)  # the other indexes, built over the loaded data
    except WriteConflict:
        raise CrosswalkError("the load would store two items with one id (or raced another load); the graph is unchanged",
                             "run `crosswalk validate`, then load again") from None
    prepare_for_replanning(driver, database, timeout)
    return graph_counts(driver, database, timeout)


def prepare_for_replanning(driver: Driver, database: str, timeout: float = LOAD_TIMEOUT) -> None:
    """Resample every index and drop cached plans, so the next queries are planned on the data just written.

    Indexes created on an empty graph keep an empty sample until Neo4j resamples them; a plan made
    on it can cost a hundred times more (coverage on a fresh 1x load: 6.3 M db hits instead of
    21,000, 2 s instead of 30 ms), and stays cached."""
    try:
        Runner(driver, database, timeout).schema(f"CALL db.prepareForReplanning({int(timeout)})")
    except Neo4jError as exc:  # e.g. no privilege for it on the user's own Neo4j: plans improve when Neo4j resamples
        log.warning("could not refresh the planner's statistics after the load: %s", exc)


_OUT_OF_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"


def _session(driver: Driver, database: str):
    """A session for the loader's own queries, without notifications: on a fresh database they ask
    for properties no node has yet (`origin`, `seedHash`), which Neo4j would warn about."""
    return driver.session(database=database, notifications_min_severity=NotificationMinimumSeverity.OFF)


def _seeded(driver: Driver, database: str, timeout: float) -> bool:
    """Does the graph hold any seed data?"""
    try:
        with _session(driver, database) as session:
            return session.execute_read(unit_of_work(timeout=timeout)(lambda tx: run_named(tx, "load-seeded")))[0]["seeded"]
    except Exception as exc:
        raise translate(exc, database, timeout) from exc


def _write(driver: Driver, database: str, timeout: float, work: Callable) -> None:
    """`work(tx)` in one explicit write transaction, committed once and never retried.

    Not the driver's managed transactions: they retry a transient failure, and a load that
    ran out of transaction memory would run out again, each time for minutes."""
    try:
        with _session(driver, database) as session:
            with session.begin_transaction(timeout=timeout) as tx:
                work(tx)
                tx.commit()
    except CrosswalkError:
        raise
    except Neo4jError as exc:
        if exc.code == _OUT_OF_MEMORY:
            raise CrosswalkError("the load needs more transaction memory than Neo4j allows "
                                 "(dbms.memory.transaction.total.max); the graph is unchanged",
                                 "load into a fresh database (a first load commits in batches), or give Neo4j more "
                                 "memory (CROSSWALK_NEO4J_HEAP for the local one)") from exc
        raise translate(exc, database, timeout, "the graph is unchanged") from exc
    except Exception as exc:
        raise translate(exc, database, timeout, "the graph is unchanged") from exc


def _undo(driver: Driver, database: str, timeout: float, writes: list, written: dict[str, int], load_id: str) -> None:
    """Delete what a failed first load committed (only rows stamped with its load id), in batches."""
    kinds = {stage: kind for stage, _, kind, _ in _stages(SeedBundle())}
    for stage, _, rows in reversed(writes):
        ids = [r["props"]["id"] for r in rows[:written.get(stage, 0)]]
        kind = kinds[stage]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            nodes = {k: (chunk if k == kind else []) for k in kinds.values() if k != "MAPS_TO"}
            _write(driver, database, timeout, lambda tx: run_named(tx, "load-undo", nodes=nodes, loadId=load_id,
                                                                  mappings=chunk if kind == "MAPS_TO" else []))


def graph_counts(driver: Driver, database: str, timeout: float = LOAD_TIMEOUT) -> dict:
    """Node and relationship counts, by kind."""
    return Runner(driver, database, timeout).read("graph-counts")[0]
