"""Our validation rules fold each fragment once: a doubling-fragment bomb is refused cleanly and cheaply.

No Neo4j needed: the rules run on the schema alone.
"""

import pytest
from graphql import parse, validate

from crosswalk.settings import Settings
from server.alias_limit import Aliases
from server.depth_limit import Depth
from server.fanout import Nesting
from server.schema import build_schema
from server.size_limit import ExpandedFields


def bomb(levels: int, leaf: str = "frameworks { id }") -> str:
    """The issue's 910-byte document at 22 levels: each fragment spreads the previous one twice."""
    lines = [f"query {{ ...F{levels} }}", f"fragment F0 on Query {{ {leaf} }}"]
    lines += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def schema():
    # execute_sync below: compiled reads answer only asynchronously (as the server and CLI run), so leave them out
    return build_schema(Settings(compiled_reads=False))


@pytest.mark.parametrize("fold", [ExpandedFields, Depth, Aliases, Nesting])
def test_each_fold_visits_each_fragment_once(fold):
    document = parse(bomb(22, "a: frameworks { requirements { totalCount } }"))
    walker = fold(document)
    walker.of(document.definitions[0].selection_set)
    # 1 spread in the operation, 2 in each of 22 fragments, 1 field (+1 nested +1 leaf) in F0
    assert walker.visits <= 1 + 2 * 22 + 3
    assert set(walker.memo) == {f"F{i}" for i in range(23)}


def test_fold_values_match_the_expanded_document():
    document = parse(bomb(22, "a: frameworks { requirements { totalCount } }"))
    operation = document.definitions[0].selection_set
    assert ExpandedFields(document).of(operation) == 3 * 2 ** 22
    assert Aliases(document).of(operation) == 2 ** 22
    assert Depth(document).of(operation) == 2
    assert Nesting(document).of(operation) == 2


def test_the_doubling_bomb_is_refused_by_size(schema):
    result = schema.execute_sync(bomb(22))
    assert result.data is None
    messages = [e.message for e in result.errors]
    assert any("expands to 8388608 fields" in m and "at most 5000" in m for m in messages), messages
    assert all(e.extensions.get("code") for e in result.errors)


def test_cyclic_and_unknown_fragments_are_reported_not_looped(schema):
    cyclic = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A frameworks { id } }"
    assert any("Cannot spread fragment 'A' within itself" in e.message for e in schema.execute_sync(cyclic).errors)
    unknown = "query { ...Nope }"
    assert any("Unknown fragment 'Nope'" in e.message for e in schema.execute_sync(unknown).errors)


def test_bounds_that_were_already_checked_still_hold(schema):
    deep = "{ requirement(id: \"x\") { " + "children { " * 10 + "id" + " }" * 10 + " } }"
    assert any("exceeds maximum operation depth of 10" in e.message for e in schema.execute_sync(deep).errors)
    aliased = "{ ...F ...F } fragment F on Query { " + " ".join(f"a{i}: frameworks {{ id }}" for i in range(16)) + " }"
    assert any("32 aliases found. Allowed: 30" in e.message for e in schema.execute_sync(aliased).errors)
    # the introspection query GraphiQL sends is deep but not counted
    from graphql import get_introspection_query
    assert not validate(schema._schema, parse(get_introspection_query()), [])
    assert schema.execute_sync(get_introspection_query()).errors is None
