"""The GraphQL schema: root queries and the limits it is built with."""

from functools import partial
from typing import Annotated

import strawberry
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.extensions.disable_introspection import DisableIntrospection
from strawberry.types import Info

from crosswalk.settings import Settings
from server.errors import UserInputError, should_mask
from server.pagination import Connection, check_first, decode_cursor, make_connection
from server.types import Framework, Mapping, Relation, Requirement, SharedControl, check_kind

async def _check_frameworks(info: Info, ids: list[str | None]) -> None:
    """Unknown framework ids are the client's mistake: say so rather than return nothing."""
    wanted = [i for i in ids if i is not None]
    found = await info.context.frameworks.load_many(wanted)
    unknown = [i for i, f in zip(wanted, found) if f is None]
    if unknown:
        raise UserInputError(f"unknown framework id(s): {', '.join(unknown)}", "list them with `{ frameworks { id } }`")


@strawberry.type(description="Questions across AI-governance frameworks.")
class Query:
    @strawberry.field(description="Every framework in the graph.")
    async def frameworks(self, info: Info) -> list[Framework]:
        return [Framework.from_row(f) for f in await info.context.reader.frameworks()]

    @strawberry.field(description="One framework by id (`iso42001`, `eu-ai-act`, …); null if unknown.")
    async def framework(self, info: Info, id: strawberry.ID) -> Framework | None:
        row = await info.context.frameworks.load(id)
        return Framework.from_row(row) if row else None

    @strawberry.field(description="One requirement by id (`iso42001:A.6.2.8`, `eu-ai-act:Art.14(4)`); null if unknown.")
    async def requirement(self, info: Info, id: strawberry.ID) -> Requirement | None:
        row = await info.context.requirements.load(id)
        return Requirement.from_row(row) if row else None

    @strawberry.field(description="Requirements filtered by framework, kind, concept and text (in id, title, summary), "
                                  "in framework and document order.")
    async def requirements(self, info: Info, framework: strawberry.ID | None = None, kind: str | None = None,
                           concept: strawberry.ID | None = None, search: str | None = None,
                           first: int = 50, after: str | None = None) -> Connection[Requirement]:
        check_kind(kind)
        await _check_frameworks(info, [framework])
        start = decode_cursor(after)
        total, rows = await info.context.reader.requirements_page(
            framework=framework, kind=kind, concept=concept, search=search, skip=start, limit=check_first(first))
        return make_connection(rows, total, start, Requirement.from_row)

    @strawberry.field(description="Asserted mappings between requirements of framework `from` and framework `to` "
                                  "(either stored direction), optionally by minimum strength and by relation "
                                  "(read from the `from` side when `from` is given).")
    async def mappings(self, info: Info, from_: Annotated[strawberry.ID | None, strawberry.argument(name="from")] = None,
                       to: strawberry.ID | None = None, relations: list[Relation] | None = None,
                       min_strength: int | None = None, first: int = 50, after: str | None = None) -> Connection[Mapping]:
        await _check_frameworks(info, [from_, to])
        start = decode_cursor(after)
        total, rows = await info.context.reader.mappings_page(
            from_=from_, to=to, relations=[r.value for r in relations] if relations else None,
            min_strength=min_strength, skip=start, limit=check_first(first))
        return make_connection(rows, total, start, Mapping.from_row)

    @strawberry.field(description="Which requirements satisfy several frameworks at once: requirements whose mappings "
                                  "(EQUAL/SUPERSET_OF = full, SUBSET_OF/INTERSECTS_WITH = partial, read from the control) "
                                  "reach at least `minFrameworks` other frameworks; ranked by frameworks, then total strength.")
    async def shared_controls(self, info: Info, frameworks: list[strawberry.ID] | None = None, min_frameworks: int = 2,
                              relations: list[Relation] | None = None, min_strength: int | None = None) -> list[SharedControl]:
        if min_frameworks < 1:
            raise UserInputError(f"`minFrameworks` must be at least 1, got {min_frameworks}")
        if frameworks is not None:
            await _check_frameworks(info, list(frameworks))
        rows = await info.context.reader.shared_controls(
            frameworks=list(frameworks) if frameworks is not None else None, min_frameworks=min_frameworks,
            relations=[r.value for r in relations] if relations else None, min_strength=min_strength)
        return [SharedControl.from_row(r) for r in rows]


class CrosswalkSchema(strawberry.Schema):
    """Logs only unexpected errors: a client's bad input is an answer, not an incident."""

    def process_errors(self, errors, execution_context=None) -> None:
        super().process_errors([e for e in errors if should_mask(e)], execution_context)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with its safety limits, all visible here."""
    # Factories, not instances: strawberry builds fresh extensions for each request.
    extensions = [
        partial(QueryDepthLimiter, max_depth=settings.max_depth),
        partial(MaxAliasesLimiter, max_alias_count=settings.max_aliases),
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(MaskErrors, should_mask_error=should_mask),
    ]
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    return CrosswalkSchema(query=Query, extensions=extensions)
