"""The law as in force on a date, on tests/fixtures/versioned, whose answers can be worked out by hand.

law-v was published with version v1 (valid from 2024-08-01); law-v-amd (in force 2026-07-27)
re-dated Art.2 from 2026-08-02 to 2027-12-02 (annex-iii) / 2028-08-02 (annex-i), inserted
Art.2a (applies 2026-12-02), replaced Art.3 (deployers now bound) and repealed Art.4.
law-v-prop is a proposal: it must never change an answer.
"""

import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from crosswalk.errors import SeedValidationError
from graph.seed_files import read_seeds
from server.app import create_app
from tests.conftest import gql, gql_error, load_seeds

pytestmark = pytest.mark.neo4j
VERSIONED = Path(__file__).parent / "fixtures" / "versioned"


@pytest.fixture(scope="module")
def client(driver, settings, concepts):
    load_seeds(driver, settings, VERSIONED, concepts)
    with TestClient(create_app(settings)) as client:
        yield client


COVERAGE = """query($role: Role, $asOf: Date, $law: Date, $condition: String) {
  coverage(target: "law-v", using: ["std-v"], role: $role, asOf: $asOf, lawAsOf: $law, condition: $condition) {
    total items { nodes { requirement { id } status } } } }"""


def covered(client, **variables) -> dict:
    report = gql(client, COVERAGE, **variables)["coverage"]
    items = {i["requirement"]["id"]: i["status"] for i in report["items"]["nodes"]}
    assert report["total"] == len(items)
    return items


def test_deployer_obligations_on_2026_08_02_follow_the_amended_law(client):
    # Art.2 was deferred (earliest 2027-12-02); Art.2a applies from 2026-12-02; Art.4 is repealed;
    # Art.3 binds deployers only since the amendment.
    # Art.1(1) has no mapping of its own: it inherits Art.1's, as PARTIAL at most.
    assert covered(client, role="DEPLOYER", asOf="2026-08-02") == {"law-v:Art.1(1)": "PARTIAL", "law-v:Art.3": "FULL"}


def test_the_law_of_an_earlier_day_reproduces_the_answer_given_then(client):
    # On 2026-06-01 the published text said Art.2 applies from 2026-08-02 and Art.3 bound providers only.
    assert covered(client, role="DEPLOYER", asOf="2026-08-02", law="2026-06-01") == {
        "law-v:Art.1(1)": "PARTIAL", "law-v:Art.2": "FULL", "law-v:Art.4": "PARTIAL"}
    # Before the law took effect nothing of it was in force at all.
    assert covered(client, asOf="2024-07-20") == {}


def test_conditions_pick_the_date_of_the_kind_of_system(client):
    on = "2027-12-02"
    assert "law-v:Art.2" in covered(client, role="DEPLOYER", asOf=on, condition="annex-iii")
    assert "law-v:Art.2" not in covered(client, role="DEPLOYER", asOf=on, condition="annex-i")
    assert "law-v:Art.2" in covered(client, role="DEPLOYER", asOf="2028-08-02", condition="annex-i")
    # without a condition a conditional date counts (the earliest applies)
    assert "law-v:Art.2" in covered(client, role="DEPLOYER", asOf=on)
    assert "law-v:Art.2" not in covered(client, role="DEPLOYER", asOf="2027-12-01")


def test_inserted_provisions_apply_from_their_own_date(client):
    assert "law-v:Art.2a" not in covered(client, role="DEPLOYER", asOf="2026-12-01")
    assert "law-v:Art.2a" in covered(client, role="DEPLOYER", asOf="2026-12-02")


def test_without_as_of_todays_text_answers_and_nothing_is_filtered_by_date(client):
    # Art.4 is repealed today; the proposal (which would repeal Art.1) changes nothing.
    assert set(covered(client)) == {"law-v:Art.1(1)", "law-v:Art.2", "law-v:Art.2a", "law-v:Art.3"}


def test_shared_structure_is_reusable_but_never_full_and_children_inherit_as_partial(client):
    query = """{ coverage(target: "law-v", using: ["std-v"]) { total full partial reusableStructure
      items { nodes { requirement { id } status reusableStructure hits { viaId rationale inherited source { id } } } } } }"""
    report = gql(client, query)["coverage"]
    items = {i["requirement"]["id"]: i for i in report["items"]["nodes"]}
    art2a = items["law-v:Art.2a"]
    assert (art2a["status"], art2a["reusableStructure"]) == ("PARTIAL", True)
    assert art2a["hits"] == [{"viaId": "law-v:Art.2a", "rationale": "SYNTACTIC", "inherited": False, "source": {"id": "std-v:S2"}}]
    assert items["law-v:Art.1(1)"]["hits"] == [
        {"viaId": "law-v:Art.1", "rationale": "FUNCTIONAL", "inherited": True, "source": {"id": "std-v:S4"}}]
    assert items["law-v:Art.1(1)"]["status"] == "PARTIAL" and not items["law-v:Art.1(1)"]["reusableStructure"]
    assert report["reusableStructure"] == 1 and report["total"] == len(items) == 4  # Art.1 counted once, through 1(1)
    # at article level Art.1 is FULL through its own functional EQUAL
    articles = gql(client, """{ coverage(target: "law-v", using: ["std-v"], kinds: ["article"]) {
      items { nodes { requirement { id } status } } } }""")["coverage"]["items"]["nodes"]
    assert {"requirement": {"id": "law-v:Art.1"}, "status": "FULL"} in articles


def test_unknown_condition_is_the_clients_mistake(client):
    assert "unknown condition 'annex-x'" in gql_error(client, COVERAGE, condition="annex-x")


def test_shared_controls_follow_the_law_of_the_day(client):
    query = """query($asOf: Date, $law: Date) { sharedControls(minFrameworks: 1, asOf: $asOf, lawAsOf: $law) {
      nodes { requirement { id } frameworks { requirements { requirement { id } } } } } }"""
    def reached(**v):
        return {(n["requirement"]["id"], r["requirement"]["id"]) for n in gql(client, query, **v)["sharedControls"]["nodes"]
                for f in n["frameworks"] for r in f["requirements"]}
    assert ("std-v:S1", "law-v:Art.4") not in reached()  # repealed
    assert ("std-v:S1", "law-v:Art.4") in reached(law="2026-01-01")
    assert ("std-v:S1", "law-v:Art.2") not in reached(asOf="2026-08-02")
    assert ("std-v:S1", "law-v:Art.2") in reached(asOf="2026-08-02", law="2026-07-01")


def test_a_text_change_puts_mappings_under_review_and_a_date_change_does_not(client):
    query = """{ requirement(id: "std-v:S2") { mappings { id objectVersion needsReview reviewReasons } }
                 s3: requirement(id: "std-v:S3") { mappings { objectVersion needsReview } }
                 s1: requirement(id: "std-v:S1") { mappings { other { id } needsReview } } }"""
    data = gql(client, query)
    [s2] = [m for m in data["requirement"]["mappings"] if m["id"].endswith("law-v:Art.3")]
    assert s2["needsReview"] and s2["objectVersion"] == "v1"
    assert s2["reviewReasons"] == ["law-v:Art.3: text replaced by law-v-amd from 2026-07-27; assessed against version v1"]
    assert data["s3"]["mappings"] == [{"objectVersion": "v2", "needsReview": False}]  # re-assessed against v2
    s1 = {m["other"]["id"]: m["needsReview"] for m in data["s1"]["mappings"]}
    assert s1 == {"law-v:Art.2": False, "law-v:Art.4": True}  # re-dated only; repealed


def test_requirement_versions_keep_every_text(client):
    query = """{ requirement(id: "law-v:Art.3") {
      summary roles versions { validFrom validTo summary roles change amendment { id status } }
      before: versionOn(date: "2026-07-26") { summary } after: versionOn(date: "2026-07-27") { summary } }
      art2: requirement(id: "law-v:Art.2") { appliesFrom applies { from condition } versions { applies { from condition } textFrom } }
      art1a: requirement(id: "law-v:Art.2a") { old: versionOn(date: "2026-01-01") { title } } }"""
    data = gql(client, query)
    art3 = data["requirement"]
    assert [(v["validFrom"], v["validTo"], v["change"]) for v in art3["versions"]] == [
        ("2024-08-01", "2026-07-27", None), ("2026-07-27", None, "REPLACES")]
    assert art3["versions"][0]["roles"] == ["provider"] and art3["roles"] == ["provider", "deployer"]
    assert art3["versions"][1]["amendment"] == {"id": "law-v-amd", "status": "IN_FORCE"}
    assert art3["before"]["summary"] == art3["versions"][0]["summary"] != art3["after"]["summary"] == art3["summary"]
    art2 = data["art2"]
    assert art2["appliesFrom"] == "2027-12-02"
    assert art2["applies"] == [{"from": "2027-12-02", "condition": "annex-iii"}, {"from": "2028-08-02", "condition": "annex-i"}]
    assert [v["applies"] for v in art2["versions"]] == [[{"from": "2026-08-02", "condition": None}], art2["applies"]]
    assert {v["textFrom"] for v in art2["versions"]} == {"2024-08-01"}  # a re-dating keeps the text
    assert data["art1a"]["old"] is None  # not yet inserted


def test_changes_report_what_changed_and_what_it_touches(client):
    query = """query($since: Date, $until: Date, $proposals: Boolean = false) {
      changes(framework: "law-v", since: $since, until: $until, includeProposals: $proposals) {
        inserted replaced repealed redated mappingsNeedingReview
        changes { action effective provisionId verified amendment { id } mappingsNeedingReview { id } } } }"""
    report = gql(client, query, since="2026-01-01")["changes"]
    assert (report["inserted"], report["replaced"], report["repealed"], report["redated"]) == (1, 1, 1, 1)
    by_provision = {c["provisionId"]: c for c in report["changes"]}
    assert [m["id"] for m in by_provision["law-v:Art.3"]["mappingsNeedingReview"]] == ["std-v-law-v|std-v:S2|law-v:Art.3"]
    assert by_provision["law-v:Art.2"]["mappingsNeedingReview"] == []
    assert by_provision["law-v:Art.2a"]["verified"] == "SECONDARY"
    assert report["mappingsNeedingReview"] == 2  # S2 -> Art.3 and S1 -> Art.4
    assert gql(client, query, until="2026-07-26")["changes"]["changes"] == []
    with_proposals = gql(client, query, since="2026-01-01", proposals=True)["changes"]["changes"]
    assert {c["provisionId"] for c in with_proposals if c["amendment"]["id"] == "law-v-prop"} == {"law-v:Art.1", "law-v:Art.9"}
    assert "after" in gql_error(client, query, since="2027-01-01", until="2026-01-01")


def test_framework_shows_versions_amendments_and_currency(client):
    data = gql(client, """{ framework(id: "law-v") { checked conditions { id }
        versions { id validFrom validTo amendmentId } amendments { id status inForce changeCount } } }""")["framework"]
    assert data["checked"] == "2026-12-01"
    assert [c["id"] for c in data["conditions"]] == ["annex-iii", "annex-i"]
    assert data["versions"] == [{"id": "v1", "validFrom": "2024-08-01", "validTo": "2026-07-27", "amendmentId": None},
                                {"id": "v2", "validFrom": "2026-07-27", "validTo": None, "amendmentId": "law-v-amd"}]
    assert data["amendments"] == [{"id": "law-v-amd", "status": "IN_FORCE", "inForce": "2026-07-27", "changeCount": 4},
                                  {"id": "law-v-prop", "status": "PROPOSAL", "inForce": None, "changeCount": 2}]


# -- validation: records that contradict the framework file are refused, all problems at once ---------

def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(VERSIONED, target)
    return target


def _problems(seeds: Path, concepts) -> str:
    with pytest.raises(SeedValidationError) as caught:
        read_seeds(seeds, concepts)
    return "\n".join(str(p) for p in caught.value.problems)


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def test_contradicting_records_are_named_with_file_line_and_field(tmp_path, concepts):
    seeds = _copy(tmp_path)
    amendment = seeds / "amendments" / "law-v-amd.yaml"
    text = amendment.read_text().replace("      applies_from: 2026-08-02", "      applies:\n        - from: 2027-12-02\n"
                                         "          condition: annex-iii\n        - from: 2028-08-02\n          condition: annex-i")
    amendment.write_text(text.replace("provision: Art.4", "provision: Art.44"))
    found = _problems(seeds, concepts)
    assert (f"law-v-amd.yaml:{_line(amendment, 'provision: Art.2')}, record law-v:Art.2, field 'before': "
            "a `redates` change whose earlier dates equal today's") in found
    assert (f"law-v-amd.yaml:{_line(amendment, 'provision: Art.44')}, record law-v-amd, field 'changes.3.provision': "
            "law-v:Art.44 is not in") in found


def test_versions_and_amendment_records_must_agree(tmp_path, concepts):
    seeds = _copy(tmp_path)
    framework = seeds / "frameworks" / "law-v.yaml"
    framework.write_text(framework.read_text().replace("valid_from: 2026-07-27", "valid_from: 2026-07-28"))
    (seeds / "amendments" / "law-v-amd.yaml").rename(seeds / "amendments" / "law-v-amd2.yaml")
    mappings = seeds / "mappings" / "std-v-law-v.sssom.tsv"
    mappings.write_text(mappings.read_text().replace("\tv2\n", "\tv3\n"))
    framework.write_text(framework.read_text().replace("condition: annex-i\n", "condition: annex-ii\n"))
    found = _problems(seeds, concepts)
    assert f"law-v.yaml:{_line(framework, 'ref: Art.2')}, record law-v:Art.2, field 'applies.condition': unknown condition 'annex-ii'" in found
    assert "law-v-amd2.yaml:1, record law-v-amd, field 'id': file must be named law-v-amd.yaml" in found
    assert "2026-07-28 is not the in_force date 2026-07-27 of 'law-v-amd'" in found
    assert "std-v-law-v.sssom.tsv:9, record std-v:S3 -> law-v:Art.3, field 'object_version': law-v has no version 'v3'" in found


def test_a_replaces_change_needs_the_earlier_text(tmp_path, concepts):
    seeds = _copy(tmp_path)
    amendment = seeds / "amendments" / "law-v-amd.yaml"
    amendment.write_text(amendment.read_text().replace(
        "    before:\n      summary: Providers tell people they are dealing with a system.\n      roles: [provider]\n", ""))
    assert "field 'changes.2': Value error, a `replaces` change needs `before`" in _problems(seeds, concepts)


def test_the_changes_command_prints_the_same_report(client, settings):
    from click.testing import CliRunner

    from crosswalk.cli import cli

    result = CliRunner().invoke(cli, ["changes", "law-v", "--since", "2026-01-01", "--mappings"],
                                env={"NEO4J_URI": settings.bolt_uri})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.split()[:4] == ["2026-07-27", "replaces", "law-v:Art.3", "law-v-amd"] for line in lines)
    assert "1 inserted, 1 replaced, 1 repealed, 1 re-dated; 2 mapping(s) need review" in result.output
    assert "  std-v-law-v|std-v:S2|law-v:Art.3" in lines
    unknown = CliRunner().invoke(cli, ["changes", "law-x"], env={"NEO4J_URI": settings.bolt_uri})
    assert unknown.exit_code == 1 and "unknown framework id(s): law-x" in unknown.output


def test_an_organisations_mapping_is_flagged_when_a_later_load_changes_its_end(client, driver, settings, concepts):
    # An organisation mapped its control to Art.3 on 2026-01-01, before law-v-amd replaced Art.3's text.
    driver.execute_query(
        "MATCH (s:Requirement {id: 'std-v:S4'}), (t:Requirement {id: 'law-v:Art.3'}) "
        "CREATE (s)-[:MAPS_TO {id: 'org-test|std-v:S4|law-v:Art.3', relation: 'INTERSECTS_WITH', inverseRelation: "
        "'INTERSECTS_WITH', rationale: 'SEMANTIC', strength: 3, confidence: 0.5, justification: 'An organisation view.', "
        "source: 'org', author: 'acme', method: 'manual', status: 'draft', date: date('2026-01-01'), "
        "mappingSet: 'org-test', origin: 'api'}]->(t)", database_=settings.neo4j_database)
    try:
        load_seeds(driver, settings, VERSIONED, concepts)
        records, _, _ = driver.execute_query("MATCH ()-[m:MAPS_TO {id: 'org-test|std-v:S4|law-v:Art.3'}]->() "
                                             "RETURN m.needsReview AS flag, m.reviewReasons AS reasons",
                                             database_=settings.neo4j_database)
        assert records[0]["flag"] is True
        assert records[0]["reasons"] == ["law-v:Art.3: text replaced by law-v-amd from 2026-07-27; assessed on 2026-01-01"]
    finally:
        driver.execute_query("MATCH ()-[m:MAPS_TO {id: 'org-test|std-v:S4|law-v:Art.3'}]->() DELETE m",
                             database_=settings.neo4j_database)


def test_an_article_answers_paths_through_its_paragraphs(client):
    query = """query($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: 1) { startsAt endsAt inherited } }"""
    # Art.1 itself is mapped from std-v:S4; Art.1(1) has no mapping and answers through its parent, marked inherited
    assert gql(client, query, **{"from": "law-v:Art.1(1)", "to": "std-v:S4"})["paths"] == [
        {"startsAt": "law-v:Art.1", "endsAt": "std-v:S4", "inherited": True}]
    assert gql(client, query, **{"from": "law-v:Art.1", "to": "std-v:S4"})["paths"] == [
        {"startsAt": "law-v:Art.1", "endsAt": "std-v:S4", "inherited": False}]
