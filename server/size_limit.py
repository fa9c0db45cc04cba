"""A validation rule that bounds a document's size once its fragments are expanded.

Tokens bound the written document, but fragments multiply: 22 fragments that each spread
the previous one twice are 910 bytes and expand to four million fields. Execution walks
the expanded document, so it is refused here, before anything runs. Fragments are
counted once each (see server/fold.py), so this check is linear in the written size.

    >>> from graphql import parse
    >>> doc = parse("{ ...F1 } fragment F0 on Query { frameworks { id } } "
    ...             "fragment F1 on Query { ...F0 ...F0 }")
    >>> ExpandedFields(doc).of(doc.definitions[0].selection_set)
    4
"""

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, ValidationRule

from server.fold import Sum


class ExpandedFields(Sum):
    """The number of fields in a selection once every fragment is expanded in place."""

    def field(self, node: FieldNode, inner: int) -> int:
        return 1 + inner


def size_rule(max_fields: int):
    """A rule refusing operations that expand to more than `max_fields` fields."""

    class ExpandedSizeLimit(ValidationRule):
        def __init__(self, context):
            super().__init__(context)
            self.fold = ExpandedFields(context.document)

        def enter_operation_definition(self, node: OperationDefinitionNode, *_):
            fields = self.fold.of(node.selection_set)
            if fields > max_fields:
                name = node.name.value if node.name else "anonymous"
                self.report_error(GraphQLError(
                    f"'{name}' expands to {fields} fields once its fragments are spread; at most {max_fields} are "
                    "allowed (CROSSWALK_MAX_EXPANDED_FIELDS): spread fewer fragments, or ask in several queries",
                    node, extensions={"code": "QUERY_TOO_LARGE"}))

    return ExpandedSizeLimit
