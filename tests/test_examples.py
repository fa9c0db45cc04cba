"""Every stored example question (queries/examples/*.graphql) answered through HTTP over the real seeds.

Each file runs as a stored query, `{"id": "<name>"}`, and gets a check of its own: not just
"some data came back" but that the answer has the shape and the facts the question is about.
"""

import json

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.stored import EXAMPLES_DIR, GRAPHIQL_EXAMPLE

pytestmark = pytest.mark.neo4j

EXAMPLES = sorted(p.stem for p in EXAMPLES_DIR.glob("*.graphql"))
FULL = {"EQUAL", "SUPERSET_OF"}
PARTIAL = {"SUBSET_OF", "INTERSECTS_WITH"}


# -- small helpers the checks share ----------------------------------------------------------

def _coverage_adds_up(c: dict) -> bool:
    return c["total"] > 0 and c["full"] + c["partial"] + c["none"] == c["total"]


def _items_consistent(c: dict) -> bool:
    """FULL items have an EQUAL/SUPERSET_OF hit of substance (not SYNTACTIC, not inherited), on them or under them;
    PARTIAL ones have hits but no FUNCTIONAL EQUAL/SUPERSET_OF hit on themselves; NONE ones have none."""
    for item in c["items"]["nodes"]:
        own = item["requirement"]["id"]
        hits = item["hits"]
        substantive = [h for h in hits if h["relation"] in FULL and h.get("rationale", "SEMANTIC") != "SYNTACTIC"
                       and not h.get("inherited")]
        functional_here = any(h["viaId"] == own and h.get("rationale") == "FUNCTIONAL" for h in substantive)
        if item["status"] == "FULL" and not substantive:
            return False
        if item["status"] == "PARTIAL" and (not hits or functional_here):
            return False
        if item["status"] == "NONE" and hits:
            return False
    return True


def _gaps_are_none(c: dict) -> bool:
    none_ids = [i["requirement"]["id"] for i in c["items"]["nodes"] if i["status"] == "NONE"]
    return len(c["gaps"]) == c["none"] and [g["id"] for g in c["gaps"]] == none_ids


def _mappings_under(req: dict) -> list[dict]:
    """Every mapping on the children and grandchildren of a requirement."""
    return [m for child in req["children"]
            for m in child["mappings"] + [m for g in child.get("children", []) for m in g["mappings"]]]


def _art14(d: dict) -> bool:
    req = d["requirement"]
    iso = [m for m in _mappings_under(req) if m["other"]["framework"]["id"] == "iso42001"]
    return (req["title"] == "Human oversight"
            and [c["id"] for c in req["children"]] == [f"eu-ai-act:Art.14({i})" for i in range(1, 6)]
            and len(iso) >= 10
            and {"iso42001:A.9.2", "iso42001:A.6.2.2"} <= {m["other"]["id"] for m in iso}
            and all(m["relationFromHere"] in FULL | PARTIAL and 1 <= m["strength"] <= 10 for m in iso)
            and all(len(m["justification"]) >= 20 and m["provenance"]["mappingSet"] == "iso42001-eu-ai-act" for m in iso))


def _iso27001_covers_iso42001(d: dict) -> bool:
    c = d["coverage"]
    status = {i["requirement"]["id"]: i["status"] for i in c["items"]["nodes"]}
    controls = [i for i in c["items"]["nodes"] if i["requirement"]["kind"] == "control"]
    return (_coverage_adds_up(c) and _gaps_are_none(c) and _items_consistent(c)
            and c["target"]["id"] == "iso42001" and [u["id"] for u in c["using"]] == ["iso27001"]
            and c["full"] > 0 and c["partial"] > 0 and c["items"]["totalCount"] == c["total"]
            # an ISMS shares the management-system structure, not the AI substance
            and c["full"] < c["partial"] and c["reusableStructure"] > c["full"]
            and all(status[r] != "FULL" for r in ("iso42001:5.2", "iso42001:6.1.2", "iso42001:6.1.4"))
            and controls and all(i["status"] != "FULL" for i in controls)
            # each provision once: clause 6.1 is counted through 6.1.1-6.1.4, objective A.2 through its controls
            and "iso42001:6.1" not in status and "iso42001:A.2" not in status
            and all(h["source"]["id"].startswith("iso27001:") for i in c["items"]["nodes"] for h in i["hits"])
            and c["coveredPercent"] == round(100 * (c["full"] + c["partial"]) / c["total"], 1))


def _applies_on(requirement: dict, day: str, condition: str | None = None) -> bool:
    """Some date of the requirement's applies on `day` (for `condition`: its own dates, else unconditional ones)."""
    dates = requirement["applies"]
    if condition and any(a["condition"] == condition for a in dates):
        dates = [a for a in dates if a["condition"] == condition]
    elif condition:
        dates = [a for a in dates if a["condition"] is None]
    return not requirement["applies"] or any(a["from"] <= day for a in dates)


def _deployer(d: dict) -> bool:
    c = d["coverage"]
    nodes = c["items"]["nodes"]
    ids = {i["requirement"]["id"] for i in nodes}
    return (_coverage_adds_up(c) and _gaps_are_none(c) and _items_consistent(c)
            and c["full"] + c["partial"] > 0
            and all("deployer" in i["requirement"]["roles"] for i in nodes)
            and all(_applies_on(i["requirement"], "2026-08-02") for i in nodes)
            # Regulation (EU) 2026/1744 deferred the deployer duties of Art. 26 to 2 Dec 2027 / 2 Aug 2028
            and not any(i.startswith("eu-ai-act:Art.26") for i in ids)
            and "eu-ai-act:Art.4" in ids and any(i.startswith("eu-ai-act:Art.50(") for i in ids)
            and all(h["source"]["id"].startswith("iso42001:") for i in nodes for h in i["hits"]))


def _annex_iii_provider(d: dict) -> bool:
    c, nodes = d["coverage"], d["coverage"]["items"]["nodes"]
    ids = {i["requirement"]["id"] for i in nodes}
    return (c["total"] == c["items"]["totalCount"] == c["full"] + c["partial"] + c["none"] > 0
            and all(_applies_on(i["requirement"], "2027-12-02", "annex-iii") for i in nodes)
            and {"eu-ai-act:Art.9(1)", "eu-ai-act:Art.17(1)(a)", "eu-ai-act:Art.12(1)"} <= ids
            # the same provider of an Annex I system is not yet bound by Chapter III then (2 Aug 2028)
            and d["annexI"]["total"] < c["total"])


def _ai_act_changes_2026(d: dict) -> bool:
    report = d["changes"]
    changes = report["changes"]
    by_id = {c["provisionId"]: c for c in changes}
    review = {m["id"] for c in changes for m in c["mappingsNeedingReview"]}
    versions = d["framework"]["versions"]
    return (report["inserted"] > 0 and report["replaced"] > 0 and report["redated"] > 100
            and len(changes) == report["inserted"] + report["replaced"] + report["repealed"] + report["redated"]
            and all(c["amendment"]["id"] == "eu-2026-1744" and "2026-01-01" <= c["effective"] <= "2026-12-31" for c in changes)
            and by_id["eu-ai-act:Art.5(1)(ba)"]["action"] == "INSERTS"
            and by_id["eu-ai-act:Art.26"]["action"] == "REDATES" and by_id["eu-ai-act:Art.26"]["mappingsNeedingReview"] == []
            and report["mappingsNeedingReview"] == len(review)
            and all(m["reviewReasons"] for c in changes for m in c["mappingsNeedingReview"])
            and [v["id"] for v in versions] == ["2024-07-12", "2026-07-27"] and versions[0]["validTo"] == "2026-07-27")


def _iso9001_transition(d: dict) -> bool:
    c, nodes = d["coverage"], d["coverage"]["items"]["nodes"]
    ids = {i["requirement"]["id"] for i in nodes}
    return (_coverage_adds_up(c) and c["full"] > c["partial"] + c["none"]  # most of the 2015 QMS carries over
            and c["items"]["totalCount"] == c["partial"] + c["none"] == len(nodes) > 0
            and {"iso9001-2026:6.1.2", "iso9001-2026:6.1.3"} <= ids  # risks and opportunities split
            and "iso9001-2026:7.1.5.2" not in ids  # renamed only
            and all(h["source"]["id"].startswith("iso9001:") for i in nodes for h in i["hits"])
            and d["framework"]["supersedes"]["id"] == "iso9001")


def _shared_three(d: dict) -> bool:
    rows = d["sharedControls"]["nodes"]
    ranked = [(r["frameworkCount"], r["totalStrength"]) for r in rows]
    return (len(rows) > 0 and all(r["frameworkCount"] >= 3 for r in rows)
            and ranked == sorted(ranked, reverse=True)
            and all(r["frameworkCount"] == len(r["frameworks"]) for r in rows)
            and all(r["requirement"]["framework"]["id"] not in {f["framework"]["id"] for f in r["frameworks"]} for r in rows)
            and all(r["totalStrength"] == sum(f["strength"] for f in r["frameworks"]) for r in rows)
            # FULL rests on substance (never on a SYNTACTIC equivalence alone); a FUNCTIONAL full hit is never PARTIAL
            and all(any(q["relation"] in FULL and q["rationale"] != "SYNTACTIC" for q in f["requirements"])
                    if f["coverage"] == "FULL" else
                    not any(q["relation"] in FULL and q["rationale"] == "FUNCTIONAL" for q in f["requirements"])
                    for r in rows for f in r["frameworks"]))


def _one_for_four(d: dict) -> bool:
    rows = d["sharedControls"]["nodes"]
    four = {"iso42001", "eu-ai-act", "iso27001", "iso9001"}
    return (len(rows) > 0 and all(r["frameworkCount"] == 3 for r in rows)
            and all({r["requirement"]["framework"]["id"]} | {f["framework"]["id"] for f in r["frameworks"]} == four
                    for r in rows))


def _iso9001_art17(d: dict) -> bool:
    iso9001 = [m for m in _mappings_under(d["requirement"]) if m["other"]["framework"]["id"] == "iso9001"]
    cw = d["crosswalk"]
    return (d["requirement"]["title"] == "Quality management system" and len(iso9001) >= 5
            and "iso9001:4.4" in {m["other"]["id"] for m in iso9001}
            and cw["from"]["id"] == "iso9001" and cw["to"]["id"] == "eu-ai-act"
            and 0 < cw["mappedCount"] <= cw["requirementCount"])


def _logging_paths(d: dict) -> bool:
    direct, via = d["direct"], d["viaIso42001"]
    return (len(direct) >= 1 and direct[0]["direct"] and direct[0]["length"] == 1
            and direct[0]["hops"][0]["fromId"] == "iso27001:A.8.15" and direct[0]["hops"][0]["toId"] == "eu-ai-act:Art.12(1)"
            and len(via) >= 1 and all(p["explorationOnly"] and not p["direct"] for p in via)
            and via[0]["hops"][0]["fromId"] == "iso27001:A.8.15" and via[0]["hops"][-1]["toId"] == "eu-ai-act:Art.12(3)(b)"
            and all(a["toId"] == b["fromId"] for p in via for a, b in zip(p["hops"], p["hops"][1:]))
            and via[0]["weakestStrength"] == min(h["mapping"]["strength"] for h in via[0]["hops"]))


def _human_oversight(d: dict) -> bool:
    t = d["topic"]
    frameworks = [g["framework"]["id"] for g in t["groups"]]
    return (t["concept"]["id"] == "human-oversight" and t["requirementCount"] == sum(len(g["requirements"]) for g in t["groups"])
            and {"eu-ai-act", "iso42001"} <= set(frameworks) and len(frameworks) == len(set(frameworks))
            and "eu-ai-act:Art.14" in {r["id"] for g in t["groups"] for r in g["requirements"]})


def _incident_search(d: dict) -> bool:
    s = d["search"]
    nodes = s["nodes"]
    first = nodes[0]["requirement"] if nodes else {}
    scores = [n["score"] for n in nodes]
    return (s["totalCount"] >= len(nodes) > 0 and scores == sorted(scores, reverse=True)
            and "incident" in (first["title"] + " " + (first["summary"] or "")).lower()
            and "eu-ai-act:Art.73" in {n["requirement"]["id"] for n in nodes[:5]})


def _compare_logging(d: dict) -> bool:
    c = d["compare"]
    asked = ["iso27001:A.8.15", "iso42001:A.6.2.8", "eu-ai-act:Art.12(1)", "eu-ai-act:Art.19"]
    return ([r["id"] for r in c["requirements"]] == asked and len(c["mappings"]) >= 3
            and all(m["subject"]["id"] in asked and m["object"]["id"] in asked for m in c["mappings"])
            and "iso27001-iso42001|iso27001:A.8.15|iso42001:A.6.2.8" in {m["id"] for m in c["mappings"]})


def _iso42001_stats(d: dict) -> bool:
    f = d["framework"]
    s = f["stats"]
    kinds = {k["kind"]: k["count"] for k in s["byKind"]}
    return (f["id"] == "iso42001" and sum(kinds.values()) == f["requirementCount"] and kinds.get("control") == 38
            and s["mappingCount"] == sum(b["count"] for b in s["byFramework"]) == sum(r["count"] for r in s["byRelation"])
            and {"eu-ai-act", "iso27001", "iso9001"} <= {b["frameworkId"] for b in s["byFramework"]}
            and all(b["count"] == sum(r["count"] for r in b["byRelation"]) for b in s["byFramework"]))


def _uk_regulators(d: dict) -> bool:
    expected = {"ico": "uk-ico", "fca": "uk-fca", "pra": "uk-pra", "mhra": "uk-mhra", "cma": "uk-cma",
                "ofcom": "uk-ofcom", "principles": "uk-ai-principles"}
    return (set(d) == set(expected)
            and all(d[k]["from"]["id"] == fw for k, fw in expected.items())
            and all(0 < d[k]["mappedCount"] <= d[k]["requirementCount"] == len(d[k]["rows"]["nodes"]) for k in expected)
            and all(d[k]["requirementCount"] - d[k]["mappedCount"] == len(d[k]["unmapped"]) for k in expected)
            and all(h["target"]["id"].startswith("iso42001:") for k in expected
                    for r in d[k]["rows"]["nodes"] for h in r["hits"]))


def _high_risk_gaps(d: dict) -> bool:
    c = d["coverage"]
    nodes = c["items"]["nodes"]
    return (_coverage_adds_up(c) and _items_consistent(c)
            and c["items"]["totalCount"] == c["partial"] + c["none"] == len(nodes) > 0
            and all(i["status"] in {"PARTIAL", "NONE"} for i in nodes)
            and sum("high-risk" in i["requirement"]["riskTiers"] for i in nodes) > len(nodes) / 2
            and all(i["requirement"]["appliesFrom"] is None or i["requirement"]["appliesFrom"] <= "2026-08-02" for i in nodes))


def _inferred(d: dict) -> bool:
    cw = d["crosswalk"]
    hits = [h for r in cw["rows"]["nodes"] for h in r["hits"]]
    inferred = [h for h in hits if h["inferred"]]
    return (0 < cw["mappedCount"] <= cw["requirementCount"] == cw["rows"]["totalCount"]
            and len(inferred) > 0 and any(not h["inferred"] for h in hits)
            and all(len(h["via"]) == 2 for h in inferred) and all(len(h["via"]) == 1 for h in hits if not h["inferred"])
            and all(h["target"]["id"].startswith("eu-ai-act:") for h in hits)
            and all(h["strength"] == min(v["strength"] for v in h["via"]) for h in inferred))


def _provenance(d: dict) -> bool:
    m = d["mappings"]
    nodes = m["nodes"]
    return (m["totalCount"] == len(nodes) > 0
            and all(n["strength"] >= 7 and not n["inferred"] for n in nodes)
            and all(n["provenance"]["source"] and n["provenance"]["author"] and n["provenance"]["date"] for n in nodes)
            and all({n["subject"]["id"].split(":")[0], n["object"]["id"].split(":")[0]} == {"iso42001", "eu-ai-act"}
                    for n in nodes))


def _history(d: dict) -> bool:
    mappings = d["requirement"]["mappings"]
    target = "iso42001-eu-ai-act|iso42001:A.6.2.8|eu-ai-act:Art.12(1)"
    # The seeds carry no audit trail: the history is a (here empty) list, the provenance is there.
    return (isinstance(d["history"], list) and all(e["at"] for e in d["history"])
            and target in {m["id"] for m in mappings}
            and all(m["provenance"]["mappingSet"] and m["provenance"]["author"] for m in mappings))


def _event_logging(d: dict) -> bool:
    r = d["requirement"]
    others = {m["other"]["framework"]["id"] for m in r["mappings"]}
    strengths = [m["strength"] for m in r["mappings"]]
    return (r["parent"]["id"] == "iso42001:A.6.2" and {"eu-ai-act", "iso27001"} <= others
            and strengths == sorted(strengths, reverse=True)
            and "record-keeping-and-logging" in {c["id"] for c in r["concepts"]})


def _frameworks(d: dict) -> bool:
    ids = {f["id"] for f in d["frameworks"]}
    return ({"iso42001", "iso27001", "iso9001", "eu-ai-act", "uk-ai-principles", "uk-ico", "uk-fca", "uk-pra",
             "uk-mhra", "uk-cma", "uk-ofcom"} <= ids
            and all(f["requirementCount"] > 0 for f in d["frameworks"]))


def _annex_a(d: dict) -> bool:
    cw = d["crosswalk"]
    nodes = cw["rows"]["nodes"]
    return (cw["requirementCount"] == 38 == len(nodes) and 0 < cw["mappedCount"]
            and all(n["requirement"]["id"].startswith("iso42001:A.") for n in nodes)
            and cw["requirementCount"] - cw["mappedCount"] == len(cw["unmapped"])
            and all(h["target"]["id"].startswith("eu-ai-act:") and not h.get("inferred") for n in nodes for h in n["hits"]))


def _bcms_gives_aims(d: dict) -> bool:
    c, links = d["coverage"], d["links"]["nodes"]
    rationales = {m["rationale"] for m in links}
    # (status rules are checked by the coverage tests; here: NONE items have no hits, the others have some)
    return (_coverage_adds_up(c) and _gaps_are_none(c)
            and all(bool(i["hits"]) == (i["status"] != "NONE") for i in c["items"]["nodes"])
            and c["target"]["id"] == "iso42001" and [u["id"] for u in c["using"]] == ["iso22301"]
            and c["full"] + c["partial"] > 0 and c["none"] > 0
            and all(h["source"]["id"].startswith("iso22301:") for i in c["items"]["nodes"] for h in i["hits"])
            and d["links"]["totalCount"] == len(links) > 0 and {"SYNTACTIC", "FUNCTIONAL"} <= rationales
            and {"hs-iso22301-iso42001", "fn-iso22301-iso42001", "iso22301-iso42001"} <= {m["provenance"]["mappingSet"] for m in links}
            # a functional assessment claims a whole clause only for discipline-neutral procedures
            and all(m["subject"]["id"] in {"iso22301:6.3", "iso22301:7.5", "iso22301:10.1"} and m["strength"] < 10
                    for m in links if m["rationale"] == "FUNCTIONAL" and m["relation"] in FULL)
            and all(m["subject"]["id"].startswith("iso22301:") and m["object"]["id"].startswith("iso42001:") for m in links))


def _a624_to_ai_rmf(d: dict) -> bool:
    r = d["requirement"]
    others = [m["other"] for m in r["mappings"]]
    return (r["title"] == "AI system verification and validation" and len(others) >= 4
            and all(o["framework"]["id"] == "nist-ai-rmf" and o["kind"] == "subcategory" for o in others)
            and {"nist-ai-rmf:MEASURE-2.3", "nist-ai-rmf:MEASURE-2.5"} <= {o["id"] for o in others}
            and all(o["parent"]["id"] == o["id"].rsplit(".", 1)[0] for o in others)
            and all(len(m["justification"]) >= 20 and 1 <= m["strength"] <= 10 for m in r["mappings"]))


def _gai_risks_ai_act(d: dict) -> bool:
    cw = d["crosswalk"]
    nodes = cw["rows"]["nodes"]
    hits = [h for n in nodes for h in n["hits"]]
    gpai = {"eu-ai-act:Art.50", "eu-ai-act:Art.53", "eu-ai-act:Art.55"}
    return (cw["from"]["id"] == "nist-ai-600-1" and cw["requirementCount"] == 12 == len(nodes)
            and 0 < cw["mappedCount"] <= 12 and cw["requirementCount"] - cw["mappedCount"] == len(cw["unmapped"])
            and all(n["requirement"]["id"].startswith("nist-ai-600-1:2.") for n in nodes)
            and all(h["target"]["id"].split("(")[0] in gpai for h in hits)
            and any("gpai-provider" in h["target"]["roles"] for h in hits)
            # data privacy is left to the GDPR: assessed, and said to be NOT_RELATED, never counted as addressed
            and {h["relation"] for n in nodes if n["requirement"]["id"] == "nist-ai-600-1:2.4" for h in n["hits"]} == {"NOT_RELATED"}
            and sum(any(h["relation"] != "NOT_RELATED" for h in n["hits"]) for n in nodes) >= 10)


CHECKS = {
    "what-does-ai-act-art-14-need-from-iso42001": _art14,
    "which-iso42001-requirements-does-my-iso27001-isms-cover": _iso27001_covers_iso42001,
    "deployer-obligations-in-force-on-2026-08-02-covered-by-iso42001": _deployer,
    "what-binds-a-provider-of-an-annex-iii-system-on-2027-12-02": _annex_iii_provider,
    "what-changed-in-the-ai-act-in-2026-and-which-mappings-it-touches": _ai_act_changes_2026,
    "what-must-an-iso9001-2015-qms-add-for-2026": _iso9001_transition,
    "controls-that-satisfy-three-frameworks-at-once": _shared_three,
    "one-requirement-for-ai-act-iso42001-iso27001-and-iso9001": _one_for_four,
    "iso9001-to-ai-act-article-17-crosswalk": _iso9001_art17,
    "how-is-iso27001-logging-connected-to-ai-act-article-12": _logging_paths,
    "everything-about-human-oversight-across-frameworks": _human_oversight,
    "search-for-incident-reporting": _incident_search,
    "compare-logging-provisions": _compare_logging,
    "iso42001-framework-statistics": _iso42001_stats,
    "uk-regulator-expectations-mapped-to-iso42001": _uk_regulators,
    "high-risk-obligations-without-full-coverage": _high_risk_gaps,
    "inferred-crosswalk-iso27001-to-ai-act": _inferred,
    "mapping-provenance-for-researchers": _provenance,
    "audit-history-of-a-mapping": _history,
    "what-else-does-iso42001-event-logging-satisfy": _event_logging,
    "which-frameworks-does-crosswalk-hold": _frameworks,
    "which-ai-act-provisions-each-iso42001-annex-a-control-serves": _annex_a,
    "what-does-our-iso22301-bcms-give-our-iso42001-aims": _bcms_gives_aims,
    "which-ai-rmf-subcategories-does-iso42001-a-6-2-4-serve": _a624_to_ai_rmf,
    "which-gai-risks-does-the-ai-act-address-for-gpai-model-providers": _gai_risks_ai_act,
}


@pytest.fixture(scope="module")
def client(settings, real_graph):
    with TestClient(create_app(settings)) as client:
        yield client


def test_every_example_has_a_check_and_a_question():
    assert GRAPHIQL_EXAMPLE in EXAMPLES
    assert set(CHECKS) == set(EXAMPLES)
    for name in EXAMPLES:
        first = (EXAMPLES_DIR / f"{name}.graphql").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and first.rstrip().endswith(")"), f"{name}: first line must state the question and who asks"
        assert "$" not in (EXAMPLES_DIR / f"{name}.graphql").read_text(encoding="utf-8"), f"{name}: no variables"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_answers(client, name):
    response = client.post("/graphql", json={"id": name})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    data = body["data"]
    assert data and all(v not in (None, [], {}) for k, v in data.items() if k != "history"), data
    assert CHECKS[name](data), json.dumps(data)[:3000]


def test_unknown_stored_id_is_404(client):
    response = client.post("/graphql", json={"id": "no-such-question"})
    assert response.status_code == 404
    assert "no-such-question" in response.text and "queries/examples" in response.text


def test_id_and_query_together_is_400(client):
    response = client.post("/graphql", json={"id": GRAPHIQL_EXAMPLE, "query": "{ frameworks { id } }"})
    assert response.status_code == 400
    assert "not both" in response.text


def test_graphiql_opens_on_the_art_14_example(client):
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    text = (EXAMPLES_DIR / f"{GRAPHIQL_EXAMPLE}.graphql").read_text(encoding="utf-8")
    assert json.dumps(text) in response.text
    assert 'requirement(id: \\"eu-ai-act:Art.14\\")' in response.text


def test_stored_queries_only_refuses_ad_hoc_documents(settings, real_graph):
    with TestClient(create_app(settings.model_copy(update={"stored_queries_only": True}))) as strict:
        refused = strict.post("/graphql", json={"query": "{ frameworks { id } }"})
        assert refused.status_code == 400
        assert "stored queries only" in refused.text
        stored = strict.post("/graphql", json={"id": "which-frameworks-does-crosswalk-hold"})
        assert stored.status_code == 200, stored.text
        assert "errors" not in stored.json()
        assert _frameworks(stored.json()["data"])
