"""A validation rule that bounds how many one-to-many fields a selection nests.

Depth, aliases and tokens bound a document's size, but not its answer: `mappings { other {
mappings { other { mappings … } } } }` multiplies rows at each level. Each named field below
returns a list that is not paged, so a path through the document may nest at most
`max_nesting` of them. Fragments are followed, so they cannot hide nesting; each is folded
once (see server/fold.py), so doubling fragments cannot make the check slow.
"""

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, ValidationRule

from server.fold import Max

FANOUT_FIELDS = frozenset({"mappings", "children", "hits", "via", "requirements", "groups", "frameworks", "unmapped",
                           "gaps", "paths", "hops"})


class Nesting(Max):
    """The most unpaged list fields on one path below a selection set."""

    def field(self, node: FieldNode, inner: int) -> int:
        return (node.name.value in FANOUT_FIELDS) + inner


def fanout_rule(max_nesting: int):
    class FanoutLimit(ValidationRule):
        def __init__(self, context):
            super().__init__(context)
            self.fold = Nesting(context.document)

        def enter_operation_definition(self, node: OperationDefinitionNode, *_):
            deepest = self.fold.of(node.selection_set)
            if deepest > max_nesting:
                self.report_error(GraphQLError(
                    f"the query nests {deepest} unpaged lists (mappings, children, hits, …); at most {max_nesting} are "
                    "allowed: ask in several queries, or start from a paged field such as `mappings(first:)`",
                    node, extensions={"code": "QUERY_TOO_BROAD"}))

    return FanoutLimit
