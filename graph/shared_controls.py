"""sharedControls' stored ranking: precomputed for its default question, kept in the writing transaction.

Ranking every requirement by the frameworks its mappings reach means aggregating every mapping
(shared-controls.cypher); at 30x the seeds that is seconds per call. For the default question (no
filter: public data, the law of a day) the inputs of that ranking are stored instead, one
`SharedControlRank {id, frameworks, strength}` node per requirement that counts, and the days they hold
for on the `SharedControlRanking {id: 'public'}` node (`lawFrom`, `lawTo`: between two dates on which
some provision's text starts or ends). shared-controls-stored.cypher answers from them with an index
seek; it declines (graph/reads.py then asks the live query) for a day outside the interval or a viewer
who may see organisation data with mappings. Any filter goes to the live query directly.

Every transaction that can change them refreshes them before it commits (shared-controls-refresh.cypher):
a seed load recomputes every requirement (graph/loader.py), an API write to a public mapping its two
ends (graph/writes.py). Organisation data never counts for the public ranking. A write made outside
Crosswalk (raw Cypher) must run the refresh too, as it must bump the graph version.

When today leaves the stored interval (a provision's new text takes effect) or the graph was loaded
before the ranking existed, the first default question for today renews it in the background
(`renew_soon`) and is answered live meanwhile. The renewal changes no answer, so it bumps no graph version.
"""

import asyncio
import datetime as dt
import logging

from graph.access import PUBLIC
from graph.run import AsyncRunner, arun_named

log = logging.getLogger("crosswalk.graph")
RENEW_TIMEOUT = 600.0  # seconds: a full recompute at 30x the seeds takes a few
_renewing: dict[tuple, asyncio.Task] = {}  # (driver id, database) -> the renewal this process runs


def refresh_params(ids: list[str] | None = None, law: dt.date | None = None) -> dict:
    """Parameters of `shared-controls-refresh`: the requirements whose mappings changed (None: all), for today's law.

    The ids are sorted, so two writes lock common requirements in the same order."""
    return {"ids": sorted(set(ids)) if ids is not None else None, "law": law or dt.date.today(),
            "viewer": PUBLIC.as_param()}


def answers_from_store(*, frameworks, min_frameworks, relations, min_strength, role, as_of, condition) -> bool:
    """Is this the default question, which the stored ranking can answer (for the day and viewer it holds for)?"""
    return (frameworks is None and relations is None and min_strength is None and role is None and as_of is None
            and condition is None and min_frameworks >= 1)


def renew_soon(driver, database: str) -> None:
    """Recompute the stored ranking for today in the background, one renewal at a time per database."""
    key = (id(driver), database)
    if key in _renewing:
        return

    async def renew() -> None:
        try:
            await AsyncRunner(driver, database, RENEW_TIMEOUT).transaction(
                lambda tx: arun_named(tx, "shared-controls-refresh", **refresh_params()), write=True,
                action="the sharedControls ranking was not renewed")
            log.info("renewed the stored sharedControls ranking for %s", dt.date.today())
        except Exception:  # the next default question tries again; until then answers come live
            log.warning("could not renew the stored sharedControls ranking", exc_info=True)
        finally:
            _renewing.pop(key, None)

    _renewing[key] = asyncio.get_running_loop().create_task(renew())

