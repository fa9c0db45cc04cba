"""Write a synthetic seed folder: the seeds plus renamed copies, to measure growth.

    .venv/bin/python bench/scale.py --factor 30 --out /tmp/seeds-30x [--seeds seeds] [--no-validate]

Factor 1 is the seeds themselves. Factor N adds N-1 copies of every framework, amendment and
mapping set under renamed ids: copy k of `iso42001` is `iso42001-x07` (k = 7), with ids
`iso42001-x07:6.1.2`; an amendment of it is `eu-2026-1744-x07`, a mapping set
`iso42001-eu-ai-act-x07`, and its rows map copy k to copy k. Every reference inside a copy
(a version's amendment, `supersedes`, an amendment's framework, `assessed_against`, a row's
ends) is renamed with it, so the folder passes `crosswalk validate` and loads. The files are
rewritten line by line (no YAML round trip), so line numbers and comments stay as they were.

Prints requirements, mappings and rows (nodes + relationships the loader writes) per factor.
"""

import argparse
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402


def suffix(copy: int) -> str:
    """The id suffix of copy `copy` (1-based; copy 0 is the original and has none)."""
    return f"-x{copy:02d}" if copy else ""


def _framework_ids(seeds: Path) -> set[str]:
    return {p.stem for p in (seeds / "frameworks").glob("*.yaml")}


def _rename_framework_file(text: str, sfx: str, frameworks: set[str]) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        m = re.match(r"^(id|supersedes): *(\S+)\s*$", line)
        if m and (m.group(1) == "id" or m.group(2) in frameworks):
            line = f"{m.group(1)}: {m.group(2)}{sfx}\n"
        else:
            m = re.match(r"^(\s*(?:- )?\s*amendment: *)(\S+)\s*$", line)
            if m:
                line = f"{m.group(1)}{m.group(2)}{sfx}\n"
        out.append(line)
    return "".join(out)


def _rename_amendment_file(text: str, sfx: str) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        m = re.match(r"^(id|framework): *(\S+)\s*$", line)
        out.append(f"{m.group(1)}: {m.group(2)}{sfx}\n" if m else line)
    return "".join(out)


def _rename_id(rid: str, sfx: str) -> str:
    framework, _, ref = rid.partition(":")
    return f"{framework}{sfx}:{ref}"


def _rename_mapping_file(text: str, sfx: str) -> str:
    lines = text.splitlines()
    out, columns = [], None
    for line in lines:
        if columns is None and line.startswith("#"):
            m = re.match(r"^# (mapping_set_id): *(\S+)\s*$", line)
            if m:
                line = f"# {m.group(1)}: {m.group(2)}{sfx}"
            elif line.startswith("# assessed_against:"):
                pins = yaml.safe_load(line[len("# assessed_against:"):]) or {}
                line = "# assessed_against: {" + ", ".join(f'{k}{sfx}: "{v}"' for k, v in pins.items()) + "}"
            out.append(line)
            continue
        if columns is None:
            columns = line.split("\t")
            out.append(line)
            continue
        cells = line.split("\t")
        if len(cells) == len(columns):
            for col in ("subject_id", "object_id"):
                i = columns.index(col)
                if cells[i].strip():
                    cells[i] = _rename_id(cells[i], sfx)
        out.append("\t".join(cells))
    return "\n".join(out) + "\n"


def scale(seeds: Path, out: Path, factor: int) -> None:
    """Write `factor` copies of `seeds` (the first one unchanged) into `out`, which must not hold seeds yet."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    frameworks = _framework_ids(seeds)
    for sub in ("frameworks", "amendments", "mappings"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    if (seeds / "README.md").exists():
        shutil.copy(seeds / "README.md", out / "README.md")
    for copy in range(factor):
        sfx = suffix(copy)
        for path in sorted((seeds / "frameworks").glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            (out / "frameworks" / f"{path.stem}{sfx}.yaml").write_text(
                _rename_framework_file(text, sfx, frameworks) if sfx else text, encoding="utf-8")
        for path in sorted((seeds / "amendments").glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            (out / "amendments" / f"{path.stem}{sfx}.yaml").write_text(
                _rename_amendment_file(text, sfx) if sfx else text, encoding="utf-8")
        for path in sorted((seeds / "mappings").glob("*.sssom.tsv")):
            text = path.read_text(encoding="utf-8")
            name = path.name.removesuffix(".sssom.tsv")
            (out / "mappings" / f"{name}{sfx}.sssom.tsv").write_text(
                _rename_mapping_file(text, sfx) if sfx else text, encoding="utf-8")


def bundle_rows(bundle) -> dict:
    """Nodes and relationships the loader writes for a bundle (what `graph-counts` then finds, less other data)."""
    changes = sum(len(a["changes"]) for a in bundle.amendments)
    requirement_ids = {r["id"] for r in bundle.requirements}
    linked_changes = sum(1 for a in bundle.amendments for c in a["changes"] if c["requirement"] in requirement_ids)
    nodes = (len(bundle.frameworks) + len(bundle.concepts) + len(bundle.requirements) + len(bundle.framework_versions)
             + len(bundle.amendments) + changes + len(bundle.requirement_versions) + len(bundle.mapping_sets))
    relationships = (len(bundle.requirements)  # IN_FRAMEWORK
                     + sum(1 for r in bundle.requirements if r["parent"])  # PART_OF
                     + sum(len(r["concepts"]) for r in bundle.requirements)  # ADDRESSES
                     + sum(len(c.get("broader") or []) for c in bundle.concepts)  # BROADER
                     + len(bundle.framework_versions) + len(bundle.requirement_versions)  # HAS_VERSION
                     + len(bundle.amendments) + changes + linked_changes  # AMENDS, MAKES, CHANGES
                     + len(bundle.mappings))  # MAPS_TO
    return {"requirements": len(bundle.requirements), "mappings": len(bundle.mappings), "nodes": nodes,
            "relationships": relationships, "rows": nodes + relationships}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--no-validate", action="store_true", help="skip validating the result (and the counts)")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    started = time.perf_counter()
    scale(args.seeds, args.out, args.factor)
    print(f"wrote {args.factor}x of {args.seeds} to {args.out} in {time.perf_counter() - started:.1f}s")
    if args.no_validate:
        return
    from graph.seed_files import read_seeds
    from ontology.concepts import load_concepts

    started = time.perf_counter()
    bundle = read_seeds(args.out, load_concepts())
    counts = bundle_rows(bundle)
    print(f"valid in {time.perf_counter() - started:.1f}s: {len(bundle.frameworks)} frameworks, "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
