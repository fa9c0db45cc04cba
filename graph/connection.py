"""Open drivers to the configured Neo4j; every call passes the database name."""

from neo4j import AsyncGraphDatabase, GraphDatabase

from crosswalk.settings import Settings


def sync_driver(settings: Settings):
    """A blocking driver, for the CLI's loading and maintenance commands."""
    return GraphDatabase.driver(settings.bolt_uri, auth=settings.auth)


def async_driver(settings: Settings):
    """An asyncio driver, for the GraphQL server."""
    return AsyncGraphDatabase.driver(settings.bolt_uri, auth=settings.auth)
