"""OSCAL 1.2 mapping-collection export of every real mapping set, imported and validated by compliance-trestle."""

import json
import os
import warnings

import pytest
from click.testing import CliRunner

from crosswalk.cli import cli
from crosswalk.exports.oscal import RELATIONSHIP
from tests.conftest import REAL_SEEDS

# OSCAL 1.2 allowed values (mapping metaschema), which trestle's models do not enforce
RELATIONSHIPS = {"equivalent-to", "equal-to", "subset-of", "superset-of", "intersects-with", "no-relationship"}
RATIONALES = {"syntactic", "semantic", "functional"}


def _run(root, args) -> int:
    import sys

    from trestle.cli import Trestle

    argv, cwd = sys.argv, os.getcwd()
    sys.argv = ["trestle", *args]
    os.chdir(root)
    try:
        return Trestle().run()
    finally:
        sys.argv = argv
        os.chdir(cwd)


def test_every_mapping_set_is_a_trestle_valid_oscal_mapping_collection(tmp_path):
    out = tmp_path / "oscal"
    result = CliRunner().invoke(cli, ["export", "oscal", "--seeds", str(REAL_SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.oscal.json"))
    assert len(files) == len(list((REAL_SEEDS / "mappings").glob("*.sssom.tsv"))) >= 10
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _run(workspace, ["init"]) == 0
        for file in files:
            name = file.name.removesuffix(".oscal.json")
            assert _run(workspace, ["import", "-f", str(file), "-o", name]) == 0, file.name
        assert _run(workspace, ["validate", "-a"]) == 0
        from trestle.oscal.mapping import Model

        bad = json.loads(files[0].read_text())
        bad["mapping-collection"]["mappings"][0]["maps"][0]["confidence-score"] = {"percentage": "high"}
        (tmp_path / "bad.json").write_text(json.dumps(bad))
        assert _run(workspace, ["import", "-f", str(tmp_path / "bad.json"), "-o", "bad"]) != 0  # trestle can fail

    for file in files:
        doc = json.loads(file.read_text())
        Model.model_validate(doc)
        maps = [m for mapping in doc["mapping-collection"]["mappings"] for m in mapping["maps"]]
        assert {m["relationship"] for m in maps} <= RELATIONSHIPS
        assert {m["matching-rationale"] for m in maps} <= RATIONALES
        assert all(m["remarks"] and 0 <= m["confidence-score"]["percentage"] <= 1 for m in maps)
        assert len({m["uuid"] for m in maps}) == len(maps)
    assert set(RELATIONSHIP.values()) <= RELATIONSHIPS


def test_oscal_keeps_every_mapping_with_its_relation_read_the_stored_way():
    from graph.seed_files import read_seeds
    from ontology.concepts import load_concepts
    from crosswalk.exports.oscal import to_oscal

    bundle = read_seeds(REAL_SEEDS, load_concepts())
    meta = next(m for m in bundle.mapping_sets if m["mapping_set_id"] == "iso27001-iso42001")
    rows = [m for m in bundle.mappings if m["mapping_set"] == "iso27001-iso42001"]
    doc = json.loads(json.dumps(to_oscal(meta, rows), default=str))
    maps = {(m["sources"][0]["id-ref"], m["targets"][0]["id-ref"]): m
            for mapping in doc["mapping-collection"]["mappings"] for m in mapping["maps"]}
    assert len(maps) == len(rows)
    for row in rows:
        m = maps[(row["subject_id"], row["object_id"])]
        props = {p["name"]: p["value"] for p in m["props"]}
        assert m["relationship"] == RELATIONSHIP[row["relation"]]
        assert props["strength"] == str(row["strength"]) and props["mapping-id"] == row["id"]
        assert m["matching-rationale"] == row["rationale"].lower()
