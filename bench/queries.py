"""Growth of the big read questions: sharedControls, coverage, crosswalk at 1x and Nx, before and after.

    .venv/bin/python bench/queries.py [--factor 30] [--n 30] [--warmup 3] [--rounds 3] [--before main]

In one run, for factor 1 (the seeds) and factor N (bench/scale.py's synthetic folder), one
after the other: starts a private local Neo4j (new data directory, free port; the 256 MiB
transaction-memory cap of graph/local_neo4j.py is lifted for this bench only, so the large
load can commit), loads the folder, and starts two API servers (uvicorn subprocesses): the
`--before` git ref (exported with `git archive`, its own queries and server code) and this
working tree. Then, in `--rounds` interleaved rounds, each question is run N times per side:

- raw: the question's named Cypher (each tree's own text, with the parameters graph/reads.py
  passes) in read transactions through the synchronous driver;
- HTTP: the GraphQL document POSTed to that side's server over one keep-alive connection.

The indexes this tree's schema adds are dropped for the `before` rounds and created again for
the `after` rounds, so `before` runs as main does. Answers are checked first: the after side
must give the same rows (sharedControls: the same first page and total) and the same GraphQL
data. Prints p50 per side, factor and question, the Nx/1x ratio, and db hits (PROFILE).
Nothing here asserts a time; the figures go in closing notes. Machine noise is large on a
shared box: compare before and after of the same run, not runs with each other.
"""

import argparse
import datetime as dt
import http.client
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from neo4j import GraphDatabase  # noqa: E402

from api_latency import Server, free_port, percentile  # noqa: E402
from crosswalk.settings import Settings  # noqa: E402
from graph.cypher import load_queries  # noqa: E402
from graph.loader import load_bundle  # noqa: E402
from graph.local_neo4j import LocalNeo4j  # noqa: E402
from graph.run import native  # noqa: E402
from graph.seed_files import read_seeds  # noqa: E402
from ontology.concepts import load_concepts  # noqa: E402
from server.schema import DEFAULT_KINDS  # noqa: E402

PUBLIC_VIEWER = {"admin": False, "orgs": []}
TODAY = dt.date.today()

SHARED_PROPS = ["id", "framework", "parent", "title"]  # what server/selection.py reads for the sharedControls document

# name -> (GraphQL document, named query, the parameters graph/reads.py passes for it)
QUESTIONS = {
    "sharedControls": (
        """{ sharedControls(minFrameworks: 2, first: 50) { totalCount nodes { requirement { id title } frameworkCount
             totalStrength frameworks { framework { id } coverage strength
             requirements { requirement { id } relation strength mappingId } } } } }""",
        "shared-controls",
        {"frameworks": None, "minFrameworks": 2, "relations": None, "minStrength": None, "role": None, "asOf": None,
         "law": TODAY, "condition": None, "skip": 0, "limit": 50, "requirementProps": SHARED_PROPS},
    ),
    "coverage": (
        """{ coverage(target: "iso42001", using: ["iso27001"]) { total full partial none gaps { id }
             items { nodes { status requirement { id title } hits { relation source { id } mapping { strength } } } } } }""",
        "coverage",
        {"target": "iso42001", "using": ["iso27001"], "kinds": None, "imposing": DEFAULT_KINDS, "relations": None,
         "minStrength": None, "role": None, "asOf": None, "law": TODAY, "condition": None,
         "requirementProps": ["id", "framework", "parent", "title"], "mappingProps": ["id", "strength"]},
    ),
    "crosswalk": (
        """{ crosswalk(from: "iso42001", to: "eu-ai-act") { requirementCount mappedCount
             rows { nodes { requirement { id title } hits { relation strength target { id title } } } } } }""",
        "crosswalk",
        {"from": "iso42001", "to": "eu-ai-act", "kinds": None, "imposing": DEFAULT_KINDS, "relations": None,
         "minStrength": None, "includeInferred": False,
         "requirementProps": ["id", "framework", "parent", "title"], "mappingProps": ["id", "strength"]},
    ),
}


class BenchNeo4j(LocalNeo4j):
    """A private Neo4j for this bench: no transaction-memory cap, so the large seed folder loads in one go."""

    def write_config(self) -> Path:
        conf = super().write_config()
        lines = [ln for ln in conf.read_text().splitlines() if not ln.startswith("dbms.memory.transaction.total.max=")]
        conf.write_text("\n".join(lines + ["dbms.memory.transaction.total.max=0"]) + "\n")
        return conf


def export_tree(ref: str, into: Path) -> Path:
    """The files of git `ref` under `into` (git archive), to run that version's queries and server."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def schema_statements(queries_dir: Path) -> list[str]:
    text = (queries_dir / "schema-constraints.cypher").read_text()
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def added_indexes(before: Path, after: Path) -> tuple[list[str], list[str]]:
    """(names, CREATE statements) of the indexes the after schema creates and the before schema does not."""
    old = {s.split()[2] for s in schema_statements(before) if s.upper().startswith("CREATE")}
    new = [s for s in schema_statements(after) if s.upper().startswith("CREATE INDEX") and s.split()[2] not in old]
    return [s.split()[2] for s in new], new


class Side:
    """One version of the code: its query texts and its API server."""

    def __init__(self, label: str, tree: Path, uri: str, settings: Settings):
        self.label, self.tree = label, tree
        self.queries = load_queries(tree / "queries")
        self.server = ServerAt(tree, uri, settings)

    def query_name(self, name: str) -> str:
        """The query this side's server asks: sharedControls' default question from its stored ranking, where it has one."""
        return "shared-controls-stored" if name == "shared-controls" and "shared-controls-stored" in self.queries else name

    def params(self, name: str, params: dict) -> dict:
        """The parameters this side's query declares (the before side may not page in Cypher)."""
        named = self.queries[name]
        given = {k: v for k, v in params.items() if k in named.params}
        if "viewer" in named.params:
            given["viewer"] = PUBLIC_VIEWER
        return named.check(given)

    def raw(self, driver, name: str, params: dict):
        name = self.query_name(name)
        text, params = self.queries[name].text, self.params(name, params)

        def work(tx):
            return [native(record.data()) for record in tx.run(text, params)]

        def run():
            with driver.session() as session:
                return session.execute_read(work)
        return run

    def db_hits(self, driver, name: str, params: dict) -> int:
        name = self.query_name(name)
        with driver.session() as session:
            result = session.run("PROFILE " + self.queries[name].text, self.params(name, params))
            list(result)
            return plan_hits(result.consume().profile)


class ServerAt(Server):
    """bench/api_latency.py's uvicorn subprocess, run from `tree` (its own code and queries)."""

    def __init__(self, tree: Path, uri: str, settings: Settings):
        import api_latency
        saved, api_latency.ROOT = api_latency.ROOT, tree  # its cwd and PYTHONPATH
        try:
            super().__init__(uri, settings)
        finally:
            api_latency.ROOT = saved

    def _post(self, document: str) -> bytes:
        # main's sharedControls at 30x answers in tens of seconds: wait up to 10 minutes, not 60 s
        self.conn.timeout = 600
        if self.conn.sock is not None:
            self.conn.sock.settimeout(600)
        return super()._post(document)


def plan_hits(plan: dict) -> int:
    return plan.get("dbHits", 0) + sum(plan_hits(c) for c in plan.get("children", []))


def shared_page(rows: list[dict], before: bool) -> tuple[int, list[dict]]:
    """(total, first page) of a shared-controls answer, hits in a canonical order."""
    total, page = (len(rows), rows[:50]) if before else (rows[0]["total"], rows[0]["rows"])

    def named(requirement):  # a property map (a query without requirementProps) or the values of SHARED_PROPS
        return [requirement.get(k) for k in SHARED_PROPS] if isinstance(requirement, dict) else requirement

    for row in page:
        row["requirement"] = named(row["requirement"])
        for f in row["perFramework"]:
            for h in f["hits"]:
                h["requirement"] = named(h["requirement"])
            f["hits"] = sorted(f["hits"], key=lambda h: (h["order"], h["mapping"]))
    return total, page


def canonical_ties(answer: dict) -> dict:
    """Two mappings to the same requirement (two mapping sets) in mapping-id order: main left their order to storage."""
    for node in (answer.get("data") or {}).get("sharedControls", {}).get("nodes", []):
        for f in node["frameworks"]:
            reqs = f["requirements"]
            f["requirements"] = sorted(reqs, key=lambda r: (next(i for i, x in enumerate(reqs)
                                                                  if x["requirement"] == r["requirement"]), r["mappingId"]))
    return answer


def as_values(rows: list[dict], params: dict) -> list[dict]:
    """coverage/crosswalk rows of a query that returns whole property maps, in the shape of one that
    returns the values of `requirementProps`/`mappingProps` (so both sides compare)."""
    req, maps = params["requirementProps"], params["mappingProps"]

    def mapping(m):
        return m if "props" in m else {"subject": m["subject"], "object": m["object"], "props": [m.get(k) for k in maps]}

    def walk(value, key=None):
        if key in ("requirement", "source", "target") and isinstance(value, dict):
            return [value.get(k) for k in req]
        if key == "mapping" and isinstance(value, dict):
            return mapping(value)
        if key == "via_mappings":
            return [mapping(m) for m in value]
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value
    return walk(rows)


def check_same(question: str, name: str, before: Side, after: Side, driver) -> None:
    params = QUESTIONS[question][2]
    old, new = before.raw(driver, name, params)(), after.raw(driver, name, params)()
    if name == "shared-controls":
        old, new = shared_page(old, "skip" not in before.queries[name].params), shared_page(new, False)
    else:
        old = as_values(old, params)
    if old != new:
        raise SystemExit(f"{question}: the after query answers differently from the before query")
    document = QUESTIONS[question][0]
    old_http, new_http = json.loads(before.server.post(document)), json.loads(after.server.post(document))
    if question == "sharedControls":
        old_http, new_http = canonical_ties(old_http), canonical_ties(new_http)
    if old_http.get("errors") or old_http != new_http:
        raise SystemExit(f"{question}: the GraphQL answers differ or fail: {str(old_http)[:300]} / {str(new_http)[:300]}")


def timed(fn, n: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def set_indexes(driver, names: list[str], creates: list[str], present: bool) -> None:
    with driver.session() as session:
        for name, create in zip(names, creates):
            session.run(create if present else f"DROP INDEX {name} IF EXISTS").consume()
        session.run("CALL db.awaitIndexes(300)").consume()


def measure(uri: str, settings: Settings, before_tree: Path, args, n: int) -> dict:
    """{(side, kind, question): samples} and {(side, question): db hits} on the graph at `uri`."""
    names, creates = added_indexes(before_tree / "queries", ROOT / "queries")
    samples: dict = {}
    hits: dict = {}
    sides = []
    try:
        sides.append(Side("before", before_tree, uri, settings))
        sides.append(Side("after", ROOT, uri, settings))
        before, after = sides
        with GraphDatabase.driver(uri, auth=settings.auth) as driver:
            for question, (_, name, _) in QUESTIONS.items():
                check_same(question, name, before, after, driver)
            for _ in range(args.rounds):
                for side in sides:
                    set_indexes(driver, names, creates, present=side is after)
                    for question, (document, name, params) in QUESTIONS.items():
                        samples.setdefault((side.label, "raw", question), []).extend(
                            timed(side.raw(driver, name, params), n, args.warmup))
                        samples.setdefault((side.label, "http", question), []).extend(
                            timed(lambda: side.server.post(document), n, args.warmup))
                        hits[(side.label, question)] = side.db_hits(driver, name, params)
            set_indexes(driver, names, creates, present=True)
    finally:
        for side in sides:
            side.server.stop()
    return {"samples": samples, "hits": hits}


def run_factor(factor: int, before_tree: Path, work: Path, settings: Settings, args) -> tuple[dict, dict]:
    seeds = settings.seeds
    if factor > 1:
        from scale import scale
        seeds = work / f"seeds-{factor}x"
        scale(settings.seeds, seeds, factor)
    bundle = read_seeds(seeds, load_concepts())
    heap = "512m" if factor == 1 else args.heap
    local = BenchNeo4j(work / f"neo4j-{factor}x", port=free_port(), heap=heap, pagecache="256m",
                       classpath_dir=settings.home)
    local.install()
    print(f"{factor}x: starting a private Neo4j and loading {len(bundle.requirements):,} requirements, "
          f"{len(bundle.mappings):,} mappings ...", flush=True)
    local.start()
    try:
        with GraphDatabase.driver(local.uri) as driver:
            counts = load_bundle(driver, settings.neo4j_database, bundle, timeout=3600)
        print(f"{factor}x: loaded {counts}; measuring", flush=True)
        return counts, measure(local.uri, settings, before_tree, args, args.n if factor == 1 else args.n_large)
    finally:
        local.stop()


def report(factor: int, results: dict[int, dict], args) -> None:
    p50 = {f: {k: percentile(v, 50) * 1000 for k, v in r["samples"].items()} for f, r in results.items()}
    print(f"\np50 in ms over {args.rounds} interleaved rounds of {args.n} (1x) / {args.n_large} ({factor}x) runs per side "
          f"(after {args.warmup} warm-up each); raw = the named Cypher, http = GraphQL through uvicorn")
    header = (f"{'question':<15} {'kind':<5} {'side':<7} {'1x p50':>8} {f'{factor}x p50':>9} {'ratio':>6} "
              f"{'1x hits':>9} {f'{factor}x hits':>10}")
    print(header)
    print("-" * len(header))
    for question in QUESTIONS:
        for kind in ("raw", "http"):
            for side in ("before", "after"):
                small, big = p50[1][(side, kind, question)], p50[factor][(side, kind, question)]
                hits = (f"{results[1]['hits'][(side, question)]:9,} {results[factor]['hits'][(side, question)]:10,}"
                        if kind == "raw" else "")
                print(f"{question:<15} {kind:<5} {side:<7} {small:8.1f} {big:9.1f} {big / small:6.1f} {hits}")
    print("\nafter/before p50:", ", ".join(
        f"{q} {kind} {f}x {p50[f][('after', kind, q)] / p50[f][('before', kind, q)]:.2f}"
        for q in QUESTIONS for kind in ("raw", "http") for f in (1, factor)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, default=30, help="the large factor (default 30)")
    parser.add_argument("--n", type=int, default=30, help="timed runs per question, side and round (default 30)")
    parser.add_argument("--n-large", type=int, help="timed runs at the large factor (default --n): main's sharedControls "
                                                   "takes tens of seconds there")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved before/after rounds (default 3)")
    parser.add_argument("--before", default="main", help="git ref of the before side (default main)")
    parser.add_argument("--heap", default="3g", help="heap of the large factor's Neo4j (default 3g)")
    parser.add_argument("--uri-1x", help="use this Neo4j, the seeds already loaded, instead of a private one")
    parser.add_argument("--uri-large", help="use this Neo4j, the large folder already loaded, instead of a private one")
    args = parser.parse_args()
    args.n_large = args.n_large or args.n
    settings = Settings(neo4j_password=None)
    os.environ.pop("NEO4J_PASSWORD", None)
    # the before side answers sharedControls at 30x in seconds: let both servers' queries and requests run long
    os.environ.update(CROSSWALK_QUERY_TIMEOUT="300", CROSSWALK_REQUEST_TIMEOUT="300")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        before_tree = export_tree(args.before, work / "before")
        results, counts = {}, {}
        for factor, uri in ((1, args.uri_1x), (args.factor, args.uri_large)):
            if uri:
                print(f"{factor}x: using {uri} as loaded; measuring", flush=True)
                counts[factor], results[factor] = {}, measure(uri, settings, before_tree, args, args.n if factor == 1 else args.n_large)
            else:
                counts[factor], results[factor] = run_factor(factor, before_tree, work, settings, args)
    print("\n" + "; ".join(f"{f}x: {c.get('requirements', '?')} requirements, {c.get('mappings', '?')} mappings"
                           for f, c in counts.items()))
    report(args.factor, results, args)


if __name__ == "__main__":
    main()
