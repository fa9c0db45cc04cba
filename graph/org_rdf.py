"""An organisation's own data (control sets, controls, their mappings) read for the RDF export.

Read through the access rule (graph/access.py, `{{ visible x }}` in the query): only what the
viewer may see. Rows become a bundle of the shape ontology.rdf.bundle_to_graph renders, so the
organisation's data uses the same vocabulary and passes the same SHACL shapes as the seeds.
"""

from types import SimpleNamespace

from graph.access import Viewer
from graph.run import Runner


def organisation_bundle(driver, database: str, viewer: Viewer, timeout: float, known_sets: set[str]) -> SimpleNamespace:
    """The viewer's organisation data as a bundle; `known_sets` are mapping sets already rendered (the seeds')."""
    row = Runner(driver, database, timeout).read("org-data-rdf", viewer=viewer.as_param())[0]
    return to_bundle(row, known_sets)


def to_bundle(row: dict, known_sets: set[str]) -> SimpleNamespace:
    frameworks = [{"id": f["id"], "name": f.get("name") or f["id"], "title": f.get("title"), "version": f.get("version"),
                   "kind": f["kind"], "publisher": f.get("publisher") or f["org"], "jurisdiction": f.get("jurisdiction"),
                   "url": f.get("url")} for f in row["frameworks"]]
    requirements = [{"id": r["id"], "framework": r["framework"], "ref": r["ref"], "title": r["title"], "kind": r["kind"],
                     "summary": r.get("summary"), "order": r.get("order"), "concepts": r.get("concepts") or [],
                     "url": r.get("url")} for r in row["requirements"]]
    by_set: dict[str, list[dict]] = {}
    for m in row["mappings"]:
        by_set.setdefault(m.get("mappingSet"), []).append(m)
    mapping_sets = []
    for s in row["mappingSets"]:
        # API-made sets record only who owns them; their provenance is read off their mappings
        rows = by_set.get(s["id"], [])
        statuses = {m.get("status") for m in rows}
        mapping_sets.append({"mapping_set_id": s["id"], "title": s.get("title") or s["id"],
                             "description": s.get("description"), "license": s.get("license"),
                             "source": s.get("source") or s.get("origin") or "api",
                             "author": s.get("author") or s["org"], "method": s.get("method") or "manual",
                             "status": s.get("status") or ("reviewed" if statuses == {"reviewed"} else "draft"),
                             "date": s.get("date") or max((m["date"] for m in rows if m.get("date")), default=None)})
    mapping_sets = [s for s in mapping_sets if s["date"] is not None]
    sets = known_sets | {s["mapping_set_id"] for s in mapping_sets}
    mappings = [{"id": m["id"], "subject_id": m["subject"], "object_id": m["object"], "relation": m["relation"],
                 "rationale": m["rationale"], "strength": m["strength"], "confidence": m["confidence"],
                 "justification": m["justification"], "source": m.get("source"), "author": m.get("author"),
                 "reviewer": m.get("reviewer"), "method": m.get("method"), "status": m.get("status"),
                 "date": m.get("date"), "inferred": False,
                 "mapping_set": m.get("mappingSet") if m.get("mappingSet") in sets else None} for m in row["mappings"]]
    return SimpleNamespace(concepts=[], frameworks=frameworks, requirements=requirements,
                           mapping_sets=mapping_sets, mappings=mappings)
