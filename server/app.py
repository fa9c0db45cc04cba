"""The ASGI application: /graphql, /health and /ready, with the Neo4j driver opened by the lifespan."""

import asyncio
import contextlib
import contextvars
import logging

from cross_web import HTTPException as ViewHTTPException
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.types.unset import UNSET

from crosswalk.errors import CrosswalkError, GraphUnavailable
from crosswalk.settings import Settings, load_settings
from graph.connection import async_driver
from graph.graph_version import read_graph_version
from graph.reads import GraphReader
from graph.run import AsyncRunner
from graph.writes import GraphWriter
from server.auth import RETRY_AFTER, Authenticate, viewer_of
from server.cache import Lookup, ResponseCache
from server.context import Context
from server.errors import error_body, error_response, new_request_id
from server.limits import BodySizeLimit
from server.request_json import parse_request_json
from server.schema import build_schema
from server.stored import STORED, graphiql_html, resolve_stored
from server.web import web_routes

log = logging.getLogger("crosswalk.server")
_answered = contextvars.ContextVar("answered", default=False)  # the request's answer may be cached


class CrosswalkGraphQL(GraphQL):
    """Strawberry's ASGI view with a fresh Context (and DataLoaders) per request, and stored queries."""

    def __init__(self, schema, settings: Settings, **kwargs):
        super().__init__(schema, **kwargs)
        self.stored_only = settings.stored_queries_only
        self.request_timeout = settings.request_timeout
        self.max_response_bytes = settings.max_response_bytes
        self.cache = (ResponseCache(settings.response_cache_bytes, settings.cache_max_age, frozenset(STORED.values()),
                                    settings.max_tokens) if settings.response_cache and settings.response_cache_bytes else None)

    async def render_graphql_ide(self, request) -> HTMLResponse:
        return HTMLResponse(graphiql_html(self.graphql_ide_html))

    async def __call__(self, scope, receive, send):
        """Strawberry answers its HTTP errors as text/plain; ours use the one JSON error shape."""
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        try:
            response = await asyncio.wait_for(self.run(Request(scope, receive)), self.request_timeout)
        except TimeoutError:
            log.warning("request stopped after %s s (CROSSWALK_REQUEST_TIMEOUT)", self.request_timeout)
            response = error_response(503, f"the request took longer than {self.request_timeout:g} s and was stopped",
                                      "REQUEST_TIMEOUT", {"Retry-After": RETRY_AFTER})
        except ViewHTTPException as exc:
            response = error_response(exc.status_code, exc.reason, "BAD_REQUEST" if exc.status_code == 400 else
                                      {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR"))
        await response(scope, receive, send)

    async def run(self, request, context=UNSET, root_value=UNSET):
        """Answer from the response cache (server/cache.py) when it holds the answer at the current graph version."""
        lookup = await self._cache_lookup(request) if self.cache is not None else None
        if lookup is None:
            return await super().run(request, context, root_value)
        state = request.app.state
        try:
            token = await self.cache.clock.current(lambda: read_graph_version(
                AsyncRunner(state.driver, state.settings.neo4j_database, state.settings.query_timeout)))
        except CrosswalkError as exc:
            return self.create_response({"data": None, **error_body(exc.message, exc.code)}, await self.get_sub_response(request))
        headers = self.cache.headers(lookup, token)
        if "ETag" in headers and request.method == "GET" and self.cache.not_modified(request.headers.get("if-none-match"), headers["ETag"]):
            return Response(status_code=304, headers=headers)
        body = self.cache.get(lookup, token)
        if body is not None:
            return Response(body, media_type="application/json", headers={**headers, "X-Crosswalk-Cache": "hit"})
        _answered.set(False)
        response = await super().run(request, context, root_value)
        if _answered.get() and response.status_code == 200:
            self.cache.put(lookup, token, response.body)
            response.headers.update({**headers, "X-Crosswalk-Cache": "miss"})
        elif not lookup.public:
            response.headers["Cache-Control"] = "private, no-store"
        return response

    async def _cache_lookup(self, request) -> Lookup | None:
        """What the cache may answer for this request; None for batches, mutations and anything unparsable."""
        adapter = self.request_adapter_class(request)
        if request.method not in ("GET", "POST") or self.should_render_graphql_ide(adapter):
            return None
        try:
            data = await self.parse_http_body(adapter)
        except Exception:  # noqa: BLE001 (strawberry parses it again and answers the problem)
            return None
        if not isinstance(data, GraphQLRequestData):
            return None
        actor = request.scope.get("state", {}).get("actor")
        return self.cache.lookup(request.method, data.query, data.operation_name, data.variables, actor)

    async def process_result(self, request, result):
        _answered.set(not result.errors and result.data is not None)
        return await super().process_result(request, result)

    def parse_json(self, data):
        value = parse_request_json(data)
        if not isinstance(value, (dict, list)):
            raise ViewHTTPException(400, "the JSON must be an object such as {\"query\": \"{ frameworks { id } }\"}, "
                                         f"not {type(value).__name__ if value is not None else 'null'}")
        return resolve_stored(value, self.stored_only)

    def encode_json(self, data) -> str:
        """The answer, unless it is larger than CROSSWALK_MAX_RESPONSE_BYTES: then an error that says so."""
        text = super().encode_json(data)
        if len(text) > self.max_response_bytes:
            log.warning("answer of %d bytes withheld (CROSSWALK_MAX_RESPONSE_BYTES)", len(text))
            _answered.set(False)
            return super().encode_json({"data": None, **error_body(
                f"the answer is {len(text)} bytes, more than the {self.max_response_bytes} allowed "
                "(CROSSWALK_MAX_RESPONSE_BYTES): ask for smaller pages or fewer fields", "RESPONSE_TOO_LARGE")})
        return text

    def create_response(self, response_data, sub_response):
        """Neo4j unavailable is 503 for every caller (anonymous or keyed), with Retry-After."""
        errors = response_data.get("errors") if isinstance(response_data, dict) else None
        if errors and any((e.get("extensions") or {}).get("code") == "GRAPH_UNAVAILABLE" for e in errors):
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = RETRY_AFTER
        return super().create_response(response_data, sub_response)

    def parse_query_params(self, params):
        return resolve_stored(super().parse_query_params(params), self.stored_only)

    async def get_context(self, request, response) -> Context:
        state, settings = request.app.state, request.app.state.settings
        actor = request.scope.get("state", {}).get("actor")
        return Context(reader=GraphReader(state.driver, settings.neo4j_database, viewer_of(actor), settings.query_timeout),
                       writer=GraphWriter(state.driver, settings.neo4j_database, settings.query_timeout),
                       actor=actor, response=response,
                       request_id=new_request_id())


async def health(request: Request) -> JSONResponse:
    """The process is up."""
    return JSONResponse({"status": "ok"})


READY_WITHIN = 0.9  # seconds: a load balancer's probe gets its answer within one second


async def ready(request: Request) -> JSONResponse:
    """Neo4j answers a read within a second (no retries)."""
    reader = GraphReader(request.app.state.driver, request.app.state.settings.neo4j_database)
    try:
        await reader.ping(READY_WITHIN)
    except GraphUnavailable as exc:
        return _not_ready(exc.message)
    except Exception:  # anything else Neo4j says still means "not ready", never a 500
        log.exception("readiness check failed")
        return _not_ready("Neo4j check failed")
    return JSONResponse({"status": "ready"})


def _not_ready(message: str) -> JSONResponse:
    body = {"status": "unavailable", "errors": [{"message": message, "extensions": {"code": "GRAPH_UNAVAILABLE"}}]}
    return JSONResponse(body, status_code=503, headers={"Retry-After": RETRY_AFTER})


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """Starlette's own HTTP errors (unknown path, wrong method) in the one JSON shape."""
    code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR")
    return error_response(exc.status_code, str(exc.detail), code, headers=exc.headers)


async def server_error(request: Request, exc: Exception) -> JSONResponse:
    """Anything unforeseen: logged with a request id, masked for the client."""
    request_id = new_request_id()
    log.error("unexpected error (request %s) on %s %s", request_id, request.method, request.url.path, exc_info=exc)
    return error_response(500, "Unexpected error.", "INTERNAL_SERVER_ERROR", requestId=request_id)


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
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, body_timeout=settings.body_timeout)
    return app
