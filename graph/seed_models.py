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


# Kinds that impose something: they need a summary and at least one concept.
IMPOSING_KINDS = {RequirementKind.clause, RequirementKind.control, RequirementKind.article,
                  RequirementKind.paragraph, RequirementKind.point, RequirementKind.principle,
                  RequirementKind.expectation}


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
    published: dt.date | None = None  # for source documents (kind `document`)
    section: Text | None = None  # where in its source document, e.g. "Principle 3" or "PRIN 2A.2"

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

    @model_validator(mode="after")
    def not_self(self):
        if self.subject_id == self.object_id:
            raise ValueError("a requirement cannot be mapped to itself")
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
