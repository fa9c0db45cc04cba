"""Content statistics of the loaded graph: how big each framework is, what is mapped, and
which obligations still have no mapping.

`content_stats` runs the named `stats-*` queries in one read transaction (so the figures
agree with each other); `format_stats` turns its result into plain-text tables.
"""

import textwrap

from neo4j import Driver, ManagedTransaction

from graph.run import DEFAULT_TIMEOUT, Runner, run_named

# The articles whose paragraphs and points carry the high-risk obligations: requirements
# (9–15), the provider's quality management system (17), deployers (26), the fundamental
# rights impact assessment (27), post-market monitoring (72) and serious incidents (73).
HIGH_RISK_ARTICLES = [f"eu-ai-act:Art.{n}" for n in (9, 10, 11, 12, 13, 14, 15, 17, 26, 27, 72, 73)]
UK_KINDS = ["principle", "expectation"]


def _coverage_query(framework, kinds, target, under=None, not_related=False, not_related_if_unbound=False) -> dict:
    return {"framework": framework, "kinds": kinds, "under": under, "target": target, "countNotRelated": not_related,
            "notRelatedIfUnbound": not_related_if_unbound}


# key -> (label, parameters of queries/stats-coverage.cypher)
COVERAGE = {
    # Paragraphs that bind only authorities may instead carry an explicit NOT_RELATED.
    "ai_act_high_risk_to_iso42001": ("AI Act high-risk paragraphs/points -> iso42001 (authority-only: or NOT_RELATED)",
                                     _coverage_query("eu-ai-act", ["paragraph", "point"], "iso42001", HIGH_RISK_ARTICLES,
                                                     not_related_if_unbound=True)),
    # An explicit NOT_RELATED counts here: it records that the control was looked at.
    "iso42001_controls_to_ai_act": ("iso42001 Annex A controls -> eu-ai-act (or NOT_RELATED)",
                                    _coverage_query("iso42001", ["control"], "eu-ai-act", not_related=True)),
    "uk_to_iso42001": ("UK principles/expectations -> iso42001", _coverage_query(None, UK_KINDS, "iso42001")),
    "uk_to_ai_act": ("UK principles/expectations -> eu-ai-act", _coverage_query(None, UK_KINDS, "eu-ai-act")),
    # Every UK principle and expectation was assessed: a mapping or an explicit NOT_RELATED.
    "uk_mapped": ("UK principles/expectations assessed (mapping or NOT_RELATED)",
                  _coverage_query(None, UK_KINDS, None, not_related=True)),
}


def content_stats(driver: Driver, database: str, timeout: float = DEFAULT_TIMEOUT) -> dict:
    """Requirement counts, mapping counts and coverage figures of the graph in `database`.

    {"requirements": {framework: {"total": n, "kinds": {kind: n}}},
     "mappings": {"total": n, "relations": {relation: n},
                  "pairs": [{"subject": fw, "object": fw, "total": n, "relations": {relation: n}}]},
     "coverage": {key: {"label": str, "total": n, "covered": n, "missing": [requirement id]}},
     "currency": [{"framework", "checked", "version", "amendments", "proposals", "needsReview"}]}
    """

    def work(tx: ManagedTransaction) -> dict:
        def run(name: str, **params) -> list[dict]:
            return run_named(tx, name, **params)

        requirements: dict[str, dict] = {}
        for row in run("stats-requirements"):
            fw = requirements.setdefault(row["framework"], {"total": 0, "kinds": {}})
            fw["total"] += row["count"]
            fw["kinds"][row["kind"]] = row["count"]

        mappings = {"total": 0, "relations": {}, "pairs": []}
        for row in run("stats-mappings"):
            pairs = mappings["pairs"]
            if not pairs or (pairs[-1]["subject"], pairs[-1]["object"]) != (row["subject"], row["object"]):
                pairs.append({"subject": row["subject"], "object": row["object"], "total": 0, "relations": {}})
            pairs[-1]["total"] += row["count"]
            pairs[-1]["relations"][row["relation"]] = row["count"]
            mappings["total"] += row["count"]
            mappings["relations"][row["relation"]] = mappings["relations"].get(row["relation"], 0) + row["count"]

        coverage = {}
        for key, (label, params) in COVERAGE.items():
            rows = run("stats-coverage", **params)
            coverage[key] = {"label": label, "total": len(rows), "covered": sum(r["covered"] for r in rows),
                             "missing": [r["id"] for r in rows if not r["covered"]]}
        currency = run("stats-currency")
        return {"requirements": requirements, "mappings": mappings, "coverage": coverage, "currency": currency}

    return Runner(driver, database, timeout).transaction(work, write=False)


def text_table(header: list[str], rows: list[list]) -> str:
    """Columns padded to their widest cell; numbers right-aligned."""
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(isinstance(row[i], int) for row in rows) and bool(rows) for i in range(len(header))]

    def line(row):
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric)).rstrip()

    return "\n".join([line(cells[0]), line(["-" * w for w in widths])] + [line(r) for r in cells[1:]])


def format_stats(stats: dict) -> str:
    """`content_stats` output as three readable tables, with the uncovered ids listed."""
    req_rows = []
    for fw, counts in sorted(stats["requirements"].items()):
        req_rows.append([fw, "(all)", counts["total"]])
        req_rows += [[fw, kind, n] for kind, n in sorted(counts["kinds"].items())]

    maps = stats["mappings"]
    map_rows = []
    for pair in maps["pairs"]:
        map_rows.append([pair["subject"], pair["object"], "(all)", pair["total"]])
        map_rows += [[pair["subject"], pair["object"], rel, n] for rel, n in sorted(pair["relations"].items())]
    map_rows.append(["(all)", "(all)", "(all)", maps["total"]])
    map_rows += [["(all)", "(all)", rel, n] for rel, n in sorted(maps["relations"].items())]

    cov = stats["coverage"].values()
    cov_rows = [[c["label"], c["covered"], c["total"], c["total"] - c["covered"]] for c in cov]
    # break_on_hyphens=False: never split an id such as eu-ai-act:Art.9(1) across lines.
    missing = [f"{c['label']}: no mapping for\n" + textwrap.fill(", ".join(c["missing"]), 96, initial_indent="    ",
                                                                 subsequent_indent="    ", break_on_hyphens=False)
               for c in cov if c["missing"]]

    currency = text_table(["framework", "checked", "version", "amendments", "proposals", "mappings to review"],
                          [[c["framework"], c["checked"] or "(never)", c["version"] or "", c["amendments"], c["proposals"],
                            c["needsReview"]] for c in stats["currency"]])
    return "\n\n".join(["Currency (content checked against its source on)", currency,
                        "Requirements", text_table(["framework", "kind", "count"], req_rows),
                        "Mappings (as stored: subject framework -> object framework)",
                        text_table(["subject", "object", "relation", "count"], map_rows),
                        "Coverage", text_table(["figure", "covered", "total", "missing"], cov_rows)] + missing) + "\n"
