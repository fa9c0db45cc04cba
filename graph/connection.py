"""Open drivers to the configured Neo4j; every call passes the database name.

Both drivers fail fast: a connection (or a free one from the pool) within
CROSSWALK_NEO4J_CONNECT_TIMEOUT,
and retries of a failed transaction for at most RETRY_TIME, so an unreachable Neo4j is
reported in seconds, not after the driver's default 30 s + 60 s.
Time limits on the transactions themselves are set by graph/run.py.
"""

from neo4j import AsyncGraphDatabase, GraphDatabase

from crosswalk.settings import Settings
from graph.run import limit_concurrency

RETRY_TIME = 1.0  # seconds a transaction that hit a deadlock or a lost connection is retried


def driver_options(settings: Settings) -> dict:
    connect = settings.neo4j_connect_timeout
    return {"auth": settings.auth, "connection_timeout": connect, "connection_acquisition_timeout": connect,
            "max_transaction_retry_time": RETRY_TIME}


def sync_driver(settings: Settings):
    """A blocking driver, for the CLI's loading and maintenance commands."""
    return GraphDatabase.driver(settings.bolt_uri, **driver_options(settings))


def async_driver(settings: Settings):
    """An asyncio driver, for the GraphQL server: at most CROSSWALK_NEO4J_CONCURRENCY transactions at once.

    Under a burst, requests wait for a turn (graph/run.py) on connections kept open, instead of
    opening ever more connections to a busy Neo4j and failing when one takes too long to open."""
    driver = AsyncGraphDatabase.driver(settings.bolt_uri, **driver_options(settings),
                                       max_connection_pool_size=settings.neo4j_concurrency)
    limit_concurrency(driver, settings.neo4j_concurrency)
    return driver
