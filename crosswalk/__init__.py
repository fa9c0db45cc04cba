"""Crosswalk: a knowledge graph of AI-governance frameworks, served over GraphQL."""

from pathlib import Path

__version__ = "0.1.0"

# The repository root: seeds/, queries/ and ontology/ are found relative to it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Installed from a wheel, queries/ and seeds/ are package data inside this package instead.
PACKAGE_DIR = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    """A data folder Crosswalk reads (`queries`, `seeds`): package data when installed, else the checkout's."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PROJECT_ROOT / name


def default_home() -> Path:
    """Where the local Neo4j lives by default: the checkout's .crosswalk, or ~/.crosswalk when installed."""
    return PROJECT_ROOT / ".crosswalk" if (PROJECT_ROOT / "pyproject.toml").is_file() else Path.home() / ".crosswalk"
