"""The GraphQL schema: root queries and the limits it is built with."""

from functools import partial
from typing import Annotated

import datetime as dt
import json
import re

import strawberry
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, ParserCache, ValidationCache
from strawberry.extensions.disable_introspection import DisableIntrospection
from strawberry.types import Info

from crosswalk.settings import Settings
from graph import seed_models
from server.auth import hidden
from server.errors import MaskUnexpected, UserInputError, log_unexpected
from server.alias_limit import alias_rule
from server.compiled import CompiledReads
from server.cost_limit import CostLimitExtension
from server.operation_choice import OperationChoiceExtension
from server.depth_limit import depth_rule
from server.fanout import fanout_rule
from server.mutations import AuditEvent, Mutation
from graph.seed_models import IMPOSING_KINDS
from server import answers as a
from server import selection
from server.pagination import Connection, check_first, decode_cursor, make_connection
from server.size_limit import size_rule
from server.plain_completion import PlainCompletion
from server.types import Concept, Framework, Mapping, Relation, Requirement, SharedControl, check_kind
from server import temporal as tm

From = Annotated[strawberry.ID, strawberry.argument(name="from")]
DEFAULT_KINDS = sorted(k.value for k in IMPOSING_KINDS | {seed_models.RequirementKind.objective})
MAX_HOPS = 5
MAX_COMPARE = 50
DOCUMENTS_CACHED = 512  # parsed and validated documents kept (LRU): the stored questions and what clients repeat
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def _page(items: list, first: int, after: str | None, wrap) -> Connection:
    """A Relay page over a list already in its stable order."""
    start = decode_cursor(after)
    return make_connection(items[start:start + check_first(first)], len(items), start, wrap)


def _properties_read(info: Info) -> dict[str, list[str]]:
    """The requirement and mapping properties this root field's selection reads (server/selection.py)."""
    fields = selection.fields_by_type(info._raw_info)
    return {"requirement_props": selection.requirement_properties(fields),
            "mapping_props": selection.mapping_properties(fields)}


def _values(enums) -> list[str] | None:
    return [e.value for e in enums] if enums else None


def _kinds(kinds: list[str] | None) -> list[str] | None:
    """The kinds asked for, checked; None (the lowest provisions that impose something) when none are."""
    for kind in kinds or []:
        check_kind(kind)
    return list(kinds) if kinds else None

LawAsOf = Annotated[dt.date | None, strawberry.argument(
    description="Answer under the law as it stood on this day (the texts and dates in force then), e.g. to reproduce "
                "an answer given that day. Default: `asOf`, or today when `asOf` is not given.")]
ConditionArg = Annotated[str | None, strawberry.argument(
    description="A condition application dates depend on, as declared by the framework (`Framework.conditions`), "
                "e.g. `annex-iii` or `annex-i` for an EU AI Act high-risk system. Without it, a date that depends on "
                "any condition counts (the earliest applies).")]


async def _law_and_condition(info: Info, as_of: dt.date | None, law_as_of: dt.date | None,
                             condition: str | None) -> tuple[dt.date, str | None]:
    """The day whose law answers the question, and a condition some framework declares."""
    if condition is not None:
        known = {c.id for f in await info.context.every_framework() for c in Framework.from_row(f).conditions}
        if condition not in known:
            raise UserInputError(f"unknown condition '{condition}'", f"use one of {', '.join(sorted(known)) or '(none)'}")
    return law_as_of or as_of or dt.date.today(), condition


async def _check_frameworks(info: Info, ids: list[str | None]) -> None:
    """Unknown framework ids are the client's mistake: say so rather than return nothing."""
    wanted = [i for i in ids if i is not None]
    found = await info.context.frameworks.load_many(wanted)
    unknown = [i for i, f in zip(wanted, found) if f is None]
    for hidden_id in await info.context.reader.hidden_frameworks(unknown):
        raise hidden(info, hidden_id)
    if unknown:
        raise UserInputError(f"unknown framework id(s): {', '.join(unknown)}", "list them with `{ frameworks { id } }`")


@strawberry.type(description="Questions across AI-governance frameworks.")
class Query:
    @strawberry.field(description="Every framework in the graph.")
    async def frameworks(self, info: Info) -> list[Framework]:
        return [Framework.from_row(f) for f in await info.context.every_framework()]

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
                           sort: a.RequirementOrder = a.RequirementOrder.DOCUMENT,
                           first: int = 50, after: str | None = None) -> Connection[Requirement]:
        check_kind(kind)
        await _check_frameworks(info, [framework])
        start = decode_cursor(after)
        total, rows = await info.context.reader.requirements_page(
            framework=framework, kind=kind, concept=concept, search=search, sort=sort.value, skip=start,
            limit=check_first(first))
        return make_connection(rows, total, start, Requirement.from_row)

    @strawberry.field(description="Asserted mappings between requirements of framework `from` and framework `to` "
                                  "(either stored direction), optionally by minimum strength and by relation "
                                  "(read from the `from` side when `from` is given).")
    async def mappings(self, info: Info, from_: Annotated[strawberry.ID | None, strawberry.argument(name="from")] = None,
                       to: strawberry.ID | None = None, relations: list[Relation] | None = None,
                       min_strength: int | None = None, sort: a.MappingOrder = a.MappingOrder.DOCUMENT,
                       first: int = 50, after: str | None = None) -> Connection[Mapping]:
        await _check_frameworks(info, [from_, to])
        start = decode_cursor(after)
        total, rows = await info.context.reader.mappings_page(
            from_=from_, to=to, relations=[r.value for r in relations] if relations else None,
            min_strength=min_strength, sort=sort.value, skip=start, limit=check_first(first))
        return make_connection(rows, total, start, Mapping.from_row)

    @strawberry.field(description="Which requirements satisfy several frameworks at once: requirements whose mappings "
                                  "(EQUAL/SUPERSET_OF of FUNCTIONAL or SEMANTIC rationale = full, any other = partial, read "
                                  "from the control) "
                                  "reach at least `minFrameworks` other frameworks; ranked by frameworks, then total strength.")
    async def shared_controls(self, info: Info, frameworks: list[strawberry.ID] | None = None, min_frameworks: int = 2,
                              relations: list[Relation] | None = None, min_strength: int | None = None,
                              role: a.Role | None = None, as_of: dt.date | None = None, law_as_of: LawAsOf = None,
                              condition: ConditionArg = None,
                              first: int = 50, after: str | None = None) -> Connection[SharedControl]:
        if min_frameworks < 1:
            raise UserInputError(f"`minFrameworks` must be at least 1, got {min_frameworks}")
        if frameworks is not None:
            if not frameworks:
                raise UserInputError("`frameworks` must name at least one framework; leave it out to use them all")
            await _check_frameworks(info, list(frameworks))
        law, condition = await _law_and_condition(info, as_of, law_as_of, condition)
        start = decode_cursor(after)
        fields = selection.fields_by_type(info._raw_info)
        answer = info.context.reader.shared_controls(
            frameworks=list(frameworks) if frameworks is not None else None, min_frameworks=min_frameworks,
            relations=_values(relations), min_strength=min_strength, role=role.value if role else None, as_of=as_of,
            law=law, condition=condition, skip=start, limit=check_first(first),
            requirement_props=selection.requirement_properties(fields))
        total, rows = await answer
        # the frameworks the page reaches, in one lookup, set on every row (not an async resolver per row)
        # with only the properties the selection reads: whole rows and counts for 300 frameworks cost a third
        # of a 30x page's time
        wanted = sorted({f["framework"] for row in rows for f in row["perFramework"]}) \
            if "framework" in fields.get("SharedControlFramework", set()) else []
        found = await info.context.reader.frameworks_selected(
            wanted, selection.framework_properties(fields), selection.framework_counts(fields)) if wanted else []
        by_id = {f["id"]: Framework.from_row(f) for f in found}
        return make_connection(rows, total, start, lambda row: SharedControl.from_row(row, by_id))

    @strawberry.field(description="For every requirement of `from` (by default the lowest provisions that impose something, "
                                  "each once; `kinds` picks other levels), what it maps to in `to`, read from the `from` "
                                  "side, and which requirements map to nothing there. Hits on the provisions under a "
                                  "requirement count for it (`viaId`); one with no mapping of its own inherits its "
                                  "parent's hits, marked `inherited`. "
                                  "`includeInferred` adds hits composed from two asserted mappings where set theory "
                                  "allows it (through an EQUAL, or SUBSET_OF/SUPERSET_OF chains), marked `inferred`.")
    async def crosswalk(self, info: Info, from_: From, to: strawberry.ID, relations: list[Relation] | None = None,
                        min_strength: int | None = None, include_inferred: bool = False, kinds: list[str] | None = None,
                        first: int = 100, after: str | None = None) -> a.Crosswalk:
        if from_ == to:
            raise UserInputError("`from` and `to` are the same framework")
        await _check_frameworks(info, [from_, to])
        rows = await info.context.reader.crosswalk(from_=from_, to=to, kinds=_kinds(kinds), imposing=DEFAULT_KINDS,
                                                   relations=_values(relations),
                                                   min_strength=min_strength, include_inferred=include_inferred,
                                                   **_properties_read(info))
        unmapped = [Requirement.from_row(r["requirement"]) for r in rows if not r["hits"]]
        return a.Crosswalk(from_id=from_, to_id=to, requirement_count=len(rows), mapped_count=len(rows) - len(unmapped),
                           unmapped=unmapped,
                           rows=_page(rows, first, after, lambda r: a.CrosswalkRow(
                               requirement=Requirement.from_row(r["requirement"]),
                               hits=[a.CrosswalkHit.from_row(h) for h in r["hits"]])))

    @strawberry.field(description="Gap analysis: how far requirements of `using` frameworks (or organisation control sets) "
                                  "cover each requirement of `target`, each provision counted once (by default the lowest "
                                  "provisions that impose something; `kinds` picks other levels). FULL = an EQUAL or "
                                  "SUPERSET_OF mapping of FUNCTIONAL rationale (or SEMANTIC, where the pair has no FUNCTIONAL "
                                  "assessment) from a `using` requirement (on it, or on every lowest provision under it); a "
                                  "SYNTACTIC one (shared structure) only makes the "
                                  "structure `reusable` and counts as PARTIAL; PARTIAL = any other hit, including hits "
                                  "inherited from the provision above; NONE otherwise. "
                                  "NOT_RELATED, deprecated and inferred mappings never count. Only provisions in force "
                                  "under the law of `lawAsOf` (default `asOf`, else today) count; `role`, `asOf` and "
                                  "`condition` restrict a regulation to the provisions that bind that role and apply on "
                                  "that date. Without `asOf` nothing is filtered by date.")
    async def coverage(self, info: Info, target: strawberry.ID, using: list[strawberry.ID],
                       relations: list[Relation] | None = None, min_strength: int | None = None,
                       role: a.Role | None = None, as_of: dt.date | None = None, law_as_of: LawAsOf = None,
                       condition: ConditionArg = None, kinds: list[str] | None = None,
                       status: list[a.CoverageStatus] | None = None, first: int = 100, after: str | None = None) -> a.CoverageReport:
        if not using:
            raise UserInputError("`using` needs at least one framework or control set id")
        if target in using:
            raise UserInputError(f"`using` must not contain the target '{target}'")
        await _check_frameworks(info, [target, *using])
        law, condition = await _law_and_condition(info, as_of, law_as_of, condition)
        rows = await info.context.reader.coverage(target=target, using=list(using), kinds=_kinds(kinds),
                                                  imposing=DEFAULT_KINDS,
                                                  relations=_values(relations), min_strength=min_strength,
                                                  role=role.value if role else None, as_of=as_of, law=law,
                                                  condition=condition, **_properties_read(info))
        count = {s: sum(1 for r in rows if r["status"] == s) for s in ("FULL", "PARTIAL", "NONE")}
        reusable = sum(1 for r in rows if r["reusable"])
        wanted = set(_values(status) or count)
        return a.CoverageReport(
            target_id=target, using_ids=list(using), total=len(rows), full=count["FULL"], partial=count["PARTIAL"],
            none=count["NONE"], full_percent=a.percent(count["FULL"], len(rows)),
            covered_percent=a.percent(count["FULL"] + count["PARTIAL"], len(rows)),
            reusable_structure=reusable, reusable_structure_percent=a.percent(reusable, len(rows)),
            gaps=[Requirement.from_row(r["requirement"]) for r in rows if r["status"] == "NONE"],
            items=_page([r for r in rows if r["status"] in wanted], first, after, a.CoverageItem.from_row))

    @strawberry.field(description=f"The shortest chains of asserted mappings linking two requirements, up to `maxHops` "
                                  f"(1–{MAX_HOPS}), at most 25 chains. A requirement answers through the provisions under "
                                  f"it (an article through its paragraphs) and, marked `inherited`, above it. Indirect "
                                  f"chains are marked `explorationOnly`: NIST IR 8477 set relations do not compose.")
    async def paths(self, info: Info, from_: From, to: strawberry.ID, max_hops: int = 3) -> list[a.MappingPath]:
        if not 1 <= max_hops <= MAX_HOPS:
            raise UserInputError(f"`maxHops` must be between 1 and {MAX_HOPS}, got {max_hops}")
        if from_ == to:
            raise UserInputError("`from` and `to` are the same requirement")
        found = await info.context.requirements.load_many([from_, to])
        unknown = [i for i, r in zip([from_, to], found) if r is None]
        if unknown:
            raise UserInputError(f"unknown requirement id(s): {', '.join(unknown)}")
        return [a.MappingPath.from_row(p) for p in await info.context.reader.paths(from_=from_, to=to, max_hops=max_hops)]

    @strawberry.field(description="Every topic (SKOS concept) with how many requirements address it.")
    async def concepts(self, info: Info) -> list[Concept]:
        return [Concept.from_row(c) for c in await info.context.reader.concepts()]

    @strawberry.field(description="Every requirement, across frameworks, that addresses a topic (and by default its "
                                  "narrower topics), grouped by framework; null if the concept is unknown.")
    async def topic(self, info: Info, concept: strawberry.ID, include_narrower: bool = True,
                    frameworks: list[strawberry.ID] | None = None) -> a.Topic | None:
        if frameworks:
            await _check_frameworks(info, list(frameworks))
        found = await info.context.reader.topic(concept=concept, include_narrower=include_narrower,
                                                frameworks=list(frameworks) if frameworks else None)
        if found is None:
            return None
        groups = found["groups"]
        return a.Topic(concept=Concept.from_row(found["concept"]),
                       requirement_count=sum(len(g["requirements"]) for g in groups),
                       groups=[a.TopicGroup(framework_id=g["framework"],
                                            requirements=[Requirement.from_row(r) for r in g["requirements"]])
                               for g in groups])

    @strawberry.field(description="Ranked full-text search over the published frameworks' requirement ids, titles and "
                                  "summaries (English stemming; any word may match, more matches rank higher; Lucene "
                                  "operators in `text` are taken literally). Organisations' controls are not indexed.")
    async def search(self, info: Info, text: str, frameworks: list[strawberry.ID] | None = None,
                     first: int = 20, after: str | None = None) -> Connection[a.SearchHit]:
        terms = text.split()
        if not terms or len(text) > 500:
            raise UserInputError("`text` must have 1 to 500 characters and at least one word")
        if frameworks:
            await _check_frameworks(info, list(frameworks))
        start = decode_cursor(after)
        total, rows = await info.context.reader.search(
            # lower case, so AND/OR/NOT are words, not operators; special characters escaped
            text=" ".join(_LUCENE_SPECIAL.sub(r"\\\1", t.lower()) for t in terms), frameworks=list(frameworks) if frameworks else None,
            skip=start, limit=check_first(first))
        return make_connection(rows, total, start, lambda r: a.SearchHit(requirement=Requirement.from_row(r["requirement"]),
                                                                         score=round(r["score"], 4)))

    @strawberry.field(description=f"Requirements side by side (2–{MAX_COMPARE} ids) with the mappings among them.")
    async def compare(self, info: Info, ids: list[strawberry.ID]) -> a.Comparison:
        ids = list(dict.fromkeys(ids))
        if not 2 <= len(ids) <= MAX_COMPARE:
            raise UserInputError(f"`ids` must name 2 to {MAX_COMPARE} different requirements, got {len(ids)}")
        found = await info.context.requirements.load_many(ids)
        unknown = [i for i, r in zip(ids, found) if r is None]
        if unknown:
            raise UserInputError(f"unknown requirement id(s): {', '.join(unknown)}")
        return a.Comparison(requirements=[Requirement.from_row(r) for r in found],
                            mappings=[Mapping.from_row(m) for m in await info.context.reader.mappings_among(ids)])


    @strawberry.field(description="What amendments inserted, replaced, repealed or re-dated in a framework with effect "
                                  "between `since` and `until` (inclusive), with the mappings each text change puts in "
                                  "question and your organisations' mappings each change touches. Proposals (no date) "
                                  "only with `includeProposals`.")
    async def changes(self, info: Info, framework: strawberry.ID, since: dt.date | None = None,
                      until: dt.date | None = None, include_proposals: bool = False) -> tm.ChangeReport:
        if since and until and since > until:
            raise UserInputError(f"`since` ({since}) is after `until` ({until})")
        await _check_frameworks(info, [framework])
        rows = await info.context.reader.changes(framework=framework, since=since, until=until,
                                                 include_proposals=include_proposals)
        changes = [tm.ProvisionChange(
            action=tm.ChangeAction(r["change"]["action"]), effective=r["change"].get("effective"),
            note=r["change"].get("note"), verified=tm.Verification(r["change"]["verified"]),
            provision_id=r["change"]["provision"], amendment=tm.Amendment.from_row(r["amendment"]),
            provision=Requirement.from_row(r["requirement"]) if r["requirement"] else None,
            mappings_needing_review=[Mapping.from_row(m) for m in r["needsReview"]],
            organisation_mappings=[Mapping.from_row(m) for m in r["organisationMappings"]]) for r in rows]
        count = {action: sum(1 for c in changes if c.action == action) for action in tm.ChangeAction}
        return tm.ChangeReport(framework_id=framework, since=since, until=until, changes=changes,
                               inserted=count[tm.ChangeAction.INSERTS], replaced=count[tm.ChangeAction.REPLACES],
                               repealed=count[tm.ChangeAction.REPEALS], redated=count[tm.ChangeAction.REDATES],
                               mappings_needing_review=len({m["id"] for r in rows for m in r["needsReview"]}))

    @strawberry.field(description="One amendment record by id (`eu-2026-1744`); null if unknown.")
    async def amendment(self, info: Info, id: strawberry.ID) -> tm.Amendment | None:
        row = await info.context.amendments.load(id)
        return tm.Amendment.from_row(row) if row else None

    @strawberry.field(description="The audit trail of a mapping, control, or control set: who changed what and when, oldest first.")
    async def history(self, info: Info, id: strawberry.ID) -> list[AuditEvent]:
        return [AuditEvent(id=e["id"], action=e["action"], target=e["target"], actor=e["actor"], role=e["role"], at=e["at"],
                           before=json.loads(e["before"]) if e.get("before") else None,
                           after=json.loads(e["after"]) if e.get("after") else None)
                for e in await info.context.reader.history(id)]


class CrosswalkSchema(strawberry.Schema):
    """Logs only unexpected errors: a client's bad input is an answer, not an incident."""

    def process_errors(self, errors, execution_context=None) -> None:
        log_unexpected(errors, execution_context)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with its safety limits, all visible here."""
    # Factories, not instances: strawberry builds fresh extensions for each request.
    extensions = [
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        # Parsing and validating a document again costs more than answering it compiled; the
        # validation key holds the rules, and the cost rule is one object per variables (cost_limit.py).
        partial(ParserCache, maxsize=DOCUMENTS_CACHED),
        # Our own rules, each folding every fragment once (server/fold.py): strawberry's depth and
        # alias limiters follow every spread path, which doubling fragments make exponential.
        partial(AddValidationRules, [size_rule(settings.max_expanded_fields), depth_rule(settings.max_depth),
                                     alias_rule(settings.max_aliases), fanout_rule(settings.max_list_nesting)]),
        OperationChoiceExtension,  # several operations need an operationName (strawberry would run the first)
        partial(CostLimitExtension, settings.max_cost),  # needs the request's variables: added per request
        MaskUnexpected,
        partial(ValidationCache, maxsize=DOCUMENTS_CACHED),
    ]
    if settings.compiled_reads:  # after every check above: it replaces execution only
        extensions.append(CompiledReads)
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    from server.soa import SoaMutation, SoaQuery  # the Statement of Applicability (issue 10)

    full_query = strawberry.type(type("Query", (Query, SoaQuery), {}), name="Query",
                                 description=Query.__strawberry_definition__.description)
    full_mutation = strawberry.type(type("Mutation", (Mutation, SoaMutation), {}), name="Mutation",
                                    description=Mutation.__strawberry_definition__.description)
    return CrosswalkSchema(query=full_query, mutation=full_mutation, extensions=extensions,
                           execution_context_class=PlainCompletion if settings.plain_completion else None)
