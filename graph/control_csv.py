"""An organisation's control set as CSV: one row per control, or per control and mapping.

Columns: ref, title, summary, concepts (separated by ';'), and optionally maps_to, relation,
rationale, strength, confidence, justification. A control with several mappings repeats its
row; its title, summary and concepts may then be left blank.
"""

import csv
import io

from crosswalk.errors import CrosswalkError

CONTROL_COLUMNS = ["ref", "title", "summary", "concepts"]
MAPPING_COLUMNS = ["maps_to", "relation", "rationale", "strength", "confidence", "justification"]
COLUMNS = CONTROL_COLUMNS + MAPPING_COLUMNS


def _delimiter(text: str) -> str:
    """',' or ';' (Excel's CSV in locales with a decimal comma), whichever the header line uses."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def decode_csv(data: bytes, file: str) -> str:
    """CSV bytes as text: UTF-8 with or without Excel's byte-order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CrosswalkError(f"{file}: not UTF-8 (byte {exc.start})", "save the file as 'CSV UTF-8'") from None


def xlsx_to_csv(data: bytes, file: str) -> str:
    """The first sheet of an XLSX workbook as CSV text, so its rows keep their numbers in error messages."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except (BadZipFile, KeyError, OSError, ValueError, IndexError):
        raise CrosswalkError(f"{file}: not an XLSX workbook", "save it from Excel as .xlsx, or send CSV") from None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in row])
    return out.getvalue()


def parse_control_csv(text: str, file: str, control_set: str) -> tuple[list[dict], list[dict]]:
    """Controls and mappings from CSV text; raise naming file, line and column for anything malformed."""
    text = text.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    missing = [c for c in CONTROL_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CrosswalkError(f"{file}:1: missing column(s) {', '.join(missing)}", f"the header must be: {','.join(COLUMNS)}")
    unknown = [c for c in reader.fieldnames if c not in COLUMNS]
    if unknown:
        raise CrosswalkError(f"{file}:1: unknown column(s) {', '.join(unknown)}", f"use: {','.join(COLUMNS)}")
    controls: dict[str, dict] = {}
    mappings = []
    for row in reader:
        line = reader.line_num
        cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if None in row:
            raise CrosswalkError(f"{file}:{line}: more cells than columns")
        ref = cells.get("ref")
        if not ref:
            raise CrosswalkError(f"{file}:{line}, column 'ref': every row needs the control's ref")
        if ref not in controls:
            controls[ref] = {"ref": ref, "title": cells.get("title", ""), "summary": cells.get("summary") or None,
                             "concepts": [c.strip() for c in cells.get("concepts", "").split(";") if c.strip()],
                             "_line": line}
        elif cells.get("title") and cells["title"] != controls[ref]["title"]:
            raise CrosswalkError(f"{file}:{line}, column 'title': control '{ref}' already has the title "
                                 f"'{controls[ref]['title']}' (line {controls[ref]['_line']})")
        if cells.get("maps_to"):
            mappings.append({"subject_id": f"{control_set}:{ref}", "object_id": cells["maps_to"],
                             "predicate_id": cells.get("relation", ""), "rationale": cells.get("rationale", ""),
                             "strength": cells.get("strength", ""), "confidence": cells.get("confidence", ""),
                             "justification": cells.get("justification", ""), "_line": line})
    if not controls:
        raise CrosswalkError(f"{file}: no controls", "add rows under the header")
    return list(controls.values()), mappings


def control_set_csv(rows: list[dict]) -> str:
    """CSV text for a control set exported as `control-set-export` rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        c = row["control"]
        base = {"ref": c["ref"], "title": c["title"], "summary": c.get("summary") or "", "concepts": ";".join(c["concepts"])}
        if not row["mappings"]:
            writer.writerow(base)
        for m in sorted(row["mappings"], key=lambda m: m["object"]):
            writer.writerow({**base, "maps_to": m["object"], "relation": m["relation"], "rationale": m["rationale"],
                             "strength": m["strength"], "confidence": m["confidence"], "justification": m["justification"]})
    return out.getvalue()
