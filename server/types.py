"""GraphQL types. Resolvers only read the context's loaders and wrap rows."""

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from graph import seed_models
from server.errors import UserInputError
from server.pagination import Connection, check_first, decode_cursor, make_connection
from server.temporal import Amendment, Application, Condition, FrameworkVersion, ProvisionVersion, applications, version_on

if TYPE_CHECKING:
    from server.answers import FrameworkStats

KINDS = sorted(k.value for k in seed_models.RequirementKind)


def _enum(kind, value):
    return None if value is None else kind(value)


def check_kind(kind: str | None) -> str | None:
    """`kind` if it is a requirement kind (or None); otherwise the client's error."""
    if kind is not None and kind not in KINDS:
        raise UserInputError(f"unknown kind '{kind}'", f"use one of {', '.join(KINDS)}")
    return kind

Relation = strawberry.enum(seed_models.Relation, description="NIST IR 8477 set-theory relationship. "
                           "`A SUBSET_OF B`: everything A requires is in B, and B asks for more.")
Rationale = strawberry.enum(seed_models.Rationale, description="Why the relation holds (NIST IR 8477): "
                            "SYNTACTIC (wording), SEMANTIC (meaning), FUNCTIONAL (outcome).")
MappingMethod = strawberry.enum(seed_models.Method, name="MappingMethod", description="How the mapping was made.")
MappingStatus = strawberry.enum(seed_models.Status, name="MappingStatus", description="Editorial status of the mapping.")


@strawberry.enum(description="Which way a mapping runs, seen from a requirement.")
class Direction(Enum):
    OUTGOING = "OUTGOING"
    INCOMING = "INCOMING"


@strawberry.enum(description="How completely a set of mappings covers a requirement.")
class Coverage(Enum):
    FULL = "FULL"
    PARTIAL = "PARTIAL"


@strawberry.type(description="A SKOS topic (risk management, human oversight, …) that requirements address.")
class Concept:
    id: strawberry.ID = strawberry.field(description="Concept id, e.g. `human-oversight`.")
    label: str = strawberry.field(description="Preferred label.")
    definition: str = strawberry.field(description="Definition in our own words.")
    broader: list[str] = strawberry.field(description="Ids of broader concepts.")
    notes: list[str] = strawberry.field(description="Scope notes, e.g. which ISO/IEC 42001 Annex C objective or risk source it covers.")
    requirement_count: int | None = strawberry.field(
        description="How many requirements address it (given by `concepts`; null where not computed).")

    @classmethod
    def from_row(cls, row: dict) -> "Concept":
        return cls(id=row["id"], label=row["label"], definition=row["definition"], broader=row.get("broader", []),
                   notes=row.get("notes") or [],
                   requirement_count=row.get("requirementCount"))


@strawberry.type(description="A standard, regulation or body of guidance.")
class Framework:
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. `iso42001`, `eu-ai-act`.")
    name: str = strawberry.field(description="Short official designation, e.g. `ISO/IEC 42001:2023`.")
    title: str = strawberry.field(description="Official title.")
    version: str = strawberry.field(description="Edition or publication reference.")
    kind: str = strawberry.field(description="standard, regulation, principles or guidance.")
    publisher: str = strawberry.field(description="Who publishes it.")
    jurisdiction: str = strawberry.field(description="international, EU or UK.")
    url: str | None = strawberry.field(description="Where the official text is (none for organisation control sets).")
    published: dt.date | None = strawberry.field(description="Publication date.")
    applies_from: dt.date | None = strawberry.field(description="Date from which it generally applies.")
    requirement_count: int = strawberry.field(description="How many requirements it has in the graph.")
    checked: dt.date | None = strawberry.field(description="The day its content was last checked against its source.")
    checked_how: str | None = strawberry.field(description="Against what it was checked, and what is unverified.")
    conditions: list[Condition] = strawberry.field(description="Conditions its application dates may depend on.")
    supersedes_id: strawberry.Private[str | None]
    transition_ends: dt.date | None = strawberry.field(description="For a new edition: when certification to the edition it supersedes ends.")

    @classmethod
    def from_row(cls, row: dict) -> "Framework":
        # .get: sharedControls reads only the properties its selection asks for (server/selection.py)
        return cls(id=row["id"], name=row.get("name"), title=row.get("title"), version=row.get("version"),
                   kind=row.get("kind"), publisher=row.get("publisher"), jurisdiction=row.get("jurisdiction"),
                   url=row.get("url"),
                   published=row.get("published"), applies_from=row.get("appliesFrom"),
                   requirement_count=row.get("requirementCount", 0), checked=row.get("checked"),
                   checked_how=row.get("checkedHow"), supersedes_id=row.get("supersedes"),
                   transition_ends=row.get("transitionEnds"),
                   conditions=[Condition(id=i, label=label) for i, label in
                               zip(row.get("conditionIds") or [], row.get("conditionLabels") or [])])

    @strawberry.field(description="Its dated versions, oldest first (consolidated versions of a law, amended editions).")
    async def versions(self, info: Info) -> list[FrameworkVersion]:
        return [FrameworkVersion.from_row(v) for v in (await info.context.framework_history.load(self.id))["versions"]]

    @strawberry.field(description="Amendment records, in force, adopted and proposed, oldest first.")
    async def amendments(self, info: Info) -> list[Amendment]:
        return [Amendment.from_row(a) for a in (await info.context.framework_history.load(self.id))["amendments"]]

    @strawberry.field(description="The earlier edition this one replaces, if any.")
    async def supersedes(self, info: Info) -> "Framework | None":
        row = await info.context.frameworks.load(self.supersedes_id) if self.supersedes_id else None
        return Framework.from_row(row) if row else None

    @strawberry.field(description="Later editions that replace this one.")
    async def superseded_by(self, info: Info) -> list["Framework"]:
        ids = (await info.context.framework_history.load(self.id))["supersededBy"]
        return [Framework.from_row(r) for r in await info.context.frameworks.load_many(ids) if r]

    @strawberry.field(description="Requirements per kind, and mappings per other framework and per relation.")
    async def stats(self, info: Info) -> Annotated["FrameworkStats", strawberry.lazy("server.answers")]:
        from server.answers import FrameworkStats
        return FrameworkStats.from_row(await info.context.framework_stats.load(self.id))

    @strawberry.field(description="This framework's requirements in document order.")
    async def requirements(self, info: Info, kind: str | None = None, first: int = 50, after: str | None = None) -> Connection["Requirement"]:
        start = decode_cursor(after)
        total, rows = await info.context.framework_pages.load((self.id, check_kind(kind), start, check_first(first)))
        return make_connection(rows, total, start, Requirement.from_row)


@strawberry.type(description="Who asserted a mapping, how and when.")
class Provenance:
    source: str = strawberry.field(description="A citation, or `crosswalk-editorial` for our own analysis.")
    author: str = strawberry.field(description="Who wrote the mapping.")
    reviewer: str | None = strawberry.field(description="Who reviewed it, if anyone.")
    method: MappingMethod = strawberry.field(description="manual, derived or automated.")
    status: MappingStatus = strawberry.field(description="draft, reviewed or deprecated.")
    date: dt.date = strawberry.field(description="When it was asserted.")
    mapping_set: str = strawberry.field(description="The mapping set (seed file) it belongs to.")


@strawberry.type(description="An asserted relationship between two requirements, with its justification and provenance.")
class Mapping:
    id: strawberry.ID = strawberry.field(description="Stable id: `<mapping set>|<subject>|<object>`.")
    subject_id: strawberry.Private[str]
    object_id: strawberry.Private[str]
    relation: Relation = strawberry.field(description="The relation as asserted, read from subject to object.")
    rationale: Rationale = strawberry.field(description="Why the relation holds.")
    strength: int = strawberry.field(description="1–10: how much of the object the subject covers.")
    confidence: float = strawberry.field(description="0–1: how sure the author is.")
    justification: str = strawberry.field(description="What overlaps and what is missing, specific to this pair.")
    provenance: Provenance = strawberry.field(description="Source, author, reviewer, method, status, date.")
    inferred: bool = strawberry.field(description="True when derived from other mappings rather than asserted.")
    subject_version: str | None = strawberry.field(description="The version of the subject's framework it was assessed against.")
    object_version: str | None = strawberry.field(description="The version of the object's framework it was assessed against.")
    needs_review: bool = strawberry.field(description="True when an end's text changed after the version it was assessed "
                                                      "against (a change of dates alone does not count).")
    review_reasons: list[str] = strawberry.field(description="Which end changed, by which amendment, from when.")

    @staticmethod
    def fields_from_row(row: dict) -> dict:
        # A row may hold only the properties the selection reads (server/selection.py): what is
        # missing stays None, and GraphQL never asks for it.
        return dict(id=row["id"], subject_id=row["subject"], object_id=row["object"],
                    relation=_enum(seed_models.Relation, row.get("relation")),
                    rationale=_enum(seed_models.Rationale, row.get("rationale")),
                    strength=row.get("strength"), confidence=row.get("confidence"), justification=row.get("justification"),
                    inferred=row.get("inferred", False), subject_version=row.get("subjectVersion"),
                    object_version=row.get("objectVersion"), needs_review=bool(row.get("needsReview")),
                    review_reasons=row.get("reviewReasons") or [],
                    provenance=Provenance(source=row.get("source"), author=row.get("author"), reviewer=row.get("reviewer"),
                                          method=_enum(seed_models.Method, row.get("method")),
                                          status=_enum(seed_models.Status, row.get("status")),
                                          date=row.get("date"), mapping_set=row.get("mappingSet")))

    @classmethod
    def from_row(cls, row: dict) -> "Mapping":
        return cls(**cls.fields_from_row(row))

    @strawberry.field(description="The requirement the assertion is about.")
    async def subject(self, info: Info) -> "Requirement":
        return Requirement.from_row(await info.context.requirements.load(self.subject_id))

    @strawberry.field(description="The requirement it is related to.")
    async def object(self, info: Info) -> "Requirement":
        return Requirement.from_row(await info.context.requirements.load(self.object_id))


@strawberry.type(description="A mapping seen from one requirement: which way it runs and what is at the other end.")
class RequirementMapping(Mapping):
    direction: Direction = strawberry.field(description="OUTGOING when this requirement is the subject.")
    relation_from_here: Relation = strawberry.field(
        description="The relation read from this requirement: SUBSET_OF and SUPERSET_OF swap for INCOMING mappings.")
    other_id: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: dict) -> "RequirementMapping":
        return cls(**cls.fields_from_row(row), direction=Direction(row["direction"]),
                   relation_from_here=seed_models.Relation(row["relationFromHere"]), other_id=row["other"])

    @strawberry.field(description="The requirement at the other end.")
    async def other(self, info: Info) -> "Requirement":
        return Requirement.from_row(await info.context.requirements.load(self.other_id))


@strawberry.type(description="A citable provision: clause, control, objective, article, paragraph, point, annex, principle or expectation.")
class Requirement:
    id: strawberry.ID = strawberry.field(description="`<framework>:<ref>`, e.g. `iso42001:A.6.2.8`, `eu-ai-act:Art.14(4)`.")
    framework_id: strawberry.Private[str]
    parent_id: strawberry.Private[str | None]
    ref: str = strawberry.field(description="The official citation within its framework.")
    kind: str = strawberry.field(description="clause, objective, control, chapter, section, article, paragraph, point, annex, principle, expectation.")
    title: str = strawberry.field(description="Official title (or citation label where the text has none).")
    summary: str | None = strawberry.field(description="What it asks for, in our own words (never the official text).")
    url: str | None = strawberry.field(description="Where to read the source.")
    order: int = strawberry.field(description="Position in document order.")
    roles: list[str] = strawberry.field(description="Whom it binds (EU AI Act): provider, deployer, importer, …")
    risk_tiers: list[str] = strawberry.field(description="EU AI Act risk tiers it concerns.")
    applies_from: dt.date | None = strawberry.field(description="The earliest date from which it applies, where the "
                                                                "framework says (see `applies` for dates per condition).")
    applies: list[Application] = strawberry.field(description="When it applies under today's text, per condition "
                                                               "(e.g. Annex III and Annex I high-risk systems).")
    published: dt.date | None = strawberry.field(description="Publication date, for source documents (kind `document`).")
    section: str | None = strawberry.field(description="Where in its source document it comes from, where there is a section.")

    @classmethod
    def from_row(cls, row: dict) -> "Requirement":
        return cls(id=row["id"], framework_id=row["framework"], parent_id=row.get("parent"), ref=row.get("ref"),
                   kind=row.get("kind"), title=row.get("title"), summary=row.get("summary"), url=row.get("url"),
                   order=row.get("order"), roles=row.get("roles", []), risk_tiers=row.get("riskTiers", []),
                   applies_from=row.get("appliesFrom"), applies=applications(row), published=row.get("published"),
                   section=row.get("section"))

    @strawberry.field(description="Every version of its text and dates, oldest first, each with the amendment that made it.")
    async def versions(self, info: Info) -> list[ProvisionVersion]:
        return [ProvisionVersion.from_row(v) for v in await info.context.versions.load(self.id)]

    @strawberry.field(description="The version in force on a day (what the text said then); null if it was not in force.")
    async def version_on(self, info: Info, date: dt.date) -> ProvisionVersion | None:
        found = version_on(await info.context.versions.load(self.id), date)
        return ProvisionVersion.from_row(found) if found else None

    @strawberry.field(description="The framework it belongs to.")
    async def framework(self, info: Info) -> Framework:
        return Framework.from_row(await info.context.frameworks.load(self.framework_id))

    @strawberry.field(description="The provision it is part of, if any.")
    async def parent(self, info: Info) -> "Requirement | None":
        if self.parent_id is None:
            return None
        return Requirement.from_row(await info.context.requirements.load(self.parent_id))

    @strawberry.field(description="Its sub-provisions in document order.")
    async def children(self, info: Info) -> list["Requirement"]:
        return [Requirement.from_row(r) for r in await info.context.children.load(self.id)]

    @strawberry.field(description="The topics it addresses.")
    async def concepts(self, info: Info) -> list[Concept]:
        return [Concept.from_row(r) for r in await info.context.concepts.load(self.id)]

    @strawberry.field(description="Mappings in both directions, strongest first.")
    async def mappings(self, info: Info, direction: Direction | None = None, relations: list[Relation] | None = None,
                       min_strength: int | None = None,
                       framework: Annotated[strawberry.ID | None, strawberry.argument(
                           description="Only mappings whose other end is in this framework.")] = None) -> list[RequirementMapping]:
        rows = await info.context.mappings.load(self.id)
        wanted = {r.value for r in relations} if relations else None
        return [RequirementMapping.from_row(r) for r in rows
                if (direction is None or r["direction"] == direction.value)
                and (framework is None or r["otherFramework"] == framework)
                and (wanted is None or r["relationFromHere"] in wanted)
                and (min_strength is None or r["strength"] >= min_strength)]


@strawberry.type(description="A requirement of another framework that a shared control covers.")
class CoveredRequirement:
    requirement: "Requirement" = strawberry.field(description="The covered requirement.")
    relation: Relation = strawberry.field(description="The relation read from the shared control.")
    rationale: Rationale = strawberry.field(description="What the relation rests on: SYNTACTIC (shared structure), "
                                                        "SEMANTIC or FUNCTIONAL.")
    strength: int = strawberry.field(description="Strength of the mapping.")
    mapping_id: strawberry.ID = strawberry.field(description="The mapping that justifies it.")


@strawberry.type(description="What a shared control covers in one other framework.")
class SharedControlFramework:
    coverage: Coverage = strawberry.field(description="FULL if any mapping is EQUAL or SUPERSET_OF from the control in "
                                                      "substance (FUNCTIONAL, or SEMANTIC with no FUNCTIONAL assessment of "
                                                      "the pair), else PARTIAL.")
    strength: int = strawberry.field(description="Sum of the strengths of its mappings into this framework.")
    requirements: list[CoveredRequirement] = strawberry.field(description="The requirements it maps to there.")
    # read by sharedControls beside its ranking (server/schema.py); None when the selection does not ask
    framework: Framework = strawberry.field(description="The other framework.")


@strawberry.type(description="A requirement that helps satisfy several frameworks at once.")
class SharedControl:
    requirement: "Requirement" = strawberry.field(description="The control (requirement) itself.")
    framework_count: int = strawberry.field(description="How many other frameworks it maps into.")
    total_strength: int = strawberry.field(description="Sum of the strengths of all its counted mappings.")
    frameworks: list[SharedControlFramework] = strawberry.field(description="Per other framework, what it covers.")

    @classmethod
    def from_row(cls, row: dict, frameworks: dict[str, Framework]) -> "SharedControl":
        # Requirement rows come inline from the query, frameworks from `frameworks` (by id): no further round trips.
        return cls(requirement=Requirement.from_row(row["requirement"]), framework_count=row["frameworkCount"],
                   total_strength=row["totalStrength"],
                   frameworks=[SharedControlFramework(
                       framework=frameworks.get(f["framework"]),
                       coverage=Coverage(f["coverage"]), strength=f["strength"],
                       requirements=[CoveredRequirement(requirement=Requirement.from_row(h["requirement"]),
                                                        relation=seed_models.Relation(h["relation"]),
                                                        rationale=seed_models.Rationale(h["rationale"]),
                                                        strength=h["strength"], mapping_id=h["mapping"])
                                     for h in sorted(f["hits"], key=lambda h: h["order"])])
                       for f in row["perFramework"]])
