"""The project's own Neo4j lifecycle through the CLI: start, status, auth, stop, nothing left behind."""

import asyncio
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from crosswalk.cli import cli
from crosswalk.errors import Neo4jRuntimeError
from graph.connection import async_driver
from graph.local_neo4j import ENTRY_POINT, LocalNeo4j
from graph.run import AsyncRunner
from tests.conftest import LOCAL, free_port

pytestmark = pytest.mark.neo4j


def java_processes_for(home: Path) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if ENTRY_POINT in cmdline and str(home) in cmdline:
                found.append(int(proc.name))
    return found


def test_start_status_stop_with_a_password(tmp_path, monkeypatch, settings):
    home, port, password = tmp_path / "home", free_port(), "s3cret-pass"
    (home / "neo4j").mkdir(parents=True)
    # Reuse the class path resolved for the session's server rather than asking Maven again.
    shared = LocalNeo4j(settings.home / "neo4j", classpath_dir=settings.home)
    shared.install()  # a no-op when the session's server came from it
    (home / shared.classpath_file.name).write_text(shared.classpath_file.read_text())
    monkeypatch.setenv("CROSSWALK_HOME", str(home))
    monkeypatch.setenv("CROSSWALK_NEO4J_PORT", str(port))
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    runner = CliRunner()

    stopped = runner.invoke(cli, ["neo4j", "status"])
    assert stopped.exit_code == 1 and "stopped" in stopped.output

    started = runner.invoke(cli, ["neo4j", "start"])
    try:
        assert started.exit_code == 0, started.output
        assert f"Bolt answers at bolt://127.0.0.1:{port}" in started.output
        [pid] = java_processes_for(home)
        status = runner.invoke(cli, ["neo4j", "status"])
        assert status.exit_code == 0 and f"pid {pid}" in status.output

        again = runner.invoke(cli, ["neo4j", "start"])  # already running: no second process
        assert again.exit_code == 0 and java_processes_for(home) == [pid]

        uri = f"bolt://127.0.0.1:{port}"
        with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
            assert driver.execute_query("RETURN 1 AS x", database_="neo4j").records[0]["x"] == 1
        with GraphDatabase.driver(uri, auth=("neo4j", "wrong-password")) as driver:
            with pytest.raises(AuthError):
                driver.verify_connectivity()
        conf = (home / "neo4j" / "conf" / "neo4j.conf").read_text()
        assert f"server.bolt.listen_address=127.0.0.1:{port}" in conf and "server.http.enabled=false" in conf
    finally:
        result = runner.invoke(cli, ["neo4j", "stop"])
    assert result.exit_code == 0 and "Neo4j stopped" in result.output
    assert java_processes_for(home) == []
    assert "stopped" in runner.invoke(cli, ["neo4j", "status"]).output
    assert "not running" in runner.invoke(cli, ["neo4j", "stop"]).output


def test_start_refuses_a_busy_port(tmp_path, settings):
    local = LocalNeo4j(tmp_path, port=int(settings.bolt_uri.rsplit(":", 1)[1]), classpath_dir=settings.home)
    with pytest.raises(Neo4jRuntimeError, match="already in use"):
        local.start()


def test_short_passwords_and_relative_homes(tmp_path, monkeypatch):
    with pytest.raises(Neo4jRuntimeError, match="at least 8 characters"):
        LocalNeo4j(tmp_path, password="short")
    monkeypatch.chdir(tmp_path)
    assert LocalNeo4j(Path("rel")).home == tmp_path / "rel"
    monkeypatch.setenv("CROSSWALK_HOME", "rel-home")
    from crosswalk.settings import Settings

    assert Settings().home == tmp_path / "rel-home"


def test_transactions_together_may_use_five_eighths_of_the_heap(tmp_path):
    for heap, cap in [("1g", "640m"), ("512m", "320m"), ("4g", "2560m")]:
        conf = LocalNeo4j(tmp_path / heap, heap=heap).write_config().read_text()
        assert f"dbms.memory.transaction.total.max={cap}" in conf


def test_the_local_neo4j_sends_no_keep_alive(tmp_path):
    assert "server.bolt.connection_keep_alive_for_requests=OFF" in LocalNeo4j(tmp_path).write_config().read_text()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="from 3.12 the driver's wait_for starts no task either way")
def test_reading_a_long_answer_starts_no_task_per_socket_read(settings):
    """The local Neo4j sends no keep-alive `connection.recv_timeout_seconds` hint (graph/local_neo4j.py):
    with it the asyncio driver reads its socket through a new task with a timeout every time, ~18% of the
    server's CPU on a coverage question. graph/run.py's AsyncRunner bounds every call itself."""
    if "neo4j" not in LOCAL:
        pytest.skip("NEO4J_URI names the user's own Neo4j, with its own keep-alive setting")
    async def go():
        loop, created = asyncio.get_running_loop(), []

        def counting(loop, coro, **kwargs):
            created.append(coro)
            return asyncio.Task(coro, loop=loop, **kwargs)

        driver = async_driver(settings)
        runner = AsyncRunner(driver, settings.neo4j_database, timeout=10)
        try:
            await runner.read_text("RETURN 1 AS one", {})  # a connection in the pool
            loop.set_task_factory(counting)
            rows = await runner.read_text("UNWIND range(1, 20000) AS i RETURN i, toString(i) AS s", {})
        finally:
            loop.set_task_factory(None)
            await driver.close()
        return len(rows), len(created)

    rows, tasks = asyncio.run(go())
    assert rows == 20000  # many socket reads (the driver pulls 1,000 records at a time)
    # with the hint: 40,069 tasks, two per record; without: the driver's write timeouts, about one per pull
    assert tasks < 100
