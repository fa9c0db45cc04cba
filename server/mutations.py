"""Writes: editorial mapping changes and organisation control sets. Each needs an editor key or above."""

import datetime as dt
from contextlib import contextmanager

import strawberry
from strawberry.types import Info

from crosswalk.errors import AccessDenied
from server.auth import deny, require
from server.errors import UserInputError
from server.types import Framework, Mapping, MappingStatus, Rationale, Relation, Requirement


@contextmanager
def _as_http(info: Info):
    """An organisation mismatch found inside a write transaction is a 403."""
    try:
        yield
    except AccessDenied as exc:
        raise deny(info, exc) from None


@strawberry.input(description="An asserted mapping, validated with the same rules as the seed files.")
class MappingInput:
    subject_id: strawberry.ID = strawberry.field(description="The requirement the assertion is about.")
    object_id: strawberry.ID = strawberry.field(description="The requirement it is related to.")
    relation: Relation = strawberry.field(description="NIST IR 8477 relation, read from subject to object.")
    rationale: Rationale = strawberry.field(description="SYNTACTIC, SEMANTIC or FUNCTIONAL.")
    strength: int = strawberry.field(description="1–10: how much of the object the subject covers.")
    confidence: float = strawberry.field(description="0–1: how sure the author is.")
    justification: str = strawberry.field(description="What overlaps and what is missing (at least 20 characters).")
    source: str | None = strawberry.field(default=None, description="A citation; default `crosswalk-editorial`.")
    status: MappingStatus | None = strawberry.field(default=None, description="draft (default) or reviewed.")

    def fields(self) -> dict:
        out = {"subject_id": self.subject_id, "object_id": self.object_id, "predicate_id": self.relation.value,
               "rationale": self.rationale.value, "strength": self.strength, "confidence": self.confidence,
               "justification": self.justification}
        if self.source is not None:
            out["source"] = self.source
        if self.status is not None:
            out["status"] = self.status.value
        return out


@strawberry.input(description="An organisation's control set.")
class ControlSetInput:
    id: strawberry.ID = strawberry.field(description="`org:<name>`, e.g. `org:acme`.")
    title: str = strawberry.field(description="Human-readable name.")
    description: str | None = strawberry.field(default=None, description="What the set is for.")
    org: str | None = strawberry.field(default=None, description="Owning organisation; defaults to the key's (admins must give it).")


@strawberry.input(description="One internal control; its id becomes `<control set>:<ref>`.")
class ControlInput:
    ref: str = strawberry.field(description="The organisation's own reference, e.g. `AC-01`.")
    title: str = strawberry.field(description="Short title.")
    summary: str = strawberry.field(description="What the control does.")
    concepts: list[str] = strawberry.field(description="Topic ids it addresses (at least one; see `concepts`).")
    url: str | None = strawberry.field(default=None, description="Link to the internal policy or procedure.")


@strawberry.type(description="One recorded write: who changed what, when, with the state before and after.")
class AuditEvent:
    id: strawberry.ID = strawberry.field(description="Event id.")
    action: str = strawberry.field(description="The mutation, e.g. `upsertMapping`.")
    target: strawberry.ID = strawberry.field(description="Id of what changed.")
    actor: str = strawberry.field(description="Name of the API key that made the change.")
    role: str = strawberry.field(description="The key's role at the time.")
    at: dt.datetime = strawberry.field(description="When (UTC).")
    before: strawberry.scalars.JSON | None = strawberry.field(description="State before the change (null when created).")
    after: strawberry.scalars.JSON | None = strawberry.field(description="State after the change (null when removed).")


def _framework(row: dict) -> Framework:
    return Framework.from_row({**row, "requirementCount": row.get("requirementCount", 0)})


@strawberry.type(description="Changes to mappings and organisation control sets; every one is audited.")
class Mutation:
    @strawberry.mutation(description="Create or replace an asserted mapping between published requirements in an API-owned "
                                     "mapping set (default `editorial`); needs a key without an organisation, or admin. "
                                     "Organisations map their own controls with mapControl.")
    async def upsert_mapping(self, info: Info, input: MappingInput, mapping_set: str = "editorial") -> Mapping:
        actor = require(info, "editor")
        with _as_http(info):
            return Mapping.from_row(await info.context.writer.upsert_mapping(actor, input.fields(), mapping_set))

    @strawberry.mutation(description="Record a review (status draft or reviewed) of a mapping written through the API; "
                                     "the reviewer recorded is the key's name. Seeded mappings are reviewed in their TSV files.")
    async def review_mapping(self, info: Info, id: strawberry.ID, status: MappingStatus) -> Mapping:
        actor = require(info, "editor")
        with _as_http(info):
            return Mapping.from_row(await info.context.writer.review_mapping(actor, id, status.value))

    @strawberry.mutation(description="Deprecate a mapping written through the API, with a reason; deprecated mappings stop "
                                     "counting anywhere and cannot be reviewed again.")
    async def deprecate_mapping(self, info: Info, id: strawberry.ID, reason: str) -> Mapping:
        actor = require(info, "editor")
        with _as_http(info):
            return Mapping.from_row(await info.context.writer.deprecate_mapping(actor, id, reason))

    @strawberry.mutation(description="Create an organisation control set.")
    async def create_control_set(self, info: Info, input: ControlSetInput) -> Framework:
        actor = require(info, "editor")
        with _as_http(info):
            return _framework(await info.context.writer.save_control_set(actor, input.id, input.title, input.description,
                                                                         input.org, create=True))

    @strawberry.mutation(description="Change a control set's title or description.")
    async def update_control_set(self, info: Info, input: ControlSetInput) -> Framework:
        actor = require(info, "editor")
        with _as_http(info):
            return _framework(await info.context.writer.save_control_set(actor, input.id, input.title, input.description,
                                                                         input.org, create=False))

    @strawberry.mutation(description="Create or update up to 500 controls of a control set, all or nothing.")
    async def upsert_controls(self, info: Info, control_set: strawberry.ID, controls: list[ControlInput]) -> list[Requirement]:
        actor = require(info, "editor")
        rows = [{"ref": c.ref, "title": c.title, "summary": c.summary, "concepts": c.concepts, "url": c.url} for c in controls]
        with _as_http(info):
            saved = await info.context.writer.upsert_controls(actor, control_set, rows)
        return [Requirement.from_row(r) for r in saved]

    @strawberry.mutation(description="Map one of your controls to a requirement (or another control); stored in the control set's mapping set.")
    async def map_control(self, info: Info, input: MappingInput) -> Mapping:
        actor = require(info, "editor")
        control_set = _control_set_of(input.subject_id)
        with _as_http(info):
            return Mapping.from_row(await info.context.writer.upsert_mapping(actor, input.fields(), control_set))

    @strawberry.mutation(description="Remove a mapping made with mapControl; returns what was removed.")
    async def unmap_control(self, info: Info, control_id: strawberry.ID, target_id: strawberry.ID) -> Mapping:
        actor = require(info, "editor")
        with _as_http(info):
            return Mapping.from_row(await info.context.writer.unmap(actor, control_id, target_id, _control_set_of(control_id)))


def _control_set_of(control: str) -> str:
    parts = control.split(":")
    if len(parts) < 3 or parts[0] != "org":
        raise UserInputError(f"'{control}' is not an organisation control (ids look like org:<set>:<ref>)")
    return f"org:{parts[1]}"
