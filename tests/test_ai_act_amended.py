"""Content checks on the EU AI Act seed as amended by Regulation (EU) 2026/1744 (Digital Omnibus on AI).

The framework file holds the consolidated text of 27.7.2026; seeds/amendments/eu-2026-1744.yaml
records what changed. These tests read the real seed files (no Neo4j) and check the dates,
conditions, new provisions and pinned mappings against what Art. 113 as amended says.
"""

import datetime as dt

import pytest

from graph.seed_files import read_seeds
from tests.conftest import REAL_SEEDS

D = dt.date
FW = "eu-ai-act"
AMENDMENT = "eu-2026-1744"
SECTIONS_1_TO_3 = {f"{FW}:Chapter.III.Section.{n}" for n in (1, 2, 3)}
ANNEX_III = (D(2027, 12, 2), "annex-iii")
ANNEX_I = (D(2028, 8, 2), "annex-i")


@pytest.fixture(scope="module")
def bundle(concepts):
    return read_seeds(REAL_SEEDS, concepts)


@pytest.fixture(scope="module")
def reqs(bundle):
    return {r["id"]: r for r in bundle.requirements if r["framework"] == FW}


@pytest.fixture(scope="module")
def amendment(bundle):
    return next(a for a in bundle.amendments if a["id"] == AMENDMENT)


@pytest.fixture(scope="module")
def actions(amendment):
    """provision id -> set of actions the amendment takes on it."""
    out: dict[str, set[str]] = {}
    for c in amendment["changes"]:
        out.setdefault(f"{FW}:{c['provision']}", set()).add(c["action"])
    return out


def dates(req: dict) -> list[tuple[dt.date, str | None]]:
    return sorted((a["from"], a["condition"]) for a in req["applies"])


def ancestors(reqs: dict, rid: str) -> set[str]:
    out, parent = set(), reqs[rid].get("parent")
    while parent:
        out.add(parent)
        parent = reqs[parent].get("parent") if parent in reqs else None
    return out


def applies_on(req: dict, day: dt.date, condition: str | None = None) -> bool:
    """Whether the provision applies on `day` to a system in `condition` (None: any system)."""
    return any(a["from"] <= day and a["condition"] in (None, condition) for a in req["applies"])


def in_sections_1_to_3(reqs, rid):
    return bool(ancestors(reqs, rid) & SECTIONS_1_TO_3)


def test_no_chapter_iii_section_1_to_3_provision_applies_unconditionally(reqs, actions):
    """Art. 113, third paragraph, point (c) as amended: Sections 1-3 except Art. 6(5) apply only per category."""
    checked = 0
    for rid, req in reqs.items():
        if not in_sections_1_to_3(reqs, rid) or rid == f"{FW}:Art.6(5)" or "repeals" in actions.get(rid, ()):
            continue
        checked += 1
        got = dates(req)
        assert got, rid
        assert all(cond in ("annex-iii", "annex-i") for _, cond in got), (rid, got)
        assert all(day in (ANNEX_III[0], ANNEX_I[0]) for day, _ in got), (rid, got)
        assert not applies_on(req, D(2027, 12, 1), "annex-iii") and not applies_on(req, D(2028, 8, 1), "annex-i"), rid
    assert checked >= 200  # Art. 6-27 with their paragraphs and points


def test_article_6_5_keeps_the_general_date(reqs):
    assert dates(reqs[f"{FW}:Art.6(5)"]) == [(D(2026, 8, 2), None)]


@pytest.mark.parametrize("ref, expected", [
    ("Art.6(1)", [ANNEX_I]), ("Art.6(1)(a)", [ANNEX_I]), ("Art.6(1c)", [ANNEX_I]), ("Art.8(2)", [ANNEX_I]),
    ("Art.11(2)", [ANNEX_I]), ("Art.25(3)", [ANNEX_I]),
    ("Art.6(2)", [ANNEX_III]), ("Art.6(3)", [ANNEX_III]), ("Art.6(4)", [ANNEX_III]), ("Art.7", [ANNEX_III]),
    ("Art.12(3)", [ANNEX_III]), ("Art.14(5)", [ANNEX_III]), ("Art.16(i)", [ANNEX_III]), ("Art.26(8)", [ANNEX_III]),
    ("Art.26(10)", [ANNEX_III]), ("Art.26(11)", [ANNEX_III]), ("Art.27", [ANNEX_III]), ("Art.27(1)", [ANNEX_III]),
    ("Art.6", [ANNEX_III, ANNEX_I]), ("Art.6(1a)", [ANNEX_III, ANNEX_I]), ("Art.9", [ANNEX_III, ANNEX_I]),
    ("Art.14(4)(e)", [ANNEX_III, ANNEX_I]), ("Art.16", [ANNEX_III, ANNEX_I]), ("Art.26(1)", [ANNEX_III, ANNEX_I]),
])
def test_dates_follow_the_category_the_text_concerns(reqs, ref, expected):
    assert dates(reqs[f"{FW}:{ref}"]) == sorted(expected)


@pytest.mark.parametrize("ref, expected", [
    ("Art.4", D(2025, 2, 2)), ("Art.5(1)(a)", D(2025, 2, 2)), ("Art.5(1)(ba)", D(2026, 12, 2)),
    ("Art.5(1)(bb)", D(2026, 12, 2)), ("Art.5(1a)", D(2026, 12, 2)), ("Art.5(1b)", D(2026, 12, 2)),
    ("Art.53", D(2025, 8, 2)), ("Art.101", D(2026, 8, 2)), ("Art.102", D(2026, 7, 27)), ("Art.110", D(2026, 7, 27)),
    ("Art.4a", D(2026, 7, 27)),
])
def test_unconditional_dates_per_art_113(reqs, ref, expected):
    assert dates(reqs[f"{FW}:{ref}"]) == [(expected, None)]


def test_high_risk_provisions_outside_sections_1_to_3_keep_their_date_with_a_note(reqs):
    for ref in ("Art.43", "Art.47", "Art.49", "Art.49(2)", "Art.72", "Art.73", "Art.86"):
        req = reqs[f"{FW}:{ref}"]
        assert dates(req) == [(D(2026, 8, 2), None)], ref
        assert "Art. 6" in (req["applies"][0]["note"] or ""), ref


def test_article_50_2_transitional_period(reqs, bundle):
    req = reqs[f"{FW}:Art.50(2)"]
    assert dates(req) == [(D(2026, 8, 2), None), (D(2026, 12, 2), "placed-before-2026-08-02")]
    fw = next(f for f in bundle.frameworks if f["id"] == FW)
    assert "placed-before-2026-08-02" in fw["conditions"]
    assert dates(reqs[f"{FW}:Art.50(1)"]) == [(D(2026, 8, 2), None)]  # only paragraph 2 has the grace period


@pytest.mark.parametrize("ref, parent", [
    ("Art.4a", "Chapter.I"), ("Art.5(1)(ba)", "Art.5(1)"), ("Art.5(1)(bb)", "Art.5(1)"), ("Art.5(1a)", "Art.5"),
    ("Art.5(1b)", "Art.5"), ("Art.6(1a)", "Art.6"), ("Art.6(1b)", "Art.6"), ("Art.6(1c)", "Art.6"),
    ("Art.75a", "Chapter.IX.Section.3"), ("Art.75d", "Chapter.IX.Section.3"), ("Art.111(4)", "Art.111"),
])
def test_inserted_provisions_exist_where_the_text_puts_them(reqs, actions, ref, parent):
    rid = f"{FW}:{ref}"
    assert rid in reqs
    assert reqs[rid]["parent"] == f"{FW}:{parent}"
    assert actions.get(rid) == {"inserts"}
    assert reqs[rid]["roles"], ref


def test_new_prohibitions_bind_providers_and_deployers(reqs):
    for ref in ("Art.5(1)(ba)", "Art.5(1)(bb)", "Art.5(1a)", "Art.5(1b)"):
        req = reqs[f"{FW}:{ref}"]
        assert set(req["roles"]) == {"provider", "deployer"}, ref
        assert req["risk_tiers"] == ["prohibited"], ref
        assert "prohibited-practices" in req["concepts"], ref
        assert not applies_on(req, D(2026, 12, 1)) and applies_on(req, D(2026, 12, 2)), ref


def test_every_moved_date_has_a_change_record(reqs, actions):
    """Each Section 1-3 provision that existed in 2024 is re-dated or replaced by the amendment."""
    for rid in reqs:
        if in_sections_1_to_3(reqs, rid) and rid != f"{FW}:Art.6(5)":
            assert actions.get(rid, set()) & {"redates", "replaces", "inserts", "repeals"}, rid


def test_earlier_versions_are_rebuilt_from_the_record(bundle):
    def version_on(rid, day):
        rows = [v for v in bundle.requirement_versions if v["requirement"] == f"{FW}:{rid}"
                and v["validFrom"] <= day and (v["validTo"] is None or day < v["validTo"])]
        assert len(rows) == 1, (rid, day, rows)
        return rows[0]
    assert "sufficient level" in version_on("Art.4", D(2026, 1, 1))["summary"]
    assert "sufficient level" not in version_on("Art.4", D(2026, 12, 2))["summary"]
    assert version_on("Art.6(1)", D(2026, 1, 1))["applyFrom"] == [D(2027, 8, 2)]
    assert version_on("Art.6(1)", D(2026, 12, 2))["applyFrom"] == [D(2028, 8, 2)]
    assert version_on("Art.9", D(2026, 1, 1))["applyFrom"] == [D(2026, 8, 2)]
    assert "2 August 2026" in version_on("Art.57", D(2026, 1, 1))["summary"]
    assert "2 August 2027" in version_on("Art.57", D(2026, 12, 2))["summary"]
    assert not [v for v in bundle.requirement_versions if v["requirement"] == f"{FW}:Art.5(1)(ba)"
                and v["validFrom"] < D(2026, 7, 27)]


def test_the_proposal_is_recorded_but_makes_no_version(bundle, reqs):
    proposal = next(a for a in bundle.amendments if a["id"] == "eu-com-2025-836")
    assert proposal["status"] == "proposal" and proposal["changes"]
    fw = next(f for f in bundle.frameworks if f["id"] == FW)
    assert "eu-com-2025-836" not in {v.get("amendment") for v in fw["versions"]}
    # The proposal would have taken the AI literacy duty off providers and deployers; the law kept it.
    assert set(reqs[f"{FW}:Art.4"]["roles"]) == {"provider", "deployer"}


def test_mappings_on_the_deleted_article_10_5_are_deprecated_and_nothing_awaits_review(bundle, actions):
    assert [m["id"] for m in bundle.mappings if m["review_reasons"]] == []
    on_deleted = [m for m in bundle.mappings if m["object_id"].startswith(f"{FW}:Art.10(5)")]
    assert on_deleted and all(m["status"] == "deprecated" and m["object_version"] == "2026-07-27"
                              and "Art. 4a" in m["justification"] for m in on_deleted)
    assert all("repeals" in actions[m["object_id"]] for m in on_deleted)
    for m in bundle.mappings:
        if m["object_id"] == f"{FW}:Art.4a":
            assert m["object_version"] == "2026-07-27"


def test_new_article_5_points_are_mapped_or_explicitly_unrelated(bundle):
    for ref in ("Art.5(1)(ba)", "Art.5(1)(bb)", "Art.5(1a)", "Art.5(1b)"):
        rows = [m for m in bundle.mappings if m["object_id"] == f"{FW}:{ref}" and m["subject_id"].startswith("iso42001:")]
        assert rows, ref
