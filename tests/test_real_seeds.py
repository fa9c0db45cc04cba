"""The project's real seeds, loaded into Neo4j and asked through GraphQL."""

import asyncio

import pytest
from starlette.testclient import TestClient

from graph.connection import async_driver
from graph.reads import GraphReader
from graph.seed_files import read_seeds
from server.app import create_app
from server.context import Context
from server.schema import build_schema
from tests.conftest import REAL_SEEDS, gql

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def bundle(concepts):
    return read_seeds(REAL_SEEDS, concepts)


@pytest.fixture(scope="module")
def client(settings, real_graph):
    with TestClient(create_app(settings)) as client:
        yield client




def test_graph_holds_exactly_the_seeds(real_graph, bundle):
    assert real_graph["frameworks"] == len(bundle.frameworks)
    assert real_graph["requirements"] == len(bundle.requirements)
    assert real_graph["mappings"] == len(bundle.mappings)
    assert real_graph["concepts"] == len(bundle.concepts)


def test_official_structure_counts(client):
    data = gql(client, """{
      controls: requirements(framework: "iso42001", kind: "control") { totalCount nodes { ref } }
      objectives: requirements(framework: "iso42001", kind: "objective") { totalCount }
      articles: requirements(framework: "eu-ai-act", kind: "article", first: 200) { totalCount nodes { ref } }
      annexes: requirements(framework: "eu-ai-act", kind: "annex") { totalCount }
      chapters: requirements(framework: "eu-ai-act", kind: "chapter") { totalCount } }""")
    assert data["controls"]["totalCount"] == 38
    assert all(n["ref"].startswith("A.") for n in data["controls"]["nodes"])
    assert data["objectives"]["totalCount"] == 11  # A.2–A.10 plus A.6.1 and A.6.2
    # 113 articles as published, plus Art. 4a and 75a-75d inserted by Regulation (EU) 2026/1744
    inserted = {4: ["Art.4a"], 75: ["Art.75a", "Art.75b", "Art.75c", "Art.75d"]}
    assert data["articles"]["totalCount"] == 118
    assert [n["ref"] for n in data["articles"]["nodes"]] == [r for i in range(1, 114) for r in [f"Art.{i}", *inserted.get(i, [])]]
    assert data["annexes"]["totalCount"] == 13
    assert data["chapters"]["totalCount"] == 13


def test_article_14_maps_to_iso42001(client, bundle):
    data = gql(client, """{ requirement(id: "eu-ai-act:Art.14") { title children { id mappings { other { id framework { id } } relationFromHere strength justification } } } }""")
    req = data["requirement"]
    assert req["title"] == "Human oversight"
    found = {(c["id"], m["other"]["id"]) for c in req["children"] for m in c["mappings"]}
    expected = {(m["object_id"], m["subject_id"]) for m in bundle.mappings
                if m["object_id"].startswith("eu-ai-act:Art.14(") and m["object_id"].count("(") == 1}
    assert found == expected and found
    assert all(len(m["justification"]) >= 20 for c in req["children"] for m in c["mappings"])


def test_shared_controls_on_real_data(client, bundle):
    rows, after = [], None
    while True:  # page through: the real seeds have more shared requirements than one page holds
        page = gql(client, "query($after: String) { sharedControls(minFrameworks: 1, first: 500, after: $after) { nodes { requirement { id } frameworkCount totalStrength frameworks { framework { id } requirements { requirement { id } } } } pageInfo { hasNextPage endCursor } } }", after=after)["sharedControls"]
        rows += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert rows
    counted = {end for m in bundle.mappings if m["predicate_id"].value != "NOT_RELATED"
               for end in (m["subject_id"], m["object_id"]) if end.startswith("iso42001:")}
    assert {r["requirement"]["id"] for r in rows if r["requirement"]["id"].startswith("iso42001:")} == counted
    totals = [(r["frameworkCount"], r["totalStrength"]) for r in rows]
    assert totals == sorted(totals, reverse=True)


def round_trips(settings, query: str, field: str, n: int) -> tuple[int, int]:
    """(items returned in `field`, Cypher queries sent) for one execution of `query` with `$n`."""
    async def run():
        async with async_driver(settings) as driver:
            context = Context(reader=GraphReader(driver, settings.neo4j_database))
            result = await build_schema(settings).execute(query, variable_values={"n": n}, context_value=context)
            assert result.errors is None, result.errors
            return len(result.data[field]["nodes"]), context.reader.round_trips
    return asyncio.run(run())


def test_round_trips_do_not_grow_with_the_item_count(settings, real_graph):
    """Nested lists are batched by DataLoaders: one query per level, never one per item."""
    # Every mapping has both ends, so each nested level is exercised whatever `n` is.
    query = """query($n: Int!) { mappings(from: "iso42001", first: $n) { nodes {
        subject { id framework { id requirements(first: 5) { totalCount } } parent { id } concepts { id } children { id } }
        object { id framework { id } mappings { other { id framework { id } } } } } } }"""
    (small_n, small), (large_n, large) = (round_trips(settings, query, "mappings", n) for n in (3, 70))
    assert (small_n, large_n) == (3, 70)
    assert large == small
    # root: framework check + page; then one query per loader per level (requirements, their
    # framework/parent/concepts/children/mappings, the framework pages, the other ends, their frameworks)
    assert large <= 11


def test_round_trips_over_a_hundred_requirements_stay_bounded(settings, real_graph):
    query = """query($n: Int!) { requirements(framework: "eu-ai-act", first: $n) { nodes {
        parent { id } children { id } concepts { id } framework { id stats { mappingCount } }
        mappings { other { id parent { id } framework { id } } } } } }"""
    (small_n, small), (large_n, large) = (round_trips(settings, query, "requirements", n) for n in (3, 100))
    assert (small_n, large_n) == (3, 100)
    # root: framework check + page; level 1: parent, children, concepts, framework, mappings;
    # level 2: stats, the other ends; level 3: their parents and frameworks
    assert large == small <= 10


def test_the_readme_first_query_answers(client):
    from crosswalk import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    data = gql(client, readme.split("```graphql\n", 1)[1].split("```", 1)[0])
    assert data["requirement"]["title"] == "Human oversight"
    assert any(m["other"]["id"].startswith("iso42001:") for c in data["requirement"]["children"] for m in c["mappings"])
    assert data["sharedControls"]["totalCount"] >= len(data["sharedControls"]["nodes"]) > 0


APPLIES = """query($role: Role, $asOf: Date, $law: Date, $condition: String) {
  coverage(target: "eu-ai-act", using: ["iso42001"], role: $role, asOf: $asOf, lawAsOf: $law, condition: $condition,
           kinds: ["article", "paragraph", "point"], first: 500) { items { nodes { requirement { id } } } } }"""


def _applying(client, **variables) -> set[str]:
    return {i["requirement"]["id"] for i in gql(client, APPLIES, **variables)["coverage"]["items"]["nodes"]}


@pytest.mark.parametrize("role, as_of, law, condition, provision, applies", [
    # As published, the high-risk regime applied from 2 Aug 2026; Regulation (EU) 2026/1744 (in force 27.7.2026)
    # deferred it to 2 Dec 2027 for Annex III systems and 2 Aug 2028 for Annex I systems.
    ("PROVIDER", "2026-08-02", "2026-07-26", None, "eu-ai-act:Art.9(1)", True),
    ("PROVIDER", "2026-08-02", None, None, "eu-ai-act:Art.9(1)", False),
    ("PROVIDER", "2027-12-02", None, "annex-iii", "eu-ai-act:Art.9(1)", True),
    ("PROVIDER", "2027-12-02", None, "annex-i", "eu-ai-act:Art.9(1)", False),
    ("PROVIDER", "2028-08-02", None, "annex-i", "eu-ai-act:Art.9(1)", True),
    ("DEPLOYER", "2026-08-02", "2026-07-26", None, "eu-ai-act:Art.26(1)", True),
    ("DEPLOYER", "2027-12-01", None, "annex-iii", "eu-ai-act:Art.26(1)", False),
    ("DEPLOYER", "2027-12-02", None, "annex-iii", "eu-ai-act:Art.26(1)", True),
    # Art. 6(1) classification concerns Annex I products only: 2 Aug 2027 as published, 2 Aug 2028 now
    ("PROVIDER", "2027-08-02", "2027-01-01", None, "eu-ai-act:Art.6(1)", False),
    ("PROVIDER", "2027-08-02", "2026-07-26", None, "eu-ai-act:Art.6(1)", True),
    ("PROVIDER", "2028-08-02", None, "annex-i", "eu-ai-act:Art.6(1)", True),
    # The new Art. 5 prohibitions apply from 2 Dec 2026 and did not exist before 27 Jul 2026
    ("DEPLOYER", "2026-12-01", None, None, "eu-ai-act:Art.5(1)(ba)", False),
    ("DEPLOYER", "2026-12-02", None, None, "eu-ai-act:Art.5(1)(ba)", True),
    ("PROVIDER", "2026-12-02", "2026-07-26", None, "eu-ai-act:Art.5(1)(bb)", False),
    # Art. 6(5) (Commission guidelines) was not deferred; Art. 4 (AI literacy) applies throughout
    ("DEPLOYER", "2025-02-02", None, None, "eu-ai-act:Art.4", True),
])
def test_ai_act_applies_under_the_law_in_force(client, role, as_of, law, condition, provision, applies):
    assert (provision in _applying(client, role=role, asOf=as_of, law=law, condition=condition)) is applies


def test_ai_act_dates_agree_with_the_amendment_record(client):
    """Every provision the amendment re-dated shows, today, other dates (or, where Art. 113 kept the legal date of a
    provision that bites only on systems classified under the deferred Art. 6, a note saying so) than before."""
    data = gql(client, """{ changes(framework: "eu-ai-act", since: "2026-07-27", until: "2026-07-27") {
      changes { action provision { id applies { from condition note } versions { validTo applies { from condition note } } } } } }""")
    redated = [c["provision"] for c in data["changes"]["changes"] if c["action"] == "REDATES"]
    assert len(redated) > 200
    for p in redated:
        before = [v for v in p["versions"] if v["validTo"] == "2026-07-27"]
        assert before and before[-1]["applies"] != p["applies"], p["id"]
