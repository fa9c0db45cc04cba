"""The OWL vocabulary, the SHACL shapes and the RDF rendering of the seeds (no Neo4j needed)."""

from decimal import Decimal
from urllib.parse import unquote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from crosswalk import PROJECT_ROOT
from graph.seed_files import read_seeds
from ontology import SHAPES_TTL, VOCABULARY_TTL
from ontology.concepts import load_concepts
from ontology.rdf import bundle_to_graph, mapping_iri, requirement_iri, validate_graph
from ontology.vocab import CW, REQUIREMENT

CW_TERMS = {name: URIRef(str(CW) + name) for name in CW.__annotations__}
DECLARING_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme, SKOS.Concept}


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(VOCABULARY_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


@pytest.fixture(scope="module")
def bundle():
    return read_seeds(PROJECT_ROOT / "seeds", load_concepts())


@pytest.fixture(scope="module")
def seed_graph(bundle) -> Graph:
    return bundle_to_graph(bundle)


def copy_of(graph: Graph) -> Graph:
    out = Graph(namespace_manager=graph.namespace_manager)
    for triple in graph:
        out.add(triple)
    return out


def cw_terms_in(graph: Graph) -> set[URIRef]:
    return {n for triple in graph for n in triple if isinstance(n, URIRef) and str(n).startswith(str(CW))}


def test_turtle_files_parse_and_are_not_empty(vocabulary, shapes):
    assert (None, RDF.type, OWL.Ontology) in vocabulary
    assert len(list(shapes.subjects(RDF.type, SH.NodeShape))) >= 3


def test_ontology_header(vocabulary):
    onto = vocabulary.value(predicate=RDF.type, object=OWL.Ontology)
    assert str(vocabulary.value(onto, OWL.versionInfo)) == "1.0"
    assert "creativecommons.org/licenses/by/4.0" in str(vocabulary.value(onto, URIRef("http://purl.org/dc/terms/license")))


@pytest.mark.parametrize("name", sorted(CW_TERMS))
def test_every_vocab_term_is_declared_with_label_and_comment(vocabulary, name):
    term = CW_TERMS[name]
    types = set(vocabulary.objects(term, RDF.type))
    assert types & DECLARING_TYPES, f"cw:{name} is not declared in crosswalk.ttl"
    assert vocabulary.value(term, RDFS.label) is not None, f"cw:{name} has no rdfs:label"
    assert len(str(vocabulary.value(term, RDFS.comment) or "")) >= 10, f"cw:{name} has no rdfs:comment"
    if types & {OWL.ObjectProperty, OWL.DatatypeProperty}:
        assert vocabulary.value(term, RDFS.domain) is not None, f"cw:{name} has no rdfs:domain"
        range_ = vocabulary.value(term, RDFS.range)
        assert range_ is not None, f"cw:{name} has no rdfs:range"
        assert str(range_).startswith(str(XSD)) == (OWL.DatatypeProperty in types), f"cw:{name}: range {range_} vs kind"


@pytest.mark.parametrize("which", ["vocabulary", "shapes"])
def test_every_cw_term_used_in_turtle_exists_in_vocab(request, which):
    graph = request.getfixturevalue(which)
    used = cw_terms_in(graph)
    assert used, "expected cw: terms in the file"
    unknown = sorted(str(t) for t in used if t not in CW)
    assert not unknown, f"cw: terms not in ontology/vocab.py: {unknown}"


def test_relation_comment_explains_subset_reading(vocabulary):
    comment = str(vocabulary.value(CW.relation, RDFS.comment))
    assert "NIST IR 8477" in comment and "SUBSET_OF" in comment
    in_scheme = set(vocabulary.subjects(SKOS.inScheme, CW.Relations))
    assert in_scheme == {CW.EQUAL, CW.SUBSET_OF, CW.SUPERSET_OF, CW.INTERSECTS_WITH, CW.NOT_RELATED}
    assert set(vocabulary.subjects(SKOS.inScheme, CW.Rationales)) == {CW.SYNTACTIC, CW.SEMANTIC, CW.FUNCTIONAL}


def test_bundle_renders_every_row(bundle, seed_graph):
    assert len(set(seed_graph.subjects(RDF.type, CW.Framework))) == len(bundle.frameworks)
    assert len(set(seed_graph.subjects(RDF.type, CW.Requirement))) == len(bundle.requirements)
    assert len(set(seed_graph.subjects(RDF.type, CW.Mapping))) == len(bundle.mappings)
    assert len(set(seed_graph.subjects(RDF.type, CW.MappingSet))) == len(bundle.mapping_sets)
    assert len(set(seed_graph.subjects(RDF.type, SKOS.Concept))) == len(bundle.concepts)
    assert cw_terms_in(seed_graph) <= set(CW_TERMS.values())


def test_requirement_ids_are_percent_encoded(bundle, seed_graph):
    tricky = next(r["id"] for r in bundle.requirements if "(" in r["id"])
    iri = requirement_iri(tricky)
    assert (iri, RDF.type, CW.Requirement) in seed_graph
    local = str(iri)[len(str(REQUIREMENT)):]
    assert not set(local) & set(":()/") and unquote(local) == tricky


def test_mapping_is_reified(bundle, seed_graph):
    row = bundle.mappings[0]
    node = mapping_iri(row["id"])
    assert seed_graph.value(node, CW.subject) == requirement_iri(row["subject_id"])
    assert seed_graph.value(node, CW.object) == requirement_iri(row["object_id"])
    assert seed_graph.value(node, CW.relation) == CW[row["relation"]]
    assert seed_graph.value(node, CW.strength) == Literal(row["strength"], datatype=XSD.integer)
    assert seed_graph.value(node, CW.confidence).toPython() == Decimal(str(row["confidence"]))
    assert seed_graph.value(node, CW.inferred) == Literal(False)


def test_real_seeds_conform_to_shapes(seed_graph):
    conforms, report = validate_graph(seed_graph)
    assert conforms, report


def _first_mapping(graph: Graph) -> URIRef:
    return sorted(graph.subjects(RDF.type, CW.Mapping))[0]


def _names(report: str, term: URIRef) -> bool:
    return str(term) in report or f"cw:{str(term)[len(str(CW)):]}" in report


@pytest.mark.parametrize("break_it, term", [
    (lambda g, m: g.remove((m, CW.justification, None)), CW.justification),
    (lambda g, m: g.set((m, CW.strength, Literal(11))), CW.strength),
    (lambda g, m: g.set((m, CW.confidence, Literal(Decimal("1.5")))), CW.confidence),
    (lambda g, m: g.set((m, CW.relation, CW.SEMANTIC)), CW.relation),
    (lambda g, m: g.set((m, CW.justification, Literal("too short"))), CW.justification),
    (lambda g, m: g.set((m, CW.object, g.value(m, CW.subject))), CW.subject),
    (lambda g, m: g.remove((g.value(m, CW.object), RDF.type, CW.Requirement)), CW.object),
], ids=["no-justification", "strength-11", "confidence-1.5", "relation-not-a-relation",
        "short-justification", "self-mapping", "object-not-a-requirement"])
def test_broken_mapping_does_not_conform(seed_graph, break_it, term):
    broken = copy_of(seed_graph)
    mapping = _first_mapping(broken)
    break_it(broken, mapping)
    conforms, report = validate_graph(broken)
    assert not conforms
    assert _names(report, term), report


def test_broken_requirement_does_not_conform(seed_graph):
    broken = copy_of(seed_graph)
    req = sorted(broken.subjects(RDF.type, CW.Requirement))[0]
    broken.set((req, CW.requirementKind, Literal("regulation")))
    broken.remove((req, CW.inFramework, None))
    conforms, report = validate_graph(broken)
    assert not conforms
    assert _names(report, CW.requirementKind) and _names(report, CW.inFramework), report
