"""Render a SeedBundle as RDF in the Crosswalk vocabulary and check it against ontology/shapes.ttl.

Pure functions: nothing here touches Neo4j. Ontology terms come only from `ontology.vocab.CW`;
instance IRIs are minted in the FRAMEWORK, REQUIREMENT, MAPPING and CONCEPT namespaces.
"""

from decimal import Decimal
from enum import Enum
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from ontology import SHAPES_TTL, VOCABULARY_TTL
from ontology.vocab import CONCEPT, CW, FRAMEWORK, MAPPING, REQUIREMENT

RELATIONS = {"EQUAL": CW.EQUAL, "SUBSET_OF": CW.SUBSET_OF, "SUPERSET_OF": CW.SUPERSET_OF,
             "INTERSECTS_WITH": CW.INTERSECTS_WITH, "NOT_RELATED": CW.NOT_RELATED}
RATIONALES = {"SYNTACTIC": CW.SYNTACTIC, "SEMANTIC": CW.SEMANTIC, "FUNCTIONAL": CW.FUNCTIONAL}


def _text(value) -> str:
    return value.value if isinstance(value, Enum) else str(value)


def framework_iri(framework_id: str) -> URIRef:
    """The IRI of a framework, from its id."""
    return FRAMEWORK[quote(framework_id, safe="")]


def requirement_iri(requirement_id: str) -> URIRef:
    """The IRI of a requirement; its id (with ':' '(' ')' '/') is percent-encoded."""
    return REQUIREMENT[quote(requirement_id, safe="")]


def mapping_iri(mapping_id: str) -> URIRef:
    """The IRI of a mapping; its id (with '|' ':') is percent-encoded."""
    return MAPPING[quote(mapping_id, safe="")]


def mapping_set_iri(set_id: str) -> URIRef:
    """The IRI of a mapping set (under mapping/set/, which no encoded mapping id can reach)."""
    return MAPPING["set/" + quote(set_id, safe="")]


def concept_iri(concept_id: str) -> URIRef:
    """The IRI of a topic of the cw:Topics scheme."""
    return CONCEPT[concept_id]


def _add(g: Graph, s, p, value, datatype=None) -> None:
    """Add a literal triple unless the value is missing; strings get no datatype (xsd:string)."""
    if value is not None:
        g.add((s, p, Literal(_text(value) if datatype is None else value, datatype=datatype)))


def _add_provenance(g: Graph, node, row: dict) -> None:
    for prop, key in ((CW.source, "source"), (CW.author, "author"), (CW.reviewer, "reviewer"),
                      (CW.method, "method"), (CW.status, "status")):
        _add(g, node, prop, row.get(key))
    _add(g, node, CW.date, row.get("date"), XSD.date)


def bundle_to_graph(bundle) -> Graph:
    """Render every framework, requirement, concept, mapping set and mapping of `bundle` as RDF."""
    g = Graph()
    for prefix, ns in (("cw", str(CW)), ("cwc", CONCEPT), ("cwf", FRAMEWORK), ("cwr", REQUIREMENT),
                       ("cwm", MAPPING), ("skos", SKOS), ("dcterms", DCTERMS), ("owl", OWL)):
        g.bind(prefix, ns)
    for c in bundle.concepts:
        node = concept_iri(c["id"])
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, CW.Topics))
        g.add((node, SKOS.prefLabel, Literal(c["label"], lang="en")))
        g.add((node, SKOS.definition, Literal(c["definition"], lang="en")))
        for b in c.get("broader", []):
            g.add((node, SKOS.broader, concept_iri(b)))
    for f in bundle.frameworks:
        node = framework_iri(f["id"])
        g.add((node, RDF.type, CW.Framework))
        _add(g, node, DCTERMS.identifier, f["id"])
        _add(g, node, RDFS.label, f["name"])
        _add(g, node, DCTERMS.title, f.get("title"))
        _add(g, node, OWL.versionInfo, f.get("version"))
        _add(g, node, CW.frameworkKind, f["kind"])
        _add(g, node, CW.publisher, f.get("publisher"))
        _add(g, node, CW.jurisdiction, f.get("jurisdiction"))
        if f.get("url"):
            g.add((node, RDFS.seeAlso, URIRef(f["url"])))
        _add(g, node, CW.published, f.get("published"), XSD.date)
        _add(g, node, CW.appliesFrom, f.get("applies_from"), XSD.date)
    for r in bundle.requirements:
        node = requirement_iri(r["id"])
        g.add((node, RDF.type, CW.Requirement))
        _add(g, node, DCTERMS.identifier, r["id"])
        g.add((node, CW.inFramework, framework_iri(r["framework"])))
        _add(g, node, CW.ref, r["ref"])
        _add(g, node, RDFS.label, r["title"])
        _add(g, node, CW.requirementKind, r["kind"])
        _add(g, node, CW.summary, r.get("summary"))
        _add(g, node, CW.order, r.get("order"), XSD.integer)
        if r.get("parent"):
            g.add((node, CW.partOf, requirement_iri(r["parent"])))
        for c in r.get("concepts", []):
            g.add((node, CW.addresses, concept_iri(c)))
        for role in r.get("roles", []):
            _add(g, node, CW.bindsRole, role)
        for tier in r.get("risk_tiers", []):
            _add(g, node, CW.riskTier, tier)
        if r.get("url"):
            g.add((node, RDFS.seeAlso, URIRef(r["url"])))
        _add(g, node, CW.appliesFrom, r.get("applies_from"), XSD.date)
    for s in bundle.mapping_sets:
        node = mapping_set_iri(s["mapping_set_id"])
        g.add((node, RDF.type, CW.MappingSet))
        _add(g, node, DCTERMS.identifier, s["mapping_set_id"])
        _add(g, node, RDFS.label, s["title"])
        _add(g, node, DCTERMS.description, s.get("description"))
        _add(g, node, DCTERMS.license, s.get("license"))
        _add_provenance(g, node, s)
    for m in bundle.mappings:
        node = mapping_iri(m["id"])
        g.add((node, RDF.type, CW.Mapping))
        g.add((node, CW.subject, requirement_iri(m["subject_id"])))
        g.add((node, CW.object, requirement_iri(m["object_id"])))
        g.add((node, CW.relation, RELATIONS[_text(m["relation"])]))
        g.add((node, CW.rationale, RATIONALES[_text(m["rationale"])]))
        _add(g, node, CW.strength, m["strength"], XSD.integer)
        _add(g, node, CW.confidence, Decimal(str(m["confidence"])), XSD.decimal)
        _add(g, node, CW.justification, m["justification"])
        _add_provenance(g, node, m)
        _add(g, node, CW.inferred, bool(m.get("inferred", False)), XSD.boolean)
        if m.get("mapping_set"):
            g.add((node, CW.inMappingSet, mapping_set_iri(m["mapping_set"])))
    return g


def load_shapes() -> tuple[Graph, Graph]:
    """The SHACL shapes graph and the OWL vocabulary graph, parsed from their Turtle files."""
    return Graph().parse(SHAPES_TTL, format="turtle"), Graph().parse(VOCABULARY_TTL, format="turtle")


def validate_graph(graph: Graph) -> tuple[bool, str]:
    """Validate `graph` against shapes.ttl (with crosswalk.ttl as ontology); return (conforms, text report)."""
    from pyshacl import validate  # imported lazily: pyshacl is slow to import

    shapes, ontology = load_shapes()
    conforms, _results, text = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                        abort_on_first=False, allow_warnings=False)
    return bool(conforms), str(text)

