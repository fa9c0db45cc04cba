"""Crosswalk against @neo4j/graphql (the peer) and raw Cypher, side by side on one Neo4j, in one run.

    .venv/bin/python bench/peer/run.py [--n 200 | --duration 10] [--seeds DIR] [--use-configured]
        [--crosswalk-dir OTHER_CHECKOUT] [--crosswalk-cmd 'CMD … {port}'] [--crosswalk-cache off|on]
        [--questions one,page,mappings,shared,nested] [--concurrency 1,8] [--json out.json]

Starts a private Neo4j loaded with the seeds (or a scaled seed folder, `--seeds`), Crosswalk
(uvicorn, `server.app:create_app`; several workers when CROSSWALK_WORKERS is set) and the peer
(bench/peer/server.mjs: @neo4j/graphql 7 on GraphQL Yoga, installed with npm on first use), all
against that one Neo4j. For each of the five question shapes of issue 12 it first checks that
Crosswalk, the peer and the raw Cypher (one query through the Python driver, in a read transaction)
give equivalent answers, normalised to comparable values, and stops on any difference. Then it
drives each with 1 and with 8 concurrent clients (keep-alive connections), interleaved in rounds
so all see the same machine, and prints a markdown table. `--crosswalk-dir` serves a second
checkout (e.g. `git worktree add /tmp/before <commit>`) as one more column: before vs after.

Caching is off: Crosswalk gets CROSSWALK_RESPONSE_CACHE=off (`--crosswalk-cache on` to measure it
on), the peer has no answer cache and Yoga's parse cache is off (`--peer-parse-cache` turns it on).
Nothing here asserts a time; the figures go in closing notes.
"""

import argparse
import json
import statistics
import sys
from functools import partial
from pathlib import Path

from harness import (Client, drive, neo4j_env, neo4j_with_seeds, percentile, start_crosswalk,
                     start_peer, PEER_DIR)
from neo4j import GraphDatabase

REQ = "iso42001:A.6.2.8"  # AI system event logs: 20 mappings both ways, 39 at the fifth level

# -- the five questions: Crosswalk's document, the peer's, the raw Cypher (shaped like Crosswalk's
# answer, so one normaliser serves both), and how to bring each answer to comparable values -----

ONE = {
    "label": "one requirement + its mappings both ways",
    "crosswalk": """{ requirement(id: "%s") { id title
        mappings { id relationFromHere strength justification other { id title } } } }""" % REQ,
    "peer": """{ requirements(where: {id: {eq: "%s"}}) { id title
        mapsToConnection { edges { properties { id relation strength justification } node { id title } } }
        mappedFromConnection { edges { properties { id inverseRelation strength justification } node { id title } } } } }"""
            % REQ,
    "raw": """MATCH (r:Requirement {id: $id})
        RETURN r.id AS id, r.title AS title,
          [(r)-[m:MAPS_TO]-(o:Requirement) WHERE o.org IS NULL |
            {id: m.id, relationFromHere: CASE WHEN startNode(m) = r THEN m.relation ELSE m.inverseRelation END,
             strength: m.strength, justification: m.justification, other: o {.id, .title}}] AS mappings""",
    "params": {"id": REQ},
    "raw_as": lambda rows: {"requirement": rows[0]},
}


def _one_crosswalk(d):
    r = d["requirement"]
    return r["id"], r["title"], sorted((m["id"], m["relationFromHere"], m["strength"], m["justification"],
                                        m["other"]["id"], m["other"]["title"]) for m in r["mappings"])


def _one_peer(d):
    [r] = d["requirements"]
    out = [(e["properties"]["id"], e["properties"]["relation"], e["properties"]["strength"],
            e["properties"]["justification"], e["node"]["id"], e["node"]["title"]) for e in r["mapsToConnection"]["edges"]]
    inc = [(e["properties"]["id"], e["properties"]["inverseRelation"], e["properties"]["strength"],
            e["properties"]["justification"], e["node"]["id"], e["node"]["title"])
           for e in r["mappedFromConnection"]["edges"]]
    return r["id"], r["title"], sorted(out + inc)


ONE.update(norm_crosswalk=_one_crosswalk, norm_peer=_one_peer)

PAGE = {
    "label": "page of 100 AI Act requirements + children + concepts",
    "crosswalk": """{ framework(id: "eu-ai-act") { requirements(first: 100) { nodes { id title
        children { id title } concepts { id label } } } } }""",
    "peer": """{ requirements(where: {framework: {eq: "eu-ai-act"}}, sort: [{order: ASC}], limit: 100) { id title
        children(sort: [{order: ASC}]) { id title } concepts(sort: [{id: ASC}]) { id label } } }""",
    "raw": """MATCH (r:Requirement {framework: $framework}) WHERE r.org IS NULL
        WITH r ORDER BY r.order LIMIT $first
        RETURN r.id AS id, r.title AS title,
          COLLECT { MATCH (c:Requirement)-[:PART_OF]->(r) WHERE c.org IS NULL
                    WITH c ORDER BY c.order RETURN c {.id, .title} } AS children,
          COLLECT { MATCH (r)-[:ADDRESSES]->(k:Concept) WITH k ORDER BY k.id RETURN k {.id, .label} } AS concepts""",
    "params": {"framework": "eu-ai-act", "first": 100},
    "raw_as": lambda rows: {"framework": {"requirements": {"nodes": rows}}},
}


def _page(nodes):
    return [(r["id"], r["title"], [(c["id"], c["title"]) for c in r["children"]],
             sorted((k["id"], k["label"]) for k in r["concepts"])) for r in nodes]


PAGE.update(norm_crosswalk=lambda d: _page(d["framework"]["requirements"]["nodes"]),
            norm_peer=lambda d: _page(d["requirements"]))

MAPPINGS = {
    "label": "mappings iso42001 <-> eu-ai-act with both ends",
    "crosswalk": """{ mappings(from: "iso42001", to: "eu-ai-act", first: 500) { totalCount nodes { id relation strength
        subject { id title } object { id title } } } }""",
    "peer": """{ requirements(where: {framework: {eq: "iso42001"}, OR: [
          {mapsToConnection: {some: {node: {framework: {eq: "eu-ai-act"}}}}},
          {mappedFromConnection: {some: {node: {framework: {eq: "eu-ai-act"}}}}}]}) { id title
        mapsToConnection(where: {node: {framework: {eq: "eu-ai-act"}}}) {
          edges { properties { id relation strength } node { id title } } }
        mappedFromConnection(where: {node: {framework: {eq: "eu-ai-act"}}}) {
          edges { properties { id relation strength } node { id title } } } } }""",
    "raw": """MATCH (x:Requirement {framework: $from})-[m:MAPS_TO]-(y:Requirement {framework: $to})
        WHERE x.org IS NULL AND y.org IS NULL
        WITH startNode(m) AS a, m, endNode(m) AS b ORDER BY a.framework, a.order, b.framework, b.order, m.id LIMIT $first
        RETURN m.id AS id, m.relation AS relation, m.strength AS strength,
               a {.id, .title} AS subject, b {.id, .title} AS object""",
    "params": {"from": "iso42001", "to": "eu-ai-act", "first": 500},
    "raw_as": lambda rows: {"mappings": {"totalCount": len(rows), "nodes": rows}},
}


def _mappings_crosswalk(d):
    nodes = d["mappings"]["nodes"]
    if d["mappings"]["totalCount"] > len(nodes):
        raise SystemExit("mappings: more than 500 between the two frameworks; the question wants all of them")
    return sorted((m["id"], m["relation"], m["strength"], m["subject"]["id"], m["subject"]["title"],
                   m["object"]["id"], m["object"]["title"]) for m in nodes)


def _mappings_peer(d):
    rows = []
    for r in d["requirements"]:
        for e in r["mapsToConnection"]["edges"]:
            p = e["properties"]
            rows.append((p["id"], p["relation"], p["strength"], r["id"], r["title"], e["node"]["id"], e["node"]["title"]))
        for e in r["mappedFromConnection"]["edges"]:
            p = e["properties"]
            rows.append((p["id"], p["relation"], p["strength"], e["node"]["id"], e["node"]["title"], r["id"], r["title"]))
    return sorted(rows)


MAPPINGS.update(norm_crosswalk=_mappings_crosswalk, norm_peer=_mappings_peer)

# The peer's @cypher statement (bench/peer/shared-controls.cypher); raw runs the same text projecting
# only the fields the question asks for.
SHARED_CYPHER = "\n".join(line for line in (PEER_DIR / "shared-controls.cypher").read_text().splitlines()
                          if not line.lstrip().startswith("//"))

SHARED = {
    "label": "sharedControls(minFrameworks: 2), first 50",
    "crosswalk": """{ sharedControls(minFrameworks: 2, first: 50) { nodes { requirement { id title } frameworkCount
        totalStrength frameworks { framework { id } coverage strength
          requirements { requirement { id title } relation strength mappingId } } } } }""",
    "peer": """{ sharedControls(minFrameworks: 2, first: 50) { requirement { id title } frameworkCount totalStrength
        frameworks { framework coverage strength requirements { requirement { id title } relation strength mappingId } } } }""",
    "raw": SHARED_CYPHER.replace("{.*}", "{.id, .title}"),
    "params": {"minFrameworks": 2, "first": 50, "offset": 0},
    "raw_as": lambda rows: {"sharedControls": [r["row"] for r in rows]},
}


def _shared(rows, framework_id):
    return [(s["requirement"]["id"], s["requirement"]["title"], s["frameworkCount"], s["totalStrength"],
             [(framework_id(f), f["coverage"], f["strength"],
               sorted((h["requirement"]["id"], h["requirement"]["title"], h["relation"], h["strength"], h["mappingId"])
                      for h in f["requirements"])) for f in s["frameworks"]]) for s in rows]


SHARED.update(norm_crosswalk=lambda d: _shared(d["sharedControls"]["nodes"], lambda f: f["framework"]["id"]),
              norm_peer=lambda d: _shared(d["sharedControls"], lambda f: f["framework"]),
              norm_raw=lambda d: _shared(d["sharedControls"], lambda f: f["framework"]))

_LEVEL = "{ edges { properties { id } node { id parent { id %s } } } }"
_ENDS = "mapsToConnection { edges { properties { id } node { id } } } " \
        "mappedFromConnection { edges { properties { id } node { id } } }"
NESTED = {
    "label": "5 levels: requirement > mappings > other > parent > mappings",
    "crosswalk": """{ requirement(id: "%s") { id mappings { id other { id parent { id
        mappings { id other { id } } } } } } }""" % REQ,
    "peer": """{ requirements(where: {id: {eq: "%s"}}) { id
        mapsToConnection %s
        mappedFromConnection %s } }""" % (REQ, _LEVEL % _ENDS, _LEVEL % _ENDS),
    "raw": """MATCH (r:Requirement {id: $id})
        RETURN r.id AS id,
          [(r)-[m:MAPS_TO]-(o:Requirement) WHERE o.org IS NULL | {id: m.id, other: {id: o.id,
            parent: head([(o)-[:PART_OF]->(p:Requirement) WHERE p.org IS NULL | {id: p.id,
              mappings: [(p)-[m2:MAPS_TO]-(o2:Requirement) WHERE o2.org IS NULL | {id: m2.id, other: {id: o2.id}}]}])}}]
          AS mappings""",
    "params": {"id": REQ},
    "raw_as": lambda rows: {"requirement": rows[0]},
}


def _nested_crosswalk(d):
    def parent(p):
        return p and (p["id"], sorted((m["id"], m["other"]["id"]) for m in p["mappings"]))
    r = d["requirement"]
    return r["id"], sorted((m["id"], m["other"]["id"], parent(m["other"]["parent"])) for m in r["mappings"])


def _nested_peer(d):
    def ends(n):
        return [(e["properties"]["id"], e["node"]["id"])
                for e in n["mapsToConnection"]["edges"] + n["mappedFromConnection"]["edges"]]

    def parent(parents):
        return parents and (parents[0]["id"], sorted(ends(parents[0])))
    [r] = d["requirements"]
    return r["id"], sorted((e["properties"]["id"], e["node"]["id"], parent(e["node"]["parent"]))
                           for e in r["mapsToConnection"]["edges"] + r["mappedFromConnection"]["edges"])


NESTED.update(norm_crosswalk=_nested_crosswalk, norm_peer=_nested_peer)

QUESTIONS = {"one": ONE, "page": PAGE, "mappings": MAPPINGS, "shared": SHARED, "nested": NESTED}


# -- targets: something that answers one question once ------------------------------------------

class HttpTarget:
    def __init__(self, name: str, service, kind: str):
        self.name, self.service, self.kind = name, service, kind  # kind: "crosswalk" or "peer"

    def answer(self, question: dict):
        client = Client(self.service.port)
        try:
            return client.graphql({"query": question[self.kind]})
        finally:
            client.close()

    def normalise(self, question: dict, data):
        return question["norm_crosswalk" if self.kind == "crosswalk" else "norm_peer"](data)

    def workers(self, question: dict, clients: int) -> list:
        return [partial(Client(self.service.port).graphql, {"query": question[self.kind]}) for _ in range(clients)]


class RawTarget:
    name, kind = "raw", "raw"

    def __init__(self, driver, database: str):
        self.driver, self.database = driver, database

    def answer(self, question: dict):
        def work(tx):
            return [record.data() for record in tx.run(question["raw"], question["params"])]
        with self.driver.session(database=self.database) as session:
            rows = session.execute_read(work)
        if not rows:
            raise RuntimeError("the raw query returned no rows")
        return question["raw_as"](rows)

    def normalise(self, question: dict, data):
        return question.get("norm_raw", question["norm_crosswalk"])(data)

    def workers(self, question: dict, clients: int) -> list:
        return [lambda: self.answer(question)] * clients


# -- check, measure, report ----------------------------------------------------------------------

def first_difference(a, b, path="") -> str:
    if type(a) is not type(b):
        return f"{path}: {a!r} vs {b!r}"
    if isinstance(a, (list, tuple)):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{path}[{i}]")
        return f"{path}: {len(a)} items vs {len(b)}" + (f"; extra {(a[len(b):] or b[len(a):])[:3]!r}")
    return f"{path}: {a!r} vs {b!r}"


def check_equivalent(questions: dict, targets: list) -> None:
    """Every target's answer to every question, normalised, equals the first target's; else exit 1."""
    failed = False
    for key, q in questions.items():
        answers = [(t.name, t.normalise(q, t.answer(q))) for t in targets]
        base_name, base = answers[0]
        size = len(base[-1]) if isinstance(base, tuple) else len(base)
        for name, other in answers[1:]:
            if other != base:
                failed = True
                print(f"MISMATCH {key}: {base_name} vs {name}: {first_difference(base, other)}", flush=True)
        print(f"  answers {'differ' if failed else 'agree'}: {q['label']} ({size} items)", flush=True)
    if failed:
        raise SystemExit("answers differ: not measuring (see MISMATCH above)")


def measure(questions: dict, targets: list, levels: list[int], n: int | None, duration: float | None,
            rounds: int, warmup: int) -> dict:
    """results[question][level][target] = {p50, p99, rps, count, errors}, interleaved in rounds."""
    results = {}
    for key, q in questions.items():
        for t in targets:
            drive(t.workers(q, 1), n=warmup)
        results[key] = {}
        for level in levels:
            samples = {t.name: ([], 0.0, 0) for t in targets}
            pools = {t.name: t.workers(q, level) for t in targets}
            for r in range(rounds):
                for t in targets[r % len(targets):] + targets[:r % len(targets)]:  # rotate who goes first
                    lat, wall, err = drive(pools[t.name], n=n and max(1, n // rounds),
                                           duration=duration and duration / rounds)
                    old = samples[t.name]
                    samples[t.name] = (old[0] + lat, old[1] + wall, old[2] + err)
            results[key][level] = {
                name: {"p50": percentile(lat, 50) * 1000, "p99": percentile(lat, 99) * 1000,
                       "mean": statistics.fmean(lat) * 1000 if lat else 0.0,
                       "rps": len(lat) / wall if wall else 0.0, "count": len(lat), "errors": err}
                for name, (lat, wall, err) in samples.items()}
            print(f"  measured {key} at c={level}: " + ", ".join(
                f"{name} {s['rps']:.1f}/s" for name, s in results[key][level].items()), flush=True)
    return results


def report(questions: dict, results: dict, targets: list, levels: list[int]) -> None:
    names = [t.name for t in targets]
    ours = [t.name for t in targets if t.kind == "crosswalk"]
    lo, hi = levels[0], levels[-1]
    cols = [f"{n} p50 ms c={lo}" for n in names]
    cols += [f"{n} rps c={level}" for level in levels for n in names]
    cols += [f"{c}/peer rps c={level}" for c in ours for level in levels]
    cols += [f"{c} p50 / raw p50 c={lo}" for c in ours]
    cols += [f"{ours[0]}/{c} rps c={level}" for c in ours[1:] for level in levels]  # after vs before
    print("\n| question | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for key, q in questions.items():
        r = results[key]
        cells = [f"{r[lo][n]['p50']:.1f}" for n in names]
        cells += [f"{r[level][n]['rps']:.1f}" for level in levels for n in names]
        cells += [f"{r[level][c]['rps'] / r[level]['peer']['rps']:.2f}x" for c in ours for level in levels]
        cells += [f"{r[lo][c]['p50'] / r[lo]['raw']['p50']:.1f}x" for c in ours]
        cells += [f"{r[level][ours[0]]['rps'] / r[level][c]['rps']:.2f}x" for c in ours[1:] for level in levels]
        print(f"| {q['label']} | " + " | ".join(cells) + " |")
    print(f"\np50 / p99 ms at c={hi}:")
    for key, q in questions.items():
        print(f"  {q['label']}: " + "; ".join(f"{n} {results[key][hi][n]['p50']:.1f} / {results[key][hi][n]['p99']:.1f}"
                                             for n in names))
    errors = {n: sum(r[level][n]["errors"] for r in results.values() for level in levels) for n in names}
    print(f"\nerrors during the timed runs: " + ", ".join(f"{n} {e}" for n, e in errors.items())
          + ("  <-- a failed request is timed too: read the figures with care" if any(errors.values()) else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, help="timed requests per question, target and concurrency (default 200 "
                                              "without --duration)")
    parser.add_argument("--duration", type=float, help="seconds per question, target and concurrency (with --n: "
                                                       "whichever comes first)")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds each cell is split into (default 4)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per question and target first")
    parser.add_argument("--concurrency", default="1,8", help="client counts to measure (default 1,8)")
    parser.add_argument("--questions", default=",".join(QUESTIONS), help=f"subset of {','.join(QUESTIONS)}")
    parser.add_argument("--seeds", type=Path, help="seed folder to load (default: the repository's seeds/)")
    parser.add_argument("--use-configured", action="store_true",
                        help="use the Neo4j the settings point at (seeds already loaded) instead of a private one")
    parser.add_argument("--crosswalk-cmd", help="command serving Crosswalk, with {port} (default: uvicorn)")
    parser.add_argument("--crosswalk-dir", type=Path, action="append", default=[],
                        help="another checkout to serve side by side (repeatable), e.g. a worktree of an older commit")
    parser.add_argument("--crosswalk-cache", choices=["off", "on"], default="off",
                        help="CROSSWALK_RESPONSE_CACHE for the Crosswalk servers (default off)")
    parser.add_argument("--peer-parse-cache", action="store_true", help="let Yoga cache parsed documents")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    if args.n is None and args.duration is None:
        args.n = 200
    questions = {k: QUESTIONS[k] for k in args.questions.split(",")}
    if args.seeds and args.use_configured:
        parser.error("--seeds loads a private Neo4j; it cannot go with --use-configured")

    services = []
    with neo4j_with_seeds(args.use_configured, args.seeds) as (uri, auth, database, where):
        env = neo4j_env(uri, auth, database)
        cache = {"CROSSWALK_RESPONSE_CACHE": args.crosswalk_cache}
        try:
            print("starting Crosswalk and the peer ...", flush=True)
            services.append(start_crosswalk(env, cmd=args.crosswalk_cmd, extra_env=cache))
            targets = [HttpTarget("crosswalk", services[-1], "crosswalk")]
            for other in args.crosswalk_dir:
                name = f"crosswalk@{other.name}"
                services.append(start_crosswalk(env, checkout=other, extra_env=cache, name=name))
                targets.append(HttpTarget(name, services[-1], "crosswalk"))
            services.append(start_peer(env, parse_cache=args.peer_parse_cache))
            targets.append(HttpTarget("peer", services[-1], "peer"))
            with GraphDatabase.driver(uri, auth=auth) as driver:
                targets.append(RawTarget(driver, database))
                print("checking the answers are equivalent ...", flush=True)
                check_equivalent(questions, targets)
                size = " or ".join(([f"{args.n} requests"] if args.n else [])
                                   + ([f"{args.duration:g} s"] if args.duration else []))
                print(f"measuring: {size} per cell in "
                      f"{args.rounds} interleaved rounds, concurrency {levels} ...", flush=True)
                results = measure(questions, targets, levels, args.n, args.duration,
                                  args.rounds, args.warmup)
        finally:
            for service in services:
                service.stop()
                print(f"{service.name} wrote {service.log_lines()} log lines to {service.log.name}")
    print(f"\nNeo4j: {where}. Crosswalk cache: {args.crosswalk_cache}; peer parse cache: "
          f"{'on' if args.peer_parse_cache else 'off'}; served: {', '.join(s.name for s in services)}")
    report(questions, results, targets, levels)
    if args.json:
        args.json.write_text(json.dumps({"where": where, "levels": levels, "results": results}, indent=1))


if __name__ == "__main__":
    sys.exit(main())
