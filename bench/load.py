"""Measure the seed load at 1x, 10x, 30x the seeds, a second load of the same folder, and first start to serving.

    .venv/bin/python bench/load.py                       # this tree only
    .venv/bin/python bench/load.py --compare main        # also the code of `main`, interleaved, same run
    .venv/bin/python bench/load.py --factors 1,10 --no-up

For every factor (seed folders from bench/scale.py) and every implementation (this tree, and the
tree of --compare REF exported with `git archive`), in turn: a fresh Neo4j with that tree's own
memory settings (graph/local_neo4j.py) on a new data directory, then
  validate  read_seeds (wall seconds and CPU seconds of this process),
  load      load_bundle into the empty database through the CLI's driver (graph/connection.py),
  reload    load_bundle of the same bundle again; the counts must not change (idempotence),
and the rows written per second, rows = nodes + relationships in the graph afterwards. Neo4j's
CPU seconds (from /proc) are reported too: the machine is shared, wall time is noisy, CPU less so.
`first start to serving`: `crosswalk up` with a fresh CROSSWALK_HOME until /ready answers 200.

Each measurement runs in a child process whose sys.path starts with the tree under test, so
`before` really is the old code with its old queries. Nothing here asserts a time.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (and its reaped children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:13]) / os.sysconf("SC_CLK_TCK")


# -- child: one tree, one factor ------------------------------------------------------------------
def worker(tree: Path, seeds: Path, home: Path) -> dict:
    sys.path.insert(0, str(tree))
    from crosswalk.settings import Settings
    from graph.connection import sync_driver
    from graph.loader import graph_counts, load_bundle
    from graph.local_neo4j import LocalNeo4j
    from graph.seed_files import read_seeds
    from ontology.concepts import load_concepts

    defaults = Settings()
    out: dict = {}
    wall, cpu = time.perf_counter(), time.process_time()
    bundle = read_seeds(seeds, load_concepts())
    out["validate_s"], out["validate_cpu_s"] = time.perf_counter() - wall, time.process_time() - cpu
    out["requirements"], out["mappings"] = len(bundle.requirements), len(bundle.mappings)
    local = LocalNeo4j(home, port=free_port(), classpath_dir=defaults.home, heap=defaults.neo4j_heap,
                       pagecache=defaults.neo4j_pagecache)
    local.start()
    try:
        settings = Settings(neo4j_uri=local.uri, neo4j_password=None)
        pid = local.read_pid()
        with sync_driver(settings) as driver:
            for step in ("load", "reload"):
                wall, cpu, db_cpu = time.perf_counter(), time.process_time(), cpu_seconds(pid)
                try:
                    counts = load_bundle(driver, settings.neo4j_database, bundle, timeout=settings.load_timeout)
                    out[f"{step}_error"] = None
                except Exception as exc:  # the old loader fails at 30x: record it, go on
                    counts, out[f"{step}_error"] = graph_counts(driver, settings.neo4j_database), f"{type(exc).__name__}: {exc}"[:300]
                out[f"{step}_s"] = time.perf_counter() - wall
                out[f"{step}_cpu_s"] = time.process_time() - cpu
                out[f"{step}_db_cpu_s"] = cpu_seconds(pid) - db_cpu
                out[f"{step}_counts"] = counts
    finally:
        local.stop()
    return out


# -- child: first start to serving -----------------------------------------------------------------
def first_start(tree: Path, seeds: Path, home: Path, timeout: float = 600) -> dict:
    """`crosswalk up` of `tree` on a fresh home until /ready answers; then Ctrl-C it."""
    sys.path.insert(0, str(tree))
    from crosswalk.settings import Settings
    from graph.local_neo4j import neo4j_version

    home.mkdir(parents=True, exist_ok=True)
    classpath = Settings().home / f"neo4j-{neo4j_version()}.classpath"  # the jars are resolved once, not per run
    (home / classpath.name).write_text(classpath.read_text())
    port = free_port()
    env = {**os.environ, "CROSSWALK_HOME": str(home), "CROSSWALK_NEO4J_PORT": str(free_port()),
           "CROSSWALK_PORT": str(port), "CROSSWALK_SEEDS": str(seeds), "PYTHONPATH": str(tree)}
    env.pop("NEO4J_URI", None)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", "from crosswalk.cli import cli; cli()", "up"], cwd=tree, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    ready = None
    try:
        while time.perf_counter() - started < timeout and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as answer:
                    if answer.status == 200:
                        ready = time.perf_counter() - started
                        break
            except OSError:
                pass
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # `up` stops the Neo4j it started
            try:
                proc.wait(120)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    error = None if ready else (proc.stderr.read().decode(errors="replace")[-500:] if proc.stderr else "no answer")
    return {"first_start_s": ready, "first_start_error": error}


# -- parent ------------------------------------------------------------------------------------------
def run_child(mode: str, tree: Path, seeds: Path, home: Path) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), f"--{mode}", str(tree), "--seeds-dir", str(seeds), "--home", str(home)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows_of(counts: dict) -> int:
    return counts["nodes"] + counts["relationships"]


def report(results: dict, factors: list[int], names: list[str]) -> None:
    print("\n| factor | code | requirements | mappings | rows | validate s (cpu) | load s | load rows/s | load db cpu s "
          "| reload s | reload rows/s | counts unchanged | error |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for factor in factors:
        for name in names:
            r = results.get((name, factor))
            if not r or "error" in r:
                print(f"| {factor}x | {name} | | | | | | | | | | | {r and r.get('error')} |")
                continue
            rows = rows_of(r["load_counts"])
            error = r["load_error"] or r["reload_error"] or ""
            print(f"| {factor}x | {name} | {r['requirements']:,} | {r['mappings']:,} | {rows:,} "
                  f"| {r['validate_s']:.1f} ({r['validate_cpu_s']:.1f}) | {r['load_s']:.1f} | {rows / r['load_s']:,.0f} "
                  f"| {r['load_db_cpu_s']:.1f} | {r['reload_s']:.1f} | {rows / r['reload_s']:,.0f} "
                  f"| {r['load_counts'] == r['reload_counts']} | {error[:120]} |")
    if len(names) == 2:
        print()
        for factor in factors:
            a, b = results.get((names[0], factor)), results.get((names[1], factor))
            if a and b and "error" not in a and "error" not in b:
                print(f"{factor}x: load {names[1]}/{names[0]} rows/s = "
                      f"{(rows_of(b['load_counts']) / b['load_s']) / (rows_of(a['load_counts']) / a['load_s']):.1f}x, "
                      f"validate cpu {a['validate_cpu_s'] / b['validate_cpu_s']:.1f}x less, "
                      f"reload {a['reload_s'] / b['reload_s']:.1f}x faster")
    for name in names:
        r = results.get((name, "up"))
        if r:
            print(f"first start to serving ({name}): "
                  + (f"{r['first_start_s']:.1f} s" if r.get("first_start_s") else f"failed: {r.get('first_start_error') or r.get('error')}"))
    if len(names) == 2 and all(results.get((n, "up"), {}).get("first_start_s") for n in names):
        print(f"ratio {names[1]}/{names[0]}: {results[(names[1], 'up')]['first_start_s'] / results[(names[0], 'up')]['first_start_s']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,10,30")
    parser.add_argument("--compare", metavar="REF", help="also measure the code of this git ref (e.g. main), interleaved")
    parser.add_argument("--no-up", action="store_true", help="skip first start to serving")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--up", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--seeds-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.seeds_dir, args.home), default=str))
        return
    if args.up:
        print(json.dumps(first_start(args.up, args.seeds_dir, args.home), default=str))
        return

    sys.path.insert(0, str(ROOT))
    from bench.scale import scale

    factors = [int(f) for f in args.factors.split(",")]
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="cw-bench-load-") as tmp:
        tmp = Path(tmp)
        trees = {}
        if args.compare:
            before = tmp / "before"
            before.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.compare], capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
            trees[f"before ({args.compare})"] = before
        trees["after (this tree)"] = ROOT
        names = list(trees)
        for factor in factors:
            seeds = tmp / f"seeds-{factor}x"
            scale(ROOT / "seeds", seeds, factor)
            for name, tree in trees.items():
                print(f"{factor}x {name} ...", flush=True)
                results[(name, factor)] = r = run_child("worker", tree, seeds, tmp / f"neo4j-{len(results)}")
                print("   ", {k: v for k, v in r.items() if not k.endswith("counts")}, flush=True)
        if not args.no_up:
            for name, tree in trees.items():
                print(f"first start to serving, {name} ...", flush=True)
                results[(name, "up")] = r = run_child("up", tree, ROOT / "seeds", tmp / f"home-{len(results)}")
                print("   ", r, flush=True)
    report(results, factors, names)
    if args.json:
        args.json.write_text(json.dumps({f"{k[0]} {k[1]}": v for k, v in results.items()}, indent=1, default=str))


if __name__ == "__main__":
    main()
