"""Measure GraphQL latency through HTTP against the same Cypher run directly, in one run.

    .venv/bin/python bench/api_latency.py [--n 200] [--warmup 20] [--use-configured]

By default starts a private local Neo4j (new data directory, free port) and loads the seeds,
like bench/cold_start.py; `--use-configured` instead uses the Neo4j the settings point at
(NEO4J_URI or the running local one) and assumes the seeds are already loaded there.

For each question it runs a real uvicorn server (`server.app:create_app`) in a subprocess on
a free port and sends N sequential POSTs over one keep-alive connection (http.client) after
a warm-up; then it runs the question's main named Cypher query (graph.cypher, with the
parameters the API passes, see graph/reads.py) N times in read transactions through the
synchronous neo4j driver: the floor. The HTTP figure includes everything the API adds:
JSON parsing, validation, limits, the resolvers' other queries (framework checks, nested
DataLoader lookups) and serialisation. Prints p50/p99 and requests per second side by side,
and the ratio HTTP/raw. Nothing here asserts a time; the figures go in closing notes.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from neo4j import GraphDatabase  # noqa: E402

from crosswalk.settings import Settings  # noqa: E402
from graph.cypher import query  # noqa: E402
from graph.loader import load_bundle  # noqa: E402
from graph.local_neo4j import LocalNeo4j  # noqa: E402
from graph.seed_files import read_seeds  # noqa: E402
from ontology.concepts import load_concepts  # noqa: E402
from server.schema import DEFAULT_KINDS  # noqa: E402

PUBLIC_VIEWER = {"admin": False, "orgs": []}

# name -> (GraphQL document, named Cypher query, the parameters the API passes to it)
QUESTIONS = {
    "crosswalk iso42001->eu-ai-act": (
        """{ crosswalk(from: "iso42001", to: "eu-ai-act") { requirementCount mappedCount
             rows { nodes { requirement { id title } hits { relation strength target { id title } } } } } }""",
        "crosswalk",
        {"from": "iso42001", "to": "eu-ai-act", "kinds": None, "imposing": DEFAULT_KINDS, "relations": None,
         "minStrength": None, "includeInferred": False,
         "requirementProps": ["id", "framework", "parent", "title"], "mappingProps": ["id", "strength"]},
    ),
    "coverage iso42001 by iso27001": (
        """{ coverage(target: "iso42001", using: ["iso27001"]) { total full partial none gaps { id }
             items { nodes { status requirement { id title } hits { relation source { id } mapping { strength } } } } } }""",
        "coverage",
        {"target": "iso42001", "using": ["iso27001"], "kinds": None, "imposing": DEFAULT_KINDS, "relations": None,
         "minStrength": None, "role": None, "asOf": None, "law": dt.date.today(), "condition": None,
         "requirementProps": ["id", "framework", "parent", "title"], "mappingProps": ["id", "strength"]},
    ),
    "sharedControls (min 2)": (
        """{ sharedControls { totalCount nodes { requirement { id title } frameworkCount totalStrength
             frameworks { framework { id } coverage requirements { requirement { id } relation strength } } } } }""",
        "shared-controls",
        {"frameworks": None, "minFrameworks": 2, "relations": None, "minStrength": None, "role": None, "asOf": None,
         "law": dt.date.today(), "condition": None, "skip": 0, "limit": 50,
         "requirementProps": ["id", "framework", "parent", "title"]},
    ),
    "paths A.8.15->Art.12(3)(b)": (
        """{ paths(from: "iso27001:A.8.15", to: "eu-ai-act:Art.12(3)(b)") { length weakestStrength
             hops { fromId toId relationFromHere mapping { strength justification } } } }""",
        "paths",
        {"from": "iso27001:A.8.15", "to": "eu-ai-act:Art.12(3)(b)", "maxHops": 3},
    ),
    "search 'serious incident reporting'": (
        """{ search(text: "serious incident reporting") { totalCount nodes { score requirement { id title } } } }""",
        "search",
        {"text": "serious incident reporting", "frameworks": None, "skip": 0, "limit": 20},
    ),
    "topic human-oversight": (
        """{ topic(concept: "human-oversight") { requirementCount groups { framework { id } requirements { id title } } } }""",
        "topic",
        {"concept": "human-oversight", "includeNarrower": True, "frameworks": None},
    ),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile of the samples."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n·p/100), at least 1
    return ordered[int(rank) - 1]


def summarise(samples: list[float], wall: float) -> dict:
    return {"p50": percentile(samples, 50) * 1000, "p99": percentile(samples, 99) * 1000,
            "mean": statistics.fmean(samples) * 1000, "rps": len(samples) / wall}


def timed_loop(fn, n: int, warmup: int) -> dict:
    for _ in range(warmup):
        fn()
    samples = []
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return summarise(samples, time.perf_counter() - started)


class Server:
    """`server.app:create_app` under uvicorn in a subprocess, pointed at `uri`."""

    def __init__(self, uri: str, settings: Settings):
        self.port = free_port()
        # the response cache off: a cached answer measures a dictionary lookup, not the question
        env = dict(os.environ, NEO4J_URI=uri, NEO4J_DATABASE=settings.neo4j_database, PYTHONPATH=str(ROOT),
                   CROSSWALK_RESPONSE_CACHE="off")
        env.pop("NEO4J_PASSWORD", None)
        if settings.neo4j_password:
            env["NEO4J_PASSWORD"] = settings.neo4j_password
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "server.app:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--no-access-log",
             "--timeout-keep-alive", "600"], cwd=ROOT, env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/ready")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit("the API server did not become ready")
            time.sleep(0.2)
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def post(self, document: str) -> bytes:
        try:
            return self._post(document)
        except (ConnectionError, http.client.RemoteDisconnected):
            # the server closed an idle keep-alive connection: open a new one (outside the timings' concern)
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return self._post(document)

    def _post(self, document: str) -> bytes:
        self.conn.request("POST", "/graphql", body=json.dumps({"query": document}),
                          headers={"Content-Type": "application/json", "Accept": "application/json"})
        response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:300]!r}")
        return body

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def raw_runner(driver, database: str, name: str, params: dict):
    named = query(name)
    params = dict(params)
    if "viewer" in named.params:
        params["viewer"] = PUBLIC_VIEWER
    named.check(params)

    def work(tx):
        return [record.data() for record in tx.run(named.text, params)]

    def run():
        with driver.session(database=database) as session:
            return session.execute_read(work)
    return run


def bench(uri: str, settings: Settings, n: int, warmup: int) -> list[tuple[str, dict, dict]]:
    results = []
    server = Server(uri, settings)
    try:
        with GraphDatabase.driver(uri, auth=settings.auth) as driver:
            for label, (document, name, params) in QUESTIONS.items():
                answer = json.loads(server.post(document))
                if answer.get("errors") or not answer.get("data"):
                    raise SystemExit(f"{label}: the API answered with errors: {answer.get('errors')}")
                raw = raw_runner(driver, settings.neo4j_database, name, params)
                if not raw():
                    raise SystemExit(f"{label}: the raw query returned no rows")
                http_stats = timed_loop(lambda: server.post(document), n, warmup)
                raw_stats = timed_loop(raw, n, warmup)
                results.append((label, http_stats, raw_stats))
                print(f"  measured {label}", flush=True)
    finally:
        server.stop()
    return results


def report(results, n: int, warmup: int, where: str) -> None:
    print(f"\n{n} sequential requests per question after {warmup} warm-up; Neo4j: {where}")
    print("latency in ms; HTTP = uvicorn + GraphQL over one keep-alive connection; raw = the main named "
          "Cypher query in a read transaction")
    header = f"{'question':<36} {'HTTP p50':>9} {'HTTP p99':>9} {'HTTP rps':>9} {'raw p50':>8} {'raw p99':>8} " \
             f"{'raw rps':>8} {'x p50':>6} {'x p99':>6}"
    print(header)
    print("-" * len(header))
    for label, h, r in results:
        print(f"{label:<36} {h['p50']:9.2f} {h['p99']:9.2f} {h['rps']:9.1f} {r['p50']:8.2f} {r['p99']:8.2f} "
              f"{r['rps']:8.1f} {h['p50'] / r['p50']:6.1f} {h['p99'] / r['p99']:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="timed requests per question (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first (default 20)")
    parser.add_argument("--use-configured", action="store_true",
                        help="use the Neo4j the settings point at (seeds already loaded) instead of a private one")
    args = parser.parse_args()
    settings = Settings()
    if args.use_configured:
        results = bench(settings.bolt_uri, settings, args.n, args.warmup)
        report(results, args.n, args.warmup, f"configured, {settings.bolt_uri}")
        return
    settings = Settings(neo4j_password=None)
    with tempfile.TemporaryDirectory() as home:
        local = LocalNeo4j(Path(home), port=free_port(), classpath_dir=settings.home)
        local.install()
        bundle = read_seeds(settings.seeds, load_concepts())
        print("starting a private Neo4j and loading the seeds ...", flush=True)
        local.start()
        try:
            with GraphDatabase.driver(local.uri) as driver:
                counts = load_bundle(driver, settings.neo4j_database, bundle)
            results = bench(local.uri, settings, args.n, args.warmup)
        finally:
            local.stop()
    report(results, args.n, args.warmup, f"private Neo4j {local.version}; "
           + ", ".join(f"{v} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
