"""The response cache: successful read answers kept per worker until the graph changes.

An answer is stored under a key made of the GraphQL document (exact text), the operation
name, the variables, the caller (anonymous, or the API key's name, role and organisation),
today's date (answers whose `asOf` defaults to today change at midnight) and the graph
version. The version is a token in Neo4j that every write transaction replaces in the same
transaction (graph/graph_version.py), so a write made through any worker or any server on the
same Neo4j is seen by every cache: each request reads the token first, in one small read
transaction, and never answers from an entry of an older version.

Reads of the token are shared: a request joins the next read that *starts after it arrived*
(never one already under way), so at most one read is in flight and one waiting per worker,
and an answer is never older than the last write committed before the request came in.

Only successful (error-free) answers of query operations are stored; mutations, batches and
errors pass through untouched. Public (anonymous) answers of GET requests and stored queries
carry a weak ETag (the key's digest: every server on one Neo4j computes the same) and
`Cache-Control: public`; `If-None-Match` on a GET answers 304 without running anything.
Answers to keyed callers are `Cache-Control: private, no-store`.

    cache = ResponseCache(max_bytes=64_000_000, max_age=0)
    token = await cache.clock.current(fetch)    # fetch: an async callable returning the token
"""

import asyncio
import datetime as dt
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from cachetools import LRUCache
from graphql import GraphQLError, OperationDefinitionNode, parse

ENTRY_OVERHEAD = 200  # bytes counted per entry on top of its body (key, tuple, object headers)
LARGEST_SHARE = 8  # an answer larger than 1/8 of the cache is not kept: it would push out many others
VARY = "Accept, Authorization"  # a GET with an HTML Accept gets GraphiQL; a key changes what is visible


class VersionClock:
    """Reads the graph version for many concurrent requests with few round trips, never a stale one."""

    def __init__(self):
        self.latest: str | None = None  # the newest token seen by any read
        self._waiting: asyncio.Future | None = None  # the read the next arrivals join (not started yet)
        self._reading: asyncio.Task | None = None
        self.reads = 0

    async def current(self, fetch: Callable[[], Awaitable[str]]) -> str:
        """The graph version as read by a transaction that started after this call."""
        loop = asyncio.get_running_loop()
        if self._reading is not None and (self._reading.done() or self._reading.get_loop() is not loop):
            self._reading, self._waiting = None, None  # a loop that ended (tests run one per client)
        if self._waiting is None:
            self._waiting = loop.create_future()
            self._waiting.add_done_callback(lambda f: f.cancelled() or f.exception())  # retrieved, even if nobody waits
        waiting = self._waiting
        if self._reading is None:
            self._reading = loop.create_task(self._read(fetch))
        return await asyncio.shield(waiting)

    async def _read(self, fetch) -> None:
        try:
            while self._waiting is not None:
                waiting, self._waiting = self._waiting, None
                self.reads += 1
                try:
                    token = await fetch()
                except asyncio.CancelledError:
                    waiting.cancel()
                    raise
                except Exception as exc:  # handed to every request that waits for this read
                    waiting.set_exception(exc)
                else:
                    self.latest = token
                    waiting.set_result(token)
        finally:
            self._reading = None
            if self._waiting is not None:  # cancelled with arrivals waiting: they see the cancellation
                self._waiting.cancel()
                self._waiting = None


@dataclass
class Lookup:
    """One request the cache may answer: its key without the version, and how its answer may be shared."""

    digest: str  # document, operation, variables, caller and date
    public: bool  # anonymous: ETag and Cache-Control public (when `shareable`)
    shareable: bool  # a GET or a stored query: proxies may keep the answer

    def key(self, token: str) -> str:
        return hashlib.sha256(f"{self.digest}|{token}".encode()).hexdigest()

    def etag(self, token: str) -> str:
        return f'W/"{self.key(token)[:32]}"'


class ResponseCache:
    """Answers by key, bounded in bytes (least recently used go first), emptied when the version changes."""

    def __init__(self, max_bytes: int, max_age: int = 0, stored: frozenset[str] = frozenset(), max_tokens: int = 5000):
        self.clock = VersionClock()
        self.max_age, self.max_tokens = max_age, max_tokens
        self.stored = stored  # the stored documents' texts: their answers may carry an ETag when sent by POST
        self.entries: LRUCache = LRUCache(maxsize=max(max_bytes, 1), getsizeof=lambda body: len(body) + ENTRY_OVERHEAD)
        self._kinds: LRUCache = LRUCache(maxsize=1024)
        self._token: str | None = None
        self.hits = self.misses = 0
        self.today = dt.date.today  # the date the schema's `asOf` defaults to

    def lookup(self, method: str, document, operation_name, variables, actor) -> Lookup | None:
        """The Lookup for a query operation; None for anything the cache leaves alone."""
        if not isinstance(document, str) or not isinstance(operation_name, (str, type(None))):
            return None
        if self.operation_kind(document, operation_name) != "query":
            return None
        caller = None if actor is None else [actor.name, actor.role, actor.org]
        text = json.dumps([document, operation_name, variables, caller, self.today().isoformat()],
                          sort_keys=True, separators=(",", ":"), default=str)
        return Lookup(hashlib.sha256(text.encode()).hexdigest(), public=actor is None,
                      shareable=method == "GET" or document in self.stored)

    def operation_kind(self, document: str, operation_name: str | None) -> str | None:
        """query, mutation or subscription for the operation the request runs; None if it cannot be told."""
        memo = hashlib.sha256(f"{operation_name}|{document}".encode()).digest()
        if memo not in self._kinds:
            self._kinds[memo] = _operation_kind(document, operation_name, self.max_tokens)
        return self._kinds[memo]

    def get(self, lookup: Lookup, token: str) -> bytes | None:
        self._forget_older(token)
        body = self.entries.get(lookup.key(token))
        if body is None:
            self.misses += 1
        else:
            self.hits += 1
        return body

    def put(self, lookup: Lookup, token: str, body: bytes) -> None:
        """Keep an answer computed at version `token`, unless a newer version has been seen since."""
        if token != self.clock.latest or len(body) + ENTRY_OVERHEAD > self.entries.maxsize // LARGEST_SHARE:
            return
        self._forget_older(token)
        self.entries[lookup.key(token)] = body

    def _forget_older(self, token: str) -> None:
        if token != self._token and token == self.clock.latest:
            self.entries.clear()  # entries of older versions can never be answered again
            self._token = token

    def headers(self, lookup: Lookup, token: str) -> dict[str, str]:
        """HTTP caching headers for a successful answer."""
        if not lookup.public:
            return {"Cache-Control": "private, no-store"}
        if not lookup.shareable:
            return {}
        control = f"public, max-age={self.max_age}" if self.max_age else "public, no-cache"
        return {"ETag": lookup.etag(token), "Cache-Control": control, "Vary": VARY}

    @staticmethod
    def not_modified(if_none_match: str | None, etag: str) -> bool:
        """Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for it)."""
        if not if_none_match:
            return False
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags


def _operation_kind(document: str, operation_name: str | None, max_tokens: int) -> str | None:
    try:
        parsed = parse(document, no_location=True, max_tokens=max_tokens)
    except GraphQLError:
        return None  # strawberry answers the syntax error
    operations = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        chosen = operations[0] if len(operations) == 1 else None
    else:
        chosen = next((o for o in operations if o.name is not None and o.name.value == operation_name), None)
    return chosen.operation.value if chosen is not None else None
