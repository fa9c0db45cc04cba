"""Refuse an operation whose estimated cost passes a budget, before anything runs.

Depth, aliases, tokens and list nesting bound a document, not the work it asks for:
30 aliases of `sharedControls(first: 500)` with nested lists are a 5.8 KB document that
once took 86 s and 146 MB. The cost estimates the work from the document and its variables:

- every field costs 1;
- a field with a `first` argument (its value, or the schema's default) multiplies the cost of
  its page's `edges` and `nodes` by `first`;
- any other list field multiplies the cost of its selection by an estimate of its length
  (LIST_SIZE, or LIST_SIZES for the long ones such as `gaps`);
- root fields that compute over whole frameworks (HEAVY) cost more, `coverage` once per
  `using` framework.

The estimate is an upper-bound-ish guide, not a prediction; the budget
(CROSSWALK_MAX_COST) is set so every documented example fits with room to spare. Fragments
are folded once each for a given page size (see server/fold.py), so the estimate is linear in
the written document. The rule is added per request, because `first` may be a variable.

    >>> from crosswalk.settings import Settings
    >>> from server.schema import build_schema
    >>> from graphql import parse
    >>> schema = build_schema(Settings())._schema
    >>> estimate(schema, parse("{ frameworks { id name } }"), {})
    21
"""

import json
from collections.abc import Iterator
from functools import lru_cache

from graphql import (DocumentNode, FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLError,
                     GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, InlineFragmentNode,
                     IntValueNode, ListValueNode, OperationDefinitionNode, ValidationRule, VariableNode)
from graphql.utilities import value_from_ast_untyped
from strawberry.extensions import SchemaExtension

LIST_SIZE = 10
LIST_SIZES = {"gaps": 100, "unmapped": 100, "concepts": 50, "history": 50, "paths": 50}
# what the field computes before paging: coverage scans the target framework once per `using` framework
HEAVY = {"coverage": 3000, "sharedControls": 1000, "crosswalk": 500, "paths": 500, "search": 50, "topic": 50}
PAGE_FIELDS = frozenset({"edges", "nodes"})


def _unwrap(type_):
    is_list = False
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        is_list = is_list or isinstance(type_, GraphQLList)
        type_ = type_.of_type
    return type_, is_list


class Cost:
    """The estimated cost of selections, each fragment folded once per page size."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict | None,
                 operation: OperationDefinitionNode):
        self.schema = schema
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        defaults = {v.variable.name.value: value_from_ast_untyped(v.default_value)
                    for v in operation.variable_definitions or () if v.default_value is not None}
        self.variables = {**defaults, **(variables or {})}
        self.memo: dict[tuple, int] = {}
        self.in_progress: set[tuple] = set()
        self.visits = 0

    def _argument(self, node: FieldNode, name: str):
        for arg in node.arguments or ():
            if arg.name.value == name:
                value = arg.value
                if isinstance(value, VariableNode):
                    return self.variables.get(value.name.value)
                if isinstance(value, IntValueNode):
                    return int(value.value)
                if isinstance(value, ListValueNode):
                    return [None] * len(value.values)
                return value_from_ast_untyped(value)
        return None

    def of(self, selection_set, parent, page: int | None) -> int:
        if selection_set is None or not isinstance(parent, GraphQLObjectType):
            return 0
        total = 0
        for selection in selection_set.selections:
            self.visits += 1
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                inner = self.schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                total += self.of(selection.selection_set, inner, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, page)
        return total

    def fragment(self, name: str, page: int | None) -> int:
        key = (name, page)
        if key in self.memo:
            return self.memo[key]
        definition = self.fragments.get(name)
        if definition is None or key in self.in_progress:
            return 0  # graphql-core's own rules report unknown and cyclic fragments
        self.in_progress.add(key)
        try:
            value = self.of(definition.selection_set, self.schema.get_type(definition.type_condition.name.value), page)
        finally:
            self.in_progress.discard(key)
        self.memo[key] = value
        return value

    def field(self, node: FieldNode, parent: GraphQLObjectType, page: int | None) -> int:
        name = node.name.value
        definition = parent.fields.get(name)
        if definition is None:  # __typename, introspection, or unknown (reported by graphql-core)
            return 1
        inner_type, is_list = _unwrap(definition.type)
        heavy = parent is self.schema.query_type and name in HEAVY  # root fields only (`coverage` is also a score)
        own = HEAVY[name] if heavy else 1
        if heavy and name == "coverage":
            own *= max(1, len(self._argument(node, "using") or [None]))
        inner_page, times = None, 1
        if "first" in definition.args:
            first = self._argument(node, "first")
            if not isinstance(first, int) or isinstance(first, bool):
                first = definition.args["first"].default_value
            inner_page = max(0, first) if isinstance(first, int) else LIST_SIZE
        elif name in PAGE_FIELDS and page is not None:
            times = page
        elif is_list:
            times = LIST_SIZES.get(name, LIST_SIZE)
        return own + times * self.of(node.selection_set, inner_type, inner_page)


def estimate(schema: GraphQLSchema, document: DocumentNode, variables: dict | None,
             operation: OperationDefinitionNode | None = None) -> int:
    """The estimated cost of `operation` (default: the document's first)."""
    operation = operation or next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    root = schema.get_root_type(operation.operation) if hasattr(schema, "get_root_type") else (
        schema.mutation_type if operation.operation.value == "mutation" else schema.query_type)
    return Cost(schema, document, variables, operation).of(operation.selection_set, root, None)


def cost_rule(max_cost: int, variables: dict | None, operation_name: str | None):
    """A validation rule refusing the operation to run when its estimated cost passes `max_cost`."""

    class CostLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_):
            if operation_name is not None and (node.name is None or node.name.value != operation_name):
                return  # only the operation that will run
            cost = estimate(self.context.schema, self.context.document, variables, node)
            if cost > max_cost:
                self.report_error(GraphQLError(
                    f"the query's estimated cost is {cost}, above the budget of {max_cost} (CROSSWALK_MAX_COST): "
                    "ask for smaller pages (`first`), fewer aliases, fewer `using` frameworks or fewer nested lists, "
                    "or split it into several queries", node, extensions={"code": "QUERY_TOO_COSTLY", "cost": cost}))

    return CostLimit


@lru_cache(maxsize=1024)
def _shared_cost_rule(max_cost: int, variables_json: str, operation_name: str | None):
    """One rule per budget, variables and operation, so strawberry's ValidationCache can reuse a validation."""
    return cost_rule(max_cost, json.loads(variables_json), operation_name)


class CostLimitExtension(SchemaExtension):
    """Adds the cost rule, bound to this request's variables and operation name, to validation."""

    def __init__(self, max_cost: int):
        self.max_cost = max_cost

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        try:
            variables_json = json.dumps(context.variables, sort_keys=True)
        except (TypeError, ValueError):  # not from JSON (an in-process caller): no sharing
            rule = cost_rule(self.max_cost, context.variables, context._provided_operation_name)
        else:
            rule = _shared_cost_rule(self.max_cost, variables_json, context._provided_operation_name)
        context.validation_rules = context.validation_rules + (rule,)
        yield
