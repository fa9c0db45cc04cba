"""Parse a request's JSON without letting its shape crash the server.

`json.loads` raises RecursionError on deeply nested input and accepts lone UTF-16
surrogates (`"\\ud800"`), which later fail inside the Neo4j driver. Both are the client's
mistake, so both are answered here with a 400 that names the problem.
"""

import json

from cross_web import HTTPException  # what strawberry's HTTP views turn into an HTTP error

MAX_JSON_DEPTH = 64


def _where(path: list) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "the body"


def check_value(value, what: str = "the body") -> None:
    """Raise HTTPException(400) if `value` nests deeper than MAX_JSON_DEPTH or holds a lone surrogate."""
    stack = [(value, 0, [])]
    while stack:  # iterative: the check itself must not recurse
        item, depth, path = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise HTTPException(400, f"{what} nests deeper than {MAX_JSON_DEPTH} levels (at {_where(path[:3])}…)")
        if isinstance(item, str):
            _check_text(item, what, path)
        elif isinstance(item, dict):
            for key, inner in item.items():
                _check_text(key, what, path + [key])
                stack.append((inner, depth + 1, path + [key]))
        elif isinstance(item, list):
            stack.extend((inner, depth + 1, path + [i]) for i, inner in enumerate(item))


def _check_text(text: str, what: str, path: list) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise HTTPException(400, f"{what} holds a lone UTF-16 surrogate ({text[exc.start]!r}) at {_where(path)}: "
                                 "strings must be valid Unicode") from None


def parse_request_json(data: str | bytes, what: str = "the body"):
    """The decoded JSON, checked; a clear 400 for anything that is not usable JSON."""
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"{what} is not valid JSON: {exc}") from None
    except RecursionError:
        raise HTTPException(400, f"{what} nests deeper than {MAX_JSON_DEPTH} levels") from None
    check_value(value, what)
    return value
