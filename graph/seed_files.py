"""Read and validate every seed file; nothing is written until all of them are valid.

`read_seeds` returns a `SeedBundle` ready to load, or raises `SeedValidationError`
listing every problem with its file, line, record and field.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from crosswalk.errors import SeedValidationError
from graph.seed_models import (AmendmentSeed, FrameworkSeed, MappingSeed, MappingSetSeed, RequirementSeed,
                               framework_of, requirement_id)
from graph.versions import build_versions

LINE = "__line__"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one seed file."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.record:
            parts.append(f"record {self.record}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join([", ".join(parts), self.message])


@dataclass
class SeedBundle:
    """Everything the loader writes, flattened into rows."""

    frameworks: list[dict] = field(default_factory=list)
    requirements: list[dict] = field(default_factory=list)
    mapping_sets: list[dict] = field(default_factory=list)
    mappings: list[dict] = field(default_factory=list)
    concepts: list[dict] = field(default_factory=list)
    amendments: list[dict] = field(default_factory=list)
    framework_versions: list[dict] = field(default_factory=list)  # built by graph.versions
    requirement_versions: list[dict] = field(default_factory=list)  # built by graph.versions


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """A SafeLoader that records each mapping's 1-based line under `__line__`.

    LibYAML's parser when PyYAML has it (five times faster than the pure-Python one: most of
    the validation time at 30x the seeds); the constructors, and so the values, are the same."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


def _without_lines(value):
    """A parsed YAML value without the `__line__` keys the loader added, at any depth."""
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    return value


class _NotText(ValueError):
    """A seed file that is not UTF-8 text (binary garbage, another encoding)."""


def _read_text(path: Path) -> str:
    """The file as UTF-8 text; _NotText names the first bad byte and where it is."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _NotText(f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} "
                       "(save the file as UTF-8)") from None
    if "\x00" in text:
        raise _NotText(f"not text: a NUL byte at offset {text.index(chr(0))} (a binary file?)")
    return text


def _with_value(error: dict) -> str:
    """Pydantic's message, plus the value it refused when that is short enough to show."""
    value = error.get("input")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(str(value)) <= 80:
        return f"{error['msg']} (found {value!r})"
    return error["msg"]


def _pydantic_problems(err: ValidationError, file: str, line: int | None, record: str | None) -> list[Problem]:
    problems = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or None
        problems.append(Problem(file, line, record, loc, _with_value(e)))
    return problems


def mapping_id(set_id: str, subject: str, obj: str) -> str:
    """A stable, readable id for an asserted mapping."""
    return f"{set_id}|{subject}|{obj}"


class _Reader:
    def __init__(self, root: Path, concept_ids: set[str]):
        self.root = root
        self.concept_ids = concept_ids
        self.problems: list[Problem] = []
        self.bundle = SeedBundle()
        self.requirement_files: dict[str, str] = {}  # id -> file, for duplicate reports

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    # -- frameworks ---------------------------------------------------------
    def read_framework(self, path: Path) -> None:
        file = self.rel(path)
        doc = self._yaml(path, file, "expected a mapping with framework fields and `requirements`")
        if doc is None:
            return
        raw_reqs = doc.pop("requirements", None)
        header = _without_lines(doc)
        try:
            fw = FrameworkSeed.model_validate(header)
        except ValidationError as err:
            self.problems += _pydantic_problems(err, file, 1, header.get("id"))
            return
        if path.stem != fw.id:
            self.problems.append(Problem(file, 1, fw.id, "id", f"file must be named {fw.id}.yaml"))
        if any(f["id"] == fw.id for f in self.bundle.frameworks):
            self.problems.append(Problem(file, 1, fw.id, "id", "duplicate framework id"))
        self.bundle.frameworks.append(fw.model_dump(mode="python") | {"_file": file})
        if not isinstance(raw_reqs, list) or not raw_reqs:
            self.problems.append(Problem(file, None, fw.id, "requirements", "a non-empty list of requirements is required"))
            return
        self._read_requirements(raw_reqs, fw.id, None, file)

    def _read_requirements(self, items: list, framework: str, parent: str | None, file: str) -> None:
        for item in items:
            if not isinstance(item, dict):
                self.problems.append(Problem(file, None, parent, "children", "each requirement must be a mapping"))
                continue
            line = item.pop(LINE, None)
            children = item.pop("children", None) or []
            item = _without_lines(item)
            record = requirement_id(framework, str(item.get("ref"))) if item.get("ref") is not None else None
            try:
                req = RequirementSeed.model_validate(item)
            except ValidationError as err:
                self.problems += _pydantic_problems(err, file, line, record)
                if record:  # known by id, so mappings to it do not report a second, derived problem
                    self.requirement_files.setdefault(record, file)
                if isinstance(children, list):
                    self._read_requirements(children, framework, record, file)
                continue
            rid = requirement_id(framework, req.ref)
            if rid in self.requirement_files:
                self.problems.append(Problem(file, line, rid, "ref", f"duplicate requirement id (also in {self.requirement_files[rid]})"))
                continue
            self.requirement_files[rid] = file
            for concept in req.concepts:
                if concept not in self.concept_ids:
                    self.problems.append(Problem(file, line, rid, "concepts", f"unknown concept '{concept}' (not in ontology/concepts.ttl)"))
            row = req.model_dump(mode="python", exclude={"applies"})
            application = [{"from": a.from_, "condition": a.condition, "note": a.note} for a in req.application()]
            row.update(id=rid, framework=framework, parent=parent, order=len(self.bundle.requirements),
                       roles=[r.value for r in req.roles], risk_tiers=[t.value for t in req.risk_tiers],
                       kind=req.kind.value, applies=application,
                       applies_from=application[0]["from"] if application else None, _file=file, _line=line)
            self.bundle.requirements.append(row)
            if not isinstance(children, list):
                self.problems.append(Problem(file, line, rid, "children", "must be a list"))
                continue
            self._read_requirements(children, framework, rid, file)

    # -- amendments ---------------------------------------------------------
    def read_amendment(self, path: Path) -> None:
        file = self.rel(path)
        doc = self._yaml(path, file, "expected a mapping with amendment fields and `changes`")
        if doc is None:
            return
        raw_changes = doc.pop("changes", None)
        header = _without_lines(doc)
        changes = _without_lines(raw_changes)
        lines = [item.get(LINE) if isinstance(item, dict) else None for item in raw_changes or []]
        if not isinstance(raw_changes, list) or not raw_changes:
            self.problems.append(Problem(file, None, header.get("id"), "changes", "a non-empty list of changes is required"))
            return
        try:
            amendment = AmendmentSeed.model_validate({**header, "changes": changes})
        except ValidationError as err:
            for e in err.errors():
                loc = [str(p) for p in e["loc"]]
                line = lines[int(loc[1])] if len(loc) > 1 and loc[0] == "changes" and loc[1].isdigit() else 1
                self.problems.append(Problem(file, line, header.get("id"), ".".join(loc) or None, _with_value(e)))
            return
        if path.stem != amendment.id:
            self.problems.append(Problem(file, 1, amendment.id, "id", f"file must be named {amendment.id}.yaml"))
        row = amendment.model_dump(mode="python") | {"_file": file}
        for change, line in zip(row["changes"], lines):
            change["_line"] = line
        self.bundle.amendments.append(row)

    def _yaml(self, path: Path, file: str, shape: str) -> dict | None:
        """The file's YAML mapping, or None with the problem recorded (not text, not YAML, not a mapping)."""
        try:
            doc = yaml.load(_read_text(path), Loader=_LineLoader)
        except _NotText as exc:
            self.problems.append(Problem(file, None, None, None, str(exc)))
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.problems.append(Problem(file, mark.line + 1 if mark else None, None, None, f"not valid YAML: {exc}"))
            return None
        if not isinstance(doc, dict):
            self.problems.append(Problem(file, None, None, None, shape))
            return None
        return doc

    # -- mapping sets -------------------------------------------------------
    def read_mapping_set(self, path: Path) -> None:
        file = self.rel(path)
        try:
            lines = _read_text(path).splitlines()
        except _NotText as exc:
            self.problems.append(Problem(file, None, None, None, str(exc)))
            return
        header_lines = []
        for line in lines:
            if not line.startswith("#"):
                break
            header_lines.append(line[1:].removeprefix(" "))
        try:
            header = yaml.load("\n".join(header_lines), Loader=_SafeLoader) or {}
        except yaml.YAMLError as exc:
            self.problems.append(Problem(file, None, None, None, f"metadata header is not valid YAML: {exc}"))
            return
        try:
            meta = MappingSetSeed.model_validate(header)
        except ValidationError as err:
            self.problems += _pydantic_problems(err, file, 1, header.get("mapping_set_id") if isinstance(header, dict) else None)
            return
        if path.name != f"{meta.mapping_set_id}.sssom.tsv":
            self.problems.append(Problem(file, 1, meta.mapping_set_id, "mapping_set_id", f"file must be named {meta.mapping_set_id}.sssom.tsv"))
        self.bundle.mapping_sets.append(meta.model_dump(mode="python"))
        first_row = len(header_lines) + 1
        table = lines[len(header_lines):]
        reader = csv.reader(table, delimiter="\t", quoting=csv.QUOTE_NONE)
        columns = next(reader, None)
        required = ["subject_id", "predicate_id", "object_id", "rationale", "strength", "confidence", "justification"]
        known = set(MappingSeed.model_fields)
        if not columns or any(c not in columns for c in required):
            self.problems.append(Problem(file, first_row, None, None, f"the table header must name the columns {', '.join(required)}"))
            return
        for unknown in (c for c in columns if c not in known):
            self.problems.append(Problem(file, first_row, None, unknown, "unknown column"))
        defaults = {k: getattr(meta, k) for k in ("source", "author", "reviewer", "method", "status", "date")}
        for offset, cells in enumerate(reader, start=1):
            line = first_row + offset
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(columns):
                self.problems.append(Problem(file, line, None, None, f"expected {len(columns)} tab-separated cells, found {len(cells)}"))
                continue
            row = {c: v for c, v in zip(columns, cells) if v.strip() != ""}
            row = {**defaults, **row}
            record = f"{row.get('subject_id')} -> {row.get('object_id')}"
            try:
                seed = MappingSeed.model_validate(row)
            except ValidationError as err:
                self.problems += _pydantic_problems(err, file, line, record)
                continue
            out = seed.model_dump(mode="python") | {"assessed_against": meta.assessed_against}
            out.update(id=mapping_id(meta.mapping_set_id, seed.subject_id, seed.object_id), mapping_set=meta.mapping_set_id,
                       relation=seed.predicate_id.value, rationale=seed.rationale.value, method=seed.method.value,
                       status=seed.status.value, _file=file, _line=line)
            self.bundle.mappings.append(out)

    # -- whole-bundle checks --------------------------------------------------
    def check_references(self) -> None:
        frameworks = {f["id"] for f in self.bundle.frameworks}
        seen: dict[str, dict] = {}
        for m in self.bundle.mappings:
            for end in ("subject_id", "object_id"):
                if m[end] not in self.requirement_files:
                    hint = "" if framework_of(m[end]) in frameworks else f" (no framework '{framework_of(m[end])}')"
                    self.problems.append(Problem(m["_file"], m["_line"], f"{m['subject_id']} -> {m['object_id']}", end,
                                                 f"unknown requirement '{m[end]}'{hint}"))
            if m["id"] in seen:
                self.problems.append(Problem(m["_file"], m["_line"], f"{m['subject_id']} -> {m['object_id']}", "object_id",
                                             f"duplicate mapping (first at line {seen[m['id']]['_line']})"))
            seen[m["id"]] = m


def read_seeds(seeds_dir: Path, concepts: list[dict]) -> SeedBundle:
    """Parse and validate every seed file under `seeds_dir`; raise listing every problem."""
    seeds_dir = Path(seeds_dir)
    reader = _Reader(seeds_dir, {c["id"] for c in concepts})
    reader.bundle.concepts = concepts
    framework_files = sorted((seeds_dir / "frameworks").glob("*.yaml"))
    if not framework_files:
        reader.problems.append(Problem(reader.rel(seeds_dir / "frameworks"), None, None, None, "no framework files (*.yaml) found"))
    for path in framework_files:
        reader.read_framework(path)
    for path in sorted((seeds_dir / "amendments").glob("*.yaml")):
        reader.read_amendment(path)
    for path in sorted((seeds_dir / "mappings").glob("*.sssom.tsv")):
        reader.read_mapping_set(path)
    reader.check_references()
    # versions are built from the records that are valid, so their problems are listed too
    reader.problems += [Problem(*found) for found in build_versions(reader.bundle)]
    if reader.problems:
        raise SeedValidationError(reader.problems)
    for row in reader.bundle.requirements + reader.bundle.mappings + reader.bundle.frameworks + reader.bundle.amendments:
        row.pop("_file", None), row.pop("_line", None)
    for row in reader.bundle.amendments:
        for change in row["changes"]:
            change.pop("_line", None)
    return reader.bundle


