"""The graph version: a token that every write transaction replaces, in the same transaction.

API writes (graph/writes.py) and seed loads (graph/loader.py) end with the named query
`graph-version-bump`; readers compare the token to know whether anything changed since they
last looked. It lives in Neo4j, so every worker process and every server on the same database
sees one version. A write made outside Crosswalk (raw Cypher) must run that query too.
"""

import asyncio

from neo4j import Query

from graph.cypher import query
from graph.run import AsyncRunner, translate

NEVER_WRITTEN = "-"  # the token of a database no write has bumped yet


async def read_graph_version(runner: AsyncRunner) -> str:
    """The current token. One auto-commit read (one round trip, where a managed transaction takes two):
    it runs before every cached answer, so its cost is the cache's floor."""
    named = query("graph-version")

    async def run():
        async with runner.driver.session(database=runner.database, default_access_mode="READ") as session:
            result = await session.run(Query(named.text, timeout=runner.timeout))
            record = await result.single()
            return record["token"] if record else None

    try:
        token = await asyncio.wait_for(run(), runner.timeout + 1)
    except Exception as exc:
        raise translate(exc, runner.database, runner.timeout, "the graph version could not be read") from exc
    return token or NEVER_WRITTEN
