"""SSSOM TSV export of a mapping set, and import of SSSOM TSV (ours or made elsewhere) into a seed file.

Everything Crosswalk records about a mapping sits in a standard SSSOM slot, so sssom-py keeps it
through `parse` and `convert` (sssom-py 0.4 drops extension-slot values when it parses):

| Crosswalk | SSSOM |
|---|---|
| relation | `predicate_id` `cw:EQUAL` … `cw:NOT_RELATED` (our vocabulary; SKOS reading in `other`) |
| strength 1-10 | `similarity_score` strength/10 with `similarity_measure` `cw:strength` |
| confidence | `confidence` |
| justification | `comment` |
| author, reviewer, date | `author_label`, `reviewer_label`, `mapping_date` |
| method | `mapping_justification` (semapv) |
| rationale, status, source, method | `other` as `key=value` pairs joined by `|` |

Requirement ids become CURIEs whose prefix is the framework id with '-' as '_' (sssom-py's CURIE
pattern has no '-'); the curie_map expands them to the requirement IRIs of the RDF export.
"""

import csv
import io
from urllib.parse import quote, unquote

import yaml

from ontology.vocab import BASE, CW, REQUIREMENT

CW_PREFIX = str(CW._NS)
SEMAPV = "https://w3id.org/semapv/vocab/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LICENSES = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
            "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
            "Apache-2.0": "https://www.apache.org/licenses/LICENSE-2.0"}
METHOD_JUSTIFICATION = {"manual": "semapv:ManualMappingCuration", "derived": "semapv:MappingChaining",
                        "automated": "semapv:UnspecifiedMatching"}
# For readers who know SKOS: the closest SKOS mapping property of each NIST IR 8477 relation (read A -> B).
SKOS_READING = {"EQUAL": "skos:exactMatch", "SUBSET_OF": "skos:broadMatch", "SUPERSET_OF": "skos:narrowMatch",
                "INTERSECTS_WITH": "skos:relatedMatch", "NOT_RELATED": "none"}
FROM_SKOS = {"skos:exactMatch": "EQUAL", "skos:broadMatch": "SUBSET_OF", "skos:narrowMatch": "SUPERSET_OF",
             "skos:closeMatch": "INTERSECTS_WITH", "skos:relatedMatch": "INTERSECTS_WITH"}
COLUMNS = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
           "confidence", "similarity_score", "similarity_measure", "comment", "author_label", "reviewer_label",
           "mapping_date", "other"]
SEED_COLUMNS = ["subject_id", "predicate_id", "object_id", "rationale", "strength", "confidence", "justification",
                "source", "author", "reviewer", "method", "status", "date"]


def prefix_of(framework_id: str) -> str:
    return framework_id.replace("-", "_")


def curie(requirement_id: str) -> str:
    framework, _, local = requirement_id.partition(":")
    return f"{prefix_of(framework)}:{local}"


def mapping_set_iri(set_id: str) -> str:
    return f"{BASE}mapping/set/{quote(set_id, safe='')}"


def to_sssom_tsv(mapping_set: dict, mappings: list[dict], titles: dict[str, str]) -> str:
    """One mapping set (a seed header dict and its rows) as SSSOM TSV with a YAML metadata block."""
    frameworks = sorted({m[end].partition(":")[0] for m in mappings for end in ("subject_id", "object_id")})
    license_ = mapping_set.get("license") or "CC-BY-4.0"
    meta = {
        "curie_map": {"cw": CW_PREFIX, "semapv": SEMAPV, "skos": SKOS,
                      **{prefix_of(f): f"{REQUIREMENT}{quote(f + ':', safe='')}" for f in frameworks}},
        "mapping_set_id": mapping_set_iri(mapping_set["mapping_set_id"]),
        "mapping_set_title": mapping_set["title"],
        "license": LICENSES.get(license_, f"https://spdx.org/licenses/{license_}.html"),
        "creator_label": [mapping_set["author"]],
        "mapping_date": str(mapping_set["date"]),
    }
    if mapping_set.get("description"):
        meta["mapping_set_description"] = mapping_set["description"]
    out = io.StringIO()
    for line in yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000).splitlines():
        out.write(f"# {line}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writerow(COLUMNS)
    for m in mappings:
        relation = _text(m["predicate_id"])
        other = {"rationale": _text(m["rationale"]), "strength": m["strength"], "method": _text(m["method"]),
                 "status": _text(m["status"]), "source": m["source"], "skos": SKOS_READING[relation],
                 "set": mapping_set["mapping_set_id"]}
        writer.writerow([curie(m["subject_id"]), titles.get(m["subject_id"], ""), f"cw:{relation}",
                         curie(m["object_id"]), titles.get(m["object_id"], ""),
                         METHOD_JUSTIFICATION[_text(m["method"])], m["confidence"], m["strength"] / 10, "cw:strength",
                         _one_line(m["justification"]), m["author"], m.get("reviewer") or "", str(m["date"]),
                         "|".join(f"{k}={_one_line(str(v)).replace('|', '/')}" for k, v in other.items())])
    return out.getvalue()


def _text(value) -> str:
    return getattr(value, "value", value)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class SSSOMImportError(ValueError):
    """The SSSOM file cannot be read as a Crosswalk mapping set; says where."""


def from_sssom_tsv(text: str, set_id: str | None = None, defaults: dict | None = None) -> tuple[str, str]:
    """(set id, seed-file text) for SSSOM TSV; the seed file is then validated like any other seed."""
    defaults = defaults or {}
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    header = [line[1:].removeprefix(" ") for line in lines if line.startswith("#")]
    meta = yaml.safe_load("\n".join(header)) or {}
    body = [line for line in lines if not line.startswith("#")]
    rows = list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))
    prefixes = meta.get("curie_map") or meta.get("prefix_map") or {}
    iri = str(meta.get("mapping_set_id") or "")
    set_id = set_id or unquote(iri.rstrip("/").rsplit("/", 1)[-1]).removesuffix(".sssom.tsv")
    if not set_id:
        raise SSSOMImportError("the file has no mapping_set_id: pass a set id")
    seed_meta = {"mapping_set_id": set_id, "title": meta.get("mapping_set_title") or set_id,
                 "description": meta.get("mapping_set_description"),
                 "author": _first(meta.get("creator_label")) or defaults.get("author") or "unknown",
                 "date": str(meta.get("mapping_date") or meta.get("publication_date") or defaults.get("date") or ""),
                 "license": _license_id(meta.get("license"))}
    seed_rows = []
    for number, cells in enumerate(rows, start=len(header) + 2):
        # SSSOM propagation: a slot given once in the metadata holds for every row that leaves it out
        row = {**{k: v for k, v in meta.items() if isinstance(v, (str, int, float, list))},
               **{k: v for k, v in cells.items() if v}}
        row["mapping_date"] = str(row.get("mapping_date") or "")
        other = dict(pair.split("=", 1) for pair in (row.get("other") or "").split("|") if "=" in pair)
        seed_rows.append([
            _requirement_id(row.get("subject_id", ""), prefixes, number, "subject_id"),
            _relation(row, number),
            _requirement_id(row.get("object_id", ""), prefixes, number, "object_id"),
            other.get("rationale") or defaults.get("rationale", ""),
            other.get("strength") or _strength(row) or defaults.get("strength", ""),
            str(row.get("confidence") or defaults.get("confidence", "")),
            _one_line(cells.get("comment") or ""),
            other.get("source", ""), _first(row.get("author_label")) or "", _first(row.get("reviewer_label")) or "",
            other.get("method") or _method(row.get("mapping_justification")), other.get("status", ""),
            row.get("mapping_date") or ""])
    return set_id, seed_tsv(seed_meta, seed_rows)


def seed_tsv(seed_meta: dict, rows: list[list]) -> str:
    """A seed mapping-set file: `# key: value` header lines, then SEED_COLUMNS rows (imports write through this)."""
    out = io.StringIO()
    for key, value in seed_meta.items():
        if value:
            out.write(f"# {key}: {_one_line(value)}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writerow(SEED_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value.split("|")[0] if isinstance(value, str) and value else value


def _license_id(url) -> str | None:
    return next((k for k, v in LICENSES.items() if v == url), url)


def _strength(row: dict) -> str | None:
    if row.get("similarity_score") and row.get("similarity_measure", "cw:strength") == "cw:strength":
        return str(round(float(row["similarity_score"]) * 10))
    return None


def _method(justification: str | None) -> str:
    return next((k for k, v in METHOD_JUSTIFICATION.items() if v == justification), "manual" if justification else "")


def _relation(row: dict, number: int) -> str:
    predicate = row.get("predicate_id", "")
    if predicate.startswith("cw:"):
        return predicate[3:]
    if row.get("predicate_modifier") == "Not":
        return "NOT_RELATED"
    if predicate in FROM_SKOS:
        return FROM_SKOS[predicate]
    raise SSSOMImportError(f"line {number}, column predicate_id: '{predicate}' is neither a cw: relation nor a SKOS "
                           f"mapping property ({', '.join(FROM_SKOS)})")


def _requirement_id(value: str, prefixes: dict, number: int, column: str) -> str:
    """A Crosswalk requirement id from a CURIE (through the file's curie_map) or an IRI of ours."""
    prefix, _, local = value.partition(":")
    full = value if value.startswith(("http://", "https://")) else (prefixes[prefix] + local if prefix in prefixes else None)
    if full is not None and full.startswith(str(REQUIREMENT)):
        return unquote(full[len(str(REQUIREMENT)):])
    if full is None and prefix and local:
        return f"{prefix.replace('_', '-')}:{local}"
    raise SSSOMImportError(f"line {number}, column {column}: '{value}' does not expand to a Crosswalk requirement "
                           f"IRI ({REQUIREMENT}<framework>:<ref>)")
