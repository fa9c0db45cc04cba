"""GraphQL types of change over time: versions, amendments, application dates, change reports."""

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

if TYPE_CHECKING:
    from server.types import Mapping, Requirement

RequirementRef = Annotated["Requirement", strawberry.lazy("server.types")]
MappingRef = Annotated["Mapping", strawberry.lazy("server.types")]


@strawberry.enum(description="What an amendment does to a provision.")
class ChangeAction(Enum):
    INSERTS = "inserts"
    REPLACES = "replaces"
    REPEALS = "repeals"
    REDATES = "redates"


@strawberry.enum(description="Where an amendment stands. A proposal is recorded but never changes an answer.")
class AmendmentStatus(Enum):
    IN_FORCE = "in-force"
    ADOPTED = "adopted"
    PROPOSAL = "proposal"


@strawberry.enum(description="How far a fact is confirmed: by the primary text, by secondary sources only, or not yet.")
class Verification(Enum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"


@strawberry.type(description="One date from which a provision applies, possibly only under a condition.")
class Application:
    from_: dt.date = strawberry.field(name="from", description="The first day it applies.")
    condition: str | None = strawberry.field(description="The condition this date depends on (e.g. `annex-iii`); null: always.")
    note: str | None = strawberry.field(description="Anything else about this date, in our words.")


def applications(row: dict) -> list[Application]:
    """A requirement's or version's application dates from its parallel lists."""
    dates, conditions, notes = row.get("applyFrom") or [], row.get("applyCondition") or [], row.get("applyNote") or []
    return [Application(from_=d, condition=c or None, note=n or None) for d, c, n in zip(dates, conditions, notes)]


@strawberry.type(description="A condition an application date may depend on, declared by its framework.")
class Condition:
    id: str = strawberry.field(description="e.g. `annex-iii`; pass it as `condition` to coverage and sharedControls.")
    label: str = strawberry.field(description="What it means.")


@strawberry.type(description="A dated version of a framework's text: a consolidated version of a law, an amended edition.")
class FrameworkVersion:
    id: str = strawberry.field(description="Version id within its framework, e.g. `2026-07-27`.")
    label: str = strawberry.field(description="What this version is.")
    valid_from: dt.date | None = strawberry.field(description="The day this text took effect.")
    valid_to: dt.date | None = strawberry.field(description="The day the next version took effect; null while current.")
    amendment_id: str | None = strawberry.field(description="The amendment that made this version.")
    url: str | None = strawberry.field(description="Where to read this version.")

    @classmethod
    def from_row(cls, row: dict) -> "FrameworkVersion":
        return cls(id=row["version"], label=row["label"], valid_from=row.get("validFrom"), valid_to=row.get("validTo"),
                   amendment_id=row.get("amendment"), url=row.get("url"))


@strawberry.type(description="An amending act, or an amendment of a standard, with its official reference and status.")
class Amendment:
    id: strawberry.ID = strawberry.field(description="e.g. `eu-2026-1744`.")
    framework_id: str = strawberry.field(description="The framework it amends.")
    title: str = strawberry.field(description="Official title.")
    reference: str = strawberry.field(description="Official reference (OJ, SI number, ISO designation).")
    celex: str | None = strawberry.field(description="CELEX number, for EU acts.")
    eli: str | None = strawberry.field(description="European Legislation Identifier, where there is one.")
    adopted: dt.date | None = strawberry.field(description="When it was adopted (signed, for EU acts; Royal Assent, for UK acts).")
    published: dt.date | None = strawberry.field(description="When it was published (in the Official Journal, or by ISO).")
    in_force: dt.date | None = strawberry.field(description="When it entered (or enters) into force.")
    status: AmendmentStatus = strawberry.field(description="In force, adopted (not yet in force) or a proposal.")
    url: str = strawberry.field(description="The source.")
    verified: Verification = strawberry.field(description="How far this record is confirmed.")
    verification: str = strawberry.field(description="Which sources confirm it, and what is unverified.")
    change_count: int = strawberry.field(description="How many provisions it changes.")

    @classmethod
    def from_row(cls, row: dict) -> "Amendment":
        return cls(id=row["id"], framework_id=row["framework"], title=row["title"], reference=row["reference"],
                   celex=row.get("celex"), eli=row.get("eli"), adopted=row.get("adopted"), published=row.get("published"),
                   in_force=row.get("inForce"), status=AmendmentStatus(row["status"]), url=row["url"],
                   verified=Verification(row["verified"]), verification=row["verification"],
                   change_count=row.get("changeCount", 0))


@strawberry.type(description="One version of a provision: its text, whom it binds and when it applies, for the period "
                             "the text was (or is) valid.")
class ProvisionVersion:
    valid_from: dt.date | None = strawberry.field(description="The day this version took effect (null: since the framework began).")
    valid_to: dt.date | None = strawberry.field(description="The day the next version took effect, or the repeal; null while current.")
    text_from: dt.date | None = strawberry.field(description="Since when its text is unchanged (a re-dating keeps the text).")
    framework_version: str | None = strawberry.field(description="The framework version it belongs to.")
    title: str = strawberry.field(description="Its title in this version.")
    summary: str | None = strawberry.field(description="What it asked for in this version, in our own words.")
    roles: list[str] = strawberry.field(description="Whom it bound in this version.")
    risk_tiers: list[str] = strawberry.field(description="EU AI Act risk tiers it concerned in this version.")
    applies: list[Application] = strawberry.field(description="When it applies, per condition.")
    change: ChangeAction | None = strawberry.field(description="What the amendment that made it did; null for the original.")
    amendment_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: dict) -> "ProvisionVersion":
        return cls(valid_from=row.get("validFrom"), valid_to=row.get("validTo"), text_from=row.get("textFrom"),
                   framework_version=row.get("frameworkVersion"), title=row["title"], summary=row.get("summary"),
                   roles=row.get("roles") or [], risk_tiers=row.get("riskTiers") or [], applies=applications(row),
                   change=ChangeAction(row["change"]) if row.get("change") else None, amendment_id=row.get("amendment"))

    @strawberry.field(description="The amendment that made this version; null for the original text.")
    async def amendment(self, info: Info) -> Amendment | None:
        if not self.amendment_id:
            return None
        row = await info.context.amendments.load(self.amendment_id)
        return Amendment.from_row(row) if row else None


def version_on(versions: list[dict], day: dt.date) -> dict | None:
    """The version valid on `day`, if the provision existed then."""
    for v in versions:
        if (v.get("validFrom") is None or v["validFrom"] <= day) and (v.get("validTo") is None or day < v["validTo"]):
            return v
    return None


@strawberry.type(description="One provision an amendment changed, with the mappings that change puts in question.")
class ProvisionChange:
    action: ChangeAction = strawberry.field(description="Inserted, replaced, repealed or re-dated.")
    effective: dt.date | None = strawberry.field(description="When the change took (or takes) effect; null for a proposal.")
    note: str | None = strawberry.field(description="What changed, in our words.")
    verified: Verification = strawberry.field(description="How far this change is confirmed.")
    provision_id: str = strawberry.field(description="The provision's id (a proposal may name one the graph lacks).")
    amendment: Amendment = strawberry.field(description="The amendment that makes the change.")
    provision: RequirementRef | None = strawberry.field(description="The provision, where the graph has it.")
    mappings_needing_review: list[MappingRef] = strawberry.field(
        description="Its mappings assessed against an earlier text, not yet re-assessed.")
    organisation_mappings: list[MappingRef] = strawberry.field(
        description="Your organisations' mappings to it: the control-set coverage the change affects.")


@strawberry.type(description="What changed in a framework between two dates, and what it touches.")
class ChangeReport:
    framework_id: str = strawberry.field(description="The framework asked about.")
    since: dt.date | None = strawberry.field(description="The first effective day asked about.")
    until: dt.date | None = strawberry.field(description="The last effective day asked about.")
    changes: list[ProvisionChange] = strawberry.field(description="Each change, by effective date, amendment and document order.")
    inserted: int = strawberry.field(description="How many provisions were inserted.")
    replaced: int = strawberry.field(description="How many provisions' texts were replaced.")
    repealed: int = strawberry.field(description="How many provisions were repealed.")
    redated: int = strawberry.field(description="How many provisions' application dates alone changed.")
    mappings_needing_review: int = strawberry.field(description="Distinct mappings needing review across these changes.")
