"""Editorial writes and organisation control sets, each in one write transaction with its audit record.

Every write function reads the state it changes, checks it, applies the change and records
who changed what (before and after) in the same transaction: a rejected write changes
nothing, and nothing changes without a record. Inputs are validated with the seed models.
"""

import datetime as dt
import json
import re
import uuid

from neo4j import AsyncDriver
from pydantic import ValidationError

from crosswalk.errors import CrosswalkError
from graph.access import Actor, check_control_set_id, check_org as _check_org, check_public as _check_public
from graph.cypher import query
from graph.run import DEFAULT_TIMEOUT, AsyncRunner, arun_named
from graph.seed_files import mapping_id
from graph.seed_models import MappingSeed, RequirementSeed, inverse
from graph.shared_controls import refresh_params

CONTROL_SET_ID = re.compile(r"^org:[a-z][a-z0-9-]*[a-z0-9]$")
MAPPING_SET_ID = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
MAX_BATCH = 500
EDITORIAL_SET = "editorial"


class WriteRejected(CrosswalkError):
    """A write the graph refuses: invalid input, unknown target, or a conflict. Nothing was changed."""

    code = "BAD_USER_INPUT"



def validation_problems(err: ValidationError, prefix: str = "") -> str:
    return "; ".join(f"field '{prefix}{'.'.join(str(p) for p in e['loc'])}': {e['msg']}" for e in err.errors())


def control_id(control_set: str, ref: str) -> str:
    return f"{control_set}:{ref}"


def _audit(action: str, target: str, actor: Actor, before, after, org: str | None) -> dict:
    """An audit event; `org` is the target's organisation, so history stays as private as the target."""
    return {"id": str(uuid.uuid4()), "action": action, "target": target, "actor": actor.name, "role": actor.role,
            "org": org, "before": json.dumps(before, default=str, sort_keys=True) if before is not None else None,
            "after": json.dumps(after, default=str, sort_keys=True) if after is not None else None}


class GraphWriter:
    """The write side: one method per mutation, one write transaction per call."""

    def __init__(self, driver: AsyncDriver, database: str, timeout: float = DEFAULT_TIMEOUT):
        self.driver = driver
        self.database = database
        self.runner = AsyncRunner(driver, database, timeout)

    async def _write(self, work):
        # a concurrent writer creating the same id first is a WriteConflict, in our words
        async def bumped(tx):
            result = await work(tx)
            await self._run(tx, "graph-version-bump")  # last, same transaction: every cache sees the change
            return result
        return await self.runner.transaction(bumped, write=True, action="nothing was written")

    _run = staticmethod(arun_named)

    # -- mappings ---------------------------------------------------------------------------
    async def upsert_mapping(self, actor: Actor, fields: dict, mapping_set: str = EDITORIAL_SET) -> dict:
        """Create or replace one asserted mapping; `fields` use the seed column names."""
        seed, props = self._mapping_props(actor, fields, mapping_set)
        return await self._write(lambda tx: self._tx_upsert_mapping(tx, actor, seed, props, mapping_set))

    @staticmethod
    def _mapping_props(actor: Actor, fields: dict, mapping_set: str, prefix: str = "") -> tuple[MappingSeed, dict]:
        row = {"source": "crosswalk-editorial", "method": "manual", "status": "draft", **fields,
               "author": actor.name, "date": dt.date.today()}
        if row["status"] not in ("draft", "reviewed"):
            raise WriteRejected(f"field '{prefix}status': a new assertion is draft or reviewed, not '{row['status']}'",
                                "deprecate with deprecateMapping, giving a reason")
        try:
            seed = MappingSeed.model_validate(row)
        except ValidationError as err:
            raise WriteRejected(f"invalid mapping: {validation_problems(err, prefix)}") from None
        props = seed.model_dump(mode="json", exclude={"subject_id", "object_id", "predicate_id"})
        props.update(id=mapping_id(mapping_set, seed.subject_id, seed.object_id), relation=seed.predicate_id.value,
                     inverseRelation=inverse(seed.predicate_id.value), mappingSet=mapping_set,
                     date=seed.date, origin="api")
        return seed, {k: v for k, v in props.items() if v is not None and k != "mapping_set"}

    async def _tx_upsert_mapping(self, tx, actor: Actor, seed: MappingSeed, props: dict, mapping_set: str) -> dict:
        # Lock the subject first, so concurrent writes to its mappings queue and each reads the state it replaces.
        await self._run(tx, "write-lock-requirement", id=seed.subject_id)
        ends = {r["id"]: r for r in await self._run(tx, "write-requirements-by-ids", ids=[seed.subject_id, seed.object_id])}
        for end in (seed.subject_id, seed.object_id):
            if end not in ends:
                raise WriteRejected(f"unknown requirement '{end}'", "check the id with `requirement(id:)`")
            _check_org(actor, ends[end].get("org"), end)
        org_ends = [e for e in ends.values() if e.get("org")]
        if len({e["org"] for e in org_ends}) > 1:
            raise WriteRejected("a mapping cannot join two organisations' control sets")
        org = org_ends[0]["org"] if org_ends else None
        if org is None:
            _check_public(actor, props["id"])
            if not MAPPING_SET_ID.match(mapping_set) or mapping_set.startswith("org"):
                raise WriteRejected(f"field 'mappingSet': '{mapping_set}' is not a valid editorial mapping set id "
                                    "(lower case, digits, '-')")
        else:
            if ends[seed.subject_id].get("org") is None:  # unmapControl and the CSV export start from the control
                raise WriteRejected(f"field 'subjectId': a mapping with an organisation's control is asserted by the "
                                    f"control: make '{seed.object_id}' the subject and '{seed.subject_id}' the object",
                                    "use mapControl")
            own_set = org_ends[0]["row"]["framework"]
            if mapping_set != own_set:
                raise WriteRejected(f"field 'mappingSet': a mapping of a control of '{own_set}' belongs in that set, "
                                    f"not '{mapping_set}'", "use mapControl")
        [found] = await self._run(tx, "write-mapping-set", id=mapping_set, org=org)
        if found["origin"] == "seed":
            raise WriteRejected(f"mapping set '{mapping_set}' comes from the seed files",
                                "edit its TSV file, or write to another set such as 'editorial'")
        before = await self._run(tx, "write-mapping-get", id=props["id"])
        after = {**props, "org": org} if org else props
        await self._run(tx, "write-mapping-upsert", subject=seed.subject_id, object=seed.object_id, props=after)
        if org is None:  # an organisation's mapping never counts for the public ranking
            await self._run(tx, "shared-controls-refresh", **refresh_params([seed.subject_id, seed.object_id]))
        await self._run(tx, "write-audit", event=_audit("upsertMapping", props["id"], actor,
                                                         before[0]["m"] if before else None, after, org))
        return {**after, "subject": seed.subject_id, "object": seed.object_id}

    async def _change_mapping(self, actor: Actor, action: str, id: str, changes: dict) -> dict:
        async def work(tx):
            await self._run(tx, "write-lock-mapping", id=id)
            found = await self._run(tx, "write-mapping-get", id=id)
            if not found:
                raise WriteRejected(f"unknown mapping '{id}'")
            before = found[0]["m"]
            _check_org(actor, before.get("org"), id)
            if before.get("org") is None:
                _check_public(actor, id)
            if before.get("origin") == "seed":
                raise WriteRejected(f"mapping '{id}' comes from the seed files",
                                    "review or deprecate it in its TSV file, so the next load keeps the change")
            if before.get("status") == "deprecated":
                raise WriteRejected(f"mapping '{id}' is deprecated ({before.get('deprecationReason')})",
                                    "assert it again with upsertMapping if it should count")
            await self._run(tx, "write-mapping-set-props", id=id, props=changes)
            if before.get("org") is None:
                await self._run(tx, "shared-controls-refresh", **refresh_params([found[0]["subject"], found[0]["object"]]))
            after = {**before, **changes}
            await self._run(tx, "write-audit", event=_audit(action, id, actor, before, after, before.get("org")))
            return {**after, "subject": found[0]["subject"], "object": found[0]["object"]}

        return await self._write(work)

    async def review_mapping(self, actor: Actor, id: str, status: str) -> dict:
        """Record a review; the reviewer is the key that makes it, so nobody can sign for someone else."""
        if status not in ("draft", "reviewed"):
            raise WriteRejected(f"field 'status': a review sets draft or reviewed, not '{status}'",
                                "use deprecateMapping to deprecate")
        return await self._change_mapping(actor, "reviewMapping", id, {"status": status, "reviewer": actor.name})

    async def deprecate_mapping(self, actor: Actor, id: str, reason: str) -> dict:
        if len(reason.strip()) < 10:
            raise WriteRejected("field 'reason': say why, in at least 10 characters")
        return await self._change_mapping(actor, "deprecateMapping", id, {"status": "deprecated", "deprecationReason": reason.strip()})

    async def unmap(self, actor: Actor, subject: str, object_: str, mapping_set: str) -> dict:
        id = mapping_id(mapping_set, subject, object_)

        async def work(tx):
            await self._run(tx, "write-lock-mapping", id=id)
            found = await self._run(tx, "write-mapping-get", id=id)
            if not found or found[0]["m"].get("origin") == "seed":
                raise WriteRejected(f"no mapping '{id}' written through the API", "seeded mappings are removed in the seed files")
            _check_org(actor, found[0]["m"].get("org"), id)
            await self._run(tx, "write-mapping-delete", id=id)
            if found[0]["m"].get("org") is None:
                await self._run(tx, "shared-controls-refresh", **refresh_params([found[0]["subject"], found[0]["object"]]))
            await self._run(tx, "write-audit", event=_audit("unmapControl", id, actor, found[0]["m"], None,
                                                                 found[0]["m"].get("org")))
            return {**found[0]["m"], "subject": found[0]["subject"], "object": found[0]["object"]}

        return await self._write(work)

    # -- control sets ----------------------------------------------------------------------
    async def save_control_set(self, actor: Actor, id: str, title: str, description: str | None,
                               org: str | None, create: bool) -> dict:
        owner = self._check_control_set(actor, id, title, org)
        return await self._write(lambda tx: self._tx_save_control_set(tx, actor, id, title, description, owner, create))

    async def upsert_controls(self, actor: Actor, control_set: str, controls: list[dict]) -> list[dict]:
        """Create or update a batch of controls (ref, title, summary, concepts) in one transaction."""
        rows = self._control_rows(control_set, controls)
        return await self._write(lambda tx: self._tx_upsert_controls(tx, actor, control_set, rows))

    async def import_control_set(self, actor: Actor, id: str, title: str, org: str | None,
                                 controls: list[dict], mappings: list[dict]) -> dict:
        """A whole control set with its mappings (the CSV import), in one transaction: all or nothing."""
        owner = self._check_control_set(actor, id, title, org)
        rows = self._control_rows(id, controls, limit=None)
        checked = []
        for i, m in enumerate(mappings):
            line = m.pop("_line", None)
            try:
                checked.append(self._mapping_props(actor, m, id, prefix="" if line else f"mappings.{i}."))
            except WriteRejected as exc:
                raise WriteRejected(f"line {line}: {exc.message}" if line else exc.message) from None

        async def work(tx):
            exists = await self._run(tx, "write-framework-get", id=id)
            await self._tx_save_control_set(tx, actor, id, title, None, owner, create=not exists)
            for start in range(0, len(rows), MAX_BATCH):
                await self._tx_upsert_controls(tx, actor, id, rows[start:start + MAX_BATCH])
            for seed, props in checked:
                await self._tx_upsert_mapping(tx, actor, seed, props, id)
            return {"controls": len(rows), "mappings": len(checked)}

        return await self._write(work)

    @staticmethod
    def _check_control_set(actor: Actor, id: str, title: str, org: str | None) -> str:
        if not CONTROL_SET_ID.match(id):
            raise WriteRejected(f"field 'id': control set ids look like 'org:acme' (lower case, digits, '-'), got '{id}'")
        if not title.strip():
            raise WriteRejected("field 'title': must not be empty")
        owner = org or actor.org
        if owner is None:
            raise WriteRejected("field 'org': an admin key must name the organisation that owns the set")
        _check_org(actor, owner, id)
        check_control_set_id(id, owner)
        return owner

    @staticmethod
    def _control_rows(control_set: str, controls: list[dict], limit: int | None = MAX_BATCH) -> list[dict]:
        if not controls or (limit and len(controls) > limit):
            raise WriteRejected(f"field 'controls': send 1 to {limit or 'any number of'} controls, got {len(controls)}")
        rows, seen = [], set()
        for i, c in enumerate(controls):
            line = c.pop("_line", None)
            where = f"line {line}: " if line else ""
            try:
                seed = RequirementSeed.model_validate({"kind": "control", **c})
            except ValidationError as err:
                raise WriteRejected(f"{where}invalid control: {validation_problems(err, '' if line else f'controls.{i}.')}") from None
            if seed.ref in seen:
                raise WriteRejected(f"field 'controls.{i}.ref': '{seed.ref}' appears twice")
            seen.add(seed.ref)
            rows.append({"id": control_id(control_set, seed.ref), "ref": seed.ref, "title": seed.title,
                         "summary": seed.summary, "concepts": seed.concepts, "url": seed.url})
        return rows

    async def _tx_save_control_set(self, tx, actor: Actor, id: str, title: str, description: str | None,
                                   owner: str, create: bool) -> dict:
        found = await self._run(tx, "write-framework-get", id=id)
        if found:
            _check_org(actor, found[0]["f"].get("org"), id)
            if found[0]["f"].get("kind") != "control-set":
                raise WriteRejected(f"'{id}' is a published framework, not a control set")
        if create and found:
            raise WriteRejected(f"control set '{id}' already exists", "use updateControlSet")
        if found and found[0]["f"].get("org") != owner:
            raise WriteRejected(f"control set '{id}' belongs to organisation '{found[0]['f'].get('org')}', not "
                                f"'{owner}'; a control set cannot change organisation", "create a new set for the other one")
        if not create and not found:
            raise WriteRejected(f"unknown control set '{id}'", "create it with createControlSet")
        before = found[0]["f"] if found else None
        props = {"id": id, "name": title.strip(), "title": title.strip(), "version": "organisation",
                 "kind": "control-set", "publisher": owner, "jurisdiction": "organisation",
                 "org": before["org"] if before else owner, "origin": "api"}
        description = description if description is not None else (before or {}).get("description")
        if description:
            props["description"] = description.strip()
        # CREATE (not MERGE): of two concurrent creates, the uniqueness constraint rejects the second.
        await self._run(tx, "write-framework-create" if create else "write-framework-update", props=props)
        await self._run(tx, "write-audit", event=_audit("createControlSet" if create else "updateControlSet",
                                                         id, actor, before, props, props["org"]))
        return props

    async def _tx_upsert_controls(self, tx, actor: Actor, control_set: str, rows: list[dict]) -> list[dict]:
        await self._run(tx, "write-lock-framework", id=control_set)  # concurrent batches take turns
        found = await self._run(tx, "write-framework-get", id=control_set)
        if not found or found[0]["f"].get("kind") != "control-set":
            raise WriteRejected(f"unknown control set '{control_set}'", "create it with createControlSet")
        _check_org(actor, found[0]["f"].get("org"), control_set)
        org = found[0]["f"]["org"]
        known = {c["id"] for c in await self._run(tx, "write-concepts-known",
                                                      ids=sorted({x for r in rows for x in r["concepts"]}))}
        for i, r in enumerate(rows):
            missing = [x for x in r["concepts"] if x not in known]
            if missing:
                raise WriteRejected(f"field 'controls.{i}.concepts': unknown concept(s) {', '.join(missing)}",
                                    "list them with `{ concepts { id } }`")
        before = {r["id"]: r["row"] for r in await self._run(tx, "write-requirements-by-ids", ids=[r["id"] for r in rows])}
        fresh = [r["id"] for r in rows if r["id"] not in before]
        rows = [{**r, "newIndex": fresh.index(r["id"]) if r["id"] in fresh else 0} for r in rows]
        saved = await self._run(tx, "write-controls-upsert", framework=control_set, org=org, rows=rows)
        for r in saved:
            await self._run(tx, "write-audit", event=_audit("upsertControl", r["row"]["id"], actor,
                                                             before.get(r["row"]["id"]), r["row"], org))
        return [r["row"] for r in saved]

    async def export_control_set(self, id: str) -> tuple[dict | None, list[dict]]:
        """The set, and its controls each with the mappings they assert (for the CSV export)."""
        async def work(tx):
            found = await self._run(tx, "write-framework-get", id=id)
            rows = await self._run(tx, "control-set-export", framework=id)
            return (found[0]["f"] if found else None), rows
        return await self.runner.transaction(work, write=False)
