"""The `crosswalk` command: every subcommand lives here."""

import asyncio
import json
import logging
import sys
import time
from pathlib import Path

import click

from crosswalk.errors import CrosswalkError, GraphUnavailable, SeedValidationError
from crosswalk.settings import Settings, load_settings


class CliError(click.ClickException):
    """A CrosswalkError shown as one line with its fix."""

    def __init__(self, error: CrosswalkError, settings: Settings | None = None):
        message = error.message
        if isinstance(error, GraphUnavailable) and settings is not None:  # which Neo4j, for the operator
            message = f"{message} at {settings.bolt_uri} (database '{settings.neo4j_database}')"
        super().__init__(f"{message}\n  fix: {error.hint}" if error.hint else message)


class CrosswalkGroup(click.Group):
    """Any CrosswalkError a command raises becomes one line with its fix: no tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CrosswalkError as exc:
            raise CliError(exc, ctx.obj if isinstance(ctx.obj, Settings) else None) from None


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj


def _local(settings: Settings):
    from graph.local_neo4j import LocalNeo4j

    if settings.neo4j_user != "neo4j":
        raise CliError(CrosswalkError(f"the local Neo4j has only the user 'neo4j', not NEO4J_USER={settings.neo4j_user!r}",
                                      "unset NEO4J_USER, or set NEO4J_URI to use your own Neo4j"))
    return LocalNeo4j(settings.home / "neo4j", settings.neo4j_port, settings.neo4j_heap,
                      settings.neo4j_pagecache, settings.neo4j_password, classpath_dir=settings.home)


@click.group(cls=CrosswalkGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="crosswalk")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Crosswalk: map AI-governance frameworks onto each other and ask across them over GraphQL.

    Settings come from the environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
    NEO4J_DATABASE, CROSSWALK_*); see the README. Without NEO4J_URI every command
    uses the project's local Neo4j on 127.0.0.1.
    """
    # The CLI reports failures as one line with the fix; the driver's retry notices and our own
    # warnings (hosts, ports) would only repeat it on stderr.
    for name in ("neo4j", "crosswalk.graph"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        ctx.obj = load_settings()
    except CrosswalkError as exc:
        raise CliError(exc) from None


# -- neo4j -------------------------------------------------------------------
@cli.group()
def neo4j() -> None:
    """Install, start, stop and inspect the local Neo4j Community server."""


@neo4j.command("install")
@click.pass_context
def neo4j_install(ctx: click.Context) -> None:
    """Resolve the Neo4j jars from Maven Central into the local Maven cache (once)."""
    local = _local(_settings(ctx))
    try:
        local.install()
    except CrosswalkError as exc:
        raise CliError(exc) from None
    click.echo(f"Neo4j {local.version} installed (class path in {local.classpath_file})")


@neo4j.command("start")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds to wait for Bolt to answer.")
@click.pass_context
def neo4j_start(ctx: click.Context, timeout: float) -> None:
    """Start the local Neo4j on 127.0.0.1:CROSSWALK_NEO4J_PORT (installing it first if needed); wait until Bolt answers."""
    local = _local(_settings(ctx))
    started = time.monotonic()
    try:
        status = local.start(timeout=timeout)
    except CrosswalkError as exc:
        raise CliError(exc) from None
    click.echo(f"Neo4j {local.version} {status.describe()} ({time.monotonic() - started:.1f}s); data in {local.home / 'data'}")


@neo4j.command("stop")
@click.pass_context
def neo4j_stop(ctx: click.Context) -> None:
    """Stop the local Neo4j started by `crosswalk neo4j start` (the process in its pid file)."""
    local = _local(_settings(ctx))
    click.echo("Neo4j stopped" if local.stop() else "Neo4j was not running")


@neo4j.command("status")
@click.pass_context
def neo4j_status(ctx: click.Context) -> None:
    """Say whether the local Neo4j runs and answers; exit 1 if it does not answer."""
    status = _local(_settings(ctx)).status()
    click.echo(f"Neo4j {status.describe()}")
    if not status.answering:
        sys.exit(1)


# -- seeds -------------------------------------------------------------------
def _read_seeds(seeds: Path):
    from graph.seed_files import read_seeds
    from ontology.concepts import load_concepts

    try:
        return read_seeds(seeds, load_concepts())
    except SeedValidationError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s) in {seeds}; nothing was written") from None


seeds_option = click.option("--seeds", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
                            help="Seed folder  [default: CROSSWALK_SEEDS or ./seeds]")


@cli.command()
@seeds_option
@click.pass_context
def validate(ctx: click.Context, seeds: Path | None) -> None:
    """Check every seed file (schema, ids, endpoints, justifications); list every problem; write nothing."""
    seeds = seeds or _settings(ctx).seeds
    bundle = _read_seeds(seeds)
    click.echo(f"{seeds}: valid — {len(bundle.frameworks)} frameworks, {len(bundle.requirements)} requirements, "
               f"{len(bundle.concepts)} concepts, {len(bundle.mappings)} mappings")


def _load(settings: Settings, seeds: Path, remove_api_data: bool = False) -> dict:
    from graph.connection import sync_driver
    from graph.loader import load_bundle

    bundle = _read_seeds(seeds)
    bars: dict = {}

    def progress(stage: str, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        bar = bars.get(stage) or bars.setdefault(stage, click.progressbar(length=total, label=f"{stage:<13}", file=sys.stderr))
        bar.update(done - bar.pos)
        if done >= total:
            bar.render_finish()

    started = time.monotonic()
    try:
        with sync_driver(settings) as driver:
            counts = load_bundle(driver, settings.neo4j_database, bundle, progress, timeout=settings.load_timeout,
                                 remove_api_data=remove_api_data)
    except CrosswalkError as exc:
        raise CliError(exc, settings) from None
    except Exception as exc:  # the driver's errors: the transaction was rolled back
        raise click.ClickException(f"load failed, the graph is unchanged: {exc}") from None
    click.echo(f"loaded {seeds} into {settings.bolt_uri} ({settings.neo4j_database}) in {time.monotonic() - started:.1f}s: "
               + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return counts


@cli.command()
@seeds_option
@click.option("--remove-api-data", is_flag=True, default=False,
              help="Also remove data written through the API that hangs on seed data the seeds no longer contain "
                   "(an audit record each)  [default: refuse and list it]")
@click.pass_context
def load(ctx: click.Context, seeds: Path | None, remove_api_data: bool) -> None:
    """Validate the seeds, then write them to Neo4j in one transaction (all or nothing, idempotent)."""
    settings = _settings(ctx)
    _load(settings, seeds or settings.seeds, remove_api_data)


@cli.command("export-rdf")
@seeds_option
@click.option("--format", "rdf_format", type=click.Choice(["turtle", "nt", "json-ld", "xml"]), default="turtle",
              show_default=True, help="RDF serialisation.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write  [default: standard output]")
@click.option("--key", envvar="CROSSWALK_API_KEY", default=None,
              help="API key: also export the control sets, controls and mappings of its organisation, read from "
                   "the graph (only what the key may see)  [default: CROSSWALK_API_KEY or none: the seeds only]")
@click.pass_context
def export_rdf(ctx: click.Context, seeds: Path | None, rdf_format: str, output: Path | None, key: str | None) -> None:
    """Render the seeds as RDF in the Crosswalk vocabulary, checked against the SHACL shapes first."""
    from ontology.rdf import bundle_to_graph, validate_graph

    bundle = _read_seeds(seeds or _settings(ctx).seeds)
    graph = bundle_to_graph(bundle)
    if key:
        graph += bundle_to_graph(_organisation_bundle(_settings(ctx), key, {s["mapping_set_id"] for s in bundle.mapping_sets}))
    conforms, report = validate_graph(graph)
    if not conforms:
        raise click.ClickException(f"the RDF does not conform to ontology/shapes.ttl:\n{report}")
    text = graph.serialize(format=rdf_format)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(graph)} triples to {output}", err=True)
    else:
        click.echo(text)


def _organisation_bundle(settings: Settings, key: str, known_sets: set[str]):
    """What the key's holder may see of organisation data, as a bundle for ontology.rdf."""
    from graph.access import Actor, viewer_of
    from graph.connection import sync_driver
    from graph.keys import hash_key
    from graph.org_rdf import organisation_bundle
    from graph.run import Runner

    try:
        with sync_driver(settings) as driver:
            runner = Runner(driver, settings.neo4j_database, settings.query_timeout)
            found = runner.read("api-key-by-hash", hash=hash_key(key.strip()))
            if not found:
                raise CrosswalkError("unknown or revoked API key", "check --key or CROSSWALK_API_KEY; see `crosswalk keys list`")
            k = found[0]["key"]
            viewer = viewer_of(Actor(name=k["name"], role=k["role"], org=k.get("org")))
            return organisation_bundle(driver, settings.neo4j_database, viewer, settings.query_timeout, known_sets)
    except CrosswalkError as exc:
        raise CliError(exc, settings) from None


# -- serving -----------------------------------------------------------------
@cli.command()
@click.option("--host", default=None, help="Address to bind  [default: CROSSWALK_HOST or 127.0.0.1]")
@click.option("--port", type=int, default=None, help="Port  [default: CROSSWALK_PORT or 8000]")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the web explorer at /, GraphQL (GraphiQL in a browser) at /graphql, plus /health and /ready."""
    import uvicorn

    from server.app import create_app

    settings = _settings(ctx)
    logging.getLogger("crosswalk.graph").setLevel(logging.WARNING)  # a server logs why Neo4j did not answer
    host, port = host or settings.host, port or settings.port
    click.echo(f"Explorer: http://{host}:{port}/  GraphiQL: http://{host}:{port}/graphql  (Neo4j: {settings.bolt_uri})")
    # Several workers need an import string: each process builds its app from the same environment.
    app = create_app(settings) if settings.workers == 1 else "server.app:create_app"
    uvicorn.run(app, factory=settings.workers > 1, workers=settings.workers, host=host, port=port, log_level="info",
                limit_concurrency=settings.max_connections, timeout_keep_alive=settings.keep_alive_timeout,
                h11_max_incomplete_event_size=settings.max_header_bytes, timeout_graceful_shutdown=10,
                server_header=False)


@cli.command()
@seeds_option
@click.option("--host", default=None, help="Address to bind  [default: CROSSWALK_HOST or 127.0.0.1]")
@click.option("--port", type=int, default=None, help="Port  [default: CROSSWALK_PORT or 8000]")
@click.pass_context
def up(ctx: click.Context, seeds: Path | None, host: str | None, port: int | None) -> None:
    """Start the local Neo4j (unless NEO4J_URI is set), load the seeds, and serve; Ctrl-C stops all it started."""
    settings = _settings(ctx)
    local = _local(settings) if settings.uses_local_neo4j else None
    started_here = bool(local) and not local.status().running
    try:
        if local:
            ctx.invoke(neo4j_start)
        _load(settings, seeds or settings.seeds)
        ctx.invoke(serve, host=host, port=port)
    finally:
        if local and started_here:
            local.stop()
            click.echo("Neo4j stopped")


def _run_graphql(settings: Settings, key: str | None, calls):
    """Run `calls(execute)` with an in-process executor of GraphQL documents, as the key's holder if given."""
    from graph.connection import async_driver
    from graph.keys import hash_key
    from graph.reads import GraphReader
    from graph.writes import Actor, GraphWriter
    from server.auth import viewer_of
    from server.context import Context
    from server.schema import build_schema

    async def run():
        async with async_driver(settings) as driver:
            actor = None
            if key:
                found = await GraphReader(driver, settings.neo4j_database).api_key(hash_key(key.strip()))
                if found is None:
                    raise CrosswalkError("unknown or revoked API key", "check --key or CROSSWALK_API_KEY; see `crosswalk keys list`")
                actor = Actor(name=found["name"], role=found["role"], org=found.get("org"))
            schema = build_schema(settings)

            async def execute(document: str, variables: dict | None = None):
                context = Context(reader=GraphReader(driver, settings.neo4j_database, viewer_of(actor),
                                                     timeout=settings.query_timeout),
                                  writer=GraphWriter(driver, settings.neo4j_database), actor=actor)
                result = await schema.execute(document, variable_values=variables, context_value=context)
                for error in result.errors or []:
                    if isinstance(error.original_error, GraphUnavailable):  # one line naming the URI, not JSON
                        raise error.original_error
                return result

            return await calls(execute)

    try:
        return asyncio.run(run())
    except CrosswalkError as exc:
        raise CliError(exc, settings) from None


key_option = click.option("--key", envvar="CROSSWALK_API_KEY", default=None,
                          help="API key to act with (an organisation's key sees and writes its control sets)  "
                               "[default: CROSSWALK_API_KEY or none]")


@cli.command()
@click.argument("document")
@click.option("--variables", default=None, help="Variables as a JSON object.")
@key_option
@click.pass_context
def query(ctx: click.Context, document: str, variables: str | None, key: str | None) -> None:
    """Run one GraphQL DOCUMENT (text, or @file) and print the JSON result; exit 1 on errors."""
    if document.startswith("@"):
        try:
            document = Path(document[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot read {document[1:]}: {exc.strerror}") from None
    try:
        variables_obj = json.loads(variables) if variables else None
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"--variables is not JSON: {exc}") from None
    result = _run_graphql(_settings(ctx), key, lambda execute: execute(document, variables_obj))
    body = {"data": result.data}
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
    click.echo(json.dumps(body, indent=2, ensure_ascii=False, default=str))
    if result.errors:
        sys.exit(1)


def _execute(settings: Settings, document: str, variables: dict | None):
    """Run one GraphQL document in-process, as the server would for an anonymous client."""
    return _run_graphql(settings, None, lambda execute: execute(document, variables))


CHANGES = """query($framework: ID!, $since: Date, $until: Date, $proposals: Boolean!) {
  changes(framework: $framework, since: $since, until: $until, includeProposals: $proposals) {
    inserted replaced repealed redated mappingsNeedingReview
    changes { effective action provisionId verified note amendment { id status }
              mappingsNeedingReview { id subject { id } object { id } } } } }"""


@cli.command()
@click.argument("framework")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First effective day (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last effective day (YYYY-MM-DD).")
@click.option("--proposals", is_flag=True, help="Also list proposals' changes (they never change an answer).")
@click.option("--mappings", "show_mappings", is_flag=True, help="List each mapping that needs review.")
@click.pass_context
def changes(ctx: click.Context, framework: str, since, until, proposals: bool, show_mappings: bool) -> None:
    """What amendments changed in FRAMEWORK, and which mappings need review (the GraphQL `changes` answer)."""
    from graph.stats import text_table

    variables = {"framework": framework, "since": since.date().isoformat() if since else None,
                 "until": until.date().isoformat() if until else None, "proposals": proposals}
    result = _execute(_settings(ctx), CHANGES, variables)
    if result.errors:
        raise click.ClickException("; ".join(e.message for e in result.errors))
    report = result.data["changes"]
    rows = [[c["effective"] or "(proposal)", c["action"].lower(), c["provisionId"], c["amendment"]["id"],
             c["verified"].lower(), len(c["mappingsNeedingReview"]), c["note"] or ""] for c in report["changes"]]
    click.echo(text_table(["effective", "action", "provision", "amendment", "verified", "review", "what changed"], rows))
    click.echo(f"\n{report['inserted']} inserted, {report['replaced']} replaced, {report['repealed']} repealed, "
               f"{report['redated']} re-dated; {report['mappingsNeedingReview']} mapping(s) need review")
    if show_mappings:
        for c in report["changes"]:
            for m in c["mappingsNeedingReview"]:
                click.echo(f"  {m['id']}")


# -- spreadsheets ----------------------------------------------------------------
@cli.group()
def export() -> None:
    """Download an answer as a spreadsheet (CSV: the main table; XLSX: one sheet per part)."""


def _export(ctx: click.Context, report: str, variables: dict, key: str | None, fmt: str, output: Path | None) -> None:
    from crosswalk.exports.reports import REPORTS, fetch
    from crosswalk.exports.sheets import FORMATS

    if fmt == "xlsx" and output is None:
        raise click.UsageError("XLSX is binary: give -o FILE.xlsx")

    async def calls(execute):
        async def data_of(document, variables_):
            result = await execute(document, variables_)
            if result.errors:
                raise CrosswalkError(result.errors[0].message)
            return result.data
        return await fetch(REPORTS[report], data_of, variables)

    data = _run_graphql(_settings(ctx), key, calls)
    if report == "requirement" and data["requirement"] is None:
        raise CliError(CrosswalkError(f"no requirement '{variables['id']}'"))
    content = FORMATS[fmt][1](REPORTS[report].to_sheets(data))
    if output:
        output.write_bytes(content)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(content.decode("utf-8-sig"), nl=False)


format_option = click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True,
                             help="CSV (the main table, UTF-8) or XLSX (every table, one sheet each).")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                             help="File to write (default: stdout; XLSX needs a file).")
relations_option = click.option("--relation", "relations", multiple=True,
                                type=click.Choice(["EQUAL", "SUBSET_OF", "SUPERSET_OF", "INTERSECTS_WITH"]),
                                help="Count only these relations (repeatable)  [default: all]")
strength_option = click.option("--min-strength", type=click.IntRange(1, 10), default=None, help="Minimum mapping strength.")


@export.command("coverage")
@click.option("--target", required=True, help="Framework to cover, e.g. iso42001.")
@click.option("--using", multiple=True, required=True, help="Covering framework or control set (repeatable).")
@relations_option
@strength_option
@click.option("--role", default=None, help="Only provisions binding this role, e.g. DEPLOYER.")
@click.option("--as-of", default=None, help="Only provisions applying on this date (YYYY-MM-DD).")
@format_option
@output_option
@key_option
@click.pass_context
def export_coverage(ctx, target, using, relations, min_strength, role, as_of, fmt, output, key) -> None:
    """Coverage and gaps of --target by --using: summary, per-requirement status, mappings, gaps."""
    _export(ctx, "coverage", {"target": target, "using": list(using), "relations": list(relations) or None,
                              "minStrength": min_strength, "role": role, "asOf": as_of}, key, fmt, output)


@export.command("crosswalk")
@click.option("--from", "from_", required=True, help="Framework read from, e.g. iso42001.")
@click.option("--to", required=True, help="Framework mapped to, e.g. eu-ai-act.")
@relations_option
@strength_option
@click.option("--include-inferred", is_flag=True, help="Add hits composed from two asserted mappings.")
@format_option
@output_option
@key_option
@click.pass_context
def export_crosswalk(ctx, from_, to, relations, min_strength, include_inferred, fmt, output, key) -> None:
    """What each requirement of --from maps to in --to, and what maps to nothing."""
    _export(ctx, "crosswalk", {"from": from_, "to": to, "relations": list(relations) or None,
                               "minStrength": min_strength, "includeInferred": include_inferred}, key, fmt, output)


@export.command("shared-controls")
@click.option("--framework", "frameworks", multiple=True, help="Restrict to these frameworks (repeatable).")
@click.option("--min-frameworks", type=click.IntRange(1), default=2, show_default=True, help="Frameworks a requirement must reach.")
@relations_option
@strength_option
@format_option
@output_option
@key_option
@click.pass_context
def export_shared_controls(ctx, frameworks, min_frameworks, relations, min_strength, fmt, output, key) -> None:
    """Requirements whose mappings reach several frameworks, ranked, with each mapping."""
    _export(ctx, "shared-controls", {"frameworks": list(frameworks) or None, "minFrameworks": min_frameworks,
                                     "relations": list(relations) or None, "minStrength": min_strength},
            key, fmt, output)


@export.command("mappings")
@click.argument("requirement")
@format_option
@output_option
@key_option
@click.pass_context
def export_mappings(ctx, requirement, fmt, output, key) -> None:
    """Every mapping of REQUIREMENT (e.g. iso42001:A.6.2.8) with its justification and provenance."""
    _export(ctx, "requirement", {"id": requirement}, key, fmt, output)


@export.command("soa")
@click.option("--standard", required=True, help="iso42001 or iso27001 (Annex A).")
@click.option("--org", default=None, help="Organisation (only for admin keys; default: the key's).")
@click.option("--as-of", default=None, help="The decisions as they stood at the end of this day (YYYY-MM-DD).")
@format_option
@output_option
@key_option
@click.pass_context
def export_soa(ctx, standard, org, as_of, fmt, output, key) -> None:
    """An organisation's Statement of Applicability (needs its --key): every Annex A control and its decision."""
    _export(ctx, "soa", {"standard": standard, "org": org, "asOf": as_of}, key, fmt, output)


def _mapping_sets(ctx: click.Context, seeds: Path | None, set_ids: tuple[str, ...]):
    """The validated seeds and the mapping sets asked for (every one by default), each with its rows."""
    bundle = _read_seeds(seeds or _settings(ctx).seeds)
    known = [m["mapping_set_id"] for m in bundle.mapping_sets]
    for unknown in set(set_ids) - set(known):
        raise CliError(CrosswalkError(f"no mapping set '{unknown}'", f"known: {', '.join(known)}"))
    chosen = [meta for meta in bundle.mapping_sets if not set_ids or meta["mapping_set_id"] in set_ids]
    return bundle, [(meta, [m for m in bundle.mappings if m["mapping_set"] == meta["mapping_set_id"]]) for meta in chosen]


set_ids_option = click.option("--set", "set_ids", multiple=True, help="Mapping set id (repeatable)  [default: every set]")


@export.command("sssom")
@seeds_option
@set_ids_option
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write <set>.sssom.tsv files into (created if missing).")
@click.pass_context
def export_sssom(ctx: click.Context, seeds: Path | None, set_ids: tuple[str, ...], output: Path) -> None:
    """Write mapping sets as standard SSSOM TSV (valid for sssom-py; nothing Crosswalk records is dropped)."""
    from crosswalk.exports.sssom import to_sssom_tsv

    bundle, sets = _mapping_sets(ctx, seeds, set_ids)
    titles = {r["id"]: r["title"] for r in bundle.requirements}
    output.mkdir(parents=True, exist_ok=True)
    for meta, rows in sets:
        target = output / f"{meta['mapping_set_id']}.sssom.tsv"
        target.write_text(to_sssom_tsv(meta, rows, titles), encoding="utf-8")
        click.echo(f"wrote {target} ({len(rows)} mappings)")


@export.command("oscal")
@seeds_option
@set_ids_option
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write <set>.oscal.json files into (created if missing).")
@click.pass_context
def export_oscal(ctx: click.Context, seeds: Path | None, set_ids: tuple[str, ...], output: Path) -> None:
    """Write mapping sets as OSCAL 1.2 mapping collections (JSON; NIST IR 8477 relations carry over one to one)."""
    from crosswalk.exports.oscal import to_oscal

    _, sets = _mapping_sets(ctx, seeds, set_ids)
    output.mkdir(parents=True, exist_ok=True)
    for meta, rows in sets:
        target = output / f"{meta['mapping_set_id']}.oscal.json"
        target.write_text(json.dumps(to_oscal(meta, rows), indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        click.echo(f"wrote {target} ({len(rows)} maps)")


@cli.command("import-sssom")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@seeds_option
@click.option("--set", "set_id", default=None, help="Mapping set id  [default: the last part of its mapping_set_id]")
@click.option("--rationale", type=click.Choice(["SYNTACTIC", "SEMANTIC", "FUNCTIONAL"]), default=None,
              help="Rationale for rows that do not give one (files made elsewhere rarely do).")
@click.option("--strength", type=click.IntRange(1, 10), default=None, help="Strength for rows without one.")
@click.pass_context
def import_sssom(ctx: click.Context, file: Path, seeds: Path | None, set_id: str | None, rationale: str | None,
                 strength: int | None) -> None:
    """Turn an SSSOM TSV FILE into a seed mapping set, validated with every other seed, and write it to the seeds."""
    from crosswalk.exports.sssom import SSSOMImportError, from_sssom_tsv

    seeds = seeds or _settings(ctx).seeds
    try:
        set_id, text = from_sssom_tsv(file.read_text(encoding="utf-8"), set_id,
                                      {"rationale": rationale or "", "strength": strength or ""})
    except SSSOMImportError as exc:
        raise CliError(CrosswalkError(f"{file}: {exc}")) from None
    _write_mapping_set(seeds, seeds / "mappings" / f"{set_id}.sssom.tsv", text)


def _write_mapping_set(seeds: Path, target: Path, text: str) -> None:
    """Write an imported seed mapping set to TARGET once it passes the seed rules with every other seed."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "seeds"
        shutil.copytree(seeds, trial)
        (trial / "mappings" / target.name).write_text(text, encoding="utf-8")
        _read_seeds(trial)  # the seed rules, all problems listed, nothing written on failure
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}; `crosswalk load` puts it in the graph")


@cli.command("import-oscal")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@seeds_option
@click.option("--set", "set_id", default=None, help="Mapping set id  [default: the collection's mapping-set prop]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Seed file to write  [default: <seeds>/mappings/<set>.sssom.tsv]")
@click.pass_context
def import_oscal(ctx: click.Context, file: Path, seeds: Path | None, set_id: str | None, output: Path | None) -> None:
    """Turn an OSCAL 1.2 mapping-collection JSON FILE into a seed mapping set, validated with every other seed."""
    from crosswalk.exports.oscal import OSCALImportError, from_oscal

    seeds = seeds or _settings(ctx).seeds
    try:
        set_id, text = from_oscal(json.loads(file.read_text(encoding="utf-8")), set_id)
    except json.JSONDecodeError as exc:
        raise CliError(CrosswalkError(f"{file}: not JSON ({exc})")) from None
    except OSCALImportError as exc:
        raise CliError(CrosswalkError(f"{file}: {exc}")) from None
    if output and not output.name.endswith(".sssom.tsv"):
        raise CliError(CrosswalkError(f"{output}: a seed mapping set is named <set>.sssom.tsv"))
    _write_mapping_set(seeds, output or seeds / "mappings" / f"{set_id}.sssom.tsv", text)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write (default: stdout).")
@click.pass_context
def schema(ctx: click.Context, output: Path | None) -> None:
    """Print the GraphQL schema (SDL); `-o schema.graphql` refreshes the committed contract."""
    from server.schema import build_schema

    sdl = build_schema(_settings(ctx)).as_str() + "\n"
    if output:
        output.write_text(sdl, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(sdl, nl=False)


# -- content statistics --------------------------------------------------------
@cli.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Print requirements per framework, mappings per framework pair and relation, and coverage figures."""
    from graph.connection import sync_driver
    from graph.stats import content_stats, format_stats

    settings = _settings(ctx)
    with sync_driver(settings) as driver:
        click.echo(format_stats(content_stats(driver, settings.neo4j_database, settings.query_timeout)))


# -- API keys -------------------------------------------------------------------
@cli.group()
def keys() -> None:
    """Create, list and revoke API keys (only their hashes are stored)."""


@keys.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["reader", "editor", "admin"]), required=True, help="What the key may do.")
@click.option("--org", default=None, help="Organisation whose control sets the key may read and write.")
@click.pass_context
def keys_create(ctx: click.Context, name: str, role: str, org: str | None) -> None:
    """Create key NAME and print it once: store it now, it cannot be shown again."""
    from graph.connection import sync_driver
    from graph.keys import create_key

    settings = _settings(ctx)
    try:
        with sync_driver(settings) as driver:
            click.echo(create_key(driver, settings.neo4j_database, name, role, org, settings.query_timeout))
    except CrosswalkError as exc:
        raise CliError(exc, settings) from None


@keys.command("list")
@click.pass_context
def keys_list(ctx: click.Context) -> None:
    """List keys: name, role, organisation, created, revoked."""
    from graph.connection import sync_driver
    from graph.keys import list_keys

    settings = _settings(ctx)
    with sync_driver(settings) as driver:
        for k in list_keys(driver, settings.neo4j_database, settings.query_timeout):
            click.echo("\t".join(str(k[c]) if k[c] is not None else "-" for c in ("name", "role", "org", "created", "revoked")))


@keys.command("revoke")
@click.argument("name")
@click.pass_context
def keys_revoke(ctx: click.Context, name: str) -> None:
    """Revoke key NAME; requests with it get 401 from then on."""
    from graph.connection import sync_driver
    from graph.keys import revoke_key

    settings = _settings(ctx)
    try:
        with sync_driver(settings) as driver:
            revoke_key(driver, settings.neo4j_database, name, settings.query_timeout)
    except CrosswalkError as exc:
        raise CliError(exc, settings) from None
    click.echo(f"revoked {name}")


# -- organisation control sets ----------------------------------------------------
@cli.group()
def controls() -> None:
    """Import and export an organisation's control set as CSV."""


@controls.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--set", "control_set", required=True, help="Control set id, e.g. org:acme.")
@click.option("--org", required=True, help="Owning organisation.")
@click.option("--title", default=None, help="Title of the set (default: its id; kept if the set exists).")
@click.option("--actor", default="cli", show_default=True, help="Name recorded in the audit trail.")
@click.pass_context
def controls_import(ctx: click.Context, file: Path, control_set: str, org: str, title: str | None, actor: str) -> None:
    """Import FILE (CSV, or XLSX by its suffix) into a control set, with its mappings, all or nothing."""
    from graph.connection import async_driver
    from graph.control_csv import decode_csv, parse_control_csv, xlsx_to_csv
    from graph.writes import Actor, GraphWriter

    settings = _settings(ctx)

    async def run():
        async with async_driver(settings) as driver:
            writer = GraphWriter(driver, settings.neo4j_database, settings.query_timeout)
            existing, _ = await writer.export_control_set(control_set)
            return await writer.import_control_set(Actor(actor, "admin"), control_set,
                                                   title or (existing or {}).get("title") or control_set, org,
                                                   controls_rows, mappings)

    try:
        data = file.read_bytes()
        text = xlsx_to_csv(data, str(file)) if file.suffix.lower() == ".xlsx" else decode_csv(data, str(file))
        controls_rows, mappings = parse_control_csv(text, str(file), control_set)
        done = asyncio.run(run())
    except CrosswalkError as exc:
        raise CliError(exc, settings) from None
    click.echo(f"imported {done['controls']} controls and {done['mappings']} mappings into {control_set}")


@controls.command("export")
@click.option("--set", "control_set", required=True, help="Control set id, e.g. org:acme.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write (default: stdout).")
@click.pass_context
def controls_export(ctx: click.Context, control_set: str, output: Path | None) -> None:
    """Export a control set and the mappings its controls assert as CSV."""
    from graph.connection import async_driver
    from graph.control_csv import control_set_csv
    from graph.writes import GraphWriter

    settings = _settings(ctx)

    async def run():
        async with async_driver(settings) as driver:
            return await GraphWriter(driver, settings.neo4j_database, settings.query_timeout).export_control_set(control_set)

    found, rows = asyncio.run(run())
    if found is None or found.get("kind") != "control-set":
        raise CliError(CrosswalkError(f"no control set '{control_set}'", "import one with `crosswalk controls import`"))
    text = control_set_csv(rows)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(rows)} controls to {output}", err=True)
    else:
        click.echo(text, nl=False)


def main() -> None:
    cli(prog_name="crosswalk")


if __name__ == "__main__":
    main()
