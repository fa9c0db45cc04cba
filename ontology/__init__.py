"""The Crosswalk vocabulary (OWL, SKOS, SHACL in Turtle) and its RDF import/export."""

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
VOCABULARY_TTL = ONTOLOGY_DIR / "crosswalk.ttl"
CONCEPTS_TTL = ONTOLOGY_DIR / "concepts.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
