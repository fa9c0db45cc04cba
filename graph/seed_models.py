"""Pydantic models of the seed files: the single definition of what valid data is."""

import datetime as dt
import re
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

FRAMEWORK_ID = r"^[a-z][a-z0-9-]*[a-z0-9]$"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Relation(str, Enum):
    """NIST IR 8477 set-theory relationships. `A SUBSET_OF B`: all of A is in B, B asks for more."""

    EQUAL = "EQUAL"
    SUBSET_OF = "SUBSET_OF"
    SUPERSET_OF = "SUPERSET_OF"
    INTERSECTS_WITH = "INTERSECTS_WITH"
    NOT_RELATED = "NOT_RELATED"


class Rationale(str, Enum):
    SYNTACTIC = "SYNTACTIC"
    SEMANTIC = "SEMANTIC"
    FUNCTIONAL = "FUNCTIONAL"


class Method(str, Enum):
    manual = "manual"
    derived = "derived"
    automated = "automated"


class Status(str, Enum):
    draft = "draft"
    reviewed = "reviewed"
    deprecated = "deprecated"


class FrameworkKind(str, Enum):
    standard = "standard"
    regulation = "regulation"
    principles = "principles"
    guidance = "guidance"


class RequirementKind(str, Enum):
    chapter = "chapter"
    section = "section"
    clause = "clause"
    objective = "objective"
    control = "control"
    article = "article"
    paragraph = "paragraph"
    point = "point"
    annex = "annex"
    principle = "principle"
    expectation = "expectation"
    document = "document"
    function = "function"  # NIST AI RMF function (GOVERN, MAP, MEASURE, MANAGE)
    category = "category"  # NIST AI RMF category
    subcategory = "subcategory"  # NIST AI RMF subcategory (an outcome to achieve)
    risk = "risk"  # a named risk of a profile, e.g. the NIST AI 600-1 GAI risks
    action = "action"  # a suggested action of a profile, e.g. NIST AI 600-1 GV-1.1-001


# Kinds that impose something: they need a summary and at least one concept.
IMPOSING_KINDS = {RequirementKind.clause, RequirementKind.control, RequirementKind.article,
                  RequirementKind.paragraph, RequirementKind.point, RequirementKind.principle,
                  RequirementKind.expectation, RequirementKind.subcategory, RequirementKind.action}


class Role(str, Enum):
    provider = "provider"
    deployer = "deployer"
    importer = "importer"
    distributor = "distributor"
    authorised_representative = "authorised-representative"
    product_manufacturer = "product-manufacturer"
    gpai_provider = "gpai-provider"


class RiskTier(str, Enum):
    prohibited = "prohibited"
    high_risk = "high-risk"
    transparency = "transparency"
    general_purpose = "general-purpose"
    systemic_risk = "systemic-risk"


VersionId = Text  # e.g. "2024-07-12" (a consolidated version) or "2015" (an edition)
ConditionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]


class ApplicationSeed(BaseModel):
    """One date from which a provision applies, possibly only under a condition (e.g. `annex-iii`)."""

    model_config = ConfigDict(extra="forbid")

    from_: dt.date = Field(alias="from")
    condition: ConditionId | None = None
    note: Text | None = None


class VersionSeed(BaseModel):
    """A dated version of a framework's text: a consolidated version of a law, an amended standard."""

    model_config = ConfigDict(extra="forbid")

    id: VersionId
    label: Text
    valid_from: dt.date
    amendment: Annotated[str, Field(pattern=FRAMEWORK_ID)] | None = None
    url: Annotated[str, Field(pattern=r"^https?://")] | None = None


class FrameworkSeed(BaseModel):
    """The metadata block at the top of a framework file."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=FRAMEWORK_ID)]
    name: Text
    title: Text
    version: Text
    kind: FrameworkKind
    publisher: Text
    jurisdiction: Text
    url: Annotated[str, Field(pattern=r"^https?://")]
    published: dt.date | None = None
    applies_from: dt.date | None = None
    checked: dt.date | None = None  # the day the content was last checked against its source
    checked_how: Text | None = None
    versions: list[VersionSeed] = []
    conditions: dict[ConditionId, Text] = {}
    supersedes: Annotated[str, Field(pattern=FRAMEWORK_ID)] | None = None
    transition_ends: dt.date | None = None
    transition_source: Annotated[str, Field(pattern=r"^https?://")] | None = None

    @model_validator(mode="after")
    def versions_in_order(self):
        ids = [v.id for v in self.versions]
        if len(set(ids)) != len(ids):
            raise ValueError("version ids must be unique")
        dates = [v.valid_from for v in self.versions]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("versions must be listed oldest first, each with a later valid_from")
        return self


class RequirementSeed(BaseModel):
    """One provision of a framework (its children are validated separately)."""

    model_config = ConfigDict(extra="forbid")

    ref: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9.()/_-]*$")]
    kind: RequirementKind
    title: Text
    summary: Text | None = None
    concepts: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]] = []
    url: Annotated[str, Field(pattern=r"^https?://")] | None = None
    roles: list[Role] = []
    risk_tiers: list[RiskTier] = []
    applies_from: dt.date | None = None
    applies: list[ApplicationSeed] = []  # dates that may depend on a condition; or one `applies_from`
    published: dt.date | None = None  # for source documents (kind `document`)
    section: Text | None = None  # where in its source document, e.g. "Principle 3" or "PRIN 2A.2"

    @model_validator(mode="after")
    def one_way_to_give_dates(self):
        if self.applies_from and self.applies:
            raise ValueError("give either `applies_from` or `applies`, not both")
        return self

    def application(self) -> list[ApplicationSeed]:
        """The application dates, earliest first; `applies_from` is one unconditional date."""
        if self.applies_from:
            return [ApplicationSeed(**{"from": self.applies_from})]
        return sorted(self.applies, key=lambda a: a.from_)

    @model_validator(mode="after")
    def imposing_needs_summary_and_concepts(self):
        if self.kind in IMPOSING_KINDS:
            if not self.summary:
                raise ValueError(f"a {self.kind.value} needs a summary in our own words")
            if not self.concepts:
                raise ValueError(f"a {self.kind.value} needs at least one concept")
        return self


class MappingSetSeed(BaseModel):
    """The `# key: value` header of a mapping-set file; row defaults live here."""

    model_config = ConfigDict(extra="forbid")

    mapping_set_id: Annotated[str, Field(pattern=FRAMEWORK_ID)]
    title: Text
    description: Text | None = None
    source: Text = "crosswalk-editorial"
    author: Text
    reviewer: Text | None = None
    method: Method = Method.manual
    status: Status = Status.draft
    date: dt.date
    license: Text | None = None
    # which version of each framework the rows were assessed against (framework id -> version id)
    assessed_against: dict[Annotated[str, Field(pattern=FRAMEWORK_ID)], VersionId] = {}


class MappingSeed(BaseModel):
    """One asserted mapping between two requirements, with its provenance."""

    model_config = ConfigDict(extra="forbid")

    subject_id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*:\S+$")]
    predicate_id: Relation
    object_id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*:\S+$")]
    rationale: Rationale
    strength: Annotated[int, Field(ge=1, le=10)]
    confidence: Annotated[float, Field(ge=0, le=1)]
    justification: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20)]
    source: Text
    author: Text
    reviewer: Text | None = None
    method: Method
    status: Status
    date: dt.date
    subject_version: VersionId | None = None
    object_version: VersionId | None = None

    @model_validator(mode="after")
    def not_self(self):
        if self.subject_id == self.object_id:
            raise ValueError("a requirement cannot be mapped to itself")
        return self


class AmendmentStatus(str, Enum):
    in_force = "in-force"
    adopted = "adopted"  # adopted, not yet in force
    proposal = "proposal"  # recorded, never changes an answer


class Verified(str, Enum):
    """How far a fact is confirmed: by the primary text, by secondary sources only, or not at all."""

    primary = "primary"
    secondary = "secondary"
    unverified = "unverified"


class ChangeAction(str, Enum):
    inserts = "inserts"
    replaces = "replaces"  # the text changed
    repeals = "repeals"
    redates = "redates"  # only the application dates changed


TEXT_CHANGES = {ChangeAction.inserts, ChangeAction.replaces, ChangeAction.repeals}


class BeforeSeed(BaseModel):
    """What a provision said until a change took effect (only the fields that changed)."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    title: Text | None = None
    summary: Text | None = None
    roles: list[Role] | None = None
    risk_tiers: list[RiskTier] | None = None
    applies_from: dt.date | None = None
    applies: list[ApplicationSeed] | None = None

    def application(self) -> list[ApplicationSeed] | None:
        if self.applies_from:
            return [ApplicationSeed(**{"from": self.applies_from})]
        return sorted(self.applies, key=lambda a: a.from_) if self.applies is not None else None


class ChangeSeed(BaseModel):
    """One provision an amendment inserts, replaces, repeals or re-dates."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    provision: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9.()/_-]*$")]
    action: ChangeAction
    effective: dt.date | None = None  # default: the amendment's in_force
    note: Text | None = None
    verified: Verified | None = None  # default: the amendment's
    before: BeforeSeed | None = None

    @model_validator(mode="after")
    def before_fits_action(self):
        if self.action == ChangeAction.replaces and not (self.before and (self.before.title or self.before.summary)):
            raise ValueError("a `replaces` change needs `before` with the earlier title or summary")
        if self.action == ChangeAction.redates and not (self.before and self.before.application() is not None):
            raise ValueError("a `redates` change needs `before` with the earlier applies_from or applies")
        if self.action in (ChangeAction.inserts, ChangeAction.repeals) and self.before:
            raise ValueError(f"an `{self.action.value}` change takes no `before`")
        return self


class AmendmentSeed(BaseModel):
    """An amending act or amendment of a standard, with what it changes."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    id: Annotated[str, Field(pattern=FRAMEWORK_ID)]
    framework: Annotated[str, Field(pattern=FRAMEWORK_ID)]
    title: Text
    reference: Text
    celex: Text | None = None
    eli: Annotated[str, Field(pattern=r"^https?://")] | None = None
    adopted: dt.date | None = None
    published: dt.date | None = None
    in_force: dt.date | None = None
    status: AmendmentStatus
    url: Annotated[str, Field(pattern=r"^https?://")]
    verified: Verified
    verification: Text
    changes: list[ChangeSeed]

    @model_validator(mode="after")
    def dated_unless_proposal(self):
        if self.status != AmendmentStatus.proposal and not self.in_force:
            raise ValueError("an amendment in force or adopted needs `in_force`")
        return self


def requirement_id(framework: str, ref: str) -> str:
    """The stable id of a requirement: `<framework>:<ref>`."""
    return f"{framework}:{ref}"


def framework_of(requirement_id_: str) -> str:
    return re.split(":", requirement_id_, maxsplit=1)[0]


_INVERSE = {"SUBSET_OF": "SUPERSET_OF", "SUPERSET_OF": "SUBSET_OF"}


def inverse(relation: str) -> str:
    """The relation read from the object's side: SUBSET_OF and SUPERSET_OF swap, the rest are symmetric."""
    return _INVERSE.get(relation, relation)
