"""Fold a GraphQL selection set into one value, visiting each fragment definition once.

A fragment may be spread many times (`fragment F2 { ...F1 ...F1 }`), so walking every
spread path costs 2^n for n doubling fragments. A fold instead computes each fragment's
value once, memoises it, and combines the memoised value wherever the fragment is spread:
the work is linear in the size of the written document, whatever it expands to.

Subclasses say what a field contributes (`field`) and how sibling values combine
(`combine`); the value of a selection must depend only on the selection itself, not on
where it is spread (depth *below* a point, not depth *at* it), which is what makes
memoising per fragment exact.
"""

from collections.abc import Iterable

from graphql import (DocumentNode, FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode,
                     SelectionSetNode)


class FragmentFold:
    """Base class: `of(selection_set)` folds a selection set; `visits` counts selections visited."""

    empty = 0

    def __init__(self, document: DocumentNode):
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.memo: dict[str, object] = {}
        self.in_progress: set[str] = set()
        self.visits = 0

    def field(self, node: FieldNode, inner):
        """The value of one field, given the folded value of its own selection set."""
        raise NotImplementedError

    def combine(self, values: Iterable):
        """The value of sibling selections."""
        raise NotImplementedError

    def of(self, selection_set: SelectionSetNode | None):
        if selection_set is None:
            return self.empty
        values = []
        for selection in selection_set.selections:
            self.visits += 1
            if isinstance(selection, FieldNode):
                values.append(self.field(selection, self.of(selection.selection_set)))
            elif isinstance(selection, InlineFragmentNode):
                values.append(self.of(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                values.append(self.fragment(selection.name.value))
        return self.combine(values)

    def fragment(self, name: str):
        """A fragment's value, computed on first use. Unknown or cyclic spreads count as empty:
        graphql-core's own rules (KnownFragmentNames, NoFragmentCycles) report them."""
        if name in self.memo:
            return self.memo[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.in_progress:
            return self.empty
        self.in_progress.add(name)
        try:
            value = self.of(definition.selection_set)
        finally:
            self.in_progress.discard(name)
        self.memo[name] = value
        return value


class Sum(FragmentFold):
    """A fold whose siblings add up (counts)."""

    def combine(self, values):
        return sum(values)


class Max(FragmentFold):
    """A fold whose siblings take the largest (depths)."""

    def combine(self, values):
        return max(values, default=0)
