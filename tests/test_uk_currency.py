"""Currency of the UK layer (checked 2026-12-02): the real seeds, read and validated without Neo4j.

The Data (Use and Access) Act 2025 s.80 replaced UK GDPR Article 22 with Articles 22A-22D from
5 February 2026 (SI 2026/82); uk-ico:AIDP.7 must carry both versions, and every mapping of it
must have been re-assessed against the new one. Every UK framework says when and how it was
checked, and the regulator documents added for 2025-2026 carry their publication date and source.
"""

import datetime as dt

import pytest

from graph.seed_files import read_seeds
from tests.conftest import REAL_SEEDS

DUAA = "uk-duaa-2025"
S80_IN_FORCE = dt.date(2026, 2, 5)
# Regulator documents from 2025-2026 added in this update, with their publication dates.
NEW_DOCUMENTS = {
    "uk-ico:DOC.AIBS": dt.date(2025, 6, 5),
    "uk-ico:DOC.ADMR": dt.date(2026, 3, 31),
    "uk-ico:DOC.ADMG": dt.date(2026, 3, 31),
    "uk-pra:DOC.AIML": dt.date(2025, 11, 24),
    "uk-cma:DOC.SMSP": dt.date(2026, 6, 3),
    "uk-ofcom:DOC.CHAT": dt.date(2025, 12, 18),
}


@pytest.fixture(scope="module")
def bundle(concepts):
    return read_seeds(REAL_SEEDS, concepts)


@pytest.fixture(scope="module")
def uk_frameworks(bundle):
    return {f["id"]: f for f in bundle.frameworks if f["jurisdiction"] == "UK"}


@pytest.fixture(scope="module")
def requirements(bundle):
    return {r["id"]: r for r in bundle.requirements}


def test_uk_seed_aidp7_has_a_version_before_and_after_the_duaa(bundle):
    versions = sorted((v for v in bundle.requirement_versions if v["requirement"] == "uk-ico:AIDP.7"),
                      key=lambda v: v["validFrom"])
    assert len(versions) == 2, versions
    old, new = versions
    assert old["validTo"] == S80_IN_FORCE and old["amendment"] is None
    assert "Article 22 " in old["title"] and "22A" not in old["summary"]
    assert new["validFrom"] == S80_IN_FORCE and new["validTo"] is None
    assert new["amendment"] == DUAA and new["change"] == "replaces"
    assert "22A-22D" in new["title"] and "22C" in new["summary"]


def test_uk_seed_duaa_record_is_in_force_and_names_its_sources(bundle, uk_frameworks):
    [record] = [a for a in bundle.amendments if a["id"] == DUAA]
    assert record["framework"] == "uk-ico" and record["status"] == "in-force"
    assert record["in_force"] == S80_IN_FORCE and record["adopted"] == dt.date(2025, 6, 19)
    assert record["url"].startswith("https://www.legislation.gov.uk/ukpga/2025/18/section/80")
    assert "SI 2026/82" in record["reference"] and record["verified"] in ("primary", "secondary")
    [version] = [v for v in uk_frameworks["uk-ico"]["versions"] if v["amendment"] == DUAA]
    assert version["valid_from"] == record["in_force"]
    assert uk_frameworks["uk-ico"]["version"] == version["id"], "the framework's version names today's text"


def test_uk_seed_every_framework_says_when_and_how_it_was_checked(uk_frameworks):
    assert len(uk_frameworks) >= 7
    missing = [fw for fw, f in uk_frameworks.items()
               if not isinstance(f.get("checked"), dt.date) or len((f.get("checked_how") or "").split()) < 20]
    assert missing == []
    assert {fw for fw, f in uk_frameworks.items() if f["checked"] > dt.date.today()} == set()


def test_uk_seed_new_documents_have_publication_dates_and_sources(requirements):
    for doc, published in NEW_DOCUMENTS.items():
        assert doc in requirements, f"{doc} missing"
        r = requirements[doc]
        assert r["kind"] == "document" and r["published"] == published, doc
        assert (r.get("url") or "").startswith("https://"), doc
        children = [c for c in requirements.values() if c.get("parent") == doc]
        assert children and all(c["kind"] == "expectation" and c["concepts"] for c in children), doc


def test_uk_seed_every_uk_document_is_dated_and_sourced(requirements, uk_frameworks):
    bad = [r["id"] for r in requirements.values()
           if r["framework"] in uk_frameworks and r["kind"] == "document"
           and not (r.get("published") and (r.get("url") or "").startswith("http"))]
    assert bad == []


def test_uk_seed_draft_guidance_is_marked_draft(requirements):
    draft = [r for r in requirements.values() if r["id"].startswith("uk-ico:ADMG")]
    assert draft and all("draft" in (r["title"] + " " + (r.get("summary") or "")).lower() for r in draft)


def test_uk_seed_no_uk_mapping_needs_review(bundle, uk_frameworks):
    stale = [(m["subject_id"], m["object_id"], m["review_reasons"]) for m in bundle.mappings
             if m["review_reasons"] and any(m[f"{end}_id"].split(":")[0] in uk_frameworks
                                            for end in ("subject", "object"))]
    assert stale == []


def test_uk_seed_every_new_expectation_is_assessed_in_both_uk_mapping_sets(bundle, requirements):
    new = [r["id"] for r in requirements.values() if r.get("parent") in NEW_DOCUMENTS]
    assert len(new) >= 7
    for target in ("iso42001", "eu-ai-act"):
        assessed = {m["subject_id"] for m in bundle.mappings if m["object_id"].startswith(target + ":")}
        assert sorted(set(new) - assessed) == [], target
