"""The explorer's pages and downloads through the real app and Neo4j: each checked against the API's own answer."""

import csv
import hashlib
import base64
import io
import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from server.app import create_app
from tests.conftest import gql

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def client(settings, fixture_graph):
    with TestClient(create_app(settings)) as client:
        yield client


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_home_links_every_framework(client):
    html = page(client, "/")
    ids = [f["id"] for f in gql(client, "{ frameworks { id } }")["frameworks"]]
    assert ids
    for id_ in ids:
        assert f'href="/frameworks/{id_}"' in html


def test_framework_tree_nests_children_under_their_parent(client):
    html = page(client, "/frameworks/std-a")
    # A.1 has children, so it is a <details> whose own list holds A.1.1
    branch = html.split('href="/requirements/std-a:A.1"', 1)[1].split("</details>", 1)[0]
    assert 'href="/requirements/std-a:A.1.1"' in branch
    assert 'href="/requirements/std-a:4.1"' not in branch
    assert page(client, "/frameworks/nope", 404).count("nope")


def test_requirement_page_shows_every_mapping_with_why_and_provenance(client):
    found = gql(client, """{ requirement(id: "std-a:A.1.2") { summary mappings { id relationFromHere strength justification
        other { id } provenance { source author status } } } }""")["requirement"]
    html = page(client, "/requirements/std-a:A.1.2")
    assert found["summary"] in html
    assert len(found["mappings"]) == 2
    for m in found["mappings"]:
        row = html.split(f'data-mapping="{m["id"]}"', 1)[1].split("</tr>", 1)[0]
        assert m["relationFromHere"] in row and m["justification"] in row and m["other"]["id"] in row
        assert m["provenance"]["author"] in row and m["provenance"]["status"] in row
        assert f'href="/history/{m["id"]}"' in row
    # law-b:Art.2 SUBSET_OF std-a:A.1.2, so from A.1.2 it reads SUPERSET_OF
    assert any(m["relationFromHere"] == "SUPERSET_OF" for m in found["mappings"])
    page(client, "/requirements/std-a:Z.9", 404)


def test_search_finds_by_word(client):
    html = page(client, "/search?q=logging")
    assert 'href="/requirements/std-a:A.1.1"' in html
    assert "Human review" not in html.split("<ol", 1)[1]


def _graphiql_link(html: str) -> tuple[str, dict]:
    href = re.search(r'<a class="gql" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    params = parse_qs(urlparse(href).query)
    return params["q"][0], json.loads(params.get("variables", ["{}"])[0])


def test_coverage_page_matches_its_graphql_query_and_downloads_agree(client):
    html = page(client, "/coverage?target=law-b&using=std-a")
    document, variables = _graphiql_link(html)
    assert variables["target"] == "law-b" and variables["using"] == ["std-a"]
    answer = gql(client, document, **variables)["coverage"]
    items = {i["requirement"]["id"]: i["status"] for i in answer["items"]["nodes"]}
    assert set(items.values()) >= {"FULL", "NONE"}
    for id_, status in items.items():
        row = html.split(f'href="/requirements/{id_}"', 1)[1].split("</tr>", 1)[0]
        assert f'class="status {status}"' in row

    workbook = load_workbook(io.BytesIO(client.get("/export/coverage.xlsx?target=law-b&using=std-a").content))
    assert workbook.sheetnames == ["Summary", "Requirements", "Mappings", "Gaps"]
    sheet = workbook["Requirements"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:E{len(items) + 1}"
    assert sheet.column_dimensions["C"].width > 20
    assert [c.value for c in sheet[1]] == ["requirement", "kind", "title", "status", "covered by"]
    assert {r[0]: r[3] for r in sheet.iter_rows(min_row=2, values_only=True)} == items
    gaps = [r[0] for r in workbook["Gaps"].iter_rows(min_row=2, values_only=True)]
    assert gaps == [id_ for id_, status in items.items() if status == "NONE"] and gaps
    mappings = list(workbook["Mappings"].iter_rows(min_row=2, values_only=True))
    assert len(mappings) == sum(len(i["hits"]) for i in answer["items"]["nodes"])

    response = client.get("/export/coverage.csv?target=law-b&using=std-a")
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="crosswalk-coverage-law-b-from-std-a.csv"' in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["requirement"]: r["status"] for r in rows} == items


def test_coverage_filters_reach_the_query(client):
    full = page(client, "/coverage?target=law-b&using=std-a&status=NONE")
    assert 'class="status FULL"' not in full.split("<tbody>", 1)[1]
    strong = gql(client, '{ coverage(target: "law-b", using: ["std-a"], minStrength: 8) { full partial } }')["coverage"]
    html = page(client, "/coverage?target=law-b&using=std-a&minStrength=8")
    assert f'<span class="big">{strong["full"]}</span> fully covered' in html
    assert "minStrength=8" in html  # the download buttons keep the filters
    assert "must be a whole number" in page(client, "/coverage?target=law-b&using=std-a&minStrength=x", 400)
    assert "unknown framework" in page(client, "/coverage?target=nope&using=std-a", 400)


def test_requirement_crosswalk_and_shared_controls_download(client):
    book = load_workbook(io.BytesIO(client.get("/export/requirement.xlsx?id=std-a:A.1.1").content))
    rows = list(book["Mappings"].iter_rows(min_row=2, values_only=True))
    expected = gql(client, '{ requirement(id: "std-a:A.1.1") { mappings { id } } }')["requirement"]["mappings"]
    assert sorted(r[-1] for r in rows) == sorted(m["id"] for m in expected)

    book = load_workbook(io.BytesIO(client.get("/export/crosswalk.xlsx?from=std-a&to=law-b").content))
    answer = gql(client, '{ crosswalk(from: "std-a", to: "law-b") { unmapped { id } } }')["crosswalk"]
    assert [r[0] for r in book["Unmapped"].iter_rows(min_row=2, values_only=True)] == [u["id"] for u in answer["unmapped"]]

    shared = client.get("/export/shared-controls.csv?minFrameworks=2")
    expected = gql(client, "{ sharedControls(minFrameworks: 2) { nodes { requirement { id } } } }")["sharedControls"]["nodes"]
    assert shared.status_code == 200, shared.text[-1500:]
    got = [r["requirement"] for r in csv.DictReader(io.StringIO(shared.content.decode("utf-8-sig")))]
    assert got == [n["requirement"]["id"] for n in expected] and got
    assert client.get("/export/nothing.xlsx").status_code == 404


def test_matrix_counts_and_pair_grid(client):
    stats = {f["id"]: {b["frameworkId"]: b["count"] for b in f["stats"]["byFramework"]}
             for f in gql(client, "{ frameworks { id stats { byFramework { frameworkId count } } } }")["frameworks"]}
    html = page(client, "/matrix")
    count = stats["std-a"]["law-b"]
    assert f'<a href="/matrix/std-a/law-b" title="{count} mappings' in html
    grid = page(client, "/matrix/law-b/std-a")
    assert f"{count} mappings" in grid
    # read from law-b: std-a:A.1.1 SUPERSET_OF law-b:Art.1 becomes SUBSET_OF
    assert "law-b:Art.1 SUBSET_OF std-a:A.1.1" in grid


def test_graphiql_is_served_offline_with_matching_integrity(client):
    html = client.get("/graphql", headers={"Accept": "text/html"}).text
    assert "unpkg.com" not in html and not re.search(r'(?:src|href)="https?://', html)
    assets = re.findall(r'(?:src|href)="(/static/vendor/graphiql/[^"]+)"\s+integrity="(sha384-[^"]+)"', html)
    assert len(assets) == 7
    for path, integrity in assets:
        body = client.get(path).content
        assert "sha384-" + base64.b64encode(hashlib.sha384(body).digest()).decode() == integrity, path


def test_cli_export_writes_the_same_tables_as_the_web(tmp_path, client, settings):
    from click.testing import CliRunner

    from crosswalk.cli import cli

    env = {"NEO4J_URI": settings.bolt_uri, "NEO4J_DATABASE": settings.neo4j_database}
    out = tmp_path / "gaps.xlsx"
    result = CliRunner().invoke(cli, ["export", "coverage", "--target", "law-b", "--using", "std-a", "--format", "xlsx",
                                      "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    web = load_workbook(io.BytesIO(client.get("/export/coverage.xlsx?target=law-b&using=std-a").content))
    cli_book = load_workbook(out)
    assert cli_book.sheetnames == web.sheetnames
    for name in web.sheetnames:
        assert list(cli_book[name].values) == list(web[name].values)

    result = CliRunner().invoke(cli, ["export", "mappings", "std-a:A.1.1"], env=env)
    assert result.exit_code == 0 and result.output.startswith("requirement,relation from here,other"), result.output
    assert "SUPERSET_OF,law-b:Art.1" in result.output
    result = CliRunner().invoke(cli, ["export", "coverage", "--target", "nope", "--using", "std-a"], env=env)
    assert result.exit_code == 1 and "unknown framework" in result.output
    result = CliRunner().invoke(cli, ["query", "{ frameworks { id } }", "--key", "cw_not-a-key"], env=env)
    assert result.exit_code == 1 and "unknown or revoked API key" in result.output


def test_cli_query_acts_with_an_organisation_key(settings, driver, client):
    from click.testing import CliRunner

    from crosswalk.cli import cli
    from graph.keys import create_key

    key = create_key(driver, settings.neo4j_database, "web-cli-org", "editor", "webcli")
    env = {"NEO4J_URI": settings.bolt_uri, "NEO4J_DATABASE": settings.neo4j_database}
    create = 'mutation { createControlSet(input: {id: "org:webcli", title: "Web CLI"}) { id } }'
    anonymous = CliRunner().invoke(cli, ["query", create], env=env)
    assert anonymous.exit_code == 1 and "needs an API key" in anonymous.output
    result = CliRunner().invoke(cli, ["query", create, "--key", key], env=env)
    assert result.exit_code == 0 and '"org:webcli"' in result.output, result.output
    seen = CliRunner().invoke(cli, ["query", '{ framework(id: "org:webcli") { id } }'], env={**env, "CROSSWALK_API_KEY": key})
    assert '"org:webcli"' in seen.output
