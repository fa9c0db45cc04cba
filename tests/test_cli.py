"""The CLI without a database: validate, help text, and the way errors are reported."""

import shutil

from click.testing import CliRunner

from crosswalk.cli import cli
from tests.conftest import FIXTURE_SEEDS


def test_validate_the_default_seeds():
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output and "mappings" in result.output


def test_validate_lists_every_problem_and_exits_non_zero(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    tsv = seeds / "mappings" / "std-a-guide-c.sssom.tsv"
    tsv.write_text(tsv.read_text().replace("EQUAL", "SAME").replace("\t6\t0.7\t", "\t6\t7\t"))
    (seeds / "frameworks" / "guide-c.yaml").write_text(
        (seeds / "frameworks" / "guide-c.yaml").read_text().replace("kind: principle", "kind: maxim", 1))
    result = CliRunner().invoke(cli, ["validate", "--seeds", str(seeds)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    tsv_lines, yaml_lines = tsv.read_text().splitlines(), (seeds / "frameworks" / "guide-c.yaml").read_text().splitlines()
    confidence_line = 1 + next(i for i, line in enumerate(tsv_lines) if "\t7\t" in line)
    predicate_line = 1 + next(i for i, line in enumerate(tsv_lines) if "\tSAME\t" in line)
    kind_line = 1 + yaml_lines.index("  - ref: P1")
    assert any(f"std-a-guide-c.sssom.tsv:{confidence_line}," in e and "field 'confidence'" in e for e in errors)
    assert any(f"std-a-guide-c.sssom.tsv:{predicate_line}," in e and "field 'predicate_id'" in e for e in errors)
    assert any(f"guide-c.yaml:{kind_line}," in e and "record guide-c:P1" in e and "field 'kind'" in e for e in errors)
    assert "3 problem(s)" in result.output and "nothing was written" in result.output


def test_export_rdf_writes_conforming_turtle(tmp_path):
    from rdflib import RDF, Graph

    from ontology.vocab import CW

    out = tmp_path / "crosswalk.ttl"
    result = CliRunner().invoke(cli, ["export-rdf", "--seeds", str(FIXTURE_SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out, format="turtle")
    assert len(list(graph.subjects(RDF.type, CW.Mapping))) == 6
    assert len(list(graph.subjects(RDF.type, CW.Requirement))) == 12
    assert "std-a%3AA.1.2" in out.read_text()


def test_every_command_has_help():
    runner = CliRunner()
    for args in (["--help"], ["neo4j", "--help"], ["neo4j", "start", "--help"], ["load", "--help"], ["serve", "--help"],
                 ["up", "--help"], ["query", "--help"], ["validate", "--help"], ["changes", "--help"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0 and "Usage: " in result.output
