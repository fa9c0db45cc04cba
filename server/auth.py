"""API-key authentication (`Authorization: Bearer <key>`) and the role and organisation checks.

A missing key is fine for public reads (unless CROSSWALK_REQUIRE_KEY); a malformed, unknown or
revoked key is refused with 401 before any GraphQL runs. Resolvers that write call `require`,
which answers 401 (no key) or 403 (wrong role or organisation) with a GraphQL error body.
"""

from starlette.requests import Request
from starlette.responses import JSONResponse
from strawberry.types import Info

from crosswalk.errors import AccessDenied, CrosswalkError, GraphUnavailable
from graph.access import RANK, Actor, viewer_of  # noqa: F401 (viewer_of: re-exported for the app)
from graph.keys import hash_key
from graph.reads import GraphReader
from server.errors import error_response

RETRY_AFTER = "5"  # seconds, on every 503 while Neo4j is unavailable


class Unauthenticated(CrosswalkError):
    """No usable API key: HTTP 401."""

    code = "UNAUTHENTICATED"


def _error(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="crosswalk"'} if status == 401 else {}
    if status == 503:
        headers["Retry-After"] = RETRY_AFTER
    return error_response(status, message, code, headers)


class Authenticate:
    """ASGI wrapper for /graphql: resolves the bearer key to an Actor in `request.state.actor`."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        request = Request(scope)
        settings = request.app.state.settings
        header = request.headers.get("authorization")
        actor = None
        if header is not None:
            scheme, _, key = header.partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                return await _error(401, "UNAUTHENTICATED", "the Authorization header must be `Bearer <api key>`")(scope, receive, send)
            try:
                found = await GraphReader(request.app.state.driver, settings.neo4j_database,
                                          timeout=settings.query_timeout).api_key(hash_key(key.strip()))
            except GraphUnavailable as exc:
                return await _error(503, "GRAPH_UNAVAILABLE", exc.message)(scope, receive, send)
            if found is None:
                return await _error(401, "UNAUTHENTICATED", "unknown or revoked API key")(scope, receive, send)
            actor = Actor(name=found["name"], role=found["role"], org=found.get("org"))
        elif settings.require_key:
            return await _error(401, "UNAUTHENTICATED", "this server requires an API key: send `Authorization: Bearer <key>`")(scope, receive, send)
        scope.setdefault("state", {})["actor"] = actor
        await self.app(scope, receive, send)


def deny(info: Info, error: CrosswalkError) -> CrosswalkError:
    """Set the HTTP status for an access error and return it to raise (no response: the CLI)."""
    response = info.context.response
    if response is not None:
        response.status_code = 401 if isinstance(error, Unauthenticated) else 403
        if isinstance(error, Unauthenticated):
            response.headers["WWW-Authenticate"] = 'Bearer realm="crosswalk"'
    return error


def require(info: Info, role: str) -> Actor:
    """The caller's Actor if it has at least `role`; otherwise 401 or 403."""
    actor = info.context.actor
    if actor is None:
        raise deny(info, Unauthenticated(f"this operation needs an API key with the {role} role",
                                         "send `Authorization: Bearer <key>`; keys come from `crosswalk keys create`"))
    if RANK[actor.role] < RANK[role]:
        raise deny(info, AccessDenied(f"this operation needs the {role} role; key '{actor.name}' has the {actor.role} role"))
    return actor


def hidden(info: Info, target: str) -> CrosswalkError:
    """The error for an organisation's data the caller may not see."""
    if info.context.actor is None:
        return deny(info, Unauthenticated(f"'{target}' belongs to an organisation: send that organisation's API key"))
    return deny(info, AccessDenied(f"'{target}' belongs to another organisation than key '{info.context.actor.name}'"))
