"""The ASGI application: /graphql, /health and /ready, with the Neo4j driver opened by the lifespan."""

import contextlib
import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from crosswalk.errors import GraphUnavailable
from crosswalk.settings import Settings, load_settings
from graph.connection import async_driver
from graph.reads import GraphReader
from graph.writes import GraphWriter
from server.auth import Authenticate, viewer_of
from server.context import Context
from server.limits import BodySizeLimit
from server.schema import build_schema
from server.stored import graphiql_html, resolve_stored
from server.web import web_routes

log = logging.getLogger("crosswalk.server")


class CrosswalkGraphQL(GraphQL):
    """Strawberry's ASGI view with a fresh Context (and DataLoaders) per request, and stored queries."""

    def __init__(self, schema, settings: Settings, **kwargs):
        super().__init__(schema, **kwargs)
        self.stored_only = settings.stored_queries_only

    async def render_graphql_ide(self, request) -> HTMLResponse:
        return HTMLResponse(graphiql_html(self.graphql_ide_html))

    def parse_json(self, data):
        return resolve_stored(super().parse_json(data), self.stored_only)

    def parse_query_params(self, params):
        return resolve_stored(super().parse_query_params(params), self.stored_only)

    async def get_context(self, request, response) -> Context:
        state, settings = request.app.state, request.app.state.settings
        actor = request.scope.get("state", {}).get("actor")
        return Context(reader=GraphReader(state.driver, settings.neo4j_database, viewer_of(actor)),
                       writer=GraphWriter(state.driver, settings.neo4j_database), actor=actor, response=response)


async def health(request: Request) -> JSONResponse:
    """The process is up."""
    return JSONResponse({"status": "ok"})


async def ready(request: Request) -> JSONResponse:
    """Neo4j answers a read."""
    reader = GraphReader(request.app.state.driver, request.app.state.settings.neo4j_database)
    try:
        await reader.ping()
    except GraphUnavailable as exc:
        return JSONResponse({"status": "unavailable", "detail": exc.message}, status_code=503)
    except Exception:  # anything else Neo4j says still means "not ready", never a 500
        log.exception("readiness check failed")
        return JSONResponse({"status": "unavailable", "detail": "Neo4j check failed"}, status_code=503)
    return JSONResponse({"status": "ready"})


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the app; nothing connects until the lifespan starts."""
    settings = settings or load_settings()
    graphql = CrosswalkGraphQL(build_schema(settings), settings, graphql_ide="graphiql", allow_queries_via_get=True)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.settings = settings
        app.state.driver = async_driver(settings)
        try:
            yield
        finally:
            await app.state.driver.close()

    app = Starlette(
        routes=[Route("/graphql", Authenticate(graphql), methods=["GET", "POST"]),
                Route("/health", health), Route("/ready", ready), *web_routes(settings)],
        lifespan=lifespan,
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app
