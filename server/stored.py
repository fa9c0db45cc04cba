"""Stored GraphQL documents: queries/examples/<name>.graphql, runnable as `{"id": "<name>"}`."""

import json
import re

from cross_web import HTTPException  # what strawberry's HTTP views turn into an HTTP error

from crosswalk import data_path

EXAMPLES_DIR = data_path("queries") / "examples"
GRAPHIQL_EXAMPLE = "what-does-ai-act-art-14-need-from-iso42001"


def load_stored(directory=EXAMPLES_DIR) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.graphql"))}


STORED = load_stored()


def resolve_stored(data, stored_only: bool):
    """Replace `{"id": name}` by the stored document; refuse ad-hoc documents when `stored_only`."""
    items = data if isinstance(data, list) else [data]
    for item in items:
        if not isinstance(item, dict):
            continue
        name = item.get("id")
        if name is not None and not isinstance(name, str):
            raise HTTPException(400, "`id` must be the name of a stored query (a string)")
        if name is not None:
            if item.get("query") is not None:
                raise HTTPException(400, "send either `id` (a stored query) or `query`, not both")
            if name not in STORED:
                raise HTTPException(404, f"no stored query '{name}'; see queries/examples/")
            item["query"] = STORED[name]
        elif stored_only and item.get("query") is not None:
            raise HTTPException(400, "this server runs stored queries only: send {\"id\": \"<name>\"} (see queries/examples/)")
    return data


def graphiql_html(html: str) -> str:
    """Strawberry's GraphiQL page, opening on one of our example questions instead of its welcome text."""
    example = STORED.get(GRAPHIQL_EXAMPLE, "{ frameworks { id name } }")
    literal = json.dumps(example)
    from server.web.graphiql import offline

    return offline(re.sub(r"const EXAMPLE_QUERY = `.*?`;", lambda _: f"const EXAMPLE_QUERY = {literal};", html, count=1, flags=re.S))
