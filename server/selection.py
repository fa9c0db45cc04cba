"""Which stored properties of requirements, mappings and frameworks a root field's selection reads.

`coverage`, `crosswalk` and `sharedControls` return hundreds of requirements and mappings (and
sharedControls the frameworks they reach); reading every property of each (`n {.*}`) costs Neo4j
and the driver twice what the usual selection needs. Their queries read only the properties named
here, derived from the GraphQL selection (fragments included), plus the ids that nested resolvers
need (`framework`, `parent`, a mapping's ends, an edition's `supersedes`).
"""

from graphql import (FieldNode, FragmentSpreadNode, GraphQLObjectType, GraphQLResolveInfo, InlineFragmentNode,
                     SelectionSetNode, get_named_type)

# GraphQL field -> the node properties its resolver reads; fields not listed read none of their own
# (versions, children, mappings, … are looked up by id).
REQUIREMENT_FIELDS = {
    "ref": ["ref"], "kind": ["kind"], "title": ["title"], "summary": ["summary"], "url": ["url"], "order": ["order"],
    "roles": ["roles"], "riskTiers": ["riskTiers"], "appliesFrom": ["appliesFrom"], "published": ["published"],
    "section": ["section"], "applies": ["applyFrom", "applyCondition", "applyNote"],
}
REQUIREMENT_ALWAYS = ["id", "framework", "parent"]  # Requirement.from_row's private fields
MAPPING_FIELDS = {
    "relation": ["relation"], "rationale": ["rationale"], "strength": ["strength"], "confidence": ["confidence"],
    "justification": ["justification"], "inferred": ["inferred"], "subjectVersion": ["subjectVersion"],
    "objectVersion": ["objectVersion"], "needsReview": ["needsReview"], "reviewReasons": ["reviewReasons"],
    "provenance": ["source", "author", "reviewer", "method", "status", "date", "mappingSet"],
}
MAPPING_ALWAYS = ["id"]
FRAMEWORK_FIELDS = {
    "name": ["name"], "title": ["title"], "version": ["version"], "kind": ["kind"], "publisher": ["publisher"],
    "jurisdiction": ["jurisdiction"], "url": ["url"], "published": ["published"], "appliesFrom": ["appliesFrom"],
    "checked": ["checked"], "checkedHow": ["checkedHow"], "conditions": ["conditionIds", "conditionLabels"],
    "transitionEnds": ["transitionEnds"],
}  # requirementCount is counted, not stored: framework_counts() says whether it is asked for
FRAMEWORK_ALWAYS = ["id", "supersedes"]  # Framework.from_row's private field


def fields_by_type(info: GraphQLResolveInfo) -> dict[str, set[str]]:
    """Every field name selected under this root field, by the name of the type it is selected on.

    Each fragment is walked once: what it selects does not depend on where it is spread."""
    found: dict[str, set[str]] = {}
    seen_fragments: set[str] = set()

    def walk(selection_set: SelectionSetNode | None, parent) -> None:
        if selection_set is None or not isinstance(parent, GraphQLObjectType):
            return
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                name = node.name.value
                found.setdefault(parent.name, set()).add(name)
                field = parent.fields.get(name)
                if field is not None:
                    walk(node.selection_set, get_named_type(field.type))
            elif isinstance(node, InlineFragmentNode):
                walk(node.selection_set, _condition(info, node, parent))
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen_fragments:
                seen_fragments.add(node.name.value)
                fragment = info.fragments.get(node.name.value)
                if fragment is not None:
                    walk(fragment.selection_set, _condition(info, fragment, parent))

    for field_node in info.field_nodes:
        walk(field_node.selection_set, get_named_type(info.return_type))
    return found


def _condition(info: GraphQLResolveInfo, node, parent):
    condition = getattr(node, "type_condition", None)
    return info.schema.get_type(condition.name.value) if condition else parent


def _properties(selected: set[str], table: dict[str, list[str]], always: list[str]) -> list[str]:
    props = list(always)
    for name in sorted(selected):
        props += [p for p in table.get(name, []) if p not in props]
    return props


def requirement_properties(fields: dict[str, set[str]]) -> list[str]:
    return _properties(fields.get("Requirement", set()), REQUIREMENT_FIELDS, REQUIREMENT_ALWAYS)


def mapping_properties(fields: dict[str, set[str]]) -> list[str]:
    return _properties(fields.get("Mapping", set()), MAPPING_FIELDS, MAPPING_ALWAYS)


def framework_properties(fields: dict[str, set[str]]) -> list[str]:
    return _properties(fields.get("Framework", set()), FRAMEWORK_FIELDS, FRAMEWORK_ALWAYS)


def framework_counts(fields: dict[str, set[str]]) -> bool:
    return "requirementCount" in fields.get("Framework", set())
