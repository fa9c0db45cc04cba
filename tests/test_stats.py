"""format_stats on a handmade result: no database needed."""

import datetime as dt

from graph.stats import format_stats

STATS = {
    "requirements": {"iso42001": {"total": 3, "kinds": {"clause": 1, "control": 2}},
                     "eu-ai-act": {"total": 12, "kinds": {"article": 2, "paragraph": 10}}},
    "mappings": {"total": 11, "relations": {"INTERSECTS_WITH": 10, "NOT_RELATED": 1},
                 "pairs": [{"subject": "iso42001", "object": "eu-ai-act", "total": 11,
                            "relations": {"INTERSECTS_WITH": 10, "NOT_RELATED": 1}}]},
    "coverage": {"a": {"label": "AI Act -> iso42001", "total": 10, "covered": 8,
                       "missing": ["eu-ai-act:Art.9(1)", "eu-ai-act:Art.9(2)"]},
                 "b": {"label": "iso42001 controls -> eu-ai-act", "total": 2, "covered": 2, "missing": []}},
    "currency": [{"framework": "eu-ai-act", "checked": dt.date(2026, 12, 2), "version": "2026-07-27", "amendments": 1,
                  "proposals": 1, "needsReview": 7},
                 {"framework": "iso42001", "checked": None, "version": "2023", "amendments": 0, "proposals": 0,
                  "needsReview": 0}],
}

EXPECTED = """\
Currency (content checked against its source on)

framework  checked     version     amendments  proposals  mappings to review
---------  ----------  ----------  ----------  ---------  ------------------
eu-ai-act  2026-12-02  2026-07-27           1          1                   7
iso42001   (never)     2023                 0          0                   0

Requirements

framework  kind       count
---------  ---------  -----
eu-ai-act  (all)         12
eu-ai-act  article        2
eu-ai-act  paragraph     10
iso42001   (all)          3
iso42001   clause         1
iso42001   control        2

Mappings (as stored: subject framework -> object framework)

subject   object     relation         count
--------  ---------  ---------------  -----
iso42001  eu-ai-act  (all)               11
iso42001  eu-ai-act  INTERSECTS_WITH     10
iso42001  eu-ai-act  NOT_RELATED          1
(all)     (all)      (all)               11
(all)     (all)      INTERSECTS_WITH     10
(all)     (all)      NOT_RELATED          1

Coverage

figure                          covered  total  missing
------------------------------  -------  -----  -------
AI Act -> iso42001                    8     10        2
iso42001 controls -> eu-ai-act        2      2        0

AI Act -> iso42001: no mapping for
    eu-ai-act:Art.9(1), eu-ai-act:Art.9(2)
"""


def test_format_stats_prints_aligned_tables():
    assert format_stats(STATS) == EXPECTED


def test_format_stats_on_an_empty_graph():
    empty = {"requirements": {}, "mappings": {"total": 0, "relations": {}, "pairs": []}, "coverage": {}, "currency": []}
    assert "(all)" in format_stats(empty)
