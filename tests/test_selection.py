"""coverage and crosswalk (and sharedControls for the frameworks it reaches) read only the properties
their selection asks for (server/selection.py), and the answer is the same as when every property is read.

Each question runs once selecting every field of requirements and mappings, and again with smaller
selections (fields, fragments, inline fragments, aliases); the small answer must equal the full
answer cut down to the small selection. The properties sent to Neo4j are checked too, so a change
that quietly went back to reading every property fails here."""

import asyncio

import pytest

from graph.access import PUBLIC
from graph.connection import async_driver
from graph.reads import GraphReader
from server import selection
from server.context import Context
from server.schema import build_schema

pytestmark = pytest.mark.neo4j

REQ = """id ref kind title summary url order roles riskTiers appliesFrom published section
         applies { from condition note } framework { id } parent { id }"""
MAP = """id relation rationale strength confidence justification inferred subjectVersion objectVersion needsReview
         reviewReasons provenance { source author reviewer method status date mappingSet } subject { id } object { id }"""
COVERAGE_ARGS = 'target: "eu-ai-act", using: ["iso42001", "iso27001"], first: 500'
CROSSWALK_ARGS = 'from: "iso42001", to: "eu-ai-act", includeInferred: true, first: 500'
FULL = {
    "coverage": f"""{{ coverage({COVERAGE_ARGS}) {{ gaps {{ {REQ} }} items {{ nodes {{ status
        requirement {{ {REQ} }} hits {{ relation viaId inherited source {{ {REQ} }} mapping {{ {MAP} }} }} }} }} }} }}""",
    "crosswalk": f"""{{ crosswalk({CROSSWALK_ARGS}) {{ unmapped {{ {REQ} }} rows {{ nodes {{ requirement {{ {REQ} }}
        hits {{ relation strength confidence inferred viaId target {{ {REQ} }} via {{ {MAP} }} }} }} }} }} }}""",
}
SMALL = {
    "coverage": (f"""fragment Src on Requirement {{ title applies {{ from }} }}
        {{ coverage({COVERAGE_ARGS}) {{ gaps {{ id }} items {{ nodes {{ status requirement {{ id ... on Requirement {{ kind }} }}
          hits {{ source {{ id ...Src }} mapping {{ strength provenance {{ author }} }} }} }} }} }} }}""",
                 ["id", "framework", "parent", "applyFrom", "applyCondition", "applyNote", "kind", "title"],
                 ["id", "source", "author", "reviewer", "method", "status", "date", "mappingSet", "strength"]),
    "crosswalk": (f"""{{ crosswalk({CROSSWALK_ARGS}) {{ rows {{ nodes {{ requirement {{ id }}
          hits {{ target {{ ref name: title }} via {{ id relation }} }} }} }} }} }}""",
                  ["id", "framework", "parent", "ref", "title"], ["id", "relation"]),
}


def run(settings, document):
    """The answer, and the properties each coverage/crosswalk query was asked to read (for
    frameworks-selected: the framework properties and whether requirement counts were asked)."""
    asked = []

    class Recording(GraphReader):
        async def run(self, name, **params):
            if name in ("coverage", "crosswalk"):
                asked.append((params["requirementProps"], params["mappingProps"]))
            if name == "frameworks-selected":
                asked.append((params["props"], params["counts"]))
            return await super().run(name, **params)

    async def go():
        driver = async_driver(settings)
        try:
            schema = build_schema(settings)
            result = await schema.execute(document, context_value=Context(reader=Recording(driver, settings.neo4j_database, PUBLIC)))
            assert result.errors is None, result.errors
            return result.data
        finally:
            await driver.close()
    return asyncio.run(go()), asked


def cut(full, small):
    """`full` reduced to the shape of `small` (aliases aside: small answers are compared key by key)."""
    if isinstance(small, dict):
        return {k: cut(full[k], v) for k, v in small.items()}
    if isinstance(small, list):
        assert len(full) == len(small)
        return [cut(f, s) for f, s in zip(full, small)]
    return full


@pytest.mark.parametrize("name", sorted(SMALL))
def test_a_small_selection_reads_only_its_properties_and_answers_as_the_full_one(settings, real_graph, name):
    full, asked_full = run(settings, FULL[name])
    document, requirement_props, mapping_props = SMALL[name]
    small, asked_small = run(settings, document)
    if name == "crosswalk":  # the alias `name` reads `title`
        for row in full["crosswalk"]["rows"]["nodes"]:
            for hit in row["hits"]:
                hit["target"]["name"] = hit["target"]["title"]
    assert small == cut(full, small)
    hits = [h for n in small[name]["items" if name == "coverage" else "rows"]["nodes"] for h in n["hits"]]
    assert len(hits) > 50  # the comparison covered many hits, not an empty answer
    assert sorted(asked_small[0][0]) == sorted(requirement_props)
    assert sorted(asked_small[0][1]) == sorted(mapping_props)
    # the full selection asks for every property a Requirement or Mapping field reads
    every_requirement = {p for props in selection.REQUIREMENT_FIELDS.values() for p in props} | set(selection.REQUIREMENT_ALWAYS)
    every_mapping = {p for props in selection.MAPPING_FIELDS.values() for p in props} | set(selection.MAPPING_ALWAYS)
    assert set(asked_full[0][0]) == every_requirement and set(asked_full[0][1]) == every_mapping


def test_fragments_spread_many_times_count_once(settings, real_graph):
    """Doubling fragments (F2 spreads F1 twice, …; the cost limit allows 2^12 fields): what the innermost
    one selects is read, and nothing else."""
    fragments = "fragment F0 on Requirement { title }\n" + "\n".join(
        f"fragment F{i} on Requirement {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 13))
    data, asked = run(settings, fragments + """{ crosswalk(from: "iso42001", to: "eu-ai-act", first: 1) {
        rows { nodes { requirement { ...F12 } } } } }""")
    assert data["crosswalk"]["rows"]["nodes"][0]["requirement"]["title"]
    assert sorted(asked[0][0]) == ["framework", "id", "parent", "title"]


FRAMEWORK = """id name title version kind publisher jurisdiction url published appliesFrom requirementCount checked
               checkedHow conditions { id label } transitionEnds supersedes { id } supersededBy { id }"""


def test_shared_controls_read_only_the_framework_properties_selected(settings, real_graph):
    """The frameworks a sharedControls page reaches answer as the `frameworks` root field (whole rows) does,
    whatever is selected of them, and only the selected properties are read."""
    shared = "{ sharedControls(minFrameworks: 2, first: 50) { nodes { frameworks { framework { %s } } } } }"
    full, asked_full = run(settings, shared % FRAMEWORK)
    reached = {f["framework"]["id"]: f["framework"] for n in full["sharedControls"]["nodes"] for f in n["frameworks"]}
    assert len(reached) >= 5
    every, _ = run(settings, "{ frameworks { %s } }" % FRAMEWORK)
    assert reached == {f["id"]: f for f in every["frameworks"] if f["id"] in reached}
    assert set(asked_full[0][0]) == ({p for props in selection.FRAMEWORK_FIELDS.values() for p in props}
                                     | set(selection.FRAMEWORK_ALWAYS)) and asked_full[0][1] is True

    small, asked_small = run(settings, shared % "id label: title")
    for node in full["sharedControls"]["nodes"]:
        for f in node["frameworks"]:
            f["framework"]["label"] = f["framework"]["title"]
    assert small == cut(full, small)
    assert sorted(asked_small[0][0]) == ["id", "supersedes", "title"] and asked_small[0][1] is False


def test_every_plain_framework_field_has_its_properties_listed(settings):
    """A Framework field read from the row (no resolver of its own) that FRAMEWORK_FIELDS forgot would come
    back null from sharedControls; `id` is always read and `requirementCount` counted."""
    framework = build_schema(settings)._schema.get_type("Framework")
    plain = {name for name, field in framework.fields.items() if getattr(field.resolve, "_is_default", False)}
    assert plain == set(selection.FRAMEWORK_FIELDS) | {"id", "requirementCount"}
    assert {p for props in selection.FRAMEWORK_FIELDS.values() for p in props} | set(selection.FRAMEWORK_ALWAYS) == {
        "id", "supersedes", "name", "title", "version", "kind", "publisher", "jurisdiction", "url", "published",
        "appliesFrom", "checked", "checkedHow", "conditionIds", "conditionLabels", "transitionEnds"}
