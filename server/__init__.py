"""The HTTP side: the Starlette app, the GraphQL schema, limits and error shapes."""
