"""The answers users hand on (crosswalk, coverage and gaps, shared controls, a requirement's mappings) as tables.

Each report is a stored GraphQL document (documents/<name>.graphql), run in-process through the same
schema the API serves, plus a pure function turning its answer into sheets. The web explorer and
`crosswalk export` both use them, so a download holds exactly what the page and the API show.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable

from crosswalk.exports.sheets import Sheet

DOCUMENTS = Path(__file__).parent / "documents"
Execute = Callable[[str, dict], Awaitable[dict]]  # (document, variables) -> data; raises on errors


@dataclass(frozen=True)
class Report:
    name: str
    paged: tuple[str, ...]  # path to the connection to read to the end, () if none
    to_sheets: Callable[[dict], list[Sheet]]

    @property
    def document(self) -> str:
        return (DOCUMENTS / f"{self.name}.graphql").read_text(encoding="utf-8")


def _dig(data: dict, path: tuple[str, ...]) -> dict:
    for key in path:
        data = data[key]
    return data


async def fetch(report: Report, execute: Execute, variables: dict) -> dict:
    """Run the report's document, following its connection's pages to the end."""
    data = await execute(report.document, variables)
    if not report.paged or _dig(data, report.paged[:-1]) is None:
        return data
    connection = _dig(data, report.paged)
    while connection["pageInfo"]["hasNextPage"]:
        following = _dig(await execute(report.document, {**variables, "after": connection["pageInfo"]["endCursor"]}),
                         report.paged)
        connection["nodes"].extend(following["nodes"])
        connection["pageInfo"] = following["pageInfo"]
    return data


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def coverage_sheets(data: dict) -> list[Sheet]:
    c = data["coverage"]
    using = ", ".join(u["id"] for u in c["using"])
    summary = Sheet("Summary", [("measure", 24), ("value", 40)], [
        ["target", c["target"]["id"]], ["using", using], ["requirements", c["total"]], ["full", c["full"]],
        ["partial", c["partial"]], ["none (gaps)", c["none"]], ["full %", _pct(c["fullPercent"])],
        ["covered %", _pct(c["coveredPercent"])]])
    status = Sheet("Requirements", [("requirement", 22), ("kind", 11), ("title", 48), ("status", 9),
                                    ("covered by", 40)], main=True)
    hits = Sheet("Mappings", [("requirement", 22), ("via", 22), ("status", 9), ("covered by", 22),
                              ("covered by title", 40), ("relation", 16), ("strength", 9), ("confidence", 11),
                              ("rationale", 12), ("justification", 70), ("source", 30), ("mapping set", 22),
                              ("mapping id", 30)])
    gaps = Sheet("Gaps", [("requirement", 22), ("kind", 11), ("title", 60), ("url", 40)])
    for item in c["items"]["nodes"]:
        r = item["requirement"]
        status.rows.append([r["id"], r["kind"], r["title"], item["status"],
                            sorted({h["source"]["id"] for h in item["hits"]})])
        for h in item["hits"]:
            m = h["mapping"]
            hits.rows.append([r["id"], h["viaId"], item["status"], h["source"]["id"], h["source"]["title"], h["relation"],
                              m["strength"], m["confidence"], m["rationale"], m["justification"],
                              m["provenance"]["source"], m["provenance"]["mappingSet"], m["id"]])
        if item["status"] == "NONE":
            gaps.rows.append([r["id"], r["kind"], r["title"], r.get("url")])
    return [summary, status, hits, gaps]


def crosswalk_sheets(data: dict) -> list[Sheet]:
    c = data["crosswalk"]
    summary = Sheet("Summary", [("measure", 24), ("value", 40)], [
        ["from", c["from"]["id"]], ["to", c["to"]["id"]], ["requirements", c["requirementCount"]],
        ["mapped", c["mappedCount"]], ["unmapped", c["requirementCount"] - c["mappedCount"]]])
    rows = Sheet("Crosswalk", [("requirement", 22), ("title", 40), ("relation", 16), ("maps to", 22),
                               ("maps to title", 40), ("strength", 9), ("confidence", 11), ("inferred", 9),
                               ("justification", 70), ("mapping ids", 30)], main=True)
    unmapped = Sheet("Unmapped", [("requirement", 22), ("kind", 11), ("title", 60)])
    for row in c["rows"]["nodes"]:
        r = row["requirement"]
        if not row["hits"]:
            rows.rows.append([r["id"], r["title"], None, None, None, None, None, None, None, None])
            unmapped.rows.append([r["id"], r["kind"], r["title"]])
        for h in row["hits"]:
            rows.rows.append([r["id"], r["title"], h["relation"], h["target"]["id"], h["target"]["title"], h["strength"],
                              h["confidence"], h["inferred"], " / ".join(v["justification"] for v in h["via"]),
                              [v["id"] for v in h["via"]]])
    return [summary, rows, unmapped]


def shared_controls_sheets(data: dict) -> list[Sheet]:
    s = data["sharedControls"]
    ranked = Sheet("Shared controls", [("requirement", 22), ("title", 44), ("framework", 14), ("frameworks reached", 10),
                                       ("total strength", 10), ("reached", 50)], main=True)
    detail = Sheet("Mappings", [("requirement", 22), ("reaches framework", 18), ("coverage", 10),
                                ("maps to", 22), ("maps to title", 44), ("relation", 16), ("strength", 9),
                                ("mapping id", 30)])
    for node in s["nodes"]:
        r = node["requirement"]
        ranked.rows.append([r["id"], r["title"], r["framework"]["id"], node["frameworkCount"], node["totalStrength"],
                            [f"{f['framework']['id']} ({f['coverage']})" for f in node["frameworks"]]])
        for f in node["frameworks"]:
            for covered in f["requirements"]:
                detail.rows.append([r["id"], f["framework"]["id"], f["coverage"], covered["requirement"]["id"],
                                    covered["requirement"]["title"], covered["relation"], covered["strength"],
                                    covered["mappingId"]])
    return [ranked, detail]


def requirement_sheets(data: dict) -> list[Sheet]:
    r = data["requirement"]
    about = Sheet("Requirement", [("field", 16), ("value", 80)], [
        ["id", r["id"]], ["framework", r["framework"]["id"]], ["kind", r["kind"]], ["title", r["title"]],
        ["summary", r["summary"]], ["url", r["url"]], ["parent", (r["parent"] or {}).get("id")],
        ["topics", [c["label"] for c in r["concepts"]]]])
    mappings = Sheet("Mappings", [("requirement", 22), ("relation from here", 18), ("other", 22), ("other title", 40),
                                  ("other framework", 14), ("strength", 9), ("confidence", 11), ("rationale", 12),
                                  ("justification", 70), ("direction", 10), ("source", 30), ("author", 16),
                                  ("reviewer", 16), ("method", 10), ("status", 10), ("date", 11),
                                  ("mapping set", 22), ("mapping id", 30)], main=True)
    for m in r["mappings"]:
        p, o = m["provenance"], m["other"]
        mappings.rows.append([r["id"], m["relationFromHere"], o["id"], o["title"], o["framework"]["id"], m["strength"],
                              m["confidence"], m["rationale"], m["justification"], m["direction"], p["source"],
                              p["author"], p["reviewer"], p["method"], p["status"], p["date"], p["mappingSet"], m["id"]])
    return [mappings, about]


def soa_sheets(data: dict) -> list[Sheet]:
    s = data["statementOfApplicability"]
    decision = {True: "applicable", False: "excluded", None: "to decide"}
    summary = Sheet("Summary", [("measure", 24), ("value", 40)], [
        ["organisation", s["org"]], ["standard", s["standard"]], ["as of", s["asOf"] or "today"],
        ["applicable", s["applicableCount"]], ["excluded", s["excludedCount"]], ["to decide", s["undecidedCount"]]])
    entries = Sheet("Statement of Applicability", [
        ("control", 20), ("title", 40), ("decision", 12), ("justification", 60), ("status", 13),
        ("implemented by", 40), ("evidence", 30), ("owner", 16), ("last reviewed", 13), ("proposed", 10)], main=True)
    for e in s["entries"]:
        entries.rows.append([e["controlId"], e["title"], decision[e["applicable"]], e["justification"], e["status"],
                             [m["id"] for m in e["implementedBy"]], e["evidence"], e["owner"], e["lastReviewed"],
                             "yes" if e["proposed"] else ""])
    return [entries, summary]


REPORTS = {r.name: r for r in [
    Report("coverage", ("coverage", "items"), coverage_sheets),
    Report("crosswalk", ("crosswalk", "rows"), crosswalk_sheets),
    Report("shared-controls", ("sharedControls",), shared_controls_sheets),
    Report("requirement", (), requirement_sheets),
    Report("soa", (), soa_sheets),
]}
