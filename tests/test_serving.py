"""Serving hardened: several operations need an operationName, mixed control batches keep orders unique,
slow request bodies are cut off, and the uvicorn limits come from the settings."""

import asyncio

import pytest
from starlette.testclient import TestClient

from crosswalk.settings import Settings
from graph.connection import async_driver
from graph.writes import Actor, GraphWriter
from server.app import create_app
from server.limits import BodySizeLimit

TWO = "query A { frameworks { id } } query B { concepts { id } }"


@pytest.mark.neo4j
def test_two_operations_without_an_operation_name_are_an_error(settings, fixture_graph):
    with TestClient(create_app(settings)) as client:
        body = client.post("/graphql", json={"query": TWO}).json()
        assert body.get("data") is None and "send `operationName`" in body["errors"][0]["message"]
        chosen = client.post("/graphql", json={"query": TWO, "operationName": "B"}).json()
        assert "concepts" in chosen["data"] and "frameworks" not in chosen["data"]
        unknown = client.post("/graphql", json={"query": TWO, "operationName": "C"})
        assert unknown.status_code == 400 and unknown.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.neo4j
def test_mixed_control_batches_never_share_an_order(settings, fixture_graph, driver):
    admin = Actor("admin-1", "admin")

    def control(ref):
        return {"ref": ref, "title": f"Control {ref}", "summary": f"Our own words for control {ref}.", "concepts": ["documentation"]}

    async def batches():
        async with async_driver(settings) as drv:
            writer = GraphWriter(drv, settings.neo4j_database)
            await writer.save_control_set(admin, "org:acme-orders", "Orders", None, "acme", True)
            await writer.upsert_controls(admin, "org:acme-orders", [control("A")])
            await writer.upsert_controls(admin, "org:acme-orders", [control("A"), control("B")])  # B after a gap
            await writer.upsert_controls(admin, "org:acme-orders", [control("C")])
            await writer.upsert_controls(admin, "org:acme-orders", [control("D"), control("B"), control("E")])

    try:
        asyncio.run(batches())
        records, _, _ = driver.execute_query("MATCH (r:Requirement)-[:IN_FRAMEWORK]->(:Framework {id: 'org:acme-orders'}) "
                                             "RETURN r.ref AS ref, r.order AS order ORDER BY r.order",
                                             database_=settings.neo4j_database)
        orders = [r["order"] for r in records]
        assert len(orders) == len(set(orders)) == 5, records
        assert [r["ref"] for r in records] == ["A", "B", "C", "D", "E"]  # appended in the order they came
    finally:
        driver.execute_query("MATCH (n) WHERE n.id STARTS WITH 'org:acme-orders' OR (n:AuditEvent AND n.target STARTS WITH "
                             "'org:acme-orders') DETACH DELETE n", database_=settings.neo4j_database)


def test_a_body_that_arrives_too_slowly_is_cut_off():
    sent = []

    async def app(scope, receive, send):
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def slow_receive():
        await asyncio.sleep(5)
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message):
        sent.append(message)

    limited = BodySizeLimit(app, max_bytes=1024, body_timeout=0.2)
    asyncio.run(limited({"type": "http", "headers": [(b"content-type", b"application/json")]}, slow_receive, send))
    assert sent[0]["status"] == 408
    assert b"REQUEST_TIMEOUT" in sent[1]["body"]


def test_uvicorn_gets_its_limits_from_the_settings(monkeypatch):
    from crosswalk import cli as cli_module

    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: seen.update(kwargs))
    monkeypatch.setenv("CROSSWALK_MAX_CONNECTIONS", "7")
    monkeypatch.setenv("CROSSWALK_KEEP_ALIVE_TIMEOUT", "3")
    from click.testing import CliRunner
    result = CliRunner().invoke(cli_module.cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert seen["limit_concurrency"] == 7 and seen["timeout_keep_alive"] == 3
    assert seen["h11_max_incomplete_event_size"] == Settings().max_header_bytes


def test_several_workers_build_the_app_in_each_process(monkeypatch):
    from crosswalk import cli as cli_module

    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: seen.update(kwargs, app=app))
    from click.testing import CliRunner
    for workers in ("3", "1"):
        monkeypatch.setenv("CROSSWALK_WORKERS", workers)
        result = CliRunner().invoke(cli_module.cli, ["serve"])
        assert result.exit_code == 0, result.output
        assert seen["workers"] == int(workers)
        # one worker serves the app built here; several import the factory in each process
        assert (seen["app"] == "server.app:create_app") == (workers != "1") and seen["factory"] == (workers != "1")
