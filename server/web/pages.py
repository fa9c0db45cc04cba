"""The explorer's pages: server-rendered HTML that works without JavaScript, one handler per page."""

from pathlib import Path
from urllib.parse import urlencode

from jinja2 import select_autoescape
from starlette.requests import Request
from urllib.parse import parse_qs, quote

from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from crosswalk.exports.reports import REPORTS, fetch
from crosswalk.exports.sheets import FORMATS
from server.web import params as p
from graph.soa import STATUSES as SOA_STATUSES
from server.web.run import KEY_COOKIE, PageError, execute, graphiql_link, page_actor

HERE = Path(__file__).parent
DOCUMENTS = {d.stem: d.read_text(encoding="utf-8") for d in (HERE / "documents").glob("*.graphql")}
SWAP = {"SUBSET_OF": "SUPERSET_OF", "SUPERSET_OF": "SUBSET_OF"}
SYMBOL = {"EQUAL": "=", "SUBSET_OF": "⊂", "SUPERSET_OF": "⊃", "INTERSECTS_WITH": "∩", "NOT_RELATED": "≠"}


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.autoescape = select_autoescape(default=True)
    templates.env.globals.update(SYMBOL=SYMBOL, RELATIONS=p.RELATIONS, ROLES=p.ROLES, STATUSES=p.STATUSES)
    templates.env.filters["pct"] = lambda v: f"{v:.1f}%"
    return templates


class Explorer:
    """Page handlers bound to the schema they run their documents through."""

    def __init__(self, schema):
        self.schema = schema
        self.templates = _templates()

    async def run(self, request: Request, document: str, variables: dict | None = None) -> dict:
        return await execute(self.schema, request, document, variables)

    async def run_report(self, request: Request, name: str, variables: dict) -> dict:
        report = REPORTS[name]
        return await fetch(report, lambda doc, vars_: self.run(request, doc, vars_), variables)

    def render(self, request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
        return self.templates.TemplateResponse(request, template, context, status_code=status_code)

    async def frameworks(self, request: Request) -> list[dict]:
        return (await self.run(request, DOCUMENTS["frameworks"]))["frameworks"]

    # pages

    async def home(self, request: Request) -> HTMLResponse:
        document = DOCUMENTS["frameworks"]
        return self.render(request, "home.html", frameworks=await self.frameworks(request),
                           graphiql=graphiql_link(document))

    async def framework(self, request: Request) -> HTMLResponse:
        variables = {"id": request.path_params["id"]}
        try:
            data = await self.run(request, DOCUMENTS["framework"], variables)
        except PageError as exc:
            if exc.status_code == 400 and "unknown framework" in exc.detail:
                raise PageError(404, exc.detail) from None
            raise
        if data["framework"] is None:
            raise PageError(404, f"no framework '{variables['id']}'")
        nodes = data["requirements"]["nodes"]
        while data["requirements"]["pageInfo"]["hasNextPage"]:
            data = {**data, "requirements": (await self.run(request, DOCUMENTS["framework"], {
                **variables, "after": data["requirements"]["pageInfo"]["endCursor"]}))["requirements"]}
            nodes.extend(data["requirements"]["nodes"])
        children: dict[str | None, list] = {}
        ids = {n["id"] for n in nodes}
        for node in nodes:
            parent = (node["parent"] or {}).get("id")
            children.setdefault(parent if parent in ids else None, []).append(node)
        return self.render(request, "framework.html", framework=data["framework"], children=children,
                           count=len(nodes), graphiql=graphiql_link(DOCUMENTS["framework"], variables))

    async def requirement(self, request: Request) -> HTMLResponse:
        variables = {"id": request.path_params["id"]}
        report = REPORTS["requirement"]
        data = await self.run(request, report.document, variables)
        requirement = data["requirement"]
        if requirement is None:
            raise PageError(404, f"no requirement '{variables['id']}'")
        history = (await self.run(request, DOCUMENTS["history"], variables))["history"]
        by_framework: dict[str, list] = {}
        for m in requirement["mappings"]:
            by_framework.setdefault(m["other"]["framework"]["id"], []).append(m)
        return self.render(request, "requirement.html", r=requirement, by_framework=by_framework, history=history,
                           downloads=_downloads("requirement", variables),
                           graphiql=graphiql_link(report.document, variables))

    async def history(self, request: Request) -> HTMLResponse:
        variables = {"id": request.path_params["id"]}
        events = (await self.run(request, DOCUMENTS["history"], variables))["history"]
        return self.render(request, "history.html", target=variables["id"], events=events,
                           graphiql=graphiql_link(DOCUMENTS["history"], variables))

    async def search(self, request: Request) -> HTMLResponse:
        text = request.query_params.get("q", "").strip()
        framework = request.query_params.get("framework", "").strip() or None
        variables = {"text": text, "frameworks": [framework] if framework else None}
        hits = (await self.run(request, DOCUMENTS["search"], variables))["search"] if text else None
        return self.render(request, "search.html", q=text, framework=framework, hits=hits,
                           frameworks=await self.frameworks(request),
                           graphiql=graphiql_link(DOCUMENTS["search"], variables) if text else None)

    async def _report_page(self, request: Request, report: str, template: str, answer: str, name: str) -> HTMLResponse:
        """A report page: its filters from the query string, the answer as `name`, downloads and its GraphiQL link."""
        variables = getattr(p, report.replace("-", "_"))(request.query_params)
        data = await self.run_report(request, report, variables)
        return self.render(request, template, **{name: data[answer]}, v=variables,
                           frameworks=await self.frameworks(request), downloads=_downloads(report, variables),
                           graphiql=graphiql_link(REPORTS[report].document, variables))

    async def coverage(self, request: Request) -> HTMLResponse:
        return await self._report_page(request, "coverage", "coverage.html", "coverage", "c")

    async def crosswalk(self, request: Request) -> HTMLResponse:
        return await self._report_page(request, "crosswalk", "crosswalk.html", "crosswalk", "c")

    async def shared_controls(self, request: Request) -> HTMLResponse:
        return await self._report_page(request, "shared-controls", "shared.html", "sharedControls", "s")

    async def matrix(self, request: Request) -> HTMLResponse:
        frameworks = (await self.run(request, DOCUMENTS["matrix"]))["frameworks"]
        counts = {(f["id"], b["frameworkId"]): b["count"] for f in frameworks for b in f["stats"]["byFramework"]}
        peak = max(counts.values(), default=1)
        return self.render(request, "matrix.html", frameworks=frameworks, counts=counts, peak=peak,
                           graphiql=graphiql_link(DOCUMENTS["matrix"]))

    async def pair(self, request: Request) -> HTMLResponse:
        a, b = request.path_params["a"], request.path_params["b"]
        variables = {"from": a, "to": b}
        data = await self.run(request, DOCUMENTS["pair"], variables)
        nodes = data["mappings"]["nodes"]
        while data["mappings"]["pageInfo"]["hasNextPage"]:
            data = await self.run(request, DOCUMENTS["pair"], {**variables, "after": data["mappings"]["pageInfo"]["endCursor"]})
            nodes.extend(data["mappings"]["nodes"])
        rows, cols, cells = {}, {}, {}
        for m in nodes:
            here, there, relation = m["subject"], m["object"], m["relation"]
            if here["framework"]["id"] != a:
                here, there, relation = there, here, SWAP.get(relation, relation)
            rows.setdefault(here["id"], here)
            cols.setdefault(there["id"], there)
            cells.setdefault((here["id"], there["id"]), []).append({**m, "relationFromHere": relation})
        return self.render(request, "pair.html", a=a, b=b, rows=list(rows.values()), cols=list(cols.values()),
                           cells=cells, total=len(nodes), graphiql=graphiql_link(DOCUMENTS["pair"], variables))

    async def key(self, request: Request) -> Response:
        """Enter (or forget) an organisation's API key: kept in an HttpOnly, SameSite=Strict cookie."""
        if request.method == "POST":
            form = parse_qs((await request.body()).decode("utf-8", "replace"))
            key, back = form.get("key", [""])[0].strip(), form.get("next", ["/soa"])[0]
            response = RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/soa", 303)
            if key:
                response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict", path="/")
            else:
                response.delete_cookie(KEY_COOKIE, path="/")
            return response
        actor = await page_actor(request)
        return self.render(request, "key.html", actor=actor, next=request.query_params.get("next", "/soa"))

    async def soa(self, request: Request) -> Response:
        variables = p.soa(request.query_params)
        if await page_actor(request) is None:
            return RedirectResponse("/key?next=" + quote(str(request.url.path) + "?" + str(request.url.query)), 303)
        notice = None
        if request.method == "POST":
            form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True).items()}
            if form.get("action") == "draft":
                await self.run(request, DOCUMENTS["soa-draft"], {"standard": variables["standard"], "org": variables["org"]})
                notice = "Draft generated: controls your own controls map to are proposed applicable; confirm each."
            else:
                decision = {"applicable": True, "excluded": False}.get(form.get("decision", ""))
                entry = {"controlId": form.get("control", ""), "applicable": decision,
                         "justification": form.get("justification") or None, "status": form.get("status") or None,
                         "evidence": form.get("evidence") or None, "owner": form.get("owner") or None,
                         "lastReviewed": form.get("lastReviewed") or None}
                await self.run(request, DOCUMENTS["soa-update"], {"standard": variables["standard"], "org": variables["org"],
                                                                  "input": entry})
                notice = f"Saved {entry['controlId']}."
        report = REPORTS["soa"]
        data = await self.run(request, report.document, variables)
        return self.render(request, "soa.html", s=data["statementOfApplicability"], v=variables, notice=notice,
                           statuses=SOA_STATUSES, downloads=_downloads("soa", variables),
                           graphiql=graphiql_link(report.document, variables))

    async def download(self, request: Request) -> Response:
        name, fmt = request.path_params["report"], request.path_params["format"]
        if name not in REPORTS or fmt not in FORMATS:
            raise PageError(404, f"no download '{name}.{fmt}'")
        variables = p.VARIABLES[name](request.query_params)
        data = await self.run_report(request, name, variables)
        if name == "requirement" and data["requirement"] is None:
            raise PageError(404, f"no requirement '{variables['id']}'")
        media_type, write = FORMATS[fmt]
        return Response(write(REPORTS[name].to_sheets(data)), media_type=media_type,
                        headers={"Content-Disposition": f'attachment; filename="{filename(name, variables)}.{fmt}"'})


def filename(report: str, variables: dict) -> str:
    """A readable download name: crosswalk-coverage-iso42001-from-iso27001."""
    if report == "soa":
        parts = [variables.get("org") or "my-organisation", variables["standard"], *([variables["asOf"]] if variables.get("asOf") else [])]
    elif report == "coverage":
        parts = [variables["target"], "from", *variables["using"]]
    elif report == "crosswalk":
        parts = [variables["from"], "to", variables["to"]]
    elif report == "requirement":
        parts = [variables["id"], "mappings"]
    else:
        parts = variables.get("frameworks") or ["all"]
    safe = "".join(c if c.isalnum() or c in ".-" else "-" for c in "-".join(parts))
    return f"crosswalk-{report}-{safe}"


def _downloads(report: str, variables: dict) -> dict[str, str]:
    pairs = [(k, x) for k, v in variables.items() if v not in (None, False, [])
             for x in (v if isinstance(v, list) else [v])]
    query = urlencode([(k, "1" if v is True else v) for k, v in pairs])
    return {fmt: f"/export/{report}.{fmt}?{query}" for fmt in ("xlsx", "csv")}
