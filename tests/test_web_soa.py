"""The Statement of Applicability: draft from an organisation's mappings, audited edits, versions by date, downloads, page."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from graph.keys import create_key
from server.app import create_app

pytestmark = pytest.mark.neo4j
SOA = """query($standard: ID!, $asOf: Date) { statementOfApplicability(standard: $standard, asOf: $asOf) {
  org applicableCount excludedCount undecidedCount
  entries { controlId applicable justification status evidence owner lastReviewed proposed implementedBy { id } } } }"""
UPDATE = """mutation($input: SoaEntryInput!) { updateSoaEntry(standard: "std-a", input: $input) { controlId applicable status } }"""


@pytest.fixture(scope="module")
def client(settings, fixture_graph):
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def keys(client, driver, settings):
    db = settings.neo4j_database
    made = {"soa": create_key(driver, db, "soa-editor", "editor", "soaco"),
            "other": create_key(driver, db, "soa-other", "editor", "otherco")}
    mutation = """mutation { createControlSet(input: {id: "org:soaco", title: "SoA Co"}) { id }
      upsertControls(controlSet: "org:soaco", controls: [{ref: "LOG", title: "Weekly log review",
        summary: "We review system logs every week.", concepts: ["record-keeping-and-logging"]}]) { id }
      mapControl(input: {subjectId: "org:soaco:LOG", objectId: "std-a:A.1.1", relation: EQUAL, rationale: SEMANTIC,
        strength: 8, confidence: 0.8, justification: "Our weekly log review is the event logging control."}) { id } }"""
    body = post(client, mutation, made["soa"])
    assert "errors" not in body, body
    return made


def post(client, query, key=None, **variables):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.post("/graphql", json={"query": query, "variables": variables}, headers=headers).json()


def entries(client, key, **variables) -> dict:
    body = post(client, SOA, key, standard="std-a", **variables)
    assert "errors" not in body, body
    return {e["controlId"]: e for e in body["data"]["statementOfApplicability"]["entries"]}


def test_draft_proposes_mapped_controls_and_edits_are_validated_audited_and_dated(client, keys):
    before = entries(client, keys["soa"])
    assert set(before) == {"std-a:A.1.1", "std-a:A.1.2", "std-a:A.1.3"} and all(e["applicable"] is None for e in before.values())
    draft = post(client, 'mutation { generateSoaDraft(standard: "std-a") { applicableCount undecidedCount } }', keys["soa"])
    assert draft["data"]["generateSoaDraft"] == {"applicableCount": 1, "undecidedCount": 2}
    proposed = entries(client, keys["soa"])["std-a:A.1.1"]
    assert proposed["proposed"] and proposed["implementedBy"] == [{"id": "org:soaco:LOG"}] and "org:soaco:LOG" in proposed["justification"]

    refused = post(client, UPDATE, keys["soa"], input={"controlId": "std-a:A.1.3", "applicable": False})
    assert "justification" in refused["errors"][0]["message"]
    refused = post(client, UPDATE, keys["soa"], input={"controlId": "std-a:A.1.3", "applicable": False,
                                                       "justification": "We keep no office plants.", "status": "planned"})
    assert "excluded control has no implementation status" in refused["errors"][0]["message"]
    done = post(client, UPDATE, keys["soa"], input={"controlId": "std-a:A.1.3", "applicable": False,
                                                    "justification": "We keep no office plants anywhere."})
    assert done["data"]["updateSoaEntry"] == {"controlId": "std-a:A.1.3", "applicable": False, "status": None}
    post(client, UPDATE, keys["soa"], input={"controlId": "std-a:A.1.1", "applicable": True, "status": "implemented",
                                             "justification": "Logs are needed for traceability.", "evidence": "ISMS-LOG-7",
                                             "owner": "CISO", "lastReviewed": "2026-11-30"})
    now = entries(client, keys["soa"])
    assert now["std-a:A.1.1"]["evidence"] == "ISMS-LOG-7" and not now["std-a:A.1.1"]["proposed"]
    history = post(client, '{ history(id: "soa:soaco:std-a:A.1.1") { action actor } }', keys["soa"])["data"]["history"]
    assert [h["action"] for h in history] == ["soa.draft", "soa.update"] and history[0]["actor"] == "soa-editor"

    yesterday = entries(client, keys["soa"], asOf=str(dt.date.today() - dt.timedelta(days=1)))
    assert all(e["applicable"] is None for e in yesterday.values())  # nothing was decided before today
    today = entries(client, keys["soa"], asOf=str(dt.date.today()))
    assert today["std-a:A.1.3"]["applicable"] is False


def test_only_the_organisation_sees_and_edits_its_soa(client, keys):
    assert "API key" in post(client, SOA, None, standard="std-a")["errors"][0]["message"]
    other = entries(client, keys["other"])
    assert all(e["applicable"] is None and e["implementedBy"] == [] for e in other.values())  # its own, empty
    denied = post(client, SOA.replace("standard: $standard", 'standard: $standard, org: "soaco"'), keys["other"],
                  standard="std-a")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_soa_page_and_download_behind_the_key(client, keys):
    assert client.get("/soa?standard=std-a", follow_redirects=False).headers["location"].startswith("/key")
    client.post("/key", content=f"key={keys['soa']}&next=/soa?standard=std-a",
                headers={"Content-Type": "application/x-www-form-urlencoded"}, follow_redirects=False)
    html = client.get("/soa?standard=std-a").text
    assert "Statement of Applicability: soaco" in html and "ISMS-LOG-7" in html
    saved = client.post("/soa?standard=std-a", content="control=std-a:A.1.2&decision=applicable&justification=Human+review+is+core+to+us"
                        "&status=planned&evidence=&owner=Ops&lastReviewed=",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert saved.status_code == 200 and "Saved std-a:A.1.2" in saved.text
    book = load_workbook(io.BytesIO(client.get("/export/soa.xlsx?standard=std-a").content))
    rows = {r[0]: r for r in book["Statement of Applicability"].iter_rows(min_row=2, values_only=True)}
    assert rows["std-a:A.1.2"][2] == "applicable" and rows["std-a:A.1.2"][7] == "Ops"
    assert rows["std-a:A.1.3"][2] == "excluded"
    client.cookies.clear()
