"""Neo4j killed and started again under traffic: while it is down every read answers 503 in the one JSON
error shape and /ready says not ready, quickly; once it is back the same app (not restarted) answers
200 with the right data; nothing ever answers 500.

The test runs its own Neo4j (own home, own port) so the session's Neo4j that other tests share is
never touched. `pytest -s` shows the figures it measures."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from neo4j import GraphDatabase
from starlette.testclient import TestClient

from crosswalk.settings import Settings
from graph.local_neo4j import LocalNeo4j
from graph.seed_files import read_seeds
from server.app import create_app
from tests.conftest import FIXTURE_SEEDS, free_port, load_seeds

pytestmark = pytest.mark.neo4j
QUERY = {"query": "{ frameworks { id name } }"}
THREADS = 3
PER_THREAD = 2000       # requests at most per background thread (LOAD_FOR bounds it: 503s come in milliseconds)
LOAD_FOR = 150.0        # seconds at most for the whole background load
READY_WITHIN = 3.0      # generous bound on /ready's answer (the app aims for under 1 s)
READ_WITHIN = 15.0      # generous bound on a read's answer while Neo4j is down
RECOVER_WITHIN = 60.0   # seconds after Bolt answers again


@dataclass
class Hit:
    path: str
    sent: float
    answered: float
    status: int | None
    body: dict | str | None
    retry_after: str | None = None


def call(client, path: str) -> Hit:
    sent = time.monotonic()
    try:
        response = client.get("/ready") if path == "/ready" else client.post("/graphql", json=QUERY)
    except Exception as exc:  # a transport failure is recorded, and fails the test below
        return Hit(path, sent, time.monotonic(), None, repr(exc))
    try:
        body = response.json()
    except ValueError:
        body = response.text
    return Hit(path, sent, time.monotonic(), response.status_code, body, response.headers.get("Retry-After"))


def is_unavailable(hit: Hit) -> bool:
    """503 with Retry-After and the one JSON error shape, code GRAPH_UNAVAILABLE, no data."""
    body = hit.body
    if hit.status != 503 or not hit.retry_after or not isinstance(body, dict):
        return False
    errors = body.get("errors")
    if not errors or not all(isinstance(e.get("message"), str) and e["message"]
                             and e.get("extensions", {}).get("code") == "GRAPH_UNAVAILABLE" for e in errors):
        return False
    if hit.path == "/ready":
        return body.get("status") == "unavailable"
    return set(body) <= {"data", "errors"} and body.get("data") is None


def answered(hit: Hit, expected: dict) -> bool:
    """200 with exactly the fixture's frameworks."""
    if hit.status != 200 or not isinstance(hit.body, dict):
        return False
    if hit.path == "/ready":
        return hit.body == {"status": "ready"}
    data = hit.body.get("data") or {}
    return "errors" not in hit.body and {f["id"]: f["name"] for f in data.get("frameworks") or []} == expected


def test_neo4j_killed_and_restarted_under_load_gives_503_then_recovers_without_an_app_restart(tmp_path, concepts):
    expected = {f["id"]: f["name"] for f in read_seeds(FIXTURE_SEEDS, concepts).frameworks}
    assert len(expected) >= 2
    local = LocalNeo4j(tmp_path / "neo4j", port=free_port(), heap="256m", pagecache="64m",
                       classpath_dir=Settings().home)
    hits: list[Hit] = []  # the background load's
    seen: list[Hit] = []  # the test's own polls and probes
    done = threading.Event()
    try:
        cold = time.monotonic()
        local.start()
        cold = time.monotonic() - cold
        settings = Settings(neo4j_uri=local.uri, neo4j_password=None)
        with GraphDatabase.driver(settings.bolt_uri, auth=settings.auth) as driver:
            load_seeds(driver, settings, FIXTURE_SEEDS, concepts)

        with TestClient(create_app(settings), raise_server_exceptions=False) as client, ThreadPoolExecutor(THREADS) as pool:
            def until_answered(within: float) -> float:
                started = time.monotonic()
                while True:
                    polled = [call(client, "/graphql"), call(client, "/ready")]
                    seen.extend(polled)
                    if all(answered(hit, expected) for hit in polled):
                        break
                    assert time.monotonic() - started < within, "the app did not answer 200 with the right data in time"
                    time.sleep(0.2)
                return time.monotonic() - started

            until_answered(30)  # a cold Neo4j may plan its first query slowly

            def load(worker: int) -> list[Hit]:
                mine, until = [], time.monotonic() + LOAD_FOR
                for i in range(PER_THREAD):
                    if done.is_set() or time.monotonic() > until:
                        break
                    mine.append(call(client, "/ready" if (i + worker) % 3 == 0 else "/graphql"))
                    time.sleep(0.05)
                return mine

            workers = [pool.submit(load, w) for w in range(THREADS)]
            try:
                time.sleep(1.0)  # traffic flowing with Neo4j up

                stop_sent = time.monotonic()
                assert local.stop(), "our Neo4j was not running"
                stopped = time.monotonic()
                assert local.status().running is False

                # Down: our own probes, each timed, while the background load goes on.
                probes = []
                for _ in range(2):
                    probes += [call(client, "/graphql"), call(client, "/ready")]
                seen.extend(probes)
                for hit in probes:
                    assert is_unavailable(hit), (hit.path, hit.status, hit.body)
                    limit = READY_WITHIN if hit.path == "/ready" else READ_WITHIN
                    assert hit.answered - hit.sent < limit, (hit.path, hit.answered - hit.sent)
                down_ready = [h.answered - h.sent for h in probes if h.path == "/ready"]
                down_reads = [h.answered - h.sent for h in probes if h.path == "/graphql"]

                time.sleep(1.0)  # traffic flowing with Neo4j down (503s now come in milliseconds)
                start_sent = time.monotonic()
                local.start()  # same home (the data is kept), same port
                bolt_back = time.monotonic()
                recovered_in = until_answered(RECOVER_WITHIN)  # the same app, never restarted
                time.sleep(1.0)  # traffic flowing with Neo4j up again
            finally:
                done.set()
                for worker in workers:
                    hits += worker.result(timeout=LOAD_FOR + READ_WITHIN + 30)
    finally:
        local.stop()

    # Never a 500 or a transport failure; every answer is either the right data or a clean 503.
    everything = hits + seen
    assert all(h.status is not None for h in everything), [h.body for h in everything if h.status is None][:3]
    assert not [h for h in everything if h.status >= 500 and h.status != 503], "a 5xx other than 503"
    wrong = [h for h in everything if not (answered(h, expected) or is_unavailable(h))]
    assert not wrong, [(h.path, h.status, h.body) for h in wrong[:3]]
    # Everything sent after the process was gone and answered before it was started again was a 503.
    while_down = [h for h in hits if h.sent >= stopped and h.answered <= start_sent]
    assert while_down and all(is_unavailable(h) for h in while_down)
    assert all(h.answered - h.sent < READY_WITHIN for h in while_down if h.path == "/ready")
    # The background load saw both sides: answers before the stop and after the restart.
    assert any(answered(h, expected) and h.answered < stop_sent for h in hits)
    after = [h for h in hits if answered(h, expected) and h.sent >= bolt_back]
    assert after, "the background load got no 200 after Neo4j came back"

    first_503 = min(h.answered for h in hits + probes if h.status == 503 and h.answered >= stop_sent)
    first_200 = min(h.answered for h in after)
    print(f"\nrestart under load: {len(hits)} background requests ({THREADS} threads), "
          f"{sum(h.status == 200 for h in hits)} x 200, {sum(h.status == 503 for h in hits)} x 503, no 500; "
          f"first start() {cold:.1f}s; stop() took {stopped - stop_sent:.1f}s; first 503 {first_503 - stop_sent:.2f}s after SIGTERM; "
          f"while down /ready answered 503 in {max(down_ready):.2f}s at most, reads 503 in {max(down_reads):.2f}s at most "
          f"({len(while_down)} background requests while down, all 503); start() took {bolt_back - start_sent:.1f}s; "
          f"recovered {recovered_in:.2f}s after Bolt answered (background: first 200 after {first_200 - bolt_back:.2f}s)")
