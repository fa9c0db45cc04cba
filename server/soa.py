"""GraphQL for the Statement of Applicability: a query and two audited mutations, for an organisation's key."""

import datetime as dt

import strawberry
from strawberry.types import Info

from crosswalk.errors import AccessDenied, CrosswalkError
from graph.soa import STANDARDS, SoaWriter, org_of, read_soa
from server.auth import Unauthenticated, deny, require


@strawberry.type(description="One of the organisation's controls that implements an Annex A control (from its mappings).")
class SoaImplementation:
    id: strawberry.ID = strawberry.field(description="The organisation's control id (org:<set>:<ref>).")
    title: str = strawberry.field(description="Its title.")
    relation: str = strawberry.field(description="The mapping's relation as stored.")
    strength: int = strawberry.field(description="The mapping's strength (1-10).")


@strawberry.type(description="The organisation's decision on one Annex A control.")
class SoaEntry:
    control_id: strawberry.ID = strawberry.field(description="The Annex A control, e.g. iso42001:A.6.2.8.")
    ref: str = strawberry.field(description="Its reference, e.g. A.6.2.8.")
    title: str = strawberry.field(description="Its official title.")
    applicable: bool | None = strawberry.field(description="True included, false excluded, null not decided yet.")
    justification: str | None = strawberry.field(description="Why the control is included or excluded.")
    status: str | None = strawberry.field(description="not-started, planned, in-progress or implemented.")
    evidence: str | None = strawberry.field(description="Where the evidence of implementation is (a reference, not the file).")
    owner: str | None = strawberry.field(description="Who answers for the control.")
    last_reviewed: dt.date | None = strawberry.field(description="When the decision was last reviewed.")
    proposed: bool = strawberry.field(description="True while the entry is a generated proposal nobody has confirmed.")
    implemented_by: list[SoaImplementation] = strawberry.field(description="The organisation's controls mapped to it.")

    @classmethod
    def from_row(cls, row: dict) -> "SoaEntry":
        e, c = row["entry"] or {}, row["control"]
        reviewed = e.get("lastReviewed")
        return cls(control_id=c["id"], ref=c["ref"], title=c["title"], applicable=e.get("applicable"),
                   justification=e.get("justification"), status=e.get("status"), evidence=e.get("evidence"),
                   owner=e.get("owner"), last_reviewed=dt.date.fromisoformat(reviewed) if reviewed else None,
                   proposed=bool(e.get("proposed")),
                   implemented_by=[SoaImplementation(id=m["id"], title=m["title"], relation=m["relation"],
                                                     strength=m["strength"]) for m in row["implementedBy"]])


@strawberry.type(description="An organisation's Statement of Applicability for one standard's Annex A.")
class StatementOfApplicability:
    org: str = strawberry.field(description="The organisation.")
    standard: strawberry.ID = strawberry.field(description="iso42001 or iso27001.")
    as_of: dt.date | None = strawberry.field(description="The day the decisions are rebuilt for; null for today.")
    applicable_count: int = strawberry.field(description="Controls included.")
    excluded_count: int = strawberry.field(description="Controls excluded.")
    undecided_count: int = strawberry.field(description="Controls without a decision yet.")
    entries: list[SoaEntry] = strawberry.field(description="Every Annex A control, in document order.")


@strawberry.input(description="A decision on one Annex A control; fields left out keep their value.")
class SoaEntryInput:
    control_id: strawberry.ID = strawberry.field(description="The Annex A control, e.g. iso42001:A.6.2.8.")
    applicable: bool | None = strawberry.field(default=strawberry.UNSET, description="True included, false excluded.")
    justification: str | None = strawberry.field(default=strawberry.UNSET, description="Why (10 characters or more with a decision).")
    status: str | None = strawberry.field(default=strawberry.UNSET, description="not-started, planned, in-progress or implemented.")
    evidence: str | None = strawberry.field(default=strawberry.UNSET, description="Evidence reference.")
    owner: str | None = strawberry.field(default=strawberry.UNSET, description="Who answers for the control.")
    last_reviewed: dt.date | None = strawberry.field(default=strawberry.UNSET, description="Date of the last review.")

    def fields(self) -> dict:
        names = {"applicable": "applicable", "justification": "justification", "status": "status",
                 "evidence": "evidence", "owner": "owner", "last_reviewed": "lastReviewed"}
        return {key: getattr(self, attr) for attr, key in names.items() if getattr(self, attr) is not strawberry.UNSET}


def _org(info: Info, org: str | None) -> str:
    try:
        return org_of(info.context.actor, org)
    except AccessDenied as exc:
        raise deny(info, exc) from None
    except CrosswalkError as exc:
        if info.context.actor is None:
            raise deny(info, Unauthenticated(exc.message)) from None
        raise


def _answer(org: str, standard: str, as_of, rows: list[dict]) -> StatementOfApplicability:
    entries = [SoaEntry.from_row(r) for r in rows]
    return StatementOfApplicability(
        org=org, standard=standard, as_of=as_of, entries=entries,
        applicable_count=sum(e.applicable is True for e in entries),
        excluded_count=sum(e.applicable is False for e in entries),
        undecided_count=sum(e.applicable is None for e in entries))


def _writer(info: Info) -> SoaWriter:
    writer = info.context.writer
    return SoaWriter(writer.driver, writer.database)


@strawberry.type
class SoaQuery:
    @strawberry.field(description=f"An organisation's Statement of Applicability for {', '.join(STANDARDS)}: every Annex A "
                                  "control with its decision and the organisation's implementing controls. Needs a key "
                                  "of that organisation. `asOf` rebuilds the decisions as they stood at the end of that day.")
    async def statement_of_applicability(self, info: Info, standard: strawberry.ID, org: str | None = None,
                                         as_of: dt.date | None = None) -> StatementOfApplicability:
        found = _org(info, org)
        return _answer(found, standard, as_of, await read_soa(info.context.reader, found, standard, as_of))


@strawberry.type
class SoaMutation:
    @strawberry.mutation(description="Propose a Statement of Applicability from the organisation's mappings: controls its "
                                      "own controls map to are proposed applicable, the rest left undecided; existing "
                                      "decisions are never overwritten. Audited.")
    async def generate_soa_draft(self, info: Info, standard: strawberry.ID,
                                 org: str | None = None) -> StatementOfApplicability:
        actor = require(info, "editor")
        found = _org(info, org)
        await _writer(info).generate_draft(actor, info.context.reader, found, standard)
        return _answer(found, standard, None, await read_soa(info.context.reader, found, standard))

    @strawberry.mutation(description="Record the decision on one Annex A control (applicable or excluded with its "
                                     "justification, status, evidence reference, owner, last review). Audited.")
    async def update_soa_entry(self, info: Info, standard: strawberry.ID, input: SoaEntryInput,
                               org: str | None = None) -> SoaEntry:
        actor = require(info, "editor")
        found = _org(info, org)
        await _writer(info).update_entry(actor, found, standard, input.control_id, input.fields())
        rows = await read_soa(info.context.reader, found, standard)
        return SoaEntry.from_row(next(r for r in rows if r["control"]["id"] == input.control_id))
