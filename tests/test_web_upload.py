"""Control-set upload over HTTP with an organisation's key: CSV as Excel saves it, XLSX, all or nothing."""

import io

import pytest
from openpyxl import Workbook
from starlette.testclient import TestClient

from graph.keys import create_key
from server.app import create_app
from tests.conftest import gql

pytestmark = pytest.mark.neo4j
HEADER = ["ref", "title", "summary", "concepts", "maps_to", "relation", "rationale", "strength", "confidence",
          "justification"]
ROWS = [["UP-1", "Log review", "We review system logs every week.", "record-keeping-and-logging", "law-b:Art.1",
         "INTERSECTS_WITH", "SEMANTIC", "4", "0.5", "Weekly log reviews use the records the article requires."],
        ["UP-2", "Human sign-off", "A person signs off every model release.", "human-oversight", "law-b:Art.2",
         "SUPERSET_OF", "FUNCTIONAL", "7", "0.8", "Sign-off by a person covers the oversight the article asks for."]]


@pytest.fixture(scope="module")
def client(settings, fixture_graph):
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def keys(driver, settings, fixture_graph):
    db = settings.neo4j_database
    return {"up": create_key(driver, db, "upload-editor", "editor", "upco"),
            "reader": create_key(driver, db, "upload-reader", "reader", "upco"),
            "other": create_key(driver, db, "upload-other", "editor", "otherco")}


def excel_csv(rows) -> bytes:
    """CSV the way Excel saves it in a decimal-comma locale: BOM, ';' separators, CRLF."""
    return ("\ufeff" + "\r\n".join(";".join(r) for r in [HEADER, *rows]) + "\r\n").encode("utf-8")


def upload(client, body: bytes, key: str | None, set_id: str = "org:upco", **params):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.post(f"/api/control-sets/{set_id}/import", content=body, headers=headers, params=params)


def controls_of(client, key: str, set_id: str = "org:upco") -> dict:
    query = """query($id: ID!) { framework(id: $id) { requirements { nodes { id title mappings { other { id } } } } } }"""
    response = client.post("/graphql", json={"query": query, "variables": {"id": set_id}},
                           headers={"Authorization": f"Bearer {key}"})
    found = response.json()["data"]["framework"]
    return {n["id"]: sorted(m["other"]["id"] for m in n["mappings"]) for n in found["requirements"]["nodes"]} if found else {}


def test_excel_csv_imports_all_or_nothing_with_row_and_column_errors(client, keys):
    bad = [ROWS[0], [*ROWS[1][:7], "12", *ROWS[1][8:]]]
    refused = upload(client, excel_csv(bad), keys["up"], title="Upload Co")
    assert refused.status_code == 400
    message = refused.json()["error"]["message"]
    assert "line 3" in message and "strength" in message, message
    assert controls_of(client, keys["up"]) == {}

    done = upload(client, excel_csv(ROWS), keys["up"], title="Upload Co")
    assert done.status_code == 200, done.text
    assert done.json() == {"controlSet": "org:upco", "controls": 2, "mappings": 2}
    assert controls_of(client, keys["up"]) == {"org:upco:UP-1": ["law-b:Art.1"], "org:upco:UP-2": ["law-b:Art.2"]}
    coverage = gql(client, '{ coverage(target: "law-b", using: ["std-a"]) { total } }')  # public reads unaffected
    assert coverage["coverage"]["total"] > 0


def test_xlsx_upload_and_the_keys_that_may_not(client, keys):
    book = Workbook()
    sheet = book.active
    for row in [HEADER, *ROWS, ["UP-3", "Supplier checks", "We check AI suppliers yearly.", "supplier-and-third-party-management",
                                "", "", "", "", "", ""]]:
        sheet.append([float(v) if v.replace(".", "", 1).isdigit() else v for v in row])
    out = io.BytesIO()
    book.save(out)
    done = upload(client, out.getvalue(), keys["up"], set_id="org:upco-x", title="Upload Co XLSX")
    assert done.status_code == 200, done.text
    assert done.json()["controls"] == 3 and done.json()["mappings"] == 2
    assert "org:upco-x:UP-3" in controls_of(client, keys["up"], "org:upco-x")

    assert upload(client, excel_csv(ROWS), None).status_code == 401
    assert upload(client, excel_csv(ROWS), "cw_nope").status_code == 401
    assert upload(client, excel_csv(ROWS), keys["reader"]).status_code == 403
    assert upload(client, excel_csv(ROWS), keys["other"]).status_code == 403
    broken = upload(client, b"PK\x03\x04 not really a workbook", keys["up"])
    assert broken.status_code == 400 and "XLSX" in broken.json()["error"]["message"]
