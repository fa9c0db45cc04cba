"""One server process runs at most CROSSWALK_NEO4J_CONCURRENCY Neo4j transactions at once; the rest wait their turn."""

import asyncio

import pytest

from graph.connection import async_driver
from graph.run import AsyncRunner

pytestmark = pytest.mark.neo4j


@pytest.mark.parametrize("limit", [1, 3])
def test_transactions_beyond_the_limit_wait_their_turn(settings, limit):
    async def go():
        driver = async_driver(settings.model_copy(update={"neo4j_concurrency": limit}))
        running, most = 0, 0

        async def work(tx):
            nonlocal running, most
            running += 1
            most = max(most, running)
            await (await tx.run("RETURN 1 AS one")).consume()
            await asyncio.sleep(0.2)  # hold the turn while the others queue
            running -= 1
            return True

        try:
            runner = AsyncRunner(driver, settings.neo4j_database, timeout=10)
            answers = await asyncio.gather(*(runner.transaction(work, write=False) for _ in range(6)))
        finally:
            await driver.close()
        return answers, most

    answers, most = asyncio.run(go())
    assert answers == [True] * 6  # everyone got an answer: waiting is not failing
    assert most == limit
