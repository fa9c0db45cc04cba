"""Every term of the Crosswalk vocabulary, declared once; unknown terms raise, so a typo cannot mint an IRI."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/crosswalk/"
CONCEPT = Namespace(BASE + "concept/")
REQUIREMENT = Namespace(BASE + "id/")
FRAMEWORK = Namespace(BASE + "framework/")
MAPPING = Namespace(BASE + "mapping/")


class CW(DefinedNamespace):
    """Classes and properties of ontology/crosswalk.ttl."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Framework: URIRef
    Requirement: URIRef
    Mapping: URIRef
    MappingSet: URIRef
    Topics: URIRef  # the SKOS concept scheme
    # framework and requirement properties
    frameworkKind: URIRef
    publisher: URIRef
    jurisdiction: URIRef
    published: URIRef
    appliesFrom: URIRef
    inFramework: URIRef
    ref: URIRef
    requirementKind: URIRef
    summary: URIRef
    partOf: URIRef
    order: URIRef
    addresses: URIRef
    bindsRole: URIRef
    riskTier: URIRef
    # mapping properties
    subject: URIRef
    object: URIRef
    relation: URIRef
    rationale: URIRef
    strength: URIRef
    confidence: URIRef
    justification: URIRef
    source: URIRef
    author: URIRef
    reviewer: URIRef
    method: URIRef
    status: URIRef
    inferred: URIRef
    inMappingSet: URIRef
    date: URIRef
    # value schemes: NIST IR 8477 set relations and mapping rationales (skos:Concept individuals)
    Relations: URIRef
    EQUAL: URIRef
    SUBSET_OF: URIRef
    SUPERSET_OF: URIRef
    INTERSECTS_WITH: URIRef
    NOT_RELATED: URIRef
    Rationales: URIRef
    SYNTACTIC: URIRef
    SEMANTIC: URIRef
    FUNCTIONAL: URIRef
