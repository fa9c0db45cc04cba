"""One way to run Cypher: every caller (server reads and writes, CLI, loader, stats, keys) goes through here.

Each call runs a named query (queries/<name>.cypher, parameters checked) in a read or write
transaction with a time limit, and every driver failure is translated here, once, into a
Crosswalk error in our words: Neo4j unreachable or busy (GraphUnavailable), too slow
(QueryTimeout), a concurrent write (WriteConflict). The driver's own messages, which name
hosts and internal node ids, go to the log only.

    runner = Runner(driver, "neo4j", timeout=10)
    rows = runner.read("frameworks", ids=None)
"""

import asyncio
import contextlib
import logging
import time
import weakref
from collections.abc import Awaitable, Callable

from neo4j import Query, Record, unit_of_work
from neo4j.exceptions import (AuthError, ClientError, ConstraintError, DriverError, Neo4jError, ServiceUnavailable,
                              SessionExpired, TransientError)
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime

from crosswalk.errors import CrosswalkError, GraphUnavailable, QueryTimeout, WriteConflict
from graph.cypher import query
from graph.turns import Turns

log = logging.getLogger("crosswalk.graph")

UNAVAILABLE_HINT = ("start it (`crosswalk neo4j start`) or check NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and "
                    "NEO4J_DATABASE; `crosswalk neo4j status` says whether the local one answers")
DEFAULT_TIMEOUT = 10.0  # seconds; the settings' CROSSWALK_QUERY_TIMEOUT
_TIMED_OUT = ("Neo.ClientError.Transaction.TransactionTimedOut", "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
              "Neo.TransientError.Transaction.LockClientStopped")


_TURNS: "weakref.WeakKeyDictionary[object, Turns]" = weakref.WeakKeyDictionary()


def limit_concurrency(driver, limit: int) -> None:
    """At most `limit` transactions of this asyncio driver run at once; the others wait their turn,
    the oldest request first (graph/turns.py)."""
    _TURNS[driver] = Turns(limit)


_PLAIN = frozenset((str, int, float, bool, type(None)))


def native(value):
    """Neo4j values to plain Python ones, recursively: dates to `datetime` ones, a node (relationship, path)
    as `Record.data()` gives it. One walk over a row, where `record.data()` and then ours took two."""
    kind = type(value)
    # plain members are kept without a call: most of a large answer's values are (a third less time)
    if kind is dict:
        return {k: v if type(v) in _PLAIN else native(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _PLAIN else native(v) for v in value]
    if kind in _PLAIN:
        return value
    if isinstance(value, (Date, DateTime)):
        return value.to_native()
    if isinstance(value, (Node, Relationship, Path)):
        return native(Record({"v": value}).data()["v"])
    return value


def _row(record) -> dict:
    return {k: native(v) for k, v in zip(record.keys(), record.values())}


def translate(exc: Exception, database: str, timeout: float, action: str = "") -> Exception:
    """The Crosswalk error for a driver failure; anything unforeseen is returned as it is (and later masked)."""
    suffix = f"; {action}" if action else ""
    if isinstance(exc, CrosswalkError):
        return exc
    if isinstance(exc, Neo4jError) and exc.code in _TIMED_OUT:
        return QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped{suffix}",
                            "ask for less (smaller `first`, fewer frameworks), or raise CROSSWALK_QUERY_TIMEOUT")
    if isinstance(exc, ConstraintError) or (isinstance(exc, TransientError) and "Deadlock" in (exc.code or "")):
        log.info("write conflict: %s", exc.message)
        return WriteConflict(f"another request wrote the same item at the same time{suffix or '; nothing was written'}",
                             "retry the request")
    if isinstance(exc, AuthError):
        log.warning("Neo4j refused the credentials: %s", exc)
        return GraphUnavailable("Neo4j refused the credentials", UNAVAILABLE_HINT)
    if isinstance(exc, ClientError) and exc.code == "Neo.ClientError.Database.DatabaseNotFound":
        return GraphUnavailable(f"Neo4j has no database '{database}'", UNAVAILABLE_HINT)
    if isinstance(exc, (ServiceUnavailable, SessionExpired, TransientError, DriverError, OSError, TimeoutError)):
        log.warning("Neo4j did not answer: %r", exc)
        return GraphUnavailable(f"Neo4j did not answer{suffix}", UNAVAILABLE_HINT)
    return exc


def _named(name: str, params: dict):
    named = query(name)
    return named, named.check(params)


class Runner:
    """Blocking runs (CLI, loader, stats, keys), bound to one driver, database and time limit."""

    def __init__(self, driver, database: str, timeout: float = DEFAULT_TIMEOUT):
        self.driver, self.database, self.timeout = driver, database, timeout

    def transaction(self, work: Callable, *, write: bool, action: str = ""):
        """Run `work(tx)` in one managed transaction with the time limit; translate failures."""
        limited = unit_of_work(timeout=self.timeout)(work)
        try:
            with self.driver.session(database=self.database) as session:
                return (session.execute_write if write else session.execute_read)(limited)
        except Exception as exc:
            raise translate(exc, self.database, self.timeout, action) from exc

    def read(self, name: str, /, **params) -> list[dict]:
        """Rows of one named query, in a read transaction."""
        return self.transaction(lambda tx: run_named(tx, name, **params), write=False)

    def write(self, name: str, /, **params) -> list[dict]:
        """Rows of one named query, in a write transaction."""
        return self.transaction(lambda tx: run_named(tx, name, **params), write=True)

    def schema(self, statement: str) -> None:
        """A schema command, which must run in its own auto-commit transaction."""
        try:
            with self.driver.session(database=self.database) as session:
                session.run(Query(statement, timeout=self.timeout)).consume()
        except Exception as exc:
            raise translate(exc, self.database, self.timeout) from exc


def run_named(tx, name: str, /, **params) -> list[dict]:
    """Run a named query inside a blocking transaction; rows as plain dicts."""
    named, params = _named(name, params)
    return [_row(record) for record in tx.run(named.text, params)]


async def arun_named(tx, name: str, /, **params) -> list[dict]:
    """Run a named query inside an asyncio transaction; rows as plain dicts."""
    named, params = _named(name, params)
    result = await tx.run(named.text, params)
    return [_row(record) async for record in result]


class AsyncRunner:
    """Asyncio runs (the server), bound to one driver, database and time limit.

    The server-side transaction timeout stops a slow query; a client-side guard of the same
    length (plus a second) also bounds a Neo4j that accepts connections but never answers."""

    def __init__(self, driver, database: str, timeout: float = DEFAULT_TIMEOUT):
        self.driver, self.database, self.timeout = driver, database, timeout
        self.round_trips = 0
        self.since = time.monotonic()  # a runner serves one request: its place in the queue for turns

    async def transaction(self, work: Callable[..., Awaitable], *, write: bool, action: str = "", **session_config):
        limited = unit_of_work(timeout=self.timeout)(work)

        async def run():
            async with self.driver.session(database=self.database, **session_config) as session:
                return await (session.execute_write if write else session.execute_read)(limited)

        turns = _TURNS.get(self.driver)
        turn = turns.turn(self.since) if turns else contextlib.nullcontext()
        try:
            async with turn:  # waiting for a turn is bounded by the request's time limit, not the query's
                return await asyncio.wait_for(run(), self.timeout + 1)
        except Exception as exc:
            raise translate(exc, self.database, self.timeout, action) from exc

    async def read(self, name: str, /, **params) -> list[dict]:
        self.round_trips += 1
        return await self.transaction(lambda tx: arun_named(tx, name, **params), write=False)

    async def read_text(self, text: str, params: dict) -> list[dict]:
        """Rows of Cypher built in code from a fixed vocabulary (server/compiled.py), values only as parameters."""
        self.round_trips += 1

        async def work(tx):
            result = await tx.run(text, params)
            # plain lists and scalars only: no node to convert, so skip record.data()'s walk over every value
            return [dict(zip(record.keys(), record.values())) async for record in result]
        # Built queries name every property a field may read; Neo4j warns of those no node has yet (e.g.
        # `transitionEnds` before any edition supersedes another), once per query: not worth a log line.
        return await self.transaction(work, write=False, notifications_min_severity="OFF")

    async def ping(self, within: float) -> None:
        """One trivial read without retries, answered within `within` seconds or GraphUnavailable."""
        async def run():
            async with self.driver.session(database=self.database, default_access_mode="READ") as session:
                result = await session.run(Query(query("ping").text, timeout=within))
                await result.consume()

        try:
            await asyncio.wait_for(run(), within)
        except Exception as exc:
            raise translate(exc, self.database, within) from exc
