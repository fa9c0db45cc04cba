"""The response cache off and on, in one run: requests/s and latency over the stored example questions.

    .venv/bin/python bench/cache.py [--rounds 4] [--seconds 4] [--clients 8] [--use-configured]

Starts a private local Neo4j (fresh data directory, free port) and loads the seeds, unless
`--use-configured` (then the Neo4j the settings point at, seeds already loaded). Three uvicorn
servers run side by side on that one Neo4j:

- off:  CROSSWALK_RESPONSE_CACHE=false, today's behaviour;
- miss: the cache on but too small to keep anything, so every request pays the graph-version
        read and the key, and then runs: the cost of checking;
- on:   the cache on (defaults): repeated questions are answered from memory after one read of
        the graph version.

It first checks that each server answers each stored question with the same bytes. Then, per
round, it drives the servers in turn (interleaved, so the shared machine's noise falls on all
alike): one client sending the stored questions one after another over a keep-alive
connection, then `--clients` clients at once, each for `--seconds`. Finally a GET with a
matching If-None-Match (304) on the `on` server. Prints requests/s, p50 and p99 per server,
and the ratios to `off`. Nothing asserts a time; the figures go in closing notes.
"""

import argparse
import http.client
import json
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent / "peer"))

# the private Neo4j, the servers under test and percentiles: one harness for every benchmark
from harness import Service, neo4j_env, neo4j_with_seeds, percentile, start_crosswalk  # noqa: E402

from server.stored import STORED  # noqa: E402

MODES = {"off": {"CROSSWALK_RESPONSE_CACHE": "false"},
         "miss": {"CROSSWALK_RESPONSE_CACHE": "true", "CROSSWALK_RESPONSE_CACHE_BYTES": "1"},
         "on": {"CROSSWALK_RESPONSE_CACHE": "true"}}
QUESTIONS = sorted(STORED)
LIGHT = ["which-frameworks-does-crosswalk-hold"]  # a cheap question: the version read's cost shows best here


def connect(server: Service) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)


def ask(conn: http.client.HTTPConnection, name: str, headers: dict | None = None, get: bool = False):
    """One stored question; (status, body, headers). POST {"id": name}, or GET ?id=name."""
    base = {"Accept": "application/json", **(headers or {})}
    if get:
        conn.request("GET", "/graphql?" + urlencode({"id": name}), headers=base)
    else:
        conn.request("POST", "/graphql", body=json.dumps({"id": name}), headers={**base, "Content-Type": "application/json"})
    response = conn.getresponse()
    body = response.read()
    if response.status not in (200, 304):
        raise RuntimeError(f"{name}: HTTP {response.status}: {body[:300]!r}")
    return response.status, body, response


def drive(server: Service, clients: int, seconds: float, get_304: str | None = None, questions=QUESTIONS) -> dict:
    """`clients` threads, each on its own connection, cycling through the questions for `seconds`."""
    samples: list[list[float]] = [[] for _ in range(clients)]
    stop_at = time.perf_counter() + seconds

    def client(i: int) -> None:
        conn, k = connect(server), i * 7  # clients start at different questions
        headers = {}
        if get_304:
            _, _, first = ask(conn, get_304, get=True)
            headers = {"If-None-Match": first.getheader("ETag")}
        while time.perf_counter() < stop_at:
            t0 = time.perf_counter()
            if get_304:
                status, _, _ = ask(conn, get_304, headers, get=True)
                assert status == 304
            else:
                ask(conn, questions[k % len(questions)])
            samples[i].append(time.perf_counter() - t0)
            k += 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    flat = [s for per in samples for s in per]
    return {"n": len(flat), "wall": wall, "samples": flat}


def merge(runs: list[dict]) -> dict:
    flat = [s for r in runs for s in r["samples"]]
    wall = sum(r["wall"] for r in runs)
    return {"rps": len(flat) / wall, "p50": percentile(flat, 50) * 1000, "p99": percentile(flat, 99) * 1000, "n": len(flat)}


def check_identical(servers: dict[str, Service]) -> None:
    """Every server gives every stored question the same bytes, twice (the second from the cache when on)."""
    conns = {mode: connect(s) for mode, s in servers.items()}
    for name in QUESTIONS:
        bodies = {(mode, i): ask(conn, name)[1] for mode, conn in conns.items() for i in range(2)}
        if len(set(bodies.values())) != 1:
            raise SystemExit(f"{name}: the answers differ between {sorted(bodies)}")
        if b'"errors"' in bodies[("off", 0)][:200]:
            raise SystemExit(f"{name}: answered with errors")
    for conn in conns.values():
        conn.close()
    print(f"  identical answers from {', '.join(servers)} for all {len(QUESTIONS)} stored questions", flush=True)


def bench(neo4j: dict, rounds: int, seconds: float, clients: int) -> dict:
    servers = {}
    try:
        for mode, extra in MODES.items():
            servers[mode] = start_crosswalk(neo4j, extra_env=extra, name=mode)
        check_identical(servers)
        for server in servers.values():  # warm: plans, connection pools, the cache
            drive(server, 1, 1.0)
        runs = {(mode, c): [] for mode in servers for c in (1, clients, "light")}
        for r in range(rounds):
            order = list(servers) if r % 2 == 0 else list(reversed(servers))
            for c in (1, clients):
                for mode in order:
                    runs[(mode, c)].append(drive(servers[mode], c, seconds))
            for mode in order:
                runs[(mode, "light")].append(drive(servers[mode], 1, seconds, questions=LIGHT))
            print(f"  round {r + 1}/{rounds} done", flush=True)
        results = {key: merge(value) for key, value in runs.items()}
        results[("304", 1)] = merge([drive(servers["on"], 1, seconds, get_304=QUESTIONS[0])])
        results[("304", clients)] = merge([drive(servers["on"], clients, seconds, get_304=QUESTIONS[0])])
        return results
    finally:
        for server in servers.values():
            server.stop()


def report(results: dict, clients: int, rounds: int, seconds: float, where: str) -> None:
    print(f"\nthe {len(QUESTIONS)} stored example questions in turn, POST {{\"id\": …}}; {rounds} interleaved rounds of "
          f"{seconds:g} s per server and concurrency; Neo4j: {where}")
    print("off: no cache; miss: cache on but keeping nothing (every request reads the graph version, then runs); "
          "on: cache on; 304: GET with a matching If-None-Match on `on`; light: one client asking only "
          f"{LIGHT[0]} (a cheap question, where the cost of reading the graph version shows most)")
    header = f"{'server':<6} {'clients':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'req/s ÷ off':>12} {'p50 ÷ off':>10}"
    print(header)
    print("-" * len(header))
    for c in (1, clients, "light"):
        base = results[("off", c)]
        for mode in ("off", "miss", "on", "304"):
            if (mode, c) not in results:
                continue
            r = results[(mode, c)]
            print(f"{mode:<6} {c:>7} {r['n']:>9} {r['rps']:8.1f} {r['p50']:8.2f} {r['p99']:8.2f} "
                  f"{r['rps'] / base['rps']:12.2f} {r['p50'] / base['p50']:10.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds (default 4)")
    parser.add_argument("--seconds", type=float, default=4.0, help="seconds per server, concurrency and round (default 4)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients in the second half (default 8)")
    parser.add_argument("--use-configured", action="store_true",
                        help="use the Neo4j the settings point at (seeds already loaded) instead of a private one")
    args = parser.parse_args()
    with neo4j_with_seeds(args.use_configured, None) as (uri, auth, database, where):
        results = bench(neo4j_env(uri, auth, database), args.rounds, args.seconds, args.clients)
    report(results, args.clients, args.rounds, args.seconds, where)

if __name__ == "__main__":
    main()
