"""Compiled reads (server/compiled.py) answer exactly what the resolvers answer, in one round trip.

Every document runs twice on the real seeds, once with CROSSWALK_COMPILED_READS on and once
off; the answers (data and errors) must be identical. Documents the compiler should take must
also have cost one round trip, so a compiler that silently gives up fails here too."""

import asyncio

import pytest

from crosswalk import data_path
from graph.access import PUBLIC, Viewer
from graph.connection import async_driver
from graph.reads import GraphReader
from server.context import Context
from server.schema import build_schema

pytestmark = pytest.mark.neo4j

REQUIREMENT = """fragment Req on Requirement { id ref kind title summary url order roles riskTiers appliesFrom published section }"""
COMPILED = {
    "requirement and its mappings": """{ requirement(id: "iso42001:A.6.2.8") { id title summary mappings { id relation
        strength confidence rationale justification direction relationFromHere inferred needsReview reviewReasons
        subjectVersion objectVersion provenance { source author reviewer method status date mappingSet }
        subject { id } object { id } other { id title framework { id name checked published appliesFrom } } } } }""",
    "every plain field, fragments and aliases": REQUIREMENT + """
        { a: requirement(id: "eu-ai-act:Art.14") { ...Req __typename parent { ...Req } children { ...Req }
            concepts { id label definition broader notes requirementCount __typename } }
          b: requirement(id: "eu-ai-act:Art.6(2)") { ... on Requirement { id title } applies2: appliesFrom }
          missing: requirement(id: "no:such") { id } }""",
    "filtered mappings": """{ requirement(id: "eu-ai-act:Art.14") {
        out: mappings(direction: OUTGOING) { id } in: mappings(direction: INCOMING, minStrength: 6) { id strength }
        iso: mappings(framework: "iso42001", relations: [SUBSET_OF, SUPERSET_OF]) { id relationFromHere } } }""",
    "a framework's pages": """{ framework(id: "eu-ai-act") { id name title version kind publisher jurisdiction url
        requirementCount checked checkedHow transitionEnds
        first: requirements(first: 100) { totalCount nodes { id children { id title } concepts { id label } } }
        points: requirements(kind: "point", first: 3, after: "b2Zmc2V0OjE=") { totalCount
          edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
        none: requirements(first: 0, after: "b2Zmc2V0OjQ=") { totalCount pageInfo { endCursor hasNextPage } } } }""",
    "mappings between two frameworks": """{ mappings(from: "iso42001", to: "eu-ai-act", first: 300) { totalCount
        nodes { id relation strength subject { id title } object { id title } } } }""",
    "mappings read from one side, by strength": """{ mappings(from: "eu-ai-act", relations: [SUBSET_OF], sort: STRENGTH,
        first: 20, after: "b2Zmc2V0OjI=") { totalCount pageInfo { hasNextPage endCursor } nodes { id relation } } }""",
    "every mapping, and within one framework": """{ all: mappings(sort: CONFIDENCE, first: 30, after: "b2Zmc2V0OjQw") {
        totalCount nodes { id subject { id } object { id } } }
        within: mappings(from: "eu-ai-act", to: "eu-ai-act") { totalCount nodes { id } }
        to: mappings(to: "iso27001", minStrength: 7) { totalCount nodes { id relation } } }""",
    "frameworks and requirement pages": """{ frameworks { id name requirementCount }
        a: requirements(framework: "iso42001", kind: "control", first: 5, after: "b2Zmc2V0OjI=") { totalCount
          pageInfo { hasNextPage endCursor } nodes { id parent { id } } }
        b: requirements(sort: ID, first: 40) { totalCount nodes { id } }
        c: requirements(first: 10) { edges { cursor node { id framework { id } } } } }""",
    "five levels": """{ requirement(id: "eu-ai-act:Art.14") { id mappings { id strength other { id title
        parent { id title mappings { id strength other { id } } } } } } }""",
    "variables": ("""query($id: ID!, $n: Int!, $r: [Relation!]) { requirement(id: $id) { mappings(relations: $r) { id } }
        mappings(from: "iso27001", to: "iso42001", first: $n) { nodes { id } } }""",
                  {"id": "iso42001:A.6.2.8", "n": 7, "r": ["INTERSECTS_WITH"]}),
}
# The resolvers answer these (fields or arguments the compiler leaves to them); the answers must still agree.
RESOLVED = {
    "unknown framework": """{ mappings(from: "nope", to: "iso42001") { totalCount } }""",
    "bad cursor": """{ mappings(from: "iso42001", after: "garbage") { totalCount } }""",
    "page too large": """{ framework(id: "iso42001") { requirements(first: 501) { totalCount } } }""",
    "unknown framework of a page": """{ requirements(framework: "nope") { totalCount } }""",
    "concept filter": """{ requirements(concept: "human-oversight", first: 5) { totalCount nodes { id } } }""",
    "unknown kind": """{ framework(id: "iso42001") { requirements(kind: "chapterr") { totalCount } } }""",
    "versions and applies": """{ requirement(id: "eu-ai-act:Art.14") { id applies { from condition } versions { validFrom } } }""",
    "skip directive": """{ requirement(id: "eu-ai-act:Art.14") { id title @skip(if: true) } }""",
    "several operations": ("""query A { requirement(id: "iso42001:4.1") { id } } query B { framework(id: "iso42001") { id } }""",
                           {}, "B"),
}
EXAMPLES = {p.stem: p.read_text() for p in sorted(data_path("queries/examples").glob("*.graphql"))}


def run(settings, schema, document, variables=None, operation=None, viewer=PUBLIC):
    async def go():
        driver = async_driver(settings)
        try:
            context = Context(reader=GraphReader(driver, settings.neo4j_database, viewer))
            result = await schema.execute(document, variable_values=variables, context_value=context,
                                          operation_name=operation)
            return result, context.reader.round_trips
        finally:
            await driver.close()
    return asyncio.run(go())


@pytest.fixture(scope="module")
def schemas(settings, real_graph):
    return (build_schema(settings.model_copy(update={"compiled_reads": True})),
            build_schema(settings.model_copy(update={"compiled_reads": False})))


def answers(settings, schemas, case, viewer=PUBLIC):
    document, variables, operation = (case, None, None) if isinstance(case, str) else (*case, None)[:3]
    (compiled, trips), (resolved, _) = (run(settings, s, document, variables, operation, viewer) for s in schemas)
    errors = [[(e.message, e.path) for e in (r.errors or [])] for r in (compiled, resolved)]
    return compiled.data, resolved.data, errors, trips


@pytest.mark.parametrize("name", COMPILED)
def test_compiled_answers_equal_the_resolvers_in_one_round_trip(settings, schemas, name):
    compiled, resolved, (compiled_errors, resolved_errors), trips = answers(settings, schemas, COMPILED[name])
    assert compiled_errors == resolved_errors == []
    assert compiled == resolved and compiled
    assert trips == 1


@pytest.mark.parametrize("name", RESOLVED)
def test_what_the_compiler_leaves_alone_answers_as_before(settings, schemas, name):
    compiled, resolved, (compiled_errors, resolved_errors), _ = answers(settings, schemas, RESOLVED[name])
    assert compiled == resolved
    assert compiled_errors == resolved_errors


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_stored_question_answers_the_same(settings, schemas, name):
    compiled, resolved, (compiled_errors, resolved_errors), _ = answers(settings, schemas, EXAMPLES[name])
    assert compiled == resolved and compiled_errors == resolved_errors == []


MIXED = {
    "a requirement beside a crosswalk": """{ requirement(id: "eu-ai-act:Art.17") { id children { id mappings { id other { id } } } }
        crosswalk(from: "iso9001", to: "eu-ai-act") { requirementCount mappedCount }
        frameworks { id } }""",
    "the resolvers' part fails": """{ a: requirement(id: "iso42001:4.1") { id mappings { id } }
        b: crosswalk(from: "nope", to: "eu-ai-act") { requirementCount } c: framework(id: "iso42001") { name } }""",
}


@pytest.mark.parametrize("name", MIXED)
def test_a_document_mixing_compiled_and_resolved_fields_answers_the_same_in_fewer_round_trips(settings, schemas, name):
    document = MIXED[name]
    (compiled, trips), (resolved, resolved_trips) = (run(settings, s, document) for s in schemas)
    assert compiled.data == resolved.data  # (None both ways when a non-null field fails)
    assert list(compiled.data or {}) == list(resolved.data or {})  # the same keys, in order
    assert [(e.message, e.path) for e in compiled.errors or []] == [(e.message, e.path) for e in resolved.errors or []]
    if resolved.data is None:
        # a failed non-null root ends the resolvers' request at a point that depends on timing: they may
        # have sent fewer queries by then, never more than the compiled answer needs
        assert trips <= resolved_trips
    else:
        assert trips < resolved_trips


def test_an_admin_viewer_gets_the_same_answer_both_ways(settings, schemas):
    admin = Viewer(admin=True, keyed=True)
    compiled, resolved, _, trips = answers(settings, schemas, COMPILED["requirement and its mappings"], admin)
    assert compiled == resolved and trips == 1


def test_an_unreachable_neo4j_is_reported_at_once_not_asked_again_field_by_field(settings, schemas):
    from tests.conftest import free_port
    nowhere = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{free_port()}"})
    result, trips = run(nowhere, schemas[0], COMPILED["five levels"])
    assert result.data is None and trips == 1
    [error] = result.errors
    assert error.extensions["code"] == "GRAPH_UNAVAILABLE" and error.path == ["requirement"]
