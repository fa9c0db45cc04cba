"""Versions of frameworks and provisions, rebuilt from the amendment records.

A framework file holds the text in force today; each amendment record says what a provision
said before a change. Walking a provision's changes backwards from today's text gives every
earlier version, each valid for a period. Mappings are pinned to the version of each end they
were assessed against; a later change of text (not of dates alone) means they need review.

`build_versions` checks the records against the framework files and fills the bundle's
`framework_versions` and `requirement_versions` and each mapping's pins; it returns the
problems found, as (file, line, record, field, message).
"""

import datetime as dt
from collections import defaultdict

from graph.seed_models import TEXT_CHANGES, ChangeAction, framework_of, requirement_id

Found = tuple[str, int | None, str | None, str | None, str]
APPLIED = ("in-force", "adopted")  # a proposal is recorded but never changes an answer
_PAST = {"inserts": "inserted", "replaces": "replaced", "repeals": "repealed", "redates": "re-dated"}


def version_key(framework_id: str, version_id: str) -> str:
    return f"{framework_id}@{version_id}"


def _framework_versions(fw: dict, amendments: dict[str, dict], found: list[Found]) -> list[dict]:
    """The framework's versions with their end dates; one implicit version when none is declared."""
    declared = fw["versions"] or [{"id": fw["version"], "label": fw["version"], "valid_from": fw["published"],
                                   "amendment": None, "url": fw["url"]}]
    rows = []
    for i, v in enumerate(declared):
        amendment = v.get("amendment")
        if amendment:
            a = amendments.get(amendment)
            if a is None or a["framework"] != fw["id"]:
                found.append((fw["_file"], 1, fw["id"], f"versions.{i}.amendment",
                              f"no amendment record '{amendment}' for {fw['id']} in seeds/amendments"))
            elif a["status"] == "proposal":
                found.append((fw["_file"], 1, fw["id"], f"versions.{i}.amendment",
                              f"'{amendment}' is a proposal: it makes no version"))
            elif a["in_force"] != v["valid_from"]:
                found.append((fw["_file"], 1, fw["id"], f"versions.{i}.valid_from",
                              f"{v['valid_from']} is not the in_force date {a['in_force']} of '{amendment}'"))
        valid_to = declared[i + 1]["valid_from"] if i + 1 < len(declared) else None
        rows.append({"id": version_key(fw["id"], v["id"]), "framework": fw["id"], "version": v["id"],
                     "label": v["label"], "validFrom": v["valid_from"], "validTo": valid_to,
                     "amendment": amendment, "url": v.get("url")})
    named = {v.get("amendment") for v in declared}
    for a in amendments.values():
        if a["framework"] == fw["id"] and a["status"] in APPLIED and a["id"] not in named:
            found.append((a["_file"], 1, a["id"], "in_force",
                          f"no version of {fw['id']} names this amendment: add one to its `versions`"))
    return rows


def _state(req: dict) -> dict:
    return {"title": req["title"], "summary": req.get("summary"), "roles": req["roles"],
            "risk_tiers": req["risk_tiers"], "applies": req["applies"]}


def _earlier(state: dict, before: dict) -> dict:
    """The state before a change: the change's `before` fields over the state after it."""
    earlier = dict(state)
    for key in ("title", "summary", "roles", "risk_tiers"):
        if before.get(key) is not None:
            earlier[key] = before[key]
    if before.get("applies_from"):
        earlier["applies"] = [{"from": before["applies_from"], "condition": None, "note": None}]
    elif before.get("applies") is not None:
        earlier["applies"] = sorted(({"from": a["from_"], "condition": a["condition"], "note": a["note"]}
                                     for a in before["applies"]), key=lambda a: a["from"])
    return earlier


def _version_row(req: dict, state: dict, valid_from, valid_to, change: dict | None, text_from) -> dict:
    applies = state["applies"]
    return {"id": f"{req['id']}@{valid_from or 'base'}", "requirement": req["id"],
            "validFrom": valid_from, "validTo": valid_to, "textFrom": text_from,
            "title": state["title"], "summary": state["summary"], "roles": state["roles"],
            "riskTiers": state["risk_tiers"], "appliesFrom": applies[0]["from"] if applies else None,
            "applyFrom": [a["from"] for a in applies], "applyCondition": [a["condition"] or "" for a in applies],
            "applyNote": [a["note"] or "" for a in applies],
            "amendment": change["amendment"] if change else None, "change": change["action"] if change else None}


def _provision_versions(req: dict, base, changes: list[dict], found: list[Found]) -> list[dict]:
    """Every version of one provision, newest first, from today's text and its changes."""
    changes = sorted(changes, key=lambda c: c["effective"])
    repeal = [c for c in changes if c["action"] == "repeals"]
    inserts = [c for c in changes if c["action"] == "inserts"]
    if repeal and changes[-1] is not repeal[0] or len(repeal) > 1:
        found.append((repeal[0]["_file"], repeal[0]["_line"], req["id"], "action", "a repeal must be the provision's last change"))
    if inserts and changes[0] is not inserts[0] or len(inserts) > 1:
        found.append((inserts[0]["_file"], inserts[0]["_line"], req["id"], "action", "an insertion must be the provision's first change"))
    text_changes = [c["effective"] for c in changes if c["action"] in ("inserts", "replaces")]

    def text_from(day):
        earlier = [d for d in text_changes if day is not None and d <= day]
        return max(earlier) if earlier else base

    state, valid_to, rows = _state(req), None, []
    for change in reversed(changes):
        if change["action"] == "repeals":
            valid_to = change["effective"]
            continue
        rows.append(_version_row(req, state, change["effective"], valid_to, change, text_from(change["effective"])))
        valid_to = change["effective"]
        if change["action"] == "inserts":
            return rows
        earlier = _earlier(state, change["before"])
        if change["action"] == "redates" and earlier["applies"] == state["applies"]:
            found.append((change["_file"], change["_line"], req["id"], "before",
                          "a `redates` change whose earlier dates equal today's: the record contradicts the framework file"))
        state = earlier
    rows.append(_version_row(req, state, base, valid_to, None, base))
    return rows


def _pin(m: dict, end: str, versions_of: dict[str, list[dict]], found: list[Found]) -> dict | None:
    """The framework version one end of a mapping was assessed against."""
    framework = framework_of(m[f"{end}_id"])
    versions = versions_of.get(framework, [])
    wanted = m.get(f"{end}_version") or m["assessed_against"].get(framework)
    if wanted:
        match = [v for v in versions if v["version"] == wanted]
        if not match:
            found.append((m["_file"], m["_line"], f"{m['subject_id']} -> {m['object_id']}", f"{end}_version",
                          f"{framework} has no version '{wanted}' (it has {', '.join(v['version'] for v in versions)})"))
            return None
        return match[0]
    in_force = [v for v in versions if v["validFrom"] is None or v["validFrom"] <= m["date"]]
    return in_force[-1] if in_force else (versions[0] if versions else None)


def build_versions(bundle) -> list[Found]:
    """Check amendments against the framework files; add versions and mapping pins to the bundle."""
    found: list[Found] = []
    frameworks = {f["id"]: f for f in bundle.frameworks}
    amendments = {a["id"]: a for a in bundle.amendments}
    requirements = {r["id"]: r for r in bundle.requirements}

    for fw in bundle.frameworks:
        bundle.framework_versions += _framework_versions(fw, amendments, found)
        if fw.get("supersedes") and fw["supersedes"] not in frameworks:
            found.append((fw["_file"], 1, fw["id"], "supersedes", f"unknown framework '{fw['supersedes']}'"))
    versions_of = defaultdict(list)
    for v in bundle.framework_versions:
        versions_of[v["framework"]].append(v)

    changes_of = defaultdict(list)
    for a in bundle.amendments:
        if a["framework"] not in frameworks:
            found.append((a["_file"], 1, a["id"], "framework", f"unknown framework '{a['framework']}'"))
            continue
        for i, c in enumerate(a["changes"]):
            c["effective"] = c["effective"] or a["in_force"]
            c["verified"] = c["verified"] or a["verified"]
            c["requirement"] = requirement_id(a["framework"], c["provision"])
            c["amendment"], c["_file"] = a["id"], a["_file"]
            if a["status"] == "proposal":
                continue
            if c["requirement"] not in requirements:
                found.append((a["_file"], c["_line"], a["id"], f"changes.{i}.provision",
                              f"{c['requirement']} is not in seeds/frameworks/{a['framework']}.yaml"))
                continue
            if c["effective"] < a["in_force"]:
                found.append((a["_file"], c["_line"], a["id"], f"changes.{i}.effective",
                              f"{c['effective']} is before the amendment's in_force {a['in_force']}"))
            changes_of[c["requirement"]].append(c)

    for req in bundle.requirements:
        fw = frameworks[req["framework"]]
        for a in req["applies"]:
            if a["condition"] and a["condition"] not in fw["conditions"]:
                found.append((req["_file"], req["_line"], req["id"], "applies.condition",
                              f"unknown condition '{a['condition']}' (declare it in the framework's `conditions`)"))
        base = versions_of[fw["id"]][0]["validFrom"]
        rows = _provision_versions(req, base, changes_of.get(req["id"], []), found)
        for row in rows:
            row["frameworkVersion"] = _version_at(versions_of[fw["id"]], row["validFrom"])
        bundle.requirement_versions += rows
        req["text_changes"] = sorted(c["effective"] for c in changes_of.get(req["id"], [])
                                     if ChangeAction(c["action"]) in TEXT_CHANGES)

    for m in bundle.mappings:
        for end in ("subject", "object"):
            pin = _pin(m, end, versions_of, found)
            m[f"{end}_version"] = pin["version"] if pin else None
            m[f"{end}_version_from"] = pin["validFrom"] if pin else None
        m["review_reasons"] = _review_reasons(m, requirements, changes_of)
    return found


def _version_at(versions: list[dict], day) -> str | None:
    current = [v for v in versions if day is None or v["validFrom"] is None or v["validFrom"] <= day]
    return (current[-1] if current else versions[0])["version"] if versions else None


def _review_reasons(m: dict, requirements: dict, changes_of: dict) -> list[str]:
    """Why a mapping needs review: an end whose text changed after the version it was assessed against."""
    reasons = []
    for end in ("subject", "object"):
        pinned_from: dt.date | None = m[f"{end}_version_from"]
        for c in changes_of.get(m[f"{end}_id"], []):
            if ChangeAction(c["action"]) in TEXT_CHANGES and (pinned_from is None or c["effective"] > pinned_from):
                reasons.append(f"{m[f'{end}_id']}: text {_PAST[c['action']]} by {c['amendment']} "
                               f"from {c['effective']}; assessed against version {m[f'{end}_version']}")
    return reasons
