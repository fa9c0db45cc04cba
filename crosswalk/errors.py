"""Domain errors. Each boundary (CLI, GraphQL, HTTP) turns them into its own message."""


class CrosswalkError(Exception):
    """Base class: a failure we can explain to the user, with a hint for the fix."""

    code = "BAD_REQUEST"  # shown to GraphQL clients as `extensions.code`

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    @property
    def extensions(self) -> dict:
        """graphql-core copies this into the error it reports."""
        return {"code": self.code}


class Neo4jRuntimeError(CrosswalkError):
    """The local Neo4j could not be installed, started or stopped."""


class GraphUnavailable(CrosswalkError):
    """Neo4j did not answer."""

    code = "GRAPH_UNAVAILABLE"


class SeedValidationError(CrosswalkError):
    """One or more seed files are invalid; `problems` lists every one of them."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the seed files", "fix them and run `crosswalk validate` again")


class AccessDenied(CrosswalkError):
    """The caller is known but may not do this (role or organisation): HTTP 403."""

    code = "FORBIDDEN"


class QueryTimeout(CrosswalkError):
    """A query ran longer than its time limit and was stopped; nothing was changed."""

    code = "QUERY_TIMEOUT"


class WriteConflict(CrosswalkError):
    """Another write changed or created the same thing at the same time; nothing was changed."""

    code = "CONFLICT"
