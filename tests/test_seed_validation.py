"""Seed validation without a database: every problem is reported with file, line, record and field."""

import shutil
from pathlib import Path

import pytest

from crosswalk.errors import SeedValidationError
from graph.seed_files import read_seeds
from tests.conftest import FIXTURE_SEEDS, REAL_SEEDS


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A writable copy of the fixture seeds."""
    target = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, target)
    return target


def problems(seeds_dir, concepts) -> list:
    with pytest.raises(SeedValidationError) as info:
        read_seeds(seeds_dir, concepts)
    return info.value.problems


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_real_and_fixture_seeds_are_valid(concepts):
    for folder in (REAL_SEEDS, FIXTURE_SEEDS):
        bundle = read_seeds(folder, concepts)
        assert bundle.frameworks and bundle.requirements and bundle.mappings


def test_fixture_bundle_flattens_the_tree_with_parents_and_order(concepts):
    bundle = read_seeds(FIXTURE_SEEDS, concepts)
    by_id = {r["id"]: r for r in bundle.requirements}
    assert by_id["std-a:4.1"]["parent"] == "std-a:4"
    assert by_id["std-a:4"]["parent"] is None
    assert by_id["std-a:A.1.1"]["order"] < by_id["std-a:A.1.2"]["order"]
    # blank cells take the header's defaults; filled cells override them
    mapping = next(m for m in bundle.mappings if m["subject_id"] == "std-a:4.1")
    assert (mapping["status"], mapping["source"], mapping["author"]) == ("draft", "crosswalk-tests", "tests")
    reviewed = next(m for m in bundle.mappings if m["subject_id"] == "std-a:A.1.1" and m["object_id"] == "law-b:Art.1")
    assert reviewed["reviewer"] == "reviewer-x"


def test_yaml_errors_name_file_line_record_and_field(seeds, concepts):
    replace(seeds / "frameworks" / "std-a.yaml", "kind: control\n        title: Human review", "kind: kontrol\n        title: Human review")
    [problem] = problems(seeds, concepts)
    assert problem.file == "seeds/frameworks/std-a.yaml"
    assert problem.record == "std-a:A.1.2"
    assert problem.field == "kind"
    lines = (seeds / "frameworks" / "std-a.yaml").read_text().splitlines()
    assert lines[problem.line - 1].strip() == "- ref: A.1.2"
    assert "std-a.yaml:" in str(problem) and "field 'kind'" in str(problem)


def test_every_problem_is_reported_at_once(seeds, concepts):
    tsv = seeds / "mappings" / "std-a-law-b.sssom.tsv"
    replace(tsv, "SUPERSET_OF\tlaw-b:Art.1\tSEMANTIC\t9", "SUPERSET\tlaw-b:Art.1\tSEMANTIC\t11")
    replace(tsv, "law-b:Art.2\tSUBSET_OF", "law-b:Art.99\tSUBSET_OF")
    replace(tsv, "Office plants have nothing to do with penalties despite both being listed.", "")
    replace(seeds / "frameworks" / "guide-c.yaml", "concepts: [human-oversight]", "concepts: [mind-control]")
    found = problems(seeds, concepts)
    fields = {(p.file.split("/")[-1], p.field) for p in found}
    assert ("std-a-law-b.sssom.tsv", "predicate_id") in fields
    assert ("std-a-law-b.sssom.tsv", "strength") in fields
    assert ("std-a-law-b.sssom.tsv", "subject_id") in fields  # unknown endpoint law-b:Art.99
    assert ("std-a-law-b.sssom.tsv", "justification") in fields
    assert ("guide-c.yaml", "concepts") in fields
    assert all(p.line for p in found)
    tsv_lines = tsv.read_text().splitlines()
    for p in found:
        if p.file.endswith(".tsv"):
            assert p.record.split(" -> ")[0] in tsv_lines[p.line - 1]


@pytest.mark.parametrize("old, new, field, message", [
    ("\tlaw-b:Art.1\tSEMANTIC\t9\t0.9", "\tlaw-b:Art.1\tSEMANTIC\t9\t1.5", "confidence", "less than or equal to 1"),
    ("std-a:A.1.3\tNOT_RELATED\tlaw-b:Art.3", "std-a:A.1.3\tNOT_RELATED\tstd-a:A.1.3", None, "itself"),
    ("\tlaw-b:Art.1\tSEMANTIC\t9", "\tlaw-b:Art.1\tLEGAL\t9", "rationale", "SYNTACTIC"),
])
def test_mapping_row_rules(seeds, concepts, old, new, field, message):
    replace(seeds / "mappings" / "std-a-law-b.sssom.tsv", old, new)
    [problem] = problems(seeds, concepts)
    assert problem.field == field
    assert message in problem.message


def test_duplicates_are_rejected(seeds, concepts):
    tsv = seeds / "mappings" / "std-a-guide-c.sssom.tsv"
    last = tsv.read_text().splitlines()[-1]
    tsv.write_text(tsv.read_text() + last.replace("ask for the same thing", "ask for the same thing, again") + "\n")
    replace(seeds / "frameworks" / "law-b.yaml", "- ref: Art.3", "- ref: Art.2")
    found = problems(seeds, concepts)
    messages = " | ".join(str(p) for p in found)
    assert "duplicate mapping" in messages
    assert "duplicate requirement id" in messages and "law-b:Art.2" in messages


def test_wrong_cell_count_and_missing_columns(seeds, concepts):
    tsv = seeds / "mappings" / "std-a-guide-c.sssom.tsv"
    tsv.write_text(tsv.read_text() + "std-a:4\tEQUAL\tguide-c:P1\n")
    [problem] = problems(seeds, concepts)
    assert "expected 7 tab-separated cells, found 3" in problem.message
    assert problem.line == len(tsv.read_text().splitlines())
    replace(tsv, "justification\n", "why\n")
    assert any("must name the columns" in p.message for p in problems(seeds, concepts))


def test_imposing_requirements_need_summary_and_concepts(seeds, concepts):
    replace(seeds / "frameworks" / "guide-c.yaml", "    summary: Keep humans in control of consequential decisions.\n", "")
    [problem] = problems(seeds, concepts)
    assert problem.record == "guide-c:P2" and "summary" in problem.message


def test_broken_yaml_and_misnamed_files(seeds, concepts):
    (seeds / "frameworks" / "guide-c.yaml").write_text("id: guide-c\nname: [unclosed\n")
    replace(seeds / "frameworks" / "law-b.yaml", "id: law-b", "id: law-z")
    found = problems(seeds, concepts)
    assert any(p.file.endswith("guide-c.yaml") and "not valid YAML" in p.message and p.line for p in found)
    assert any(p.file.endswith("law-b.yaml") and "law-z.yaml" in p.message for p in found)
