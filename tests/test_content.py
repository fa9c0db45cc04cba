"""Content quality gates: the real seeds, loaded into Neo4j, checked against the official
numbering and titles (tests/reference/official-titles.json) and for mapping integrity
and coverage.

Gates on content still being written fail until it lands: that is the point of them.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from graph.seed_files import read_seeds
from graph.seed_models import IMPOSING_KINDS, Method, Rationale, Relation, Status, inverse
from graph.stats import HIGH_RISK_ARTICLES, content_stats
from tests.conftest import REAL_SEEDS

pytestmark = pytest.mark.neo4j

REFERENCE = json.loads((Path(__file__).parent / "reference" / "official-titles.json").read_text(encoding="utf-8"))
# (framework, kind) pairs whose id set and titles the reference fixes; `_` keys are notes.
OFFICIAL = [(fw, kind) for fw, kinds in REFERENCE.items() if not fw.startswith("_")
            for kind in kinds if not kind.startswith("_")]
ISO = ["iso42001", "iso27001", "iso9001", "iso9001-2026"]


@pytest.fixture(scope="module")
def stats(driver, settings, real_graph):
    return content_stats(driver, settings.neo4j_database)


@pytest.fixture(scope="module")
def bundle(concepts):
    return read_seeds(REAL_SEEDS, concepts)


@pytest.fixture(scope="module")
def mappings(read):
    rows = read("MATCH ()-[m:MAPS_TO]->() RETURN m {.*} AS m ORDER BY m.id")
    return [r["m"] for r in rows]


def titles(read, framework: str, kind: str) -> dict[str, str]:
    rows = read("MATCH (r:Requirement {framework: $framework, kind: $kind}) RETURN r.id AS id, r.title AS title",
                framework=framework, kind=kind)
    return {r["id"]: r["title"] for r in rows}


# -- counts -------------------------------------------------------------------------------

@pytest.mark.parametrize("framework, kind, expected", [
    ("iso42001", "control", 38), ("iso27001", "control", 93), ("eu-ai-act", "article", 118),
    ("eu-ai-act", "annex", 13), ("eu-ai-act", "chapter", 13), ("uk-ai-principles", "principle", 5)])
def test_official_counts(stats, framework, kind, expected):
    assert stats["requirements"].get(framework, {"kinds": {}})["kinds"].get(kind, 0) == expected


def test_iso27001_controls_per_theme_section(read):
    expected = {"iso27001:A.5": 37, "iso27001:A.6": 8, "iso27001:A.7": 14, "iso27001:A.8": 34}
    # The reference agrees (its themes are Organizational, People, Physical, Technological).
    assert Counter(i.rsplit(".", 1)[0] for i in REFERENCE["iso27001"]["control"]) == expected
    rows = read("MATCH (c:Requirement {framework: 'iso27001', kind: 'control'})-[:PART_OF]->(s:Requirement) "
                "RETURN s.id AS section, count(c) AS n")
    assert {r["section"]: r["n"] for r in rows} == expected


# -- official numbering and titles ----------------------------------------------------------

@pytest.mark.parametrize("framework, kind", OFFICIAL)
def test_ids_follow_the_official_numbering(read, framework, kind):
    have, official = set(titles(read, framework, kind)), set(REFERENCE[framework][kind])
    assert sorted(have - official) == [], "ids outside the official numbering"
    assert sorted(official - have) == [], "official ids missing"


@pytest.mark.parametrize("framework", ISO)
def test_no_iso_requirement_outside_the_official_numbering(read, framework):
    """Whatever its kind: only official clauses, objectives, controls and Annex A theme sections."""
    official = {i for part in REFERENCE[framework].values() for i in part}
    rows = read("MATCH (r:Requirement {framework: $framework}) RETURN r.id AS id", framework=framework)
    assert sorted({r["id"] for r in rows} - official) == []


@pytest.mark.parametrize("framework, kind", OFFICIAL)
def test_titles_match_the_reference(read, framework, kind):
    have = titles(read, framework, kind)
    wrong = {i: {"seed": have.get(i), "official": t} for i, t in REFERENCE[framework][kind].items() if have.get(i) != t}
    assert wrong == {}


# -- mapping integrity ----------------------------------------------------------------------

def test_every_mapping_endpoint_exists(read, bundle):
    # The loader MATCHes both ends, so a row naming a missing requirement would vanish silently:
    # check the rows of the files against the graph, and the graph's edges against their ids.
    ends = sorted({e for m in bundle.mappings for e in (m["subject_id"], m["object_id"])})
    found = {r["id"] for r in read("MATCH (r:Requirement) WHERE r.id IN $ids RETURN r.id AS id", ids=ends)}
    assert sorted(set(ends) - found) == []
    bad = read("MATCH (s)-[m:MAPS_TO]->(o) WHERE NOT (s:Requirement AND o:Requirement) "
               "OR m.id <> m.mappingSet + '|' + s.id + '|' + o.id "
               "OR NOT EXISTS { MATCH (:MappingSet {id: m.mappingSet}) } RETURN m.id AS id")
    assert bad == []


def test_no_self_mappings(read):
    assert read("MATCH (r)-[m:MAPS_TO]->(r) RETURN m.id AS id") == []


def test_no_duplicate_assertions(bundle):
    # Read from the files: in the graph MERGE on the mapping id would fold duplicates into one.
    rows = Counter((m["mapping_set"], m["subject_id"], m["object_id"]) for m in bundle.mappings)
    assert [key for key, n in rows.items() if n > 1] == []


def test_no_pair_asserted_with_contradictory_relations(read):
    # A pair stated both ways in one set must read the same from either side.
    rows = read("MATCH (a:Requirement)-[m1:MAPS_TO]->(b:Requirement)-[m2:MAPS_TO]->(a) "
                "WHERE m1.mappingSet = m2.mappingSet AND a.id < b.id AND m1.relation <> m2.inverseRelation "
                "RETURN m1.id AS one, m1.relation AS relation, m2.id AS other, m2.relation AS otherRelation")
    assert rows == []


def test_mapping_enums_are_valid(mappings):
    allowed = {"relation": Relation, "rationale": Rationale, "status": Status, "method": Method}
    bad = [(m["id"], field, m.get(field)) for m in mappings for field, enum in allowed.items()
           if m.get(field) not in {e.value for e in enum}]
    bad += [(m["id"], "inverseRelation", m.get("inverseRelation")) for m in mappings
            if m.get("inverseRelation") != inverse(m.get("relation"))]
    assert bad == []


def test_strength_and_confidence_are_in_range(mappings):
    bad = [(m["id"], m.get("strength"), m.get("confidence")) for m in mappings
           if not (type(m.get("strength")) is int and 1 <= m["strength"] <= 10)
           or not (type(m.get("confidence")) in (int, float) and 0 <= m["confidence"] <= 1)]
    assert bad == []


def test_justifications_are_specific_to_their_pair(mappings):
    texts = Counter(" ".join(m["justification"].split()).lower() for m in mappings)
    assert {text: n for text, n in texts.items() if n > 3} == {}


# -- coverage -------------------------------------------------------------------------------

def test_every_high_risk_article_is_split_into_paragraphs(read):
    # Coverage is measured on paragraphs and points, so an article without them would pass unseen.
    rows = read("MATCH (p:Requirement {kind: 'paragraph'})-[:PART_OF]->(a:Requirement) WHERE a.id IN $ids "
                "RETURN DISTINCT a.id AS id", ids=HIGH_RISK_ARTICLES)
    assert sorted(set(HIGH_RISK_ARTICLES) - {r["id"] for r in rows}) == []


@pytest.mark.parametrize("figure", ["ai_act_high_risk_to_iso42001", "iso42001_controls_to_ai_act", "uk_mapped"])
def test_coverage(stats, figure):
    coverage = stats["coverage"][figure]
    assert coverage["total"] > 0, "nothing to cover: is the content loaded?"
    assert coverage["missing"] == [], f"{coverage['label']}: no mapping for {', '.join(coverage['missing'])}"


# -- requirement properties -----------------------------------------------------------------

def test_imposing_requirements_address_a_concept(read):
    rows = read("MATCH (r:Requirement) WHERE r.kind IN $kinds AND NOT EXISTS { (r)-[:ADDRESSES]->(:Concept) } "
                "RETURN r.id AS id", kinds=[k.value for k in IMPOSING_KINDS])
    assert rows == []


def test_ai_act_provisions_say_when_they_apply(read):
    rows = read("MATCH (r:Requirement {framework: 'eu-ai-act'}) "
                "WHERE r.kind IN ['article', 'paragraph', 'point'] AND r.appliesFrom IS NULL RETURN r.id AS id")
    assert rows == []


# -- currency -------------------------------------------------------------------------------

def test_every_framework_says_when_and_how_it_was_checked(read):
    rows = read("MATCH (f:Framework) WHERE f.org IS NULL AND (f.checked IS NULL OR f.checkedHow IS NULL) RETURN f.id AS id")
    assert rows == []


def test_every_amendment_in_force_has_made_a_version(read):
    rows = read("MATCH (a:Amendment)-[:AMENDS]->(f:Framework) WHERE a.status <> 'proposal' "
                "AND NOT EXISTS { (f)-[:HAS_VERSION]->(:FrameworkVersion {amendment: a.id, validFrom: a.inForce}) } "
                "RETURN a.id AS id")
    assert rows == []


def test_no_mapping_to_changed_text_is_left_silently_unreviewed(read):
    # A mapping whose end's text changed after the version it was assessed against is flagged.
    rows = read("MATCH (a:Amendment)-[:MAKES]->(c:Change)-[:CHANGES]->(r:Requirement)-[m:MAPS_TO]-() "
                "WHERE a.status <> 'proposal' AND c.action IN ['inserts', 'replaces', 'repeals'] AND NOT m.needsReview "
                "MATCH (f:FrameworkVersion {framework: r.framework}) "
                "WHERE f.version = CASE WHEN startNode(m) = r THEN m.subjectVersion ELSE m.objectVersion END "
                "AND f.validFrom < c.effective RETURN m.id AS id")
    assert rows == []
