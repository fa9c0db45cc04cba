"""What bench/peer/run.py and bench/clients.py share: a private Neo4j with seeds, the servers under
test in subprocesses, a keep-alive GraphQL client, and a driver of N concurrent clients.

Standard library only (http.client and threads), plus the repository's own modules.
"""

import contextlib
import http.client
import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PEER_DIR = Path(__file__).resolve().parent
ROOT = PEER_DIR.parent.parent
sys.path.insert(0, str(ROOT))

from neo4j import GraphDatabase  # noqa: E402

from crosswalk.settings import Settings  # noqa: E402

# Crosswalk's response cache (if the checkout has one) stays off unless the caller says otherwise.
CACHE_ENV = {"CROSSWALK_RESPONSE_CACHE": "off"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (0 when there are no samples)."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n·p/100), at least 1
    return ordered[int(rank) - 1]


# -- Neo4j ---------------------------------------------------------------------------------------

@contextlib.contextmanager
def neo4j_with_seeds(use_configured: bool, seeds: Path | None):
    """Yield (uri, auth, database, description): a private Neo4j loaded with `seeds` (default: the
    repository's), stopped afterwards; or, with `use_configured`, the Neo4j the settings point at."""
    settings = Settings()
    if use_configured:
        yield settings.bolt_uri, settings.auth, settings.neo4j_database, f"configured Neo4j at {settings.bolt_uri}"
        return
    from graph.loader import load_bundle
    from graph.local_neo4j import LocalNeo4j
    from graph.seed_files import read_seeds
    from ontology.concepts import load_concepts

    seeds = Path(seeds or Settings().seeds).resolve()
    with tempfile.TemporaryDirectory(prefix="crosswalk-bench-") as home:
        local = LocalNeo4j(Path(home), port=free_port(), classpath_dir=settings.home)
        local.install()
        print(f"validating seeds in {seeds} ...", flush=True)
        bundle = read_seeds(seeds, load_concepts())
        print("starting a private Neo4j and loading the seeds ...", flush=True)
        local.start()
        try:
            with GraphDatabase.driver(local.uri) as driver:
                started = time.perf_counter()
                counts = load_bundle(driver, "neo4j", bundle)
                loaded = time.perf_counter() - started
            described = ", ".join(f"{v} {k}" for k, v in counts.items())
            yield local.uri, None, "neo4j", f"private Neo4j {local.version} ({described}; loaded in {loaded:.1f} s)"
        finally:
            local.stop()


def neo4j_env(uri: str, auth, database: str) -> dict:
    """The environment variables both servers read to reach Neo4j."""
    env = {"NEO4J_URI": uri, "NEO4J_DATABASE": database}
    if auth:
        env.update(NEO4J_USER=auth[0], NEO4J_PASSWORD=auth[1])
    return env


# -- servers under test --------------------------------------------------------------------------

class Service:
    """A server in a subprocess on a free port, stopped (its whole process group) by `stop`."""

    def __init__(self, name: str, argv: list[str], cwd: Path, env: dict, port: int, ready_path: str = "/ready",
                 ready_body: dict | None = None, timeout: float = 120.0):
        self.name, self.port = name, port
        # its output goes to a file (a loaded server can log thousands of lines); the tail is shown on failure
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-{name.split()[0]}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(argv, cwd=cwd, env=env, start_new_session=True, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            try:
                status, _ = Client(self.port, timeout=5).send(ready_body, path=ready_path)
                if status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = "".join(Path(self.log.name).read_text(errors="replace").splitlines(True)[-20:])
                raise SystemExit(f"{name} did not become ready on port {self.port} ({' '.join(argv)}):\n{tail}")
            time.sleep(0.3)

    def log_lines(self) -> int:
        """How many lines the server wrote (warnings, errors): worth a look when it is not 0."""
        return len(Path(self.log.name).read_text(errors="replace").splitlines())

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()


def _base_env(neo4j: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD", "NEO4J_USER", "NEO4J_URI")}
    return {**env, **neo4j}


def start_crosswalk(neo4j: dict, checkout: Path = ROOT, cmd: str | None = None, extra_env: dict | None = None,
                    name: str = "crosswalk") -> Service:
    """Crosswalk from `checkout` under uvicorn, or `cmd` with `{port}` replaced. Its own .venv's Python when
    the checkout has one; as many workers as that checkout's settings ask for (CROSSWALK_WORKERS or its
    default; 1 where it has no such setting)."""
    port = free_port()
    checkout = Path(checkout).resolve()
    env = {**_base_env(neo4j), **CACHE_ENV, **(extra_env or {}), "PYTHONPATH": str(checkout)}
    python = checkout / ".venv" / "bin" / "python"
    python = str(python) if python.exists() else sys.executable
    if cmd:
        argv = shlex.split(cmd.replace("{port}", str(port)))
    else:
        workers = subprocess.run(
            [python, "-c", "from crosswalk.settings import Settings; print(getattr(Settings(), 'workers', 1))"],
            cwd=checkout, env=env, capture_output=True, text=True, check=True).stdout.strip()
        argv = [python, "-m", "uvicorn", "server.app:create_app", "--factory", "--workers", workers,
                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
                "--timeout-keep-alive", "600"]
        name = f"{name} ({workers} worker{'s' if workers != '1' else ''})"
        print(f"{name}: {checkout}", flush=True)
    return Service(name, argv, checkout, env, port)


def install_peer() -> None:
    """npm ci (or npm install without a lock file) into bench/peer/node_modules, once."""
    if (PEER_DIR / "node_modules" / "@neo4j" / "graphql").is_dir():
        return
    verb = "ci" if (PEER_DIR / "package-lock.json").exists() else "install"
    print(f"npm {verb} in {PEER_DIR} ...", flush=True)
    subprocess.run(["npm", verb, "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEER_DIR, check=True)


def start_peer(neo4j: dict, parse_cache: bool = False) -> Service:
    """bench/peer/server.mjs: @neo4j/graphql on GraphQL Yoga."""
    install_peer()
    port = free_port()
    env = {**_base_env(neo4j), "PEER_PORT": str(port), "PEER_PARSE_CACHE": "on" if parse_cache else "off",
           "NODE_ENV": "production"}
    return Service("peer", ["node", "server.mjs"], PEER_DIR, env, port, ready_path="/graphql",
                   ready_body={"query": "{ __typename }"})


# -- clients -------------------------------------------------------------------------------------

class Client:
    """One keep-alive HTTP connection that POSTs JSON to /graphql (or GETs when body is None)."""

    def __init__(self, port: int, timeout: float = 120.0, host: str = "127.0.0.1"):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def send(self, body: dict | None, path: str = "/graphql") -> tuple[int, bytes]:
        try:
            return self._send(body, path)
        except (ConnectionError, http.client.RemoteDisconnected, http.client.CannotSendRequest):
            self.conn.close()  # the server closed an idle keep-alive connection: one retry on a new one
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            return self._send(body, path)

    def _send(self, body, path):
        if body is None:
            self.conn.request("GET", path)
        else:
            self.conn.request("POST", path, body=json.dumps(body),
                              headers={"Content-Type": "application/json", "Accept": "application/json"})
        response = self.conn.getresponse()
        return response.status, response.read()

    def graphql(self, body: dict) -> dict:
        """The answer's JSON; raises on a non-200 answer or GraphQL errors."""
        status, raw = self.send(body)
        answer = json.loads(raw) if raw[:1] == b"{" else {}
        if status != 200 or answer.get("errors") or "data" not in answer:
            raise RuntimeError(f"HTTP {status}: {raw[:500]!r}")
        return answer["data"]

    def close(self) -> None:
        self.conn.close()


def drive(workers: list, n: int | None = None, duration: float | None = None) -> tuple[list[float], float, int]:
    """Run `workers` (one callable per concurrent client, each sending one request) concurrently until
    `n` requests in all are done, or `duration` seconds have passed. A call that raises counts as an
    error. Returns (latencies in seconds, wall seconds, errors)."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    remaining = [n if n is not None else float("inf")]
    started = time.perf_counter()
    stop_at = started + duration if duration else float("inf")

    def loop(work):
        while True:
            with lock:
                if remaining[0] <= 0 or time.perf_counter() >= stop_at:
                    return
                remaining[0] -= 1
            t0 = time.perf_counter()
            try:
                work()
                ok = True
            except Exception:
                ok = False
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok

    threads = [threading.Thread(target=loop, args=(w,), daemon=True) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - started, errors[0]
