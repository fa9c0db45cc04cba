"""The graph version: a token that every write transaction replaces, in the same transaction.

API writes (graph/writes.py) and seed loads (graph/loader.py) end with the named query
`graph-version-bump`; readers compare the token to know whether anything changed since they
last looked. It lives in Neo4j, so every worker process and every server on the same database
sees one version. A write made outside Crosswalk (raw Cypher) must run that query too.
"""

from graph.run import AsyncRunner

NEVER_WRITTEN = "-"  # the token of a database no write has bumped yet


async def read_graph_version(runner: AsyncRunner) -> str:
    """The current token, in one small read transaction."""
    rows = await runner.read("graph-version")
    return (rows[0]["token"] if rows else None) or NEVER_WRITTEN
