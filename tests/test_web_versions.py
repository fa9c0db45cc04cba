"""The explorer's requirement page shows a provision's application dates and its versions (real seeds, real Neo4j)."""

import html as htmllib

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from tests.conftest import REAL_SEEDS, gql, load_seeds

pytestmark = pytest.mark.neo4j

ART4 = "eu-ai-act:Art.4"


@pytest.fixture(scope="module")
def real_seeds_only(driver, settings, concepts):
    """The real seeds in an emptied graph (an earlier module's API data would otherwise block the load)."""
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)
    return load_seeds(driver, settings, REAL_SEEDS, concepts)


@pytest.fixture(scope="module")
def client(settings, real_seeds_only):
    with TestClient(create_app(settings)) as client:
        yield client


def test_art4_page_shows_both_versions_and_the_amendment(client):
    found = gql(client, """query($id: ID!) { requirement(id: $id) {
        applies { from condition note }
        versions { validFrom validTo title summary change amendment { id reference status } } } }""", id=ART4)["requirement"]
    response = client.get(f"/requirements/{ART4}")
    assert response.status_code == 200, response.text[:500]
    page = htmllib.unescape(response.text)
    versions = found["versions"]
    assert len(versions) == 2
    assert [v["amendment"] and v["amendment"]["id"] for v in versions] == [None, "eu-2026-1744"]
    assert versions[1]["validFrom"] == "2026-07-27" and versions[0]["validTo"] == "2026-07-27"
    section = page.split('id="versions"', 1)[1].split("</section>", 1)[0]
    rows = section.split('<tr class="version"')[1:]
    assert len(rows) == 2
    for v, row in zip(versions, rows):
        assert f'data-valid-from="{v["validFrom"] or ""}"' in row
        assert v["title"] in row
        if v["summary"]:
            assert v["summary"] in row
    assert 'data-amendment="eu-2026-1744"' in rows[1] and versions[1]["amendment"]["reference"] in rows[1]
    assert "data-amendment" not in rows[0]
    assert found["applies"]
    facts = page.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    for a in found["applies"]:
        assert a["from"] in facts
        if a["condition"]:
            assert a["condition"] in facts


def test_a_requirement_never_amended_has_no_versions_table(client):
    found = gql(client, '{ requirement(id: "iso42001:A.2.2") { versions { amendment { id } } } }')["requirement"]
    assert len(found["versions"]) <= 1 and not any(v["amendment"] for v in found["versions"])
    response = client.get("/requirements/iso42001:A.2.2")
    assert response.status_code == 200 and 'id="versions"' not in response.text
