"""Named, parameterised Cypher: every query lives in queries/<name>.cypher.

Each file starts with a `// params: a, b` line naming its parameters. Files are read
once, when this module is imported (a bad file fails at start-up), and the declared
parameters must be exactly the `$names` the text uses. Calls are checked against them.

A rule that several queries share (Cypher has no user functions in Community edition) lives
once in `queries/fragments/<name>.cypher`, written for the variable `<n>`; a query includes
it as `{{name x}}`, which becomes the fragment's text about the variable `x`.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from crosswalk import data_path

QUERIES_DIR = data_path("queries")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_INCLUDE = re.compile(r"\{\{\s*([a-z][a-z0-9-]*)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_HEADER = re.compile(r"^//\s*params:(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    params: frozenset[str]

    def check(self, params: dict) -> dict:
        """Return `params` if they are exactly the declared ones, else raise."""
        given = set(params)
        if given != self.params:
            missing, extra = sorted(self.params - given), sorted(given - self.params)
            raise TypeError(f"query {self.name}: missing parameters {missing}, unexpected {extra}")
        return params


def parse_query(name: str, text: str) -> NamedQuery:
    """Parse one query file; raise ValueError when its header and its text disagree."""
    header = _HEADER.search(text)
    if not header:
        raise ValueError(f"queries/{name}.cypher: first line must be `// params: ...` (may be empty)")
    declared = frozenset(p.strip() for p in header.group(1).split(",") if p.strip())
    body = _HEADER.sub("", text)
    used = frozenset(_PARAM.findall(body))
    if declared != used:
        raise ValueError(f"queries/{name}.cypher: declares {sorted(declared)} but uses {sorted(used)}")
    return NamedQuery(name, text, declared)


def expand_fragments(name: str, text: str, fragments: dict[str, str]) -> str:
    """The query text with each `{{fragment var}}` replaced by the fragment written for `var`."""
    def expand(match: re.Match) -> str:
        if match.group(1) not in fragments:
            raise ValueError(f"queries/{name}.cypher: no fragment queries/fragments/{match.group(1)}.cypher")
        return "(" + fragments[match.group(1)].replace("<n>", match.group(2)) + ")"
    return _INCLUDE.sub(expand, text)


def load_fragments(directory: Path = QUERIES_DIR) -> dict[str, str]:
    """Every queries/fragments/*.cypher file, by name, without its comments."""
    return {p.stem: "\n".join(line for line in p.read_text(encoding="utf-8").splitlines()
                              if not line.lstrip().startswith("//")).strip()
            for p in sorted((directory / "fragments").glob("*.cypher"))}


def load_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every queries/*.cypher file, by name, with its fragments expanded."""
    fragments = load_fragments(directory)
    return {p.stem: parse_query(p.stem, expand_fragments(p.stem, p.read_text(encoding="utf-8"), fragments))
            for p in sorted(directory.glob("*.cypher"))}


QUERIES = load_queries()
FRAGMENTS = load_fragments()


def fragment(name: str, var: str) -> str:
    """A shared rule about the variable `var`, for Cypher built in code (server/compiled.py)."""
    return expand_fragments("(generated)", f"{{{{{name} {var}}}}}", FRAGMENTS)


def query(name: str) -> NamedQuery:
    """The named query; KeyError names the missing file."""
    try:
        return QUERIES[name]
    except KeyError:
        raise KeyError(f"no queries/{name}.cypher") from None
