"""Read access for the API: each function runs one named query in a read transaction.

Reads go through `execute_read`, so a cluster (neo4j://) can route them to any member.
`round_trips` counts the queries sent, so tests can check a request stays bounded.
"""

import datetime as dt
from collections import defaultdict

from neo4j import AsyncDriver

from graph.access import PUBLIC, Viewer, shown_actor  # noqa: F401 (Viewer: re-exported for callers)
from graph.cypher import query
from graph.run import DEFAULT_TIMEOUT, AsyncRunner
from graph.shared_controls import answers_from_store, renew_soon



class GraphReader:
    """The read side of the graph, bound to one driver, database and viewer."""

    def __init__(self, driver: AsyncDriver, database: str, viewer: Viewer = PUBLIC, timeout: float = DEFAULT_TIMEOUT):
        self.driver = driver
        self.database = database
        self.viewer = viewer
        self.runner = AsyncRunner(driver, database, timeout)

    @property
    def round_trips(self) -> int:
        return self.runner.round_trips

    async def run(self, name: str, **params) -> list[dict]:
        """Run the named query in a read transaction and return its records as dicts.

        Queries that declare `$viewer` get it here, so no caller can forget to filter."""
        if "viewer" in query(name).params:
            params["viewer"] = self.viewer.as_param()
        return await self.runner.read(name, **params)

    async def compiled(self, text: str, params: dict) -> dict:
        """The one row of a query server/compiled.py built from a GraphQL selection (it declares `$viewer`)."""
        [row] = await self.runner.read_text(text, {**params, "viewer": self.viewer.as_param()})
        return row

    async def ping(self, within: float = 1.0) -> None:
        """Neo4j answers a trivial read within `within` seconds, or GraphUnavailable."""
        await self.runner.ping(within)

    async def frameworks(self, ids: list[str] | None = None) -> list[dict]:
        return [r["row"] for r in await self.run("frameworks", ids=ids)]

    async def frameworks_selected(self, ids: list[str], props: list[str], counts: bool) -> list[dict]:
        """The given frameworks with only the named properties (and `requirementCount` when `counts`)."""
        [record] = await self.run("frameworks-selected", ids=ids, props=props, counts=counts)
        return [{k: v for k, v in zip(props, row["values"]) if v is not None}
                | ({"requirementCount": row["requirementCount"]} if counts else {}) for row in record["rows"]]

    async def requirements_by_ids(self, ids: list[str]) -> dict[str, dict]:
        return {r["row"]["id"]: r["row"] for r in await self.run("requirements-by-ids", ids=ids)}

    async def requirements_page(self, *, framework=None, kind=None, concept=None, search=None, sort="DOCUMENT",
                                skip=0, limit=50) -> tuple[int, list[dict]]:
        search = search.strip().lower() or None if search else None
        [record] = await self.run("requirements-page", framework=framework, kind=kind, concept=concept,
                                  search=search, sort=sort, skip=skip, limit=limit)
        return record["total"], record["rows"]

    async def framework_pages(self, keys: list[tuple]) -> dict[tuple, tuple[int, list[dict]]]:
        """Pages of several frameworks' requirements at once; keys are (framework, kind, skip, limit)."""
        names = ("framework", "kind", "skip", "limit")
        records = await self.run("framework-requirements", keys=[dict(zip(names, k)) for k in keys])
        return {tuple(r["key"][n] for n in names): (r["total"], r["rows"]) for r in records}

    async def _grouped(self, name: str, ids: list[str]) -> dict[str, list[dict]]:
        grouped = defaultdict(list)
        for r in await self.run(name, ids=ids):
            grouped[r["key"]].append(r["row"])
        return grouped

    async def children_of(self, ids: list[str]) -> dict[str, list[dict]]:
        return await self._grouped("requirement-children", ids)

    async def concepts_of(self, ids: list[str]) -> dict[str, list[dict]]:
        return await self._grouped("requirement-concepts", ids)

    async def mappings_of(self, ids: list[str]) -> dict[str, list[dict]]:
        return await self._grouped("requirement-mappings", ids)

    async def mappings_page(self, *, from_=None, to=None, relations=None, min_strength=None, sort="DOCUMENT",
                            skip=0, limit=50) -> tuple[int, list[dict]]:
        [record] = await self.run("mappings-page", **{"from": from_}, to=to, relations=relations,
                                  minStrength=min_strength, sort=sort, skip=skip, limit=limit)
        return record["total"], record["rows"]

    async def shared_controls(self, *, frameworks=None, min_frameworks=2, relations=None, min_strength=None,
                             role=None, as_of=None, law, condition=None, skip=0, limit=50,
                             requirement_props: list[str]) -> tuple[int, list[dict]]:
        """(total, the page [skip, skip + limit) in rank order): ranked and paged inside Cypher. Requirements
        carry only the named properties.

        The default question is answered from the stored ranking (graph/shared_controls.py) when it holds
        for `law` and this viewer; otherwise, and with any filter, by aggregating every mapping."""
        record = None
        if answers_from_store(frameworks=frameworks, min_frameworks=min_frameworks, relations=relations,
                              min_strength=min_strength, role=role, as_of=as_of, condition=condition):
            [record] = await self.run("shared-controls-stored", minFrameworks=min_frameworks, law=law, skip=skip,
                                      limit=limit, requirementProps=requirement_props)
            if not record["usable"]:
                if not record["held"] and law == dt.date.today():  # today has left the stored interval
                    renew_soon(self.driver, self.database)
                record = None
        if record is None:
            [record] = await self.run("shared-controls", frameworks=frameworks, minFrameworks=min_frameworks,
                                      relations=relations, minStrength=min_strength, role=role, asOf=as_of, law=law,
                                      condition=condition, skip=skip, limit=limit, requirementProps=requirement_props)
        named = _Namer(requirement_props, [])
        for row in record["rows"]:
            row["requirement"] = named.requirement(row["requirement"])
            for hit in (h for f in row["perFramework"] for h in f["hits"]):
                hit["requirement"] = named.requirement(hit["requirement"])
        return record["total"], record["rows"]

    async def crosswalk(self, *, from_, to, kinds, imposing, relations, min_strength, include_inferred,
                        requirement_props: list[str], mapping_props: list[str]) -> list[dict]:
        """Per requirement of `from_`: its hits in `to`. Requirements and mappings carry only the named properties."""
        rows = await self.run("crosswalk", **{"from": from_}, to=to, kinds=kinds, imposing=imposing, relations=relations,
                              minStrength=min_strength, includeInferred=include_inferred,
                              requirementProps=requirement_props, mappingProps=mapping_props)
        named = _Namer(requirement_props, mapping_props)
        for row in rows:
            row["requirement"] = named.requirement(row["requirement"])
            for hit in row["hits"]:
                hit["target"] = named.requirement(hit["target"])
                hit["via_mappings"] = [named.mapping(m) for m in hit["via_mappings"]]
        return rows

    async def coverage(self, *, target, using, kinds, imposing, relations, min_strength, role, as_of, law,
                       requirement_props: list[str], mapping_props: list[str], condition=None) -> list[dict]:
        """Per target requirement: status, hits and whether shared structure is reusable (kinds None: lowest provisions).
        Requirements and mappings carry only the named properties."""
        rows = await self.run("coverage", target=target, using=using, kinds=kinds, imposing=imposing, relations=relations,
                              minStrength=min_strength, role=role, asOf=as_of, law=law, condition=condition,
                              requirementProps=requirement_props, mappingProps=mapping_props)
        named = _Namer(requirement_props, mapping_props)
        for row in rows:
            row["requirement"] = named.requirement(row["requirement"])
            for hit in row["hits"]:
                hit["source"] = named.requirement(hit["source"])
                hit["mapping"] = named.mapping(hit["mapping"])
        return rows

    async def versions_of(self, ids: list[str]) -> dict[str, list[dict]]:
        """Each requirement's versions, oldest first."""
        return await self._grouped("requirement-versions", ids)

    async def framework_history(self, ids: list[str]) -> dict[str, dict]:
        """Each framework's versions, amendment records and the editions that supersede it."""
        return {r["key"]: r for r in await self.run("framework-versions", ids=ids)}

    async def amendments_by_ids(self, ids: list[str]) -> dict[str, dict]:
        return {r["row"]["id"]: r["row"] for r in await self.run("amendments-by-ids", ids=ids)}

    async def changes(self, *, framework, since, until, include_proposals) -> list[dict]:
        """The changes in order, each with its amendment's record (the query sends each amendment once)."""
        [record] = await self.run("changes", framework=framework, since=since, until=until,
                                  includeProposals=include_proposals)
        amendments = {a["id"]: a for a in record["amendments"]}
        return [row | {"amendment": amendments[row["amendment"]]} for row in record["changes"]]

    async def paths(self, *, from_, to, max_hops) -> list[dict]:
        """[{hops, inherited}]: chains between the two requirements or the provisions under or above them."""
        paths = await self.run("paths", **{"from": from_}, to=to, maxHops=max_hops)
        for hop in (h for path in paths for h in path["hops"]):
            hop["mapping"].update(subject=hop.pop("subject"), object=hop.pop("object"))
        return paths

    async def topic(self, *, concept, include_narrower, frameworks) -> dict | None:
        """{concept, groups}, or None when the concept is unknown."""
        found = await self.run("topic", concept=concept, includeNarrower=include_narrower, frameworks=frameworks)
        return found[0] if found else None

    async def concepts(self) -> list[dict]:
        return [r["row"] for r in await self.run("concepts")]

    async def search(self, *, text, frameworks, skip, limit) -> tuple[int, list[dict]]:
        [record] = await self.run("search", text=text, frameworks=frameworks, skip=skip, limit=limit)
        return record["total"], record["rows"]

    async def mappings_among(self, ids: list[str]) -> list[dict]:
        return [r["row"] for r in await self.run("compare", ids=ids)]

    async def hidden_frameworks(self, ids: list[str]) -> list[str]:
        """Of `ids` this viewer cannot see, those that exist (an organisation's control sets)."""
        if not ids:
            return []
        return [r["id"] for r in await self.run("frameworks-hidden", ids=ids)]

    async def history(self, id: str) -> list[dict]:
        events = [r["event"] for r in await self.run("history", id=id)]
        return [{**e, "actor": shown_actor(self.viewer, e["actor"], e["role"])} for e in events]

    async def api_key(self, hash_: str) -> dict | None:
        found = await self.run("api-key-by-hash", hash=hash_)
        return found[0]["key"] if found else None

    async def framework_stats(self, ids: list[str]) -> dict[str, dict]:
        return {r["id"]: r for r in await self.run("framework-stats", ids=ids)}


class _Namer:
    """Property maps again from the value lists a query returned for `requirementProps`/`mappingProps`;
    a property the node lacks is left out, as `n {.*}` would."""

    def __init__(self, requirement_props: list[str], mapping_props: list[str]):
        self.requirement_props, self.mapping_props = requirement_props, mapping_props

    def requirement(self, values: list) -> dict:
        return {k: v for k, v in zip(self.requirement_props, values) if v is not None}

    def mapping(self, found: dict) -> dict:
        return {k: v for k, v in zip(self.mapping_props, found["props"]) if v is not None} | {
            "subject": found["subject"], "object": found["object"]}
