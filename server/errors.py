"""Errors the API shows to clients as they are (everything else is masked), and the one HTTP error shape.

Every HTTP error Crosswalk answers has the same JSON body, the GraphQL one:

    {"errors": [{"message": "<what is wrong>", "extensions": {"code": "<CODE>"}}]}

with `extensions.requestId` added to masked (unexpected) errors so an operator can find
the logged traceback.
"""

import logging
import uuid

from graphql import GraphQLError
from starlette.responses import JSONResponse
from strawberry.extensions import MaskErrors

from crosswalk.errors import CrosswalkError

log = logging.getLogger("crosswalk.server")


class UserInputError(CrosswalkError):
    """The request asked for something invalid: an unknown id, a bad cursor, a page too large."""

    code = "BAD_USER_INPUT"


def should_mask(error: GraphQLError) -> bool:
    """Mask unexpected errors (no stack traces or internals to clients); show ours and graphql-core's.

    Errors without a path come from parsing, validation or variable coercion: graphql-core
    words them about the client's own document and variables ("Variable '$f' has invalid
    value: Int cannot represent non-integer value: 'x'"), and their originals are GraphQL
    errors. Anything else raised outside a resolver, or any non-Crosswalk error raised in one,
    is a fault of ours and is masked."""
    original = error.original_error
    if original is None or isinstance(original, CrosswalkError):
        return False
    return error.path is not None or not isinstance(original, GraphQLError)


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


def error_body(message: str, code: str, **extensions) -> dict:
    """The one JSON error shape."""
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


def error_response(status: int, message: str, code: str, headers: dict | None = None, **extensions) -> JSONResponse:
    """An HTTP error in the one JSON error shape."""
    return JSONResponse(error_body(message, code, **extensions), status_code=status, headers=headers)


class MaskUnexpected(MaskErrors):
    """Strawberry's MaskErrors, with the request id (and a code) on each masked error."""

    def __init__(self):
        super().__init__(should_mask_error=should_mask, error_message="Unexpected error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = getattr(self.execution_context.context, "request_id", "-")
        return GraphQLError(message=self.error_message, nodes=error.nodes, source=error.source,
                            positions=error.positions, path=error.path,
                            extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id})


def log_unexpected(errors: list[GraphQLError], execution_context=None) -> None:
    """Log the errors that will be masked, with the request id the client sees; client mistakes are not logged."""
    request_id = getattr(getattr(execution_context, "context", None), "request_id", "-")
    for error in errors:
        if should_mask(error):
            log.error("unexpected error (request %s) at %s: %s", request_id, error.path, error.message,
                      exc_info=error.original_error)
