"""Run a GraphQL document in-process for a page, as the API would for the same caller.

Pages get their data through the very schema /graphql serves (same resolvers, limits, masking
and visibility rules), and link to the document so a user can open it in GraphiQL.
"""

import json
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request

from crosswalk.errors import GraphUnavailable
from graph.keys import hash_key
from graph.reads import GraphReader
from graph.writes import Actor, GraphWriter
from server.auth import viewer_of
from server.context import Context

KEY_COOKIE = "crosswalk_key"


class PageError(HTTPException):
    """A GraphQL error a page shows to the user (bad input: 400; access: 401/403; Neo4j down: 503)."""


_STATUS = {"BAD_USER_INPUT": 400, "BAD_REQUEST": 400, "UNAUTHENTICATED": 401, "FORBIDDEN": 403,
           "GRAPH_UNAVAILABLE": 503}


async def page_actor(request: Request) -> Actor | None:
    """The organisation key a user entered on the key page (an HttpOnly cookie), resolved like a bearer key."""
    key = request.cookies.get(KEY_COOKIE)
    if not key:
        return None
    state = request.app.state
    try:
        found = await GraphReader(state.driver, state.settings.neo4j_database).api_key(hash_key(key))
    except GraphUnavailable as exc:
        raise PageError(503, exc.message) from None
    return Actor(name=found["name"], role=found["role"], org=found.get("org")) if found else None


async def execute(schema, request: Request, document: str, variables: dict | None = None) -> dict:
    """`data` of the document run for this request's caller; GraphQL errors become a PageError."""
    state = request.app.state
    actor = request.scope.get("state", {}).get("web_actor")
    if actor is None and "web_actor" not in request.scope.get("state", {}):
        actor = await page_actor(request)
        request.scope.setdefault("state", {})["web_actor"] = actor
    context = Context(reader=GraphReader(state.driver, state.settings.neo4j_database, viewer_of(actor)),
                      writer=GraphWriter(state.driver, state.settings.neo4j_database), actor=actor)
    result = await schema.execute(document, variable_values=variables or {}, context_value=context)
    if result.errors:
        error = result.errors[0]
        code = (error.extensions or {}).get("code")
        masked = code is None and error.message.startswith("Unexpected error")
        raise PageError(500 if masked else _STATUS.get(code, 400), error.message)
    return result.data


def graphiql_link(document: str, variables: dict | None = None) -> str:
    """A link that opens GraphiQL on this document and these variables."""
    params = {"q": document}
    if variables:
        params["variables"] = json.dumps({k: v for k, v in variables.items() if v is not None}, indent=2)
    return "/graphql?" + urlencode(params)
