"""One server process runs at most CROSSWALK_NEO4J_CONCURRENCY Neo4j transactions at once; the rest wait their turn."""

import asyncio

import pytest

from graph.connection import async_driver
from graph.run import AsyncRunner
from graph.turns import Turns

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


async def take_turn(turns: Turns, since: float, got: list, hold: float = 0.0) -> None:
    """Wait for a turn as a request that began at `since`, note that it came, hold it a while."""
    async with turns.turn(since):
        got.append(since)
        await asyncio.sleep(hold)


def test_waiting_transactions_go_oldest_request_first():
    """A request's later queries go before requests that began after it (graph/turns.py)."""
    async def go():
        turns, order = Turns(1), []
        first = asyncio.create_task(take_turn(turns, 0, order, hold=0.05))
        await asyncio.sleep(0)
        waiting = [asyncio.create_task(take_turn(turns, since, order)) for since in (3, 1, 2)]
        await asyncio.gather(first, *waiting)
        return order, turns.free

    order, free = asyncio.run(go())
    assert order == [0, 1, 2, 3]
    assert free == 1  # every turn given back


def test_a_request_that_gives_up_waiting_loses_no_turn():
    async def go():
        turns, got = Turns(1), []
        holder = asyncio.create_task(take_turn(turns, 0, got, hold=0.05))
        await asyncio.sleep(0)
        impatient = asyncio.create_task(asyncio.wait_for(take_turn(turns, 1, got), 0.01))
        patient = asyncio.create_task(take_turn(turns, 2, got))
        await holder
        with pytest.raises(asyncio.TimeoutError):
            await impatient
        await patient
        return got, turns.free

    got, free = asyncio.run(go())
    assert got == [0, 2]
    assert free == 1


def test_a_turn_handed_to_a_request_that_is_cancelled_passes_on():
    async def go():
        turns, got = Turns(1), []
        tasks = {}

        async def holder():
            async with turns.turn(0):
                await asyncio.sleep(0.01)
            tasks["next"].cancel()  # the turn was just handed to it, and it has not run yet

        first = asyncio.create_task(holder())
        await asyncio.sleep(0)
        tasks["next"] = asyncio.create_task(take_turn(turns, 1, got))
        patient = asyncio.create_task(take_turn(turns, 2, got))
        await first
        await asyncio.wait_for(patient, 1)  # a lost turn would leave it waiting for ever
        return got, turns.free

    got, free = asyncio.run(go())
    assert got == [2]
    assert free == 1
