"""Read the SKOS concept scheme (ontology/concepts.ttl) into plain rows for the loader."""

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from crosswalk.errors import SeedValidationError
from ontology import CONCEPTS_TTL
from ontology.vocab import CONCEPT, CW


def load_concepts(path: Path = CONCEPTS_TTL) -> list[dict]:
    """Every skos:Concept of the Crosswalk topic scheme, as {id, label, definition, broader, notes}."""
    from graph.seed_files import Problem  # the seed validator's error shape

    graph = Graph().parse(path, format="turtle")
    rows, problems = [], []
    for node in sorted(graph.subjects(RDF.type, SKOS.Concept)):
        if not str(node).startswith(str(CONCEPT)):
            problems.append(Problem(path.name, None, str(node), None, f"concept IRI must start with {CONCEPT}"))
            continue
        cid = str(node)[len(str(CONCEPT)):]
        label = graph.value(node, SKOS.prefLabel)
        definition = graph.value(node, SKOS.definition)
        for prop, value in (("skos:prefLabel", label), ("skos:definition", definition)):
            if value is None:
                problems.append(Problem(path.name, None, cid, prop, "required"))
        if (node, SKOS.inScheme, CW.Topics) not in graph:
            problems.append(Problem(path.name, None, cid, "skos:inScheme", "must be cw:Topics"))
        broader = [str(b)[len(str(CONCEPT)):] for b in graph.objects(node, SKOS.broader)]
        notes = sorted(str(n) for n in graph.objects(node, SKOS.scopeNote))
        rows.append({"id": cid, "label": str(label), "definition": str(definition), "broader": sorted(broader),
                     "notes": notes})
    known = {r["id"] for r in rows}
    for row in rows:
        for b in row["broader"]:
            if b not in known:
                problems.append(Problem(path.name, None, row["id"], "skos:broader", f"unknown concept '{b}'"))
    if problems:
        raise SeedValidationError(problems)
    return rows
