"""A validation rule that bounds how many one-to-many fields a selection nests.

Depth, aliases and tokens bound a document's size, but not its answer: `mappings { other {
mappings { other { mappings … } } } }` multiplies rows at each level. Each named field below
returns a list that is not paged, so a path through the document may nest at most
`max_nesting` of them. Fragments are followed, so they cannot hide nesting.
"""

from graphql import (FieldNode, FragmentSpreadNode, GraphQLError, InlineFragmentNode, OperationDefinitionNode,
                     ValidationRule)

FANOUT_FIELDS = frozenset({"mappings", "children", "hits", "via", "requirements", "groups", "frameworks", "unmapped",
                           "gaps", "paths", "hops"})


def fanout_rule(max_nesting: int):
    class FanoutLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_):
            fragments = {f.name.value: f for f in self.context.document.definitions if hasattr(f, "type_condition")}
            deepest = self._deepest(node.selection_set, fragments, 0, set())
            if deepest > max_nesting:
                self.report_error(GraphQLError(
                    f"the query nests {deepest} unpaged lists (mappings, children, hits, …); at most {max_nesting} are "
                    "allowed: ask in several queries, or start from a paged field such as `mappings(first:)`",
                    node, extensions={"code": "QUERY_TOO_BROAD"}))

        def _deepest(self, selection_set, fragments, level, seen) -> int:
            if selection_set is None:
                return level
            deepest = level
            for sel in selection_set.selections:
                if isinstance(sel, FieldNode):
                    inner = level + (sel.name.value in FANOUT_FIELDS)
                    deepest = max(deepest, self._deepest(sel.selection_set, fragments, inner, seen))
                elif isinstance(sel, InlineFragmentNode):
                    deepest = max(deepest, self._deepest(sel.selection_set, fragments, level, seen))
                elif isinstance(sel, FragmentSpreadNode) and sel.name.value in fragments and sel.name.value not in seen:
                    deepest = max(deepest, self._deepest(fragments[sel.name.value].selection_set, fragments, level,
                                                         seen | {sel.name.value}))
            return deepest

    return FanoutLimit
