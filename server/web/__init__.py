"""The web explorer served at `/`: pages, downloads, and every static asset (no CDN)."""

from pathlib import Path

from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from crosswalk.settings import Settings
from server.web.pages import Explorer
from server.web.run import PageError
from server.web.uploads import import_control_set

STATIC = Path(__file__).parent / "static"


def _page(explorer: Explorer, handler):
    async def endpoint(request):
        try:
            return await handler(request)
        except PageError as exc:
            return explorer.render(request, "error.html", status_code=exc.status_code, status=exc.status_code,
                                   message=exc.detail)
    return endpoint


def web_routes(settings: Settings) -> list:
    """Routes of the explorer, running their documents through a schema built with the API's limits."""
    from server.schema import build_schema

    explorer = Explorer(build_schema(settings))
    pages = [("/", explorer.home), ("/frameworks/{id}", explorer.framework),
             ("/requirements/{id:path}", explorer.requirement), ("/history/{id:path}", explorer.history),
             ("/search", explorer.search), ("/coverage", explorer.coverage), ("/crosswalk", explorer.crosswalk),
             ("/shared-controls", explorer.shared_controls), ("/matrix", explorer.matrix),
             ("/matrix/{a}/{b}", explorer.pair), ("/export/{report}.{format}", explorer.download)]
    return [*(Route(path, _page(explorer, handler)) for path, handler in pages),
            Route("/key", _page(explorer, explorer.key), methods=["GET", "POST"]),
            Route("/soa", _page(explorer, explorer.soa), methods=["GET", "POST"]),
            Route("/api/control-sets/{id}/import", import_control_set, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static")]
