"""A validation rule that bounds how deeply an operation's fields nest, fragments expanded.

It replaces strawberry's QueryDepthLimiter, which follows every spread path (2^n for n
doubling fragments). The depth is the one strawberry counts: each field with a selection
set adds one, introspection fields (`__schema`, `__type`) are not counted, and the
message is the same. Fragments are folded once each (see server/fold.py).

    >>> from graphql import parse
    >>> doc = parse("{ a { b { c } } }")
    >>> Depth(doc).of(doc.definitions[0].selection_set)
    2
"""

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, ValidationRule

from server.fold import Max


class Depth(Max):
    """How many levels of fields with selections lie below a selection set."""

    def field(self, node: FieldNode, inner: int) -> int:
        if node.name.value.startswith("__") or node.selection_set is None:
            return 0
        return 1 + inner


def depth_rule(max_depth: int):
    """A rule refusing operations deeper than `max_depth`."""

    class DepthLimit(ValidationRule):
        def __init__(self, context):
            super().__init__(context)
            self.fold = Depth(context.document)

        def enter_operation_definition(self, node: OperationDefinitionNode, *_):
            depth = self.fold.of(node.selection_set)
            if depth > max_depth:
                name = node.name.value if node.name else "anonymous"
                self.report_error(GraphQLError(f"'{name}' exceeds maximum operation depth of {max_depth} "
                                               f"(it nests {depth} levels; CROSSWALK_MAX_DEPTH)",
                                               node, extensions={"code": "QUERY_TOO_DEEP"}))

    return DepthLimit
