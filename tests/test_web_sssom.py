"""SSSOM export of every real mapping set, checked by sssom-py itself, and SSSOM import through the seed rules."""

import csv
import io
import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosswalk.cli import cli
from crosswalk.exports.sssom import from_sssom_tsv
from tests.conftest import FIXTURE_SEEDS, REAL_SEEDS

FIELDS = ["subject_id", "predicate_id", "object_id", "rationale", "strength", "confidence", "justification", "source",
          "author", "reviewer", "method", "status", "date"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("sssom")
    result = CliRunner().invoke(cli, ["export", "sssom", "--seeds", str(REAL_SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def seeds():
    from graph.seed_files import read_seeds
    from ontology.concepts import load_concepts

    return read_seeds(REAL_SEEDS, load_concepts())


def _seed_rows(text: str) -> list[dict]:
    body = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))


def _normal(m: dict) -> tuple:
    values = {k: ("" if m.get(k) is None else str(getattr(m[k], "value", m[k]))) for k in FIELDS}
    values["justification"] = " ".join(values["justification"].split())
    values["confidence"] = str(float(values["confidence"]))
    return tuple(values[k] for k in FIELDS)


def test_every_mapping_set_passes_sssom_validate_and_survives_parse_and_convert(exported, seeds, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sssom-py and linkml emit deprecation warnings of their own
        from sssom.parsers import parse_sssom_json, parse_sssom_table
        from sssom.validators import validate
        from sssom.writers import write_json, write_table

        files = sorted(exported.glob("*.sssom.tsv"))
        assert len(files) == len(seeds.mapping_sets) >= 10
        for file in files:
            msdf = parse_sssom_table(file)
            validate(msdf, fail_on_error=True)  # every default check: JSON schema, prefixes, CURIE format
            assert not (set(msdf.df["subject_id"]) | set(msdf.df["object_id"])) - {
                c for c in msdf.df["subject_id"].tolist() + msdf.df["object_id"].tolist()
                if msdf.converter.expand(c)}, "every CURIE expands"
            again = tmp_path / file.name
            with again.open("w") as handle:
                write_table(msdf, handle)  # sssom-py's own serialisation of what it parsed
            as_json = tmp_path / (file.stem + ".json")
            with as_json.open("w") as handle:
                write_json(msdf, handle)
            from_json = parse_sssom_json(str(as_json))
            assert len(from_json.df) == len(msdf.df)
            assert sorted(from_json.df["comment"]) == sorted(msdf.df["comment"])

            set_id = file.name.removesuffix(".sssom.tsv")
            _, seed_text = from_sssom_tsv(again.read_text())
            original = sorted(_normal(m) for m in seeds.mappings if m["mapping_set"] == set_id)
            back = sorted(_normal({k: v or None for k, v in row.items()}) for row in _seed_rows(seed_text))
            assert back == original, f"{file.name}: something was lost through sssom-py"
    assert json.loads(as_json.read_text())["license"].startswith("https://")


def test_the_original_seed_files_are_not_valid_sssom_but_ours_are(exported):
    """The check above can fail: sssom-py refuses the seed files' own header (ids and licence not URIs)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from sssom.parsers import parse_sssom_table
        from sssom.validators import validate

        with pytest.raises(Exception):
            validate(parse_sssom_table(REAL_SEEDS / "mappings" / "uk-iso42001.sssom.tsv"), fail_on_error=True)


ELSEWHERE = """# curie_map:
#   A: https://w3id.org/crosswalk/id/std-a%3A
#   B: https://w3id.org/crosswalk/id/law-b%3A
#   skos: http://www.w3.org/2004/02/skos/core#
#   semapv: https://w3id.org/semapv/vocab/
# mapping_set_id: https://example.org/sets/partner-a-b
# mapping_set_title: A partner's mapping of A to B
# license: https://creativecommons.org/licenses/by/4.0/
# creator_label:
#   - Partner Ltd
# mapping_date: 2026-10-01
subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\tcomment\tauthor_label
A:A.1.2\tskos:narrowMatch\tB:Art.2\tsemapv:ManualMappingCuration\t0.8\tThe review control covers all the oversight article asks and more.\tPartner Ltd
A:4.1\tskos:relatedMatch\tB:Art.1\tsemapv:ManualMappingCuration\t0.5\tScope records and logs overlap a little, for traceability.\tPartner Ltd
"""


def test_an_sssom_file_made_elsewhere_imports_through_the_seed_rules(tmp_path):
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    source = tmp_path / "partner.sssom.tsv"
    source.write_text(ELSEWHERE)
    runner = CliRunner()
    refused = runner.invoke(cli, ["import-sssom", str(source), "--seeds", str(seeds)])
    assert refused.exit_code == 1, refused.output
    assert "record std-a:A.1.2 -> law-b:Art.2, field 'rationale'" in refused.output  # names the row and the column
    assert not (seeds / "mappings" / "partner-a-b.sssom.tsv").exists()

    done = runner.invoke(cli, ["import-sssom", str(source), "--seeds", str(seeds), "--rationale", "SEMANTIC",
                               "--strength", "6"])
    assert done.exit_code == 0, done.output
    rows = _seed_rows((seeds / "mappings" / "partner-a-b.sssom.tsv").read_text())
    assert [(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows] == [
        ("std-a:A.1.2", "SUPERSET_OF", "law-b:Art.2"), ("std-a:4.1", "INTERSECTS_WITH", "law-b:Art.1")]
    assert runner.invoke(cli, ["validate", "--seeds", str(seeds)]).exit_code == 0

    source.write_text(ELSEWHERE.replace("B:Art.2", "B:Art.99"))
    missing = runner.invoke(cli, ["import-sssom", str(source), "--seeds", str(seeds), "--set", "partner-2",
                                  "--rationale", "SEMANTIC", "--strength", "6"])
    assert missing.exit_code == 1 and "law-b:Art.99" in missing.output
    source.write_text(ELSEWHERE.replace("skos:narrowMatch", "owl:sameAs"))
    bad = runner.invoke(cli, ["import-sssom", str(source), "--seeds", str(seeds), "--set", "partner-3"])
    assert bad.exit_code == 1 and "column predicate_id" in bad.output
