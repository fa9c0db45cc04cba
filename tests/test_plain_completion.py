"""Plain completion (server/plain_completion.py) gives graphql-core's answer, errors included, in fewer steps.

Each document runs with plain completion on and off; data and errors must be identical. The
count of fields graphql-core executed shows the plans were used, so a plan that silently
never applies fails here too."""

import asyncio
import datetime as dt
import enum

import pytest
import strawberry

from server.plain_completion import PlainCompletion
from server.schema import build_schema
from tests.test_compiled import EXAMPLES, run


class Counting(PlainCompletion):
    """Counts the fields graphql-core executes one by one."""
    executed = 0

    def execute_field(self, *args, **kwargs):
        Counting.executed += 1
        return super().execute_field(*args, **kwargs)


def executed_fields(settings, schema, document) -> tuple:
    Counting.executed = 0
    result, _ = run(settings, schema, document)
    return result, Counting.executed


def outcome(result) -> tuple:
    return result.data, [(e.message, e.path) for e in result.errors or []]


# ---- the real schema, on the seeds ------------------------------------------------------------

SHARED = """fragment Hit on CoveredRequirement { requirement { id title __typename } relation rationale strength mappingId }
    { sharedControls(minFrameworks: 2, first: 30) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { requirement { id ref roles appliesFrom } frameworkCount } }
        nodes { n: frameworkCount totalStrength frameworks { framework { id name published } coverage strength
          requirements { ...Hit } } } } }"""
COVERAGE = """{ coverage(target: "iso42001", using: ["iso27001"]) { total full partial none gaps { id title }
    items { nodes { status requirement { id title framework { id } } hits { relation source { id } mapping { strength } } } } } }"""


@pytest.fixture(scope="module")
def schemas(settings, real_graph):
    resolvers = settings.model_copy(update={"compiled_reads": False})  # compiled reads skip execution altogether
    plain = build_schema(resolvers)
    assert plain.execution_context_class is PlainCompletion
    plain.execution_context_class = Counting
    return plain, build_schema(resolvers.model_copy(update={"plain_completion": False}))


@pytest.mark.parametrize("name", ["sharedControls", "coverage", *EXAMPLES])
def test_answers_are_the_same_with_and_without_plain_completion(settings, schemas, name):
    document = {"sharedControls": SHARED, "coverage": COVERAGE}.get(name) or EXAMPLES[name]
    plain, ordinary = schemas
    with_plans, _ = run(settings, plain, document)
    without, _ = run(settings, ordinary, document)
    assert outcome(with_plans) == outcome(without)
    assert with_plans.data and not with_plans.errors


def test_a_page_of_plain_objects_is_completed_without_graphql_core(settings, schemas):
    plain, _ = schemas
    result, fields = executed_fields(settings, plain, SHARED)
    rows = result.data["sharedControls"]["nodes"]
    hits = sum(len(f["requirements"]) for row in rows for f in row["frameworks"])
    assert hits > 30
    assert fields == 1  # the root resolver; everything below it came from plans


def test_a_resolver_below_is_left_to_graphql_core_and_plain_objects_around_it_still_planned(settings, schemas):
    plain, _ = schemas
    result, fields = executed_fields(settings, plain, COVERAGE)
    items = result.data["coverage"]["items"]["nodes"]
    assert items
    # Requirement.framework is a resolver: each item's requirement goes field by field, its hits do not
    assert len(items) < fields < 10 * len(items)


# ---- a small schema, for what the seeds never hold --------------------------------------------

@strawberry.enum
class Colour(enum.Enum):
    RED = "red"


@strawberry.type
class Leaf:
    name: str
    size: int | None
    colour: Colour
    day: dt.date | None


@strawberry.type
class Box:
    leaves: list[Leaf]
    label: str

    @strawberry.field
    def shout(self) -> str:
        return self.label.upper()


def toy_schema(plain: bool):
    @strawberry.type
    class Query:
        @strawberry.field
        def boxes(self, broken: str = "") -> list[Box]:
            leaf = Leaf(name="a", size=3, colour=Colour.RED, day=dt.date(2026, 8, 2))
            if broken == "null":
                leaf = Leaf(name=None, size=3, colour=Colour.RED, day=None)  # a null where the schema says String!
            if broken == "int":
                leaf = Leaf(name="b", size="three", colour=Colour.RED, day=None)  # a value Int refuses
            return [Box(leaves=[leaf, Leaf(name="c", size=None, colour=Colour.RED, day=None)], label="x"), Box(leaves=[], label="y")]
    return strawberry.Schema(query=Query, execution_context_class=PlainCompletion if plain else None)


TOY = {
    "plain": "{ boxes { label leaves { name size colour day __typename } } }",
    "aliases, fragments, directives": """fragment L on Leaf { n: name colour }
        query($no: Boolean!) { boxes { ... on Box { label } leaves { ...L size @include(if: $no) day @skip(if: $no) } } }""",
    "a resolver inside": "{ boxes { shout leaves { name } } }",
    "null where forbidden": '{ boxes(broken: "null") { label leaves { name size } } }',
    "a value the scalar refuses": '{ boxes(broken: "int") { label leaves { name size } } }',
}


@pytest.mark.parametrize("name", TOY)
def test_the_small_schema_answers_the_same(name):
    answers = [asyncio.run(toy_schema(plain).execute(TOY[name], variable_values={"no": False})) for plain in (True, False)]
    assert outcome(answers[0]) == outcome(answers[1])
    assert answers[0].data is not None or answers[0].errors
    if name.startswith(("null", "a value")):
        assert answers[0].errors  # the error graphql-core words, with its path
