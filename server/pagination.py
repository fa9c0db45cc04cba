"""Relay cursor pagination over a stable order: cursors are opaque offsets."""

import base64
import binascii
import re
from typing import Generic, TypeVar

import strawberry

from server.errors import UserInputError

MAX_PAGE = 500
_PREFIX = "offset:"
_CURSOR = re.compile(r"offset:(\d{1,9})")  # bounded, so no offset overflows the database's integers
T = TypeVar("T")


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The offset just after `cursor` (0 when None); a malformed cursor is the client's error."""
    if cursor is None:
        return 0
    try:
        match = _CURSOR.fullmatch(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        match = None
    if not match:
        raise UserInputError(f"invalid cursor '{cursor}'", "pass an endCursor from a previous page")
    return int(match.group(1)) + 1


def check_first(first: int) -> int:
    if not 0 <= first <= MAX_PAGE:
        raise UserInputError(f"`first` must be between 0 and {MAX_PAGE}, got {first}")
    return first


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow this page.")
    has_previous_page: bool = strawberry.field(description="True when items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of the page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item; pass it as `after` for the next page.")


@strawberry.type(description="One item of a page with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, Relay style, with the list's total size.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    total_count: int = strawberry.field(description="How many items match, over all pages.")
    # a plain field, not a resolver, so server/plain_completion.py completes a page in one walk
    nodes: list[T] = strawberry.field(description="The items of this page, without cursors.")


def make_connection(items: list, total: int, start: int, wrap) -> Connection:
    """Build a page from `items` found at offset `start` of `total`.

    An empty page still gets an end cursor (the position before `start`), so `first: 0`
    followed by `after: endCursor` continues where it should.
    """
    edges = [Edge(cursor=encode_cursor(start + i), node=wrap(item)) for i, item in enumerate(items)]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=start + len(items) < total, has_previous_page=start > 0,
                           start_cursor=edges[0].cursor if edges else None,
                           end_cursor=edges[-1].cursor if edges else (encode_cursor(start - 1) if start else None)),
        total_count=total,
        nodes=[e.node for e in edges],
    )
