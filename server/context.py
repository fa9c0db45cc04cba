"""Per-request context: the graph reader and DataLoaders that batch nested lookups.

Each loader turns the keys gathered during one level of a query into one Cypher round
trip, so a request costs a bounded number of queries whatever the number of items.
"""

import asyncio
from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from graph.reads import GraphReader
from graph.writes import Actor, GraphWriter


def _by_key(fetch, default):
    async def load(keys: list[str]):
        found = await fetch(list(keys))
        return [found.get(k, default() if callable(default) else default) for k in keys]
    return load


@dataclass
class Context:
    reader: GraphReader
    writer: GraphWriter | None = None
    actor: Actor | None = None  # None: no API key was sent
    response: object = None  # strawberry's sub-response: resolvers set 401/403 on it
    request_id: str = "-"  # logged with unexpected errors and shown to the client with them
    requirements: DataLoader = field(init=False)
    frameworks: DataLoader = field(init=False)
    children: DataLoader = field(init=False)
    concepts: DataLoader = field(init=False)
    mappings: DataLoader = field(init=False)
    framework_pages: DataLoader = field(init=False)
    framework_stats: DataLoader = field(init=False)
    versions: DataLoader = field(init=False)
    framework_history: DataLoader = field(init=False)
    amendments: DataLoader = field(init=False)
    _every_framework: asyncio.Future | None = field(init=False, default=None)

    def __post_init__(self):
        async def frameworks_by_id(ids):
            return {f["id"]: f for f in await self.reader.frameworks(ids)}

        self.requirements = DataLoader(_by_key(self.reader.requirements_by_ids, None))
        self.frameworks = DataLoader(_by_key(frameworks_by_id, None))
        self.children = DataLoader(_by_key(self.reader.children_of, list))
        self.concepts = DataLoader(_by_key(self.reader.concepts_of, list))
        self.mappings = DataLoader(_by_key(self.reader.mappings_of, list))
        self.framework_pages = DataLoader(_by_key(self.reader.framework_pages, (0, [])))
        self.framework_stats = DataLoader(_by_key(self.reader.framework_stats, {"kinds": [], "mappings": []}))
        self.versions = DataLoader(_by_key(self.reader.versions_of, list))
        self.framework_history = DataLoader(_by_key(self.reader.framework_history,
                                                    {"versions": [], "amendments": [], "supersededBy": []}))
        self.amendments = DataLoader(_by_key(self.reader.amendments_by_ids, None))

    async def every_framework(self) -> list[dict]:
        """Every framework the viewer sees, read once per request however many root fields ask."""
        if self._every_framework is None:
            self._every_framework = asyncio.ensure_future(self.reader.frameworks())
        return await self._every_framework
