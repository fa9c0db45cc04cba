"""Statement of Applicability (ISO/IEC 42001 6.1.3, ISO/IEC 27001 6.1.3 d) per organisation and standard.

One SoaEntry per Annex A control: applicable or excluded, the justification, implementation status,
evidence reference, owner and last review; the organisation's controls that implement it come from
its own mappings. Writes lock the control, read the before state, change and audit in one write
transaction; every state is in the audit trail, so the SoA of any past date can be rebuilt.
"""

import datetime as dt
import json

from crosswalk.errors import CrosswalkError
from graph.reads import GraphReader
from graph.run import native
from graph.writes import Actor, GraphWriter, WriteRejected, _audit, _check_org

STANDARDS = {"iso42001": "ISO/IEC 42001:2023 Annex A", "iso27001": "ISO/IEC 27001:2022 Annex A"}
STATUSES = ["not-started", "planned", "in-progress", "implemented"]
FIELDS = ["applicable", "justification", "status", "evidence", "owner", "lastReviewed"]


def entry_id(org: str, standard: str, control: str) -> str:
    return f"soa:{org}:{control}" if control.startswith(f"{standard}:") else f"soa:{org}:{standard}:{control}"


def check_standard(standard: str) -> None:
    """A published framework id (the SoA is for iso42001 and iso27001 Annex A; any standard's controls work)."""
    if standard.startswith("org:") or ":" in standard:
        raise WriteRejected(f"field 'standard': a published standard such as {' or '.join(STANDARDS)}, not '{standard}'")


def org_of(actor: Actor | None, org: str | None) -> str:
    """The organisation a SoA request is about: the key's, or the one an admin names."""
    if actor is None:
        raise CrosswalkError("a Statement of Applicability belongs to an organisation: send its API key")
    found = org or actor.org
    if found is None:
        raise WriteRejected("field 'org': an admin key must name the organisation")
    _check_org(actor, found, f"the {found} Statement of Applicability")
    return found


def check_fields(fields: dict) -> dict:
    """The editable fields, validated: a decision needs its justification; status only for applicable controls."""
    clean = {k: fields.get(k) for k in FIELDS if k in fields}
    for key in ("justification", "evidence", "owner"):
        if clean.get(key) is not None:
            clean[key] = " ".join(str(clean[key]).split()) or None
    if clean.get("applicable") is not None and not (clean.get("justification") and len(clean["justification"]) >= 10):
        raise WriteRejected("field 'justification': say why the control is included or excluded (10 characters or more)")
    if clean.get("status") is not None:
        if clean["status"] not in STATUSES:
            raise WriteRejected(f"field 'status': one of {', '.join(STATUSES)}, got '{clean['status']}'")
        if clean.get("applicable") is False:
            raise WriteRejected("field 'status': an excluded control has no implementation status")
    if clean.get("lastReviewed") is not None:
        clean["lastReviewed"] = str(clean["lastReviewed"])
        try:
            dt.date.fromisoformat(clean["lastReviewed"])
        except ValueError:
            raise WriteRejected(f"field 'lastReviewed': a date (YYYY-MM-DD), got '{clean['lastReviewed']}'") from None
    return clean


async def read_soa(reader: GraphReader, org: str, standard: str, as_of: dt.date | None = None) -> list[dict]:
    """Every Annex A control with the organisation's entry (as of the end of `as_of` if given) and implementing controls."""
    check_standard(standard)
    rows = await reader.run("soa-read", org=org, standard=standard)
    if not rows:
        raise WriteRejected(f"field 'standard': '{standard}' has no controls to decide on (try {' or '.join(STANDARDS)})")
    if as_of is not None:
        until = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
        states = {}
        for event in await reader.run("soa-history", prefix=f"soa:{org}:{standard}:", until=until):
            states[event["target"]] = json.loads(event["after"]) if event["after"] else None
        rows = [{**r, "entry": states.get(entry_id(org, standard, r["control"]["id"]))} for r in rows]
    return rows


class SoaWriter(GraphWriter):
    """SoA writes, with the same transaction pattern as every other write."""

    async def _tx_save(self, tx, actor: Actor, org: str, standard: str, control: str, props: dict,
                       action: str) -> dict:
        if not await self._run(tx, "soa-lock-control", id=control):
            raise WriteRejected(f"field 'control': no control '{control}'")
        id_ = entry_id(org, standard, control)
        found = await self._run(tx, "soa-get", id=id_)
        before = found[0]["entry"] if found else None
        saved = (await self._run(tx, "soa-upsert", id=id_, org=org, standard=standard, control=control,
                                 props=props))[0]["entry"]
        await self._run(tx, "write-audit", event=_audit(action, id_, actor, before, saved, org))
        return native(saved)

    async def update_entry(self, actor: Actor, org: str, standard: str, control: str, fields: dict) -> dict:
        """Record a decision on one control (partial update: fields left out keep their value)."""
        check_standard(standard)
        if not control.startswith(f"{standard}:"):
            raise WriteRejected(f"field 'control': a control of {standard} (e.g. {standard}:A.6.2.8), got '{control}'")

        async def work(tx):
            found = await self._run(tx, "soa-get", id=entry_id(org, standard, control))
            merged = {**((found[0]["entry"] or {}) if found else {}), **fields}
            props = {**{k: merged.get(k) for k in FIELDS}, **check_fields(merged), "proposed": False}
            return await self._tx_save(tx, actor, org, standard, control, props, "soa.update")

        return await self._write(work)

    async def generate_draft(self, actor: Actor, reader: GraphReader, org: str, standard: str) -> int:
        """Propose entries for controls with none yet: mapped ones applicable and implemented, the rest undecided."""
        rows = await read_soa(reader, org, standard)

        async def work(tx):
            made = 0
            for row in rows:
                if row["entry"] is not None:
                    continue  # never overwrite a decision
                mapped = row["implementedBy"]
                props = {"applicable": True if mapped else None, "status": "in-progress" if mapped else None,
                         "justification": ("Proposed: our controls " + ", ".join(m["id"] for m in mapped)
                                           + " map to this control; confirm the decision.") if mapped else None,
                         "evidence": None, "owner": None, "lastReviewed": None, "proposed": True}
                await self._tx_save(tx, actor, org, standard, row["control"]["id"], props, "soa.draft")
                made += 1
            return made

        return await self._write(work)
