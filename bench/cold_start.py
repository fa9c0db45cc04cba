"""Measure the local Neo4j's cold start and the seed load, in one run.

    .venv/bin/python bench/cold_start.py

Starts a fresh local Neo4j (new data directory, free port), loads the seeds twice,
restarts it on the existing data, and stops it. Prints seconds per step and the ratios
that matter: a first load against a warm reload (JVM warm-up), a fresh start against a
restart on existing data. Nothing here asserts a time; the figures go in closing notes.
"""

import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from neo4j import GraphDatabase  # noqa: E402

from crosswalk.settings import Settings  # noqa: E402
from graph.loader import load_bundle  # noqa: E402
from graph.local_neo4j import LocalNeo4j  # noqa: E402
from graph.seed_files import read_seeds  # noqa: E402
from ontology.concepts import load_concepts  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed(label: str, results: dict, fn):
    started = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - started
    print(f"{label:<28} {results[label]:7.2f} s", flush=True)
    return value


def main() -> None:
    settings = Settings()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as home:
        local = LocalNeo4j(Path(home), port=free_port(), classpath_dir=settings.home)
        local.install()
        bundle = timed("validate seeds", results, lambda: read_seeds(settings.seeds, load_concepts()))
        timed("start (fresh data dir)", results, local.start)
        try:
            with GraphDatabase.driver(local.uri) as driver:
                counts = timed("first load (cold JVM)", results, lambda: load_bundle(driver, "neo4j", bundle))
                timed("reload (warm)", results, lambda: load_bundle(driver, "neo4j", bundle))
        finally:
            timed("stop", results, local.stop)
        timed("start (existing data)", results, local.start)
        try:
            with GraphDatabase.driver(local.uri) as driver:
                timed("load after restart", results, lambda: load_bundle(driver, "neo4j", bundle))
        finally:
            local.stop()
    print(f"\nNeo4j {local.version}; graph: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    print(f"stopped -> ready with seeds, fresh:     {results['start (fresh data dir)'] + results['first load (cold JVM)']:.2f} s")
    print(f"stopped -> ready with seeds, existing:  {results['start (existing data)'] + results['load after restart']:.2f} s")
    print(f"ratio first load / warm reload:         {results['first load (cold JVM)'] / results['reload (warm)']:.1f}x")
    print(f"ratio fresh start / restart:            {results['start (fresh data dir)'] / results['start (existing data)']:.1f}x")


if __name__ == "__main__":
    main()
