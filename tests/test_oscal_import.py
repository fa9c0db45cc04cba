"""`crosswalk import-oscal`: an OSCAL mapping collection we exported comes back as the same seed mapping set."""

import json
import shutil

import pytest
from click.testing import CliRunner

from crosswalk.cli import cli
from graph.seed_files import read_seeds
from tests.conftest import REAL_SEEDS

FIELDS = ("subject_id", "predicate_id", "object_id", "rationale", "strength", "confidence", "justification")


def _key(m: dict) -> tuple:
    return tuple(str(getattr(m[f], "value", m[f])) for f in FIELDS[:3])


def _fields(m: dict) -> tuple:
    return (*_key(m), str(getattr(m["rationale"], "value", m["rationale"])), int(m["strength"]),
            round(float(m["confidence"]), 6), " ".join(str(m["justification"]).split()))


@pytest.mark.parametrize("set_id", ["uk-eu-ai-act", "iso42001-eu-ai-act"])
def test_an_exported_set_imports_back_to_the_same_rows(set_id, tmp_path, concepts):
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "oscal", "--seeds", str(REAL_SEEDS), "--set", set_id, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    seeds = tmp_path / "seeds"
    shutil.copytree(REAL_SEEDS, seeds)
    (seeds / "mappings" / f"{set_id}.sssom.tsv").unlink()  # the import must recreate it, not find it
    result = runner.invoke(cli, ["import-oscal", str(tmp_path / f"{set_id}.oscal.json"), "--seeds", str(seeds)])
    assert result.exit_code == 0, result.output
    assert (seeds / "mappings" / f"{set_id}.sssom.tsv").exists()

    original = {_key(m): _fields(m) for m in read_seeds(REAL_SEEDS, concepts).mappings if m["mapping_set"] == set_id}
    imported = {_key(m): _fields(m) for m in read_seeds(seeds, concepts).mappings if m["mapping_set"] == set_id}
    assert len(original) > 20
    assert imported == original


def test_output_option_and_a_bad_relationship_is_refused_by_name(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["export", "oscal", "--seeds", str(REAL_SEEDS), "--set", "uk-eu-ai-act",
                               "-o", str(tmp_path)]).exit_code == 0
    source = tmp_path / "uk-eu-ai-act.oscal.json"
    seeds = tmp_path / "seeds"
    shutil.copytree(REAL_SEEDS, seeds)
    (seeds / "mappings" / "uk-eu-ai-act.sssom.tsv").unlink()
    target = seeds / "mappings" / "uk-eu-ai-act-again.sssom.tsv"
    result = runner.invoke(cli, ["import-oscal", str(source), "--seeds", str(seeds), "--set", "uk-eu-ai-act-again",
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# mapping_set_id: uk-eu-ai-act-again\n")
    target.unlink()

    document = json.loads(source.read_text(encoding="utf-8"))
    document["mapping-collection"]["mappings"][0]["maps"][3]["relationship"] = "kind-of-like"
    bad = tmp_path / "bad.oscal.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(cli, ["import-oscal", str(bad), "--seeds", str(seeds)])
    assert result.exit_code != 0
    assert "kind-of-like" in result.output and "mappings[0].maps[3]" in result.output
    assert not (seeds / "mappings" / "uk-eu-ai-act.sssom.tsv").exists()


def test_an_unknown_requirement_is_refused_by_the_seed_rules(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["export", "oscal", "--seeds", str(REAL_SEEDS), "--set", "uk-eu-ai-act",
                               "-o", str(tmp_path)]).exit_code == 0
    source = tmp_path / "uk-eu-ai-act.oscal.json"
    document = json.loads(source.read_text(encoding="utf-8"))
    document["mapping-collection"]["mappings"][0]["maps"][0]["targets"][0]["id-ref"] = "eu-ai-act:Art.999"
    document["mapping-collection"]["metadata"]["props"][0]["value"] = "uk-eu-ai-act-broken"
    source.write_text(json.dumps(document), encoding="utf-8")
    seeds = tmp_path / "seeds"
    shutil.copytree(REAL_SEEDS, seeds)
    result = runner.invoke(cli, ["import-oscal", str(source), "--seeds", str(seeds)])
    assert result.exit_code != 0 and "Art.999" in result.output
    assert not (seeds / "mappings" / "uk-eu-ai-act-broken.sssom.tsv").exists()
