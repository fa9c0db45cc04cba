"""The response cache (server/cache.py) and HTTP caching headers, against the real Neo4j and real seeds.

Cached answers are byte-for-byte the uncached ones; every write (through any app instance on
the same Neo4j) invalidates; callers never share an entry; public GET and stored-query answers
carry an ETag that a matching If-None-Match turns into 304; with the setting off nothing is cached.
"""

import asyncio
import datetime as dt

import pytest
from starlette.testclient import TestClient

from graph.keys import create_key
from graph.run import Runner
from server.app import create_app
from server.cache import ResponseCache, VersionClock
from server.stored import EXAMPLES_DIR
from tests.conftest import ok, post

pytestmark = pytest.mark.neo4j

EXAMPLES = sorted(p.stem for p in EXAMPLES_DIR.glob("*.graphql"))
CACHE = "x-crosswalk-cache"
FRAMEWORKS = "{ frameworks { id name } }"
TARGET = "iso42001:A.6.2.8"  # a published requirement the tests map things to
MAPPINGS = "query($id: ID!) { requirement(id: $id) { id mappings { other { id } justification } } }"
UPSERT = """mutation($input: MappingInput!) { upsertMapping(input: $input) { id } }"""
JUSTIFIED = {"relation": "INTERSECTS_WITH", "rationale": "SEMANTIC", "strength": 4, "confidence": 0.5,
             "justification": "Written by the cache tests: both keep records, for different ends."}


@pytest.fixture(scope="module")
def keys(driver, settings, real_graph):
    db = settings.neo4j_database
    made = {name: create_key(driver, db, f"cache-{name}", role, org) for name, role, org in [
        ("editor", "editor", None), ("acme", "editor", "acme"), ("beta", "editor", "beta"),
        ("admin", "admin", None), ("reader", "reader", None)]}
    yield made
    driver.execute_query("MATCH ()-[m:MAPS_TO {origin: 'api'}]->() DELETE m", database_=db)
    driver.execute_query("MATCH (n) WHERE n.origin = 'api' OR n:AuditEvent OR n:ApiKey DETACH DELETE n", database_=db)
    bump(driver, settings)  # a write outside Crosswalk bumps the version itself


def bump(driver, settings):
    Runner(driver, settings.neo4j_database).write("graph-version-bump")


@pytest.fixture(scope="module")
def client(settings, keys):
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def other_worker(settings, keys):
    """A second app on the same Neo4j: another worker process, or another server behind a load balancer."""
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def uncached(settings, keys):
    with TestClient(create_app(settings.model_copy(update={"response_cache": False}))) as client:
        yield client


def other_ids(response) -> set[str]:
    return {m["other"]["id"] for m in ok(response)["requirement"]["mappings"]}


def a_requirement_not_mapped_to(client, target: str) -> str:
    mapped = other_ids(post(client, MAPPINGS, id=target)) | {target}
    ids = [r["id"] for r in ok(post(client, '{ framework(id: "iso9001") { requirements(first: 100) { nodes { id } } } }'))
           ["framework"]["requirements"]["nodes"]]
    return next(i for i in ids if i not in mapped)


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_cached_answer_is_the_uncached_answer_byte_for_byte(client, uncached, name):
    plain = uncached.post("/graphql", json={"id": name})
    first = client.post("/graphql", json={"id": name})
    second = client.post("/graphql", json={"id": name})
    assert plain.status_code == first.status_code == second.status_code == 200, plain.text
    assert "errors" not in plain.json()
    assert CACHE not in plain.headers
    assert (first.headers[CACHE], second.headers[CACHE]) in {("miss", "hit"), ("hit", "hit")}
    assert second.content == first.content == plain.content


def test_a_write_through_one_worker_changes_the_next_answer_on_every_worker(client, other_worker, keys):
    subject = a_requirement_not_mapped_to(client, TARGET)
    for worker in (client, other_worker):
        before = other_ids(post(worker, MAPPINGS, id=TARGET))
        assert post(worker, MAPPINGS, id=TARGET).headers[CACHE] == "hit"
        assert subject not in before
    ok(post(client, UPSERT, keys["editor"], input={**JUSTIFIED, "subjectId": subject, "objectId": TARGET}))
    for worker in (other_worker, client):
        after = post(worker, MAPPINGS, id=TARGET)
        assert after.headers[CACHE] == "miss"
        assert other_ids(after) == before | {subject}
        assert post(worker, MAPPINGS, id=TARGET).headers[CACHE] == "hit"


def test_a_seed_load_invalidates(client, driver, settings, concepts):
    from tests.conftest import REAL_SEEDS, load_seeds

    post(client, FRAMEWORKS)
    assert post(client, FRAMEWORKS).headers[CACHE] == "hit"
    load_seeds(driver, settings, REAL_SEEDS, concepts)  # the same seeds: same answer, new version
    again = post(client, FRAMEWORKS)
    assert again.headers[CACHE] == "miss" and ok(again)["frameworks"]


def test_only_a_version_bump_lets_the_cache_see_a_change_and_with_the_setting_off_nothing_is_cached(
        client, uncached, driver, settings):
    """A change made behind Crosswalk's back (raw Cypher, no bump) shows that answers really come from the cache."""
    db = settings.neo4j_database
    name = lambda c: {f["id"]: f["name"] for f in ok(post(c, FRAMEWORKS))["frameworks"]}["iso9001"]  # noqa: E731
    original = name(client)
    assert name(uncached) == original
    driver.execute_query("MATCH (f:Framework {id: 'iso9001'}) SET f.name = f.name + ' (renamed)'", database_=db)
    try:
        assert name(client) == original  # cached: the version did not change
        assert name(uncached) == original + " (renamed)"  # off: every request runs
        assert all(CACHE not in post(uncached, FRAMEWORKS).headers for _ in range(2))
        assert "etag" not in uncached.get("/graphql", params={"id": "which-frameworks-does-crosswalk-hold"},
                                          headers={"Accept": "application/json"}).headers
        bump(driver, settings)
        assert name(client) == original + " (renamed)"
    finally:
        driver.execute_query("MATCH (f:Framework {id: 'iso9001'}) SET f.name = $name", name=original, database_=db)
        bump(driver, settings)
    assert name(client) == original


def test_callers_never_share_an_entry(client, keys):
    ok(post(client, 'mutation { createControlSet(input: {id: "org:acme-cache", title: "Acme cache tests"}) { id } }',
            keys["acme"]))
    ok(post(client, """mutation { upsertControls(controlSet: "org:acme-cache", controls: [{ref: "C-1",
        title: "Keep decision logs", summary: "Acme keeps its decision logs.", concepts: ["documentation"]}]) { id } }""", keys["acme"]))
    ok(post(client, "mutation($input: MappingInput!) { mapControl(input: $input) { id } }", keys["acme"],
            input={**JUSTIFIED, "subjectId": "org:acme-cache:C-1", "objectId": TARGET}))
    mine = "org:acme-cache:C-1"
    for _ in range(2):  # the second round answers each caller from its own entry
        seen = {who: post(client, MAPPINGS, keys.get(who), id=TARGET) for who in (None, "acme", "beta", "admin", "reader")}
        assert mine in other_ids(seen["acme"]) and mine in other_ids(seen["admin"])
        assert mine not in other_ids(seen[None]) | other_ids(seen["beta"]) | other_ids(seen["reader"])
    assert {r.headers[CACHE] for r in seen.values()} == {"hit"}


def test_a_public_get_has_an_etag_and_a_matching_if_none_match_is_304_until_a_write(client, keys):
    params, accept = {"id": "which-frameworks-does-crosswalk-hold"}, {"Accept": "application/json"}
    first = client.get("/graphql", params=params, headers=accept)
    assert first.status_code == 200 and ok(first)["frameworks"]
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and first.headers["cache-control"] == "public, no-cache"
    assert "Authorization" in first.headers["vary"]
    again = client.get("/graphql", params=params, headers={**accept, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get("/graphql", params=params, headers={**accept, "If-None-Match": 'W/"other"'}).status_code == 200
    stored_post = client.post("/graphql", json=params)
    assert stored_post.headers["etag"] == etag and stored_post.content == first.content
    assert "etag" not in post(client, FRAMEWORKS).headers  # an ad-hoc POST: no proxy keeps it

    keyed = client.get("/graphql", params=params, headers={**accept, "Authorization": f"Bearer {keys['reader']}"})
    assert keyed.status_code == 200 and "etag" not in keyed.headers
    assert keyed.headers["cache-control"] == "private, no-store"

    subject = a_requirement_not_mapped_to(client, "iso42001:A.6.2.2")
    ok(post(client, UPSERT, keys["editor"], input={**JUSTIFIED, "subjectId": subject, "objectId": "iso42001:A.6.2.2"}))
    changed = client.get("/graphql", params=params, headers={**accept, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_mutations_and_errors_are_never_cached(client, keys):
    bad = '{ coverage(target: "no-such-framework", using: ["iso27001"]) { total } }'
    for _ in range(2):
        response = post(client, bad)
        assert response.json().get("errors") and CACHE not in response.headers and "etag" not in response.headers
    mutation = post(client, 'mutation { createControlSet(input: {id: "org:beta-cache", title: "Beta"}) { id } }', keys["beta"])
    assert ok(mutation)["createControlSet"]["id"] == "org:beta-cache" and CACHE not in mutation.headers


def test_a_request_on_a_new_day_does_not_get_yesterdays_answer():
    """Answers whose asOf defaults to today change at midnight: the date is part of the key."""
    cache = ResponseCache(1_000_000)
    today = cache.lookup("POST", FRAMEWORKS, None, None, None)
    cache.today = lambda: dt.date.today() + dt.timedelta(days=1)
    assert cache.lookup("POST", FRAMEWORKS, None, None, None).digest != today.digest
    assert cache.lookup("POST", "mutation { x }", None, None, None) is None


def test_concurrent_requests_share_version_reads_but_never_one_that_started_before_they_arrived():
    clock, version, started = VersionClock(), {"n": 1}, []

    async def fetch():  # a read transaction sees the graph as it was when it started
        seen = version["n"]
        started.append(seen)
        await asyncio.sleep(0.05)
        return str(seen)

    async def scenario():
        early = [asyncio.create_task(clock.current(fetch)) for _ in range(20)]
        await asyncio.sleep(0.01)  # the first read is under way
        version["n"] = 2  # a write commits
        late = [asyncio.create_task(clock.current(fetch)) for _ in range(20)]
        return await asyncio.gather(*early), await asyncio.gather(*late)

    early, late = asyncio.run(scenario())
    assert set(early) == {"1"} and set(late) == {"2"}
    assert clock.reads == 2 and started == [1, 2]
