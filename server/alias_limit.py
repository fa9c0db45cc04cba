"""A validation rule that bounds the aliases in a document, fragments expanded.

It replaces strawberry's MaxAliasesLimiter, which follows every spread path. Aliases are
counted as strawberry counts them (an alias inside a fragment counts once per spread,
over all operations), but each fragment is folded once (see server/fold.py).

    >>> from graphql import parse
    >>> doc = parse("{ ...F ...F } fragment F on Query { a: frameworks { id } }")
    >>> Aliases(doc).of(doc.definitions[0].selection_set)
    2
"""

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, ValidationRule

from server.fold import Sum


class Aliases(Sum):
    """The number of aliased fields in a selection once its fragments are expanded."""

    def field(self, node: FieldNode, inner: int) -> int:
        return (node.alias is not None) + inner


def alias_rule(max_aliases: int):
    """A rule refusing documents with more than `max_aliases` aliases."""

    class AliasLimit(ValidationRule):
        def __init__(self, context):
            super().__init__(context)
            fold = Aliases(context.document)
            total = sum(fold.of(d.selection_set) for d in context.document.definitions
                        if isinstance(d, OperationDefinitionNode))
            if total > max_aliases:
                self.report_error(GraphQLError(f"{total} aliases found. Allowed: {max_aliases} (CROSSWALK_MAX_ALIASES)",
                                               extensions={"code": "QUERY_TOO_LARGE"}))

    return AliasLimit
