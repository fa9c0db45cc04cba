"""Compiled reads: a query's whole selection as ONE Cypher query that returns the answer's shape.

The resolvers (server/types.py) answer every question level by level through DataLoaders: a
bounded number of round trips, but each level is one more round trip and each item of a
long list costs Python work in strawberry and graphql-core. For the questions asked most —
a requirement with its mappings, a framework's page of requirements, the mappings between two
frameworks, nested as deep as the limits allow — this module turns the selection into one
Cypher query of subqueries and map projections (as @neo4j/graphql does): Neo4j returns the
answer already shaped, and Python only adds the cursors of pages.

What it does not know (other root fields and types, fields such as `applies` or `versions`,
directives, arguments the resolvers would refuse, an unknown framework) makes `compile_operation`
or the checks in `CompiledReads.answer` give up, and the resolvers answer instead, with their own errors. Both
paths give the same answer: tests/test_compiled.py compares them on every stored question. When
Neo4j does not answer the compiled query (unreachable, too slow), the answer says so at once with
the same error the resolvers would give, rather than asking again field by field.
"""

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from graphql import (DocumentNode, FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLError,
                     GraphQLObjectType, InlineFragmentNode, OperationDefinitionNode, OperationType, SelectionSetNode,
                     get_named_type)
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from crosswalk.errors import GraphUnavailable, QueryTimeout
from graph.cypher import fragment
from server.pagination import MAX_PAGE, encode_cursor
from server.types import KINDS

log = logging.getLogger("crosswalk.server")


class Unsupported(Exception):
    """Something in the selection only the resolvers answer."""


class Unanswered(Exception):
    """Neo4j did not answer the compiled query (`error`) for these root fields."""

    def __init__(self, error: Exception, keys: list[str]):
        super().__init__(str(error))
        self.error, self.keys = error, keys


def _visible(var: str) -> str:
    return fragment("visible", var)


def _plain(value):
    """An enum argument as the string stored in the graph."""
    return getattr(value, "value", value)


# Fields that are a property (or a simple expression) of the node, by GraphQL type; `{v}` is the variable.
# Dates go out as ISO strings, like strawberry's Date scalar; absent lists as [] like the resolvers' rows.
REQUIREMENT = {
    "id": "{v}.id", "ref": "{v}.ref", "kind": "{v}.kind", "title": "{v}.title", "summary": "{v}.summary",
    "url": "{v}.url", "order": "{v}.order", "roles": "coalesce({v}.roles, [])",
    "riskTiers": "coalesce({v}.riskTiers, [])", "appliesFrom": "toString({v}.appliesFrom)",
    "published": "toString({v}.published)", "section": "{v}.section",
}
FRAMEWORK = {
    "id": "{v}.id", "name": "{v}.name", "title": "{v}.title", "version": "{v}.version", "kind": "{v}.kind",
    "publisher": "{v}.publisher", "jurisdiction": "{v}.jurisdiction", "url": "{v}.url",
    "published": "toString({v}.published)", "appliesFrom": "toString({v}.appliesFrom)",
    "requirementCount": "COUNT {{ ({v})<-[:IN_FRAMEWORK]-() }}", "checked": "toString({v}.checked)",
    "checkedHow": "{v}.checkedHow", "transitionEnds": "toString({v}.transitionEnds)",
}
CONCEPT = {
    "id": "{v}.id", "label": "{v}.label", "definition": "{v}.definition",
    "broader": "[({v})-[:BROADER]->(b) | b.id]", "notes": "coalesce({v}.notes, [])", "requirementCount": "null",
}
MAPPING = {
    "id": "{v}.id", "relation": "{v}.relation", "rationale": "{v}.rationale", "strength": "{v}.strength",
    "confidence": "toFloat({v}.confidence)", "justification": "{v}.justification",
    "inferred": "coalesce({v}.inferred, false)", "subjectVersion": "{v}.subjectVersion",
    "objectVersion": "{v}.objectVersion", "needsReview": "coalesce({v}.needsReview, false)",
    "reviewReasons": "coalesce({v}.reviewReasons, [])",
}
PROVENANCE = {
    "source": "{v}.source", "author": "{v}.author", "reviewer": "{v}.reviewer", "method": "{v}.method",
    "status": "{v}.status", "date": "toString({v}.date)", "mappingSet": "{v}.mappingSet",
}
PAGE_INFO = ("hasNextPage", "hasPreviousPage", "startCursor", "endCursor")
# Mappings seen from requirement {r}, in the resolvers' order (server/types.py, requirement-mappings.cypher).
MAPPINGS_ORDER = "{m}.strength DESC, {o}.framework, {o}.order, {m}.id"


@dataclass
class Compiled:
    """One Cypher query for a whole operation, and how to finish its row into the answer."""
    text: str
    params: dict
    checks: list[str]  # columns that must all be true, or the resolvers answer (they name the problem)
    finish: Callable[[dict], dict]
    order: list[str]  # every root field's response key, in the selection's order
    rest: list[FieldNode]  # root fields the resolvers answer


class Compiler:
    def __init__(self, schema, document, operation: OperationDefinitionNode, variables: dict):
        self.schema = schema
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.variables = variables
        self.params: dict = {}
        self.names = 0
        self.ends: tuple | None = None  # see mapping_ends

    # -- helpers --------------------------------------------------------------------------------
    def param(self, value) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    def fresh(self, prefix: str) -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    def fields(self, type_: GraphQLObjectType, selection_set) -> dict[str, list[FieldNode]]:
        """The selection's fields by response key, fragments expanded (graphql-core's CollectFields, minus directives)."""
        found: dict[str, list[FieldNode]] = {}

        def collect(selections):
            for node in selections:
                if node.directives:
                    raise Unsupported("directives")
                if isinstance(node, FieldNode):
                    found.setdefault((node.alias or node.name).value, []).append(node)
                elif isinstance(node, InlineFragmentNode):
                    if node.type_condition and node.type_condition.name.value != type_.name:
                        raise Unsupported("type condition")
                    collect(node.selection_set.selections)
                elif isinstance(node, FragmentSpreadNode):
                    definition = self.fragments[node.name.value]
                    if definition.type_condition.name.value != type_.name:
                        raise Unsupported("type condition")
                    collect(definition.selection_set.selections)
        collect(selection_set.selections)
        return found

    def args(self, type_: GraphQLObjectType, nodes: list[FieldNode]) -> dict:
        definition = type_.fields[nodes[0].name.value]
        given = get_argument_values(definition, nodes[0], self.variables)
        return {k: [_plain(x) for x in given[k]] if isinstance(given.get(k), list) else _plain(given.get(k))
                for k in definition.args}

    @staticmethod
    def merged(nodes: list[FieldNode]):
        """The sub-selections of every node with this response key, as one selection set."""
        return SelectionSetNode(selections=tuple(s for n in nodes if n.selection_set for s in n.selection_set.selections))

    def field_type(self, type_: GraphQLObjectType, name: str) -> GraphQLObjectType:
        return get_named_type(type_.fields[name].type)

    # -- objects --------------------------------------------------------------------------------
    def project(self, type_: GraphQLObjectType, var: str, selection_set) -> tuple[str, Callable]:
        """A list expression of the selected fields of node `var`, and the function that makes it the answer's object.

        Lists, not maps: Neo4j's maps keep no key order (GraphQL answers follow the selection's),
        and a list ships no key names."""
        keys, expressions, finishers = [], [], []
        for key, nodes in self.fields(type_, selection_set).items():
            name = nodes[0].name.value
            if name == "__typename":
                expression, finisher = self.param(type_.name), None
            else:
                expression, finisher = self.member(type_, var, name, nodes)
            keys.append(key)
            expressions.append(expression)
            finishers.append(finisher)
        plain = not any(finishers)

        def finish(values):
            if values is None:
                return None
            if plain:
                return dict(zip(keys, values))
            return {k: f(v) if f else v for k, f, v in zip(keys, finishers, values)}
        return "[" + ", ".join(expressions) + "]", finish

    def member(self, type_: GraphQLObjectType, var: str, name: str, nodes: list[FieldNode]) -> tuple[str, Callable | None]:
        plain = {"Requirement": REQUIREMENT, "RequirementMapping": MAPPING, "Mapping": MAPPING, "Framework": FRAMEWORK,
                 "Concept": CONCEPT, "Provenance": PROVENANCE}.get(type_.name)
        if plain is None:
            raise Unsupported(type_.name)
        if name in plain:
            return plain[name].format(v=var), None
        sub = self.merged(nodes)
        child_type = self.field_type(type_, name)
        method = getattr(self, f"{type_.name}_{name}".replace("RequirementMapping_", "Mapping_"), None)
        if method is None:
            raise Unsupported(f"{type_.name}.{name}")
        return method(var, child_type, sub, self.args(type_, nodes), type_)

    def one(self, match: str, var: str, type_, sub) -> tuple[str, Callable | None]:
        """The first node `match` binds to `var`, projected, or null."""
        projection, finish = self.project(type_, var, sub)
        return f"COLLECT {{ {match} RETURN {projection} AS x }}[0]", finish

    def many(self, match: str, var: str, type_, sub) -> tuple[str, Callable | None]:
        """Every node `match` binds (in its order), projected."""
        projection, finish = self.project(type_, var, sub)
        return f"COLLECT {{ {match} RETURN {projection} AS x }}", lambda items: [finish(i) for i in items]

    # -- Requirement ----------------------------------------------------------------------------
    def Requirement_framework(self, r, type_, sub, args, parent):
        f = self.fresh("f")
        return self.one(f"MATCH ({r})-[:IN_FRAMEWORK]->({f}:Framework)", f, type_, sub)

    def Requirement_parent(self, r, type_, sub, args, parent):
        p = self.fresh("p")
        return self.one(f"MATCH ({p}:Requirement {{id: {r}.parent}}) WHERE {_visible(p)}", p, type_, sub)

    def Requirement_children(self, r, type_, sub, args, parent):
        c = self.fresh("c")
        return self.many(f"MATCH ({c}:Requirement)-[:PART_OF]->({r}) WHERE {_visible(c)} WITH {c} ORDER BY {c}.order",
                         c, type_, sub)

    def Requirement_concepts(self, r, type_, sub, args, parent):
        c = self.fresh("k")
        return self.many(f"MATCH ({r})-[:ADDRESSES]->({c}:Concept) WITH {c} ORDER BY {c}.id", c, type_, sub)

    def Requirement_mappings(self, r, type_, sub, args, parent):
        m, o, out = self.fresh("m"), self.fresh("o"), self.fresh("out")
        where = [_visible(o)]
        if args.get("direction") is not None:
            where.append(f"({out} = {self.param(args['direction'] == 'OUTGOING')})")
        if args.get("framework") is not None:
            where.append(f"{o}.framework = {self.param(args['framework'])}")
        if args.get("relations"):
            where.append(f"CASE WHEN {out} THEN {m}.relation ELSE {m}.inverseRelation END IN {self.param(args['relations'])}")
        if args.get("minStrength") is not None:
            where.append(f"{m}.strength >= {self.param(args['minStrength'])}")
        match = (f"MATCH ({r})-[{m}:MAPS_TO]-({o}:Requirement) WITH {m}, {o}, startNode({m}) = {r} AS {out} "
                 f"WHERE {' AND '.join(where)} "
                 f"WITH {m}, {o}, {out} ORDER BY {MAPPINGS_ORDER.format(m=m, o=o)}")
        with self.mapping_ends(r, o, out):
            return self.many(match, m, type_, sub)

    # -- Mapping (and RequirementMapping) -------------------------------------------------------
    @contextlib.contextmanager
    def mapping_ends(self, here: str, other: str, outgoing: str | None):
        """While projecting mappings: the variables of their ends (`outgoing` None: here is the subject)."""
        saved, self.ends = self.ends, (here, other, outgoing)
        try:
            yield
        finally:
            self.ends = saved

    def Mapping_provenance(self, m, type_, sub, args, parent):
        return self.project(type_, m, sub)

    def _end(self, which: str, type_, sub):
        """An end of the mapping being projected; both ends passed the visibility rule in its match."""
        here, other, out = self.ends
        first, second = (here, other) if which == "subject" else (other, here)
        if which == "other":
            first = second = other
        projection, finish = self.project(type_, first, sub)
        if out is None or first == second:
            return projection, finish
        projection2, _ = self.project(type_, second, sub)
        return f"CASE WHEN {out} THEN {projection} ELSE {projection2} END", finish

    def Mapping_subject(self, m, type_, sub, args, parent):
        return self._end("subject", type_, sub)

    def Mapping_object(self, m, type_, sub, args, parent):
        return self._end("object", type_, sub)

    def Mapping_other(self, m, type_, sub, args, parent):
        return self._end("other", type_, sub)

    def Mapping_direction(self, m, type_, sub, args, parent):
        return f"CASE WHEN {self.ends[2]} THEN 'OUTGOING' ELSE 'INCOMING' END", None

    def Mapping_relationFromHere(self, m, type_, sub, args, parent):
        return f"CASE WHEN {self.ends[2]} THEN {m}.relation ELSE {m}.inverseRelation END", None

    # -- Framework ------------------------------------------------------------------------------
    def Framework_requirements(self, f, type_, sub, args, parent):
        if args["kind"] is not None and args["kind"] not in KINDS:  # the resolver words the error
            raise Unsupported("unknown kind")
        r = self.fresh("r")
        kind = f" AND {r}.kind = {self.param(args['kind'])}" if args["kind"] is not None else ""
        match = f"MATCH ({r}:Requirement {{framework: {f}.id}}) WHERE {_visible(r)}{kind}"
        return self.connection(match, f"{r}.order", r, type_, sub, args)

    # -- pages ----------------------------------------------------------------------------------
    def connection(self, match: str, order: str, var: str, type_, sub, args) -> tuple[str, Callable]:
        """A Relay page of what `match` binds to `var`, in `order`: total, and the page's items projected."""
        start, first = start_and_first(args)
        node_type = get_named_type(type_.fields["edges"].type).fields["node"].type
        node_type = get_named_type(node_type)
        wanted = self.fields(type_, sub)
        node_subs = []
        for key, nodes in wanted.items():
            name = nodes[0].name.value
            if name == "nodes":
                node_subs.extend(nodes)
            elif name == "edges":
                for edge_key, edge_nodes in self.fields(get_named_type(type_.fields["edges"].type), self.merged(nodes)).items():
                    if edge_nodes[0].name.value == "node":
                        node_subs.extend(edge_nodes)
                    elif edge_nodes[0].name.value != "cursor":
                        raise Unsupported("edge field")
            elif name == "pageInfo":
                page_info = get_named_type(type_.fields["pageInfo"].type)
                if any(n[0].name.value not in PAGE_INFO for n in self.fields(page_info, self.merged(nodes)).values()):
                    raise Unsupported("pageInfo field")
            elif name != "totalCount":
                raise Unsupported(f"connection field {name}")
        projection, finish = self.project(node_type, var, self.merged(node_subs))
        items = (f"COLLECT {{ {match} WITH * ORDER BY {order} SKIP {self.param(start)} LIMIT {self.param(first)} "
                 f"RETURN {projection} AS x }}")
        total = f"COUNT {{ {match} }}"
        page_type = type_

        def shape(value):
            items, total = value
            return self.page(page_type, wanted, [finish(i) for i in items], total, start)
        return f"[{items}, {total}]", shape

    def page(self, type_, wanted: dict, items: list, total: int, start: int) -> dict:
        """The connection's fields, like server/pagination.make_connection builds them."""
        cursors = [encode_cursor(start + i) for i in range(len(items))]
        out = {}
        for key, nodes in wanted.items():
            name = nodes[0].name.value
            if name == "totalCount":
                out[key] = total
            elif name == "nodes":
                out[key] = items
            elif name == "edges":
                edge_fields = self.fields(get_named_type(type_.fields["edges"].type), self.merged(nodes))
                out[key] = [{k: (c if f[0].name.value == "cursor" else i) for k, f in edge_fields.items()}
                            for c, i in zip(cursors, items)]
            elif name == "pageInfo":
                info = {"hasNextPage": start + len(items) < total, "hasPreviousPage": start > 0,
                        "startCursor": cursors[0] if cursors else None,
                        "endCursor": cursors[-1] if cursors else (encode_cursor(start - 1) if start else None)}
                fields = self.fields(get_named_type(type_.fields["pageInfo"].type), self.merged(nodes))
                out[key] = {k: info[f[0].name.value] for k, f in fields.items()}
        return out

    # -- root fields ----------------------------------------------------------------------------
    def root(self, key: str, nodes: list[FieldNode], checks: list[str]) -> tuple[str, Callable | None]:
        query_type = self.schema.query_type
        name = nodes[0].name.value
        type_ = self.field_type(query_type, name)
        sub = self.merged(nodes)
        args = self.args(query_type, nodes)
        if name == "requirement":
            r = self.fresh("r")
            return self.one(f"MATCH ({r}:Requirement {{id: {self.param(args['id'])}}}) WHERE {_visible(r)}", r, type_, sub)
        if name == "framework":
            f = self.fresh("f")
            return self.one(f"MATCH ({f}:Framework {{id: {self.param(args['id'])}}}) WHERE {_visible(f)}", f, type_, sub)
        if name == "mappings":
            return self.root_mappings(type_, sub, args, checks)
        if name == "requirements":
            return self.root_requirements(type_, sub, args, checks)
        if name == "frameworks":
            f = self.fresh("f")
            return self.many(f"MATCH ({f}:Framework) WHERE {_visible(f)} WITH {f} ORDER BY {f}.id", f, type_, sub)
        raise Unsupported(f"Query.{name}")

    def root_requirements(self, type_, sub, args, checks):
        """Pages by framework and kind; a concept or text filter is left to the resolvers (requirements-page.cypher)."""
        if args["concept"] is not None or args["search"] is not None:
            raise Unsupported("concept or search")
        if args["kind"] is not None and args["kind"] not in KINDS:
            raise Unsupported("unknown kind")
        r = self.fresh("r")
        where = [_visible(r)]
        if args["kind"] is not None:
            where.append(f"{r}.kind = {self.param(args['kind'])}")
        if args["framework"] is not None:
            self.frameworks_known([args["framework"]], checks)
            match = f"MATCH ({r}:Requirement {{framework: {self.param(args['framework'])}}})"
        else:
            match = f"MATCH ({r}:Requirement)"
        order = f"{r}.framework, {r}.order" if args["sort"] == "DOCUMENT" else f"{r}.id, {r}.framework, {r}.order"
        return self.connection(f"{match} WHERE {' AND '.join(where)}", order, r, type_, sub, args)

    def frameworks_known(self, ids: list[str], checks: list[str]) -> None:
        """The resolvers refuse unknown or hidden frameworks with an error; only they word it."""
        f = self.fresh("f")
        checks.append(f"COUNT {{ MATCH ({f}:Framework) WHERE {f}.id IN {self.param(ids)} AND {_visible(f)} }} "
                      f"= {len(set(ids))}")

    def root_mappings(self, type_, sub, args, checks):
        from_, to = args["from"], args["to"]
        self.frameworks_known([x for x in (from_, to) if x is not None], checks)
        a, m, b, x, y = self.fresh("a"), self.fresh("m"), self.fresh("b"), self.fresh("x"), self.fresh("y")
        # Start from a framework's requirements where one is given (an index seek), not from every mapping.
        if from_ is not None and to is not None and from_ != to:
            match = (f"MATCH ({x}:Requirement {{framework: {self.param(from_)}}})-[{m}:MAPS_TO]-"
                     f"({y}:Requirement {{framework: {self.param(to)}}}) WITH {m}")
        elif from_ is not None or to is not None:
            anchor = self.param(from_ if from_ is not None else to)
            same = f" WHERE {y}.framework = {anchor}" if from_ is not None and to is not None else ""
            # an undirected match meets a mapping inside one framework from both ends: once each
            match = f"MATCH ({x}:Requirement {{framework: {anchor}}})-[{m}:MAPS_TO]-({y}:Requirement){same} WITH DISTINCT {m}"
        else:
            match = f"MATCH ()-[{m}:MAPS_TO]->() WITH {m}"
        match += f" WITH {m}, startNode({m}) AS {a}, endNode({m}) AS {b}"
        where = [f"{a}:Requirement", f"{b}:Requirement", _visible(a), _visible(b)]
        if args["minStrength"] is not None:
            where.append(f"{m}.strength >= {self.param(args['minStrength'])}")
        if args["relations"]:
            relation = (f"CASE WHEN {a}.framework <> {self.param(from_)} THEN {m}.inverseRelation ELSE {m}.relation END"
                        if from_ is not None else f"{m}.relation")
            where.append(f"{relation} IN {self.param(args['relations'])}")
        order = {"STRENGTH": f"-{m}.strength, ", "CONFIDENCE": f"-{m}.confidence, "}.get(args["sort"], "")
        match += f" WHERE {' AND '.join(where)}"
        with self.mapping_ends(a, b, None):
            return self.connection(match, f"{order}{a}.framework, {a}.order, {b}.framework, {b}.order, {m}.id",
                                   m, type_, sub, args)


def start_and_first(args: dict) -> tuple[int, int]:
    """The page's offset and size, or Unsupported where the resolvers would refuse them (they word the error)."""
    from server.pagination import decode_cursor
    from server.errors import UserInputError
    try:
        start = decode_cursor(args.get("after"))
    except UserInputError:
        raise Unsupported("cursor") from None
    first = args["first"]
    if not 0 <= first <= MAX_PAGE:
        raise Unsupported("first")
    return start, first


def compile_operation(schema, document, operation: OperationDefinitionNode, raw_variables: dict | None) -> Compiled | None:
    """One Cypher query answering the operation's root fields it can, or None where the resolvers must answer all.

    Root fields it cannot compile stay in `Compiled.rest`, for the resolvers, when they are plain fields of the
    operation (no root fragments to take apart)."""
    if operation.operation != OperationType.QUERY:
        return None
    variables = get_variable_values(schema, operation.variable_definitions or (), raw_variables or {})
    if isinstance(variables, list):  # coercion errors: the resolvers' path reports them
        return None
    compiler = Compiler(schema, document, operation, variables)
    checks: list[str] = []
    columns, rest, order = {}, [], []
    for key, nodes in compiler.fields(schema.query_type, operation.selection_set).items():
        order.append(key)
        mark = len(checks)
        try:
            if nodes[0].name.value == "__typename":
                raise Unsupported("__typename at the root")
            columns[key] = compiler.root(key, nodes, checks)
        except (Unsupported, KeyError):
            del checks[mark:]
            rest.extend(nodes)
    if not columns or (rest and not all(isinstance(s, FieldNode) for s in operation.selection_set.selections)):
        return None
    returns = [f"{expr} AS `{key}`" for key, (expr, _) in columns.items()]
    returns += [f"{check} AS `_check{i}`" for i, check in enumerate(checks)]

    def finish(row: dict) -> dict:
        return {key: f(row[key]) if f else row[key] for key, (_, f) in columns.items()}
    return Compiled("RETURN " + ",\n       ".join(returns), compiler.params, [f"_check{i}" for i in range(len(checks))],
                    finish, order, rest)


class CompiledReads(SchemaExtension):
    """Answers a query from one compiled Cypher query when it can, in place of execution; the resolvers answer
    what it cannot (the whole operation, or the root fields left over, whose answers are then merged in order).

    Runs after parsing and validation, so every limit has been checked on the whole document."""

    async def on_execute(self):
        context = self.execution_context
        try:
            compiled, data = await self.answer(context)
        except Unanswered as failed:
            # Neo4j unreachable or too slow: the resolvers would meet the same, once per field and later
            context.result = ExecutionResult(data=None, errors=[
                GraphQLError(str(failed.error), path=[key], original_error=failed.error) for key in failed.keys])
            yield
            return
        except Exception:  # never worse than the resolvers: they run, and report any problem their way
            log.debug("compiled read fell back to the resolvers", exc_info=True)
            compiled, data = None, None
        if data is None:
            yield
        elif not compiled.rest:
            context.result = ExecutionResult(data=data, errors=None)
            yield
        else:
            document = context.graphql_document  # shared by the parser cache: replaced, never changed
            context.graphql_document = _keeping(document, _operation(document, context.operation_name), compiled.rest)
            try:
                yield
            finally:
                context.graphql_document = document
            result = context.result
            if result is not None and result.data is not None:
                result.data = {key: data[key] if key in data else result.data[key] for key in compiled.order}

    @staticmethod
    async def answer(context) -> tuple[Compiled | None, dict | None]:
        document, schema = context.graphql_document, context.schema._schema
        operation = _operation(document, context.operation_name)
        if operation is None:
            return None, None
        compiled = compile_operation(schema, document, operation, context.variables)
        if compiled is None:
            return None, None
        try:
            row = await context.context.reader.compiled(compiled.text, compiled.params)
        except (GraphUnavailable, QueryTimeout) as exc:
            raise Unanswered(exc, compiled.order) from exc
        if not all(row[c] for c in compiled.checks):
            return None, None
        return compiled, compiled.finish(row)


def _keeping(document: DocumentNode, operation: OperationDefinitionNode, fields: list[FieldNode]) -> DocumentNode:
    """A copy of the document whose operation selects only `fields` at its root."""
    kept = OperationDefinitionNode(operation=operation.operation, name=operation.name, directives=operation.directives,
                                   variable_definitions=operation.variable_definitions,
                                   selection_set=SelectionSetNode(selections=tuple(fields)))
    return DocumentNode(definitions=tuple(kept if d is operation else d for d in document.definitions))


def _operation(document, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)
