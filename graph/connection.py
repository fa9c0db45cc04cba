"""Open drivers to the configured Neo4j; every call passes the database name."""

from neo4j import AsyncGraphDatabase, GraphDatabase

from crosswalk.settings import Settings


def sync_driver(settings: Settings):
    """A blocking driver, for the CLI's loading and maintenance commands."""
    return GraphDatabase.driver(settings.bolt_uri, auth=settings.auth)


def async_driver(settings: Settings):
    """An asyncio driver, for the GraphQL server."""
    # A request should fail fast with a clear error rather than retry for the default 30 s.
    return AsyncGraphDatabase.driver(settings.bolt_uri, auth=settings.auth, max_transaction_retry_time=5.0,
                                     connection_acquisition_timeout=10.0, connection_timeout=5.0)
