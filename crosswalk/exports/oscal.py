"""OSCAL 1.2 mapping-collection export of a mapping set (one collection per set; JSON).

NIST IR 8477 relations are OSCAL's own relationship vocabulary, so they carry over one to one:

| Crosswalk | OSCAL `relationship` |
|---|---|
| EQUAL | `equal-to` |
| SUBSET_OF | `subset-of` |
| SUPERSET_OF | `superset-of` |
| INTERSECTS_WITH | `intersects-with` |
| NOT_RELATED | `no-relationship` |

Rationale (SYNTACTIC/SEMANTIC/FUNCTIONAL) is `matching-rationale` in lower case, confidence is
`confidence-score.percentage`, the justification is the map's `remarks`; strength, provenance and
the mapping id are `props` in the Crosswalk namespace. Rows run source -> target in the stored
direction; a set with rows both ways holds one `mapping` per direction. Source and target are
Crosswalk frameworks (`type: framework`, `href` their IRI): Crosswalk publishes no OSCAL catalogs
of ISO standards, whose text is copyrighted.
"""

import datetime as dt
import uuid

from ontology.vocab import BASE, CW

OSCAL_VERSION = "1.2.1"
NS = str(CW._NS).rstrip("#")
_UUIDS = uuid.UUID("6f1d2c1e-0f39-5b7e-9a53-63726f737377")  # the namespace every export uuid is derived in
RELATIONSHIP = {"EQUAL": "equal-to", "SUBSET_OF": "subset-of", "SUPERSET_OF": "superset-of",
                "INTERSECTS_WITH": "intersects-with", "NOT_RELATED": "no-relationship"}
METHOD = {"manual": "human", "derived": "hybrid", "automated": "automation"}
STATUS = {"draft": "draft", "reviewed": "complete", "deprecated": "deprecated"}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_UUIDS, "|".join(parts)))


def _text(value) -> str:
    return str(getattr(value, "value", value))


def _prop(name: str, value) -> dict:
    return {"name": name, "ns": NS, "value": _text(value)}


def to_oscal(mapping_set: dict, mappings: list[dict]) -> dict:
    """The mapping set as an OSCAL 1.2 `mapping-collection` document (a dict ready for JSON)."""
    set_id = mapping_set["mapping_set_id"]
    date = mapping_set["date"] if isinstance(mapping_set["date"], dt.date) else dt.date.fromisoformat(str(mapping_set["date"]))
    directions: dict[tuple[str, str], list[dict]] = {}
    for m in mappings:
        directions.setdefault((m["subject_id"].partition(":")[0], m["object_id"].partition(":")[0]), []).append(m)
    collection = {
        "uuid": _uuid("collection", set_id),
        "metadata": {"title": mapping_set["title"],
                     "last-modified": dt.datetime.combine(date, dt.time(), dt.timezone.utc).isoformat(),
                     "version": str(date), "oscal-version": OSCAL_VERSION,
                     "props": [_prop("mapping-set", set_id)],
                     **({"remarks": mapping_set["description"]} if mapping_set.get("description") else {})},
        "provenance": {"method": METHOD[_text(mapping_set.get("method", "manual"))],
                       "matching-rationale": "semantic",
                       "status": STATUS[_text(mapping_set.get("status", "draft"))],
                       "mapping-description": mapping_set.get("description") or mapping_set["title"],
                       "props": [_prop("author", mapping_set["author"]),
                                 _prop("source", mapping_set.get("source") or "crosswalk-editorial")]},
        "mappings": [_direction(set_id, source, target, rows) for (source, target), rows in sorted(directions.items())],
    }
    return {"mapping-collection": collection}


def _direction(set_id: str, source: str, target: str, rows: list[dict]) -> dict:
    return {
        "uuid": _uuid("mapping", set_id, source, target),
        "source-resource": {"type": "framework", "ns": NS, "href": f"{BASE}framework/{source}"},
        "target-resource": {"type": "framework", "ns": NS, "href": f"{BASE}framework/{target}"},
        "maps": [_map(set_id, m) for m in rows],
    }


def _map(set_id: str, m: dict) -> dict:
    props = [_prop("mapping-id", m.get("id") or f"{set_id}|{m['subject_id']}|{m['object_id']}"),
             _prop("strength", m["strength"]), _prop("source", m["source"]), _prop("author", m["author"]),
             _prop("method", m["method"]), _prop("status", m["status"]), _prop("date", m["date"])]
    if m.get("reviewer"):
        props.append(_prop("reviewer", m["reviewer"]))
    return {
        "uuid": _uuid("map", set_id, m["subject_id"], m["object_id"]),
        "matching-rationale": _text(m["rationale"]).lower(),
        "relationship": RELATIONSHIP[_text(m["predicate_id"])],
        "sources": [{"type": "control", "id-ref": m["subject_id"]}],
        "targets": [{"type": "control", "id-ref": m["object_id"]}],
        "confidence-score": {"percentage": float(m["confidence"])},
        "props": props,
        "remarks": " ".join(str(m["justification"]).split()),
    }


# -- import: an OSCAL mapping collection back into a seed mapping set ----------------------------------------------

FROM_RELATIONSHIP = {v: k for k, v in RELATIONSHIP.items()}
FROM_METHOD = {v: k for k, v in METHOD.items()}
FROM_STATUS = {v: k for k, v in STATUS.items()}


class OSCALImportError(ValueError):
    """The OSCAL document cannot be read as a Crosswalk mapping set; says where."""


def _props(owner: dict) -> dict[str, str]:
    """Crosswalk-namespace props (and props without a namespace) by name."""
    return {p["name"]: str(p["value"]) for p in owner.get("props") or []
            if isinstance(p, dict) and "name" in p and "value" in p and p.get("ns", NS) == NS}


def _requirement(side: list | None, where: str) -> str:
    refs = [s.get("id-ref") for s in side or [] if isinstance(s, dict)]
    if len(refs) != 1 or not refs[0]:
        raise OSCALImportError(f"{where}: needs exactly one control id-ref (a Crosswalk requirement id), got {refs}")
    return str(refs[0])


def _confidence(score, where: str) -> str:
    if not score:
        return ""
    value = score.get("percentage") if isinstance(score, dict) else None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise OSCALImportError(f"{where}: confidence-score.percentage '{value}' is not a number") from None
    # our export writes a fraction (0-1); a 0-100 percentage from elsewhere is scaled down
    return f"{number / 100 if number > 1 else number:g}"


def from_oscal(document: dict, set_id: str | None = None) -> tuple[str, str]:
    """(set id, seed-file text) for an OSCAL 1.2 mapping-collection; the seed file is then validated like any other."""
    from crosswalk.exports.sssom import seed_tsv

    collection = document.get("mapping-collection") if isinstance(document, dict) else None
    if not isinstance(collection, dict):
        raise OSCALImportError("not an OSCAL mapping collection: no top-level `mapping-collection` object")
    metadata = collection.get("metadata") or {}
    provenance = collection.get("provenance") or {}
    meta_props, prov_props = _props(metadata), _props(provenance)
    set_id = set_id or meta_props.get("mapping-set")
    if not set_id:
        raise OSCALImportError("the collection has no `mapping-set` prop in its metadata: pass a set id")
    seed_meta = {"mapping_set_id": set_id, "title": metadata.get("title") or set_id,
                 "description": metadata.get("remarks") or provenance.get("mapping-description"),
                 "source": prov_props.get("source"), "author": prov_props.get("author") or "unknown",
                 "method": FROM_METHOD.get(provenance.get("method"), ""),
                 "status": FROM_STATUS.get(provenance.get("status"), ""),
                 "date": str(metadata.get("version") or str(metadata.get("last-modified") or "")[:10])}
    rows = []
    for i, mapping in enumerate(collection.get("mappings") or []):
        for j, m in enumerate(mapping.get("maps") or []):
            where = f"mappings[{i}].maps[{j}]"
            relationship = m.get("relationship")
            if relationship not in FROM_RELATIONSHIP:
                raise OSCALImportError(f"{where}: relationship '{relationship}' is not one of "
                                       f"{', '.join(FROM_RELATIONSHIP)}")
            props = _props(m)
            rows.append([_requirement(m.get("sources"), f"{where}.sources"),
                         FROM_RELATIONSHIP[relationship],
                         _requirement(m.get("targets"), f"{where}.targets"),
                         str(m.get("matching-rationale") or "").upper(), props.get("strength", ""),
                         _confidence(m.get("confidence-score"), where),
                         " ".join(str(m.get("remarks") or "").split()),
                         props.get("source", ""), props.get("author", ""), props.get("reviewer", ""),
                         props.get("method", ""), props.get("status", ""), props.get("date", "")])
    if not rows:
        raise OSCALImportError("the collection holds no maps")
    return set_id, seed_tsv(seed_meta, rows)
