"""Many concurrent clients asking Crosswalk the stored example questions, for a while.

    .venv/bin/python bench/clients.py [--clients 100] [--duration 60] [--url http://127.0.0.1:8000/graphql]
        [--seeds DIR | --use-configured] [--crosswalk-cmd 'CMD … {port}'] [--crosswalk-cache off|on]

Each client is a thread with one keep-alive connection that sends the stored questions
(queries/examples/*.graphql, as `{"id": "<name>"}`) one after another, each client starting at a
different question. Without `--url` it starts a private Neo4j with the seeds and Crosswalk under
uvicorn (as bench/peer/run.py does; CROSSWALK_WORKERS passes through, the response cache is off
unless `--crosswalk-cache on`). `--clients 20,100` runs 20 clients, then 100. Reports requests/s,
p50, p99 and max latency, and errors: any answer other than HTTP 200 without GraphQL errors.
Nothing here asserts a time; the figures go in closing notes.
"""

import argparse
import json
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent / "peer"))

from harness import Client, ROOT, drive, neo4j_env, neo4j_with_seeds, percentile, start_crosswalk  # noqa: E402

EXAMPLES = sorted(p.stem for p in (ROOT / "queries" / "examples").glob("*.graphql"))


def run(host: str, port: int, path: str, clients: int, duration: float) -> dict:
    """`clients` concurrent clients for `duration` seconds; the figures, overall and per question."""
    per_question: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    def worker(index: int):
        client = Client(port, host=host, timeout=300)
        turn = [index]

        def ask():
            name = EXAMPLES[turn[0] % len(EXAMPLES)]
            turn[0] += 1
            started = time.perf_counter()
            status, raw = client.send({"id": name}, path=path)
            elapsed = time.perf_counter() - started
            ok = status == 200 and raw[:1] == b"{" and not json.loads(raw).get("errors")
            with lock:
                per_question[name].append(elapsed)
                if not ok:
                    failures[f"{name}: HTTP {status} {raw[:160]!r}"] += 1
            if not ok:
                raise RuntimeError(name)
        return ask

    latencies, wall, errors = drive([worker(i) for i in range(clients)], duration=duration)
    return {"clients": clients, "requests": len(latencies), "wall": wall, "rps": len(latencies) / wall,
            "p50": percentile(latencies, 50), "p99": percentile(latencies, 99), "max": max(latencies, default=0),
            "errors": errors, "failures": dict(failures),
            "slowest": sorted(((percentile(v, 50), percentile(v, 99), k) for k, v in per_question.items()),
                              reverse=True)[:5]}


def report(r: dict) -> None:
    print(f"\n{r['clients']} clients for {r['wall']:.0f} s over {len(EXAMPLES)} stored questions: {r['requests']} "
          f"requests, {r['rps']:.1f} requests/s, p50 {r['p50']:.2f} s, p99 {r['p99']:.2f} s, max {r['max']:.2f} s, "
          f"errors {r['errors']}")
    print("  slowest questions (p50 / p99 s): " + "; ".join(f"{name} {p50:.2f} / {p99:.2f}" for p50, p99, name
                                                             in r["slowest"]))
    for failure, count in list(r["failures"].items())[:5]:
        print(f"  error x{count}: {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="100", help="concurrent clients; a list runs each in turn (20,100)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run (default 60)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed passes over the questions first (default 1)")
    parser.add_argument("--url", help="a running Crosswalk's /graphql URL instead of starting one")
    parser.add_argument("--seeds", type=Path, help="seed folder for the private Neo4j (default: seeds/)")
    parser.add_argument("--use-configured", action="store_true",
                        help="use the Neo4j the settings point at (seeds already loaded) instead of a private one")
    parser.add_argument("--crosswalk-cmd", help="command serving Crosswalk, with {port} (default: uvicorn)")
    parser.add_argument("--crosswalk-cache", choices=["off", "on"], default="off",
                        help="CROSSWALK_RESPONSE_CACHE for the Crosswalk it starts (default off)")
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]

    def measure(host: str, port: int, path: str) -> list[dict]:
        warm = Client(port, host=host, timeout=300)
        for _ in range(args.warmup):
            for name in EXAMPLES:
                warm.send({"id": name}, path=path)
        results = []
        for clients in levels:
            print(f"{clients} clients for {args.duration:g} s ...", flush=True)
            results.append(run(host, port, path, clients, args.duration))
        return results

    if args.url:
        url = urlsplit(args.url)
        results = measure(url.hostname, url.port or 80, url.path or "/graphql")
        where = args.url
    else:
        with neo4j_with_seeds(args.use_configured, args.seeds) as (uri, auth, database, where):
            service = start_crosswalk(neo4j_env(uri, auth, database), cmd=args.crosswalk_cmd,
                                      extra_env={"CROSSWALK_RESPONSE_CACHE": args.crosswalk_cache})
            try:
                results = measure("127.0.0.1", service.port, "/graphql")
            finally:
                service.stop()
                print(f"{service.name} wrote {service.log_lines()} log lines to {service.log.name}")
            where = f"{service.name} on {where}; response cache {args.crosswalk_cache}"
    print(f"\nServed: {where}")
    for r in results:
        report(r)


if __name__ == "__main__":
    main()
