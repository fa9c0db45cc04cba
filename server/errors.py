"""Errors the API shows to clients as they are (everything else is masked)."""

from graphql import GraphQLError

from crosswalk.errors import CrosswalkError


class UserInputError(CrosswalkError):
    """The request asked for something invalid: an unknown id, a bad cursor, a page too large."""

    code = "BAD_USER_INPUT"


def should_mask(error: GraphQLError) -> bool:
    """Mask unexpected errors (no stack traces or internals to clients); show ours."""
    original = error.original_error
    if original is None:  # syntax and validation errors, including the limiters'
        return False
    return not isinstance(original, (CrosswalkError,))
