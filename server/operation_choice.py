"""A document with several operations must say which one to run.

graphql-core would refuse such a request, but strawberry picks the first operation when no
`operationName` is sent, so a client could run something other than it meant. This rule is
added per request, because it needs the request's `operationName`.
"""

from collections.abc import Iterator
from functools import lru_cache

from graphql import GraphQLError, OperationDefinitionNode, ValidationRule
from strawberry.extensions import SchemaExtension


@lru_cache(maxsize=1024)  # one per name, so strawberry's ValidationCache can reuse a validation
def operation_rule(operation_name: str | None):
    class OperationChoice(ValidationRule):
        def __init__(self, context):
            super().__init__(context)
            operations = [d for d in context.document.definitions if isinstance(d, OperationDefinitionNode)]
            names = [o.name.value if o.name else "(anonymous)" for o in operations]
            if len(operations) > 1 and operation_name is None:
                self.report_error(GraphQLError(
                    f"the document has {len(operations)} operations ({', '.join(names)}): send `operationName` "
                    "to say which one to run", extensions={"code": "BAD_REQUEST"}))
            elif operation_name is not None and operation_name not in names:
                self.report_error(GraphQLError(
                    f"no operation named '{operation_name}' in the document (it has: {', '.join(names) or 'none'})",
                    extensions={"code": "BAD_REQUEST"}))

    return OperationChoice


class OperationChoiceExtension(SchemaExtension):
    """Adds the rule, bound to this request's operationName, to validation."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = context.validation_rules + (operation_rule(context._provided_operation_name),)
        yield
