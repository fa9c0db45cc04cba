"""Crosswalk: a knowledge graph of AI-governance frameworks, served over GraphQL."""

from pathlib import Path

__version__ = "0.1.0"

# The repository root: seeds/, queries/ and ontology/ are found relative to it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
