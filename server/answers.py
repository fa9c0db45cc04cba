"""GraphQL types of the cross-framework answers: crosswalk, coverage, paths, topics, search, compare, stats.

Rows come from one named query per root field; requirement rows arrive inline, so building
these types costs no further round trips.
"""

from collections import defaultdict
from enum import Enum

import strawberry
from strawberry.types import Info

from graph import seed_models
from server.pagination import Connection
from server.types import Concept, Framework, Mapping, Rationale, Relation, Requirement

Role = strawberry.enum(Enum("Role", {r.name.upper(): r.value for r in seed_models.Role}),
                       description="Whom an EU AI Act provision binds.")


@strawberry.enum(description="Stable orders for `requirements`.")
class RequirementOrder(Enum):
    DOCUMENT = "DOCUMENT"
    ID = "ID"


@strawberry.enum(description="Stable orders for `mappings`: ties always fall back to document order, then mapping id.")
class MappingOrder(Enum):
    DOCUMENT = "DOCUMENT"
    STRENGTH = "STRENGTH"
    CONFIDENCE = "CONFIDENCE"


@strawberry.enum(description="How completely the `using` frameworks cover a requirement.")
class CoverageStatus(Enum):
    FULL = "FULL"
    PARTIAL = "PARTIAL"
    NONE = "NONE"


def _mapping(row: dict) -> Mapping:
    return Mapping.from_row(row)


# -- crosswalk ---------------------------------------------------------------------------

@strawberry.type(description="What one requirement of `from` maps to in `to`.")
class CrosswalkHit:
    relation: Relation = strawberry.field(description="The relation read from the `from` requirement.")
    strength: int = strawberry.field(description="Strength (for an inferred hit, the weaker link's).")
    confidence: float = strawberry.field(description="Confidence (for an inferred hit, the product of both links').")
    inferred: bool = strawberry.field(description="True when composed from two asserted mappings rather than asserted.")
    target: Requirement = strawberry.field(description="The requirement of `to`.")
    via: list[Mapping] = strawberry.field(description="The asserted mapping, or the two that an inferred hit composes.")
    via_id: strawberry.ID = strawberry.field(name="viaId", description="The provision of `from` the mapping is on: the "
                                             "requirement itself, one under it, or (inherited) one above it.")
    inherited: bool = strawberry.field(description="True when the mapping is on a provision above the requirement, which "
                                                   "has none of its own into `to`: it reaches it partly at most.")

    @classmethod
    def from_row(cls, row: dict) -> "CrosswalkHit":
        return cls(relation=seed_models.Relation(row["relation"]), strength=row["strength"],
                   confidence=round(row["confidence"], 4), inferred=row["inferred"],
                   target=Requirement.from_row(row["target"]), via=[_mapping(m) for m in row["via_mappings"]],
                   via_id=row["via"], inherited=row["inherited"])


@strawberry.type(description="One requirement of `from` with everything it maps to in `to`.")
class CrosswalkRow:
    requirement: Requirement = strawberry.field(description="The requirement of `from`.")
    hits: list[CrosswalkHit] = strawberry.field(description="Its mappings into `to`; empty when it has none.")


@strawberry.type(description="A crosswalk between two frameworks, requirement by requirement.")
class Crosswalk:
    from_id: strawberry.Private[str]
    to_id: strawberry.Private[str]
    requirement_count: int = strawberry.field(description="Requirements of `from` considered.")
    mapped_count: int = strawberry.field(description="How many of them map to something in `to`.")
    unmapped: list[Requirement] = strawberry.field(description="Requirements of `from` with no mapping into `to`.")
    rows: Connection[CrosswalkRow] = strawberry.field(description="Every requirement of `from` in document order, paged.")

    @strawberry.field(name="from", description="The framework read from.")
    async def from_(self, info: Info) -> Framework:
        return Framework.from_row(await info.context.frameworks.load(self.from_id))

    @strawberry.field(description="The framework mapped into.")
    async def to(self, info: Info) -> Framework:
        return Framework.from_row(await info.context.frameworks.load(self.to_id))


# -- coverage ----------------------------------------------------------------------------

@strawberry.type(description="A mapping that contributes to covering a target requirement.")
class CoverageHit:
    relation: Relation = strawberry.field(description="The relation read from the covering requirement.")
    source: Requirement = strawberry.field(description="The covering requirement (of a `using` framework).")
    via_id: strawberry.ID = strawberry.field(
        name="viaId", description="The provision the mapping is on: the target itself, one under it, or (inherited) one above it.")
    rationale: Rationale = strawberry.field(description="What the hit rests on: SYNTACTIC (shared structure, reusable but "
                                                        "not substance), SEMANTIC or FUNCTIONAL.")
    inherited: bool = strawberry.field(description="True when the mapping is on a provision above the target and the "
                                                   "target has none of its own: it counts as PARTIAL at most.")
    mapping: Mapping = strawberry.field(description="The asserted mapping that justifies it.")


@strawberry.type(description="How far one target requirement is covered.")
class CoverageItem:
    requirement: Requirement = strawberry.field(description="The target requirement.")
    status: CoverageStatus = strawberry.field(
        description="FULL (a substantive EQUAL/SUPERSET_OF mapping to it, or every lowest provision under it FULL), "
                    "PARTIAL (any other hit on it, under it, or inherited from above) or NONE.")
    reusable_structure: bool = strawberry.field(description="True when a SYNTACTIC EQUAL/SUPERSET_OF hit shows that the "
                                                            "process and document structure can be reused.")
    hits: list[CoverageHit] = strawberry.field(description="The mappings that justify the status: on it first, then on the provisions under it.")

    @classmethod
    def from_row(cls, row: dict) -> "CoverageItem":
        return cls(requirement=Requirement.from_row(row["requirement"]), status=CoverageStatus(row["status"]),
                   reusable_structure=row["reusable"],
                   hits=[CoverageHit(relation=seed_models.Relation(h["relation"]), source=Requirement.from_row(h["source"]),
                                     via_id=h["via"], rationale=seed_models.Rationale(h["rationale"]),
                                     inherited=h["inherited"], mapping=_mapping(h["mapping"])) for h in row["hits"]])


@strawberry.type(description="Coverage of one framework by others: totals, per-requirement status and the gaps.")
class CoverageReport:
    target_id: strawberry.Private[str]
    using_ids: strawberry.Private[list[str]]
    total: int = strawberry.field(description="Target requirements considered (after kind, role and date filters).")
    full: int = strawberry.field(description="How many are FULL.")
    partial: int = strawberry.field(description="How many are PARTIAL.")
    none: int = strawberry.field(description="How many are NONE: the gaps.")
    full_percent: float = strawberry.field(description="FULL as a percentage of total (one decimal).")
    covered_percent: float = strawberry.field(description="FULL or PARTIAL as a percentage of total (one decimal).")
    reusable_structure: int = strawberry.field(description="How many have structure that can be reused (a SYNTACTIC "
                                                           "EQUAL/SUPERSET_OF hit): a separate figure, never coverage.")
    reusable_structure_percent: float = strawberry.field(description="`reusableStructure` as a percentage of total.")
    gaps: list[Requirement] = strawberry.field(description="The requirements with no coverage, in document order.")
    items: Connection[CoverageItem] = strawberry.field(description="Per target requirement, its status and mappings (paged, filtered by `status`).")

    @strawberry.field(description="The framework being covered.")
    async def target(self, info: Info) -> Framework:
        return Framework.from_row(await info.context.frameworks.load(self.target_id))

    @strawberry.field(description="The frameworks (or organisation control sets) doing the covering.")
    async def using(self, info: Info) -> list[Framework]:
        return [Framework.from_row(f) for f in await info.context.frameworks.load_many(self.using_ids)]


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


# -- paths -------------------------------------------------------------------------------

@strawberry.type(description="One link of a path: a mapping walked from `from` to `to`.")
class PathHop:
    from_id: strawberry.ID = strawberry.field(name="fromId", description="The requirement this hop leaves.")
    to_id: strawberry.ID = strawberry.field(name="toId", description="The requirement this hop reaches.")
    relation_from_here: Relation = strawberry.field(description="The relation read in the walking direction.")
    mapping: Mapping = strawberry.field(description="The full asserted mapping, with justification and provenance.")


@strawberry.type(description="A chain of asserted mappings between two requirements.")
class MappingPath:
    hops: list[PathHop] = strawberry.field(description="The links in order.")
    length: int = strawberry.field(description="Number of hops.")
    weakest_strength: int = strawberry.field(description="The lowest strength along the chain: a chain is no stronger than it.")
    direct: bool = strawberry.field(description="True for a single asserted mapping.")
    exploration_only: bool = strawberry.field(
        description="True for indirect chains: NIST IR 8477 set relations do not compose, so an indirect chain is a lead "
                    "to explore, not an assertion that the ends are related.")
    starts_at: strawberry.ID = strawberry.field(description="Where the chain starts: `from`, or a provision under or above it.")
    ends_at: strawberry.ID = strawberry.field(description="Where the chain ends: `to`, or a provision under or above it.")
    inherited: bool = strawberry.field(description="True when an end is a provision above the one asked about: the link "
                                                   "reaches it only through its parent, so partly at most.")

    @classmethod
    def from_row(cls, row: dict) -> "MappingPath":
        hops = row["hops"]
        return cls(hops=[PathHop(from_id=h["from"], to_id=h["to"], relation_from_here=seed_models.Relation(h["relationFromHere"]),
                                 mapping=_mapping(h["mapping"])) for h in hops],
                   length=len(hops), weakest_strength=min(h["mapping"]["strength"] for h in hops),
                   direct=len(hops) == 1, exploration_only=len(hops) > 1, starts_at=hops[0]["from"],
                   ends_at=hops[-1]["to"], inherited=row["inherited"])


# -- topics, search, compare, stats -------------------------------------------------------

@strawberry.type(description="The requirements of one framework that address a topic.")
class TopicGroup:
    framework_id: strawberry.Private[str]
    requirements: list[Requirement] = strawberry.field(description="In document order.")

    @strawberry.field(description="The framework.")
    async def framework(self, info: Info) -> Framework:
        return Framework.from_row(await info.context.frameworks.load(self.framework_id))


@strawberry.type(description="A topic with every requirement that addresses it, grouped by framework.")
class Topic:
    concept: Concept = strawberry.field(description="The topic.")
    requirement_count: int = strawberry.field(description="Requirements across all groups.")
    groups: list[TopicGroup] = strawberry.field(description="One group per framework.")


@strawberry.type(description="A search result with its relevance score.")
class SearchHit:
    requirement: Requirement = strawberry.field(description="The matching requirement.")
    score: float = strawberry.field(description="Full-text relevance (higher is better).")


@strawberry.type(description="Several requirements side by side with the mappings among them.")
class Comparison:
    requirements: list[Requirement] = strawberry.field(description="In the order asked for.")
    mappings: list[Mapping] = strawberry.field(description="Asserted mappings whose both ends are among them.")


@strawberry.type(description="A count per kind of requirement.")
class KindCount:
    kind: str = strawberry.field(description="Requirement kind.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="A count of mappings per relation.")
class RelationCount:
    relation: Relation = strawberry.field(description="Relation read from the framework whose stats these are.")
    count: int = strawberry.field(description="How many mappings.")


@strawberry.type(description="Mappings between this framework and one other.")
class FrameworkMappingCount:
    framework_id: strawberry.ID = strawberry.field(name="frameworkId", description="The other framework.")
    count: int = strawberry.field(description="Asserted, non-deprecated mappings.")
    by_relation: list[RelationCount] = strawberry.field(description="The same, per relation.")


@strawberry.type(description="Counts that describe a framework's content and how connected it is.")
class FrameworkStats:
    by_kind: list[KindCount] = strawberry.field(description="Requirements per kind.")
    mapping_count: int = strawberry.field(description="Asserted, non-deprecated mappings to other frameworks.")
    by_framework: list[FrameworkMappingCount] = strawberry.field(description="Mappings per other framework.")
    by_relation: list[RelationCount] = strawberry.field(description="Mappings per relation, read from this framework.")

    @classmethod
    def from_row(cls, row: dict) -> "FrameworkStats":
        per_fw, per_rel = defaultdict(list), defaultdict(int)
        for m in row["mappings"]:
            per_fw[m["framework"]].append(m)
            per_rel[m["relation"]] += m["count"]
        rel = lambda r, n: RelationCount(relation=seed_models.Relation(r), count=n)  # noqa: E731
        return cls(by_kind=[KindCount(kind=k["kind"], count=k["count"]) for k in row["kinds"]],
                   mapping_count=sum(per_rel.values()),
                   by_framework=[FrameworkMappingCount(framework_id=fw, count=sum(m["count"] for m in ms),
                                                       by_relation=[rel(m["relation"], m["count"]) for m in ms])
                                 for fw, ms in per_fw.items()],
                   by_relation=[rel(r, n) for r, n in sorted(per_rel.items())])
