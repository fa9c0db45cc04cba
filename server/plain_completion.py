"""Completing plain objects in one walk instead of field by field.

graphql-core completes an answer one field at a time: for each field it builds a resolve info,
calls the field's resolver and checks the value against the field's type, about 7 µs a field.
A first page of sharedControls at 30× the seeds holds some 20,000 fields, almost all of them
attributes of objects its root resolver already built: that machinery cost more than the
query (150 of 210 ms).

Where every field selected below an object is plain (strawberry's default resolver: an
attribute, no arguments, no field extensions), `PlainCompletion` completes the object with a
plan made once per selection and type, and graphql-core is not involved below it. Anything
else (a resolver, an abstract type, @defer, a middleware) takes the usual path; so does any
value the plan cannot complete (a null where the schema forbids one, a value a scalar
refuses), which then gets graphql-core's own answer and error. tests/test_plain_completion.py
checks the answers are the same with and without it.
"""

from collections.abc import Callable
from typing import Any

from graphql import (GraphQLEnumType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLOutputType,
                     GraphQLScalarType, Undefined)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

Plan = Callable[[Any], Any]


class _NotPlain(Exception):
    """The selection needs graphql-core's field-by-field execution."""


class _Refused(Exception):
    """A value the plan cannot complete: graphql-core completes the object and words the error."""


class PlainCompletion(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple, Plan | None] = {}

    def complete_object_value(self, return_type, field_details_list, info, path, result, position_context):
        plan = self._object_plan(return_type, field_details_list)
        if plan is not None:
            try:
                return plan(result)
            except Exception:  # noqa: BLE001 - graphql-core completes it again and reports whatever is wrong
                pass
        return super().complete_object_value(return_type, field_details_list, info, path, result, position_context)

    def _object_plan(self, type_: GraphQLObjectType, field_details_list) -> Plan | None:
        # collect_subfields memoizes on the identity of field_details_list and keeps it alive: so can we
        key = (type_, id(field_details_list))
        if key not in self._plans:
            try:
                self._plans[key] = self._build(type_, field_details_list)
            except _NotPlain:
                self._plans[key] = None
        return self._plans[key]

    def _build(self, type_: GraphQLObjectType, field_details_list) -> Plan:
        # strawberry passes a manager on every request: only one holding middleware wraps the resolvers
        if (self.middleware_manager is not None and self.middleware_manager.middlewares) or type_.is_type_of is not None:
            raise _NotPlain
        grouped, defer_usages, *_ = self.collect_subfields(type_, field_details_list)
        if defer_usages:
            raise _NotPlain
        members: list[tuple[str, Callable, Plan | None]] = []
        for key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                members.append((key, lambda _source, name=type_.name: name, None))
                continue
            field = type_.fields[name]
            if not getattr(field.resolve, "_is_default", False):  # strawberry marks its attribute readers so
                raise _NotPlain
            members.append((key, field.resolve, self._value_plan(field.type, details)))

        def complete(source):
            answer = {}
            for key, read, plan in members:
                value = read(source)
                answer[key] = plan(value) if plan is not None else value
            return answer
        return complete

    def _value_plan(self, type_: GraphQLOutputType, details) -> Plan | None:
        """How to complete a value of `type_` (raises _NotPlain where graphql-core must)."""
        if isinstance(type_, GraphQLNonNull):
            inner = self._value_plan(type_.of_type, details)

            def non_null(value):
                if value is None:
                    raise _Refused
                return inner(value)
            return non_null
        if isinstance(type_, GraphQLList):
            item = self._value_plan(type_.of_type, details)
            return lambda value: None if value is None else [item(v) for v in value]
        if isinstance(type_, (GraphQLScalarType, GraphQLEnumType)):
            coerce = type_.coerce_output_value

            def leaf(value):
                if value is None:
                    return None
                coerced = coerce(value)
                if coerced is None or coerced is Undefined:
                    raise _Refused
                return coerced
            return leaf
        if isinstance(type_, GraphQLObjectType):
            plan = self._object_plan(type_, details)
            if plan is None:
                raise _NotPlain
            return lambda value: None if value is None else plan(value)
        raise _NotPlain  # interfaces and unions: graphql-core resolves the runtime type
