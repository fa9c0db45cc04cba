"""Control-set upload over HTTP: `POST /api/control-sets/{id}/import` with the organisation's API key.

The body is the file itself (CSV, UTF-8 with or without BOM, ',' or ';'; or XLSX, first sheet),
in the `controls import` layout. All or nothing: any bad row or cell is refused naming its row
and column, and nothing changes.
"""

from starlette.requests import Request
from starlette.responses import JSONResponse

from crosswalk.errors import AccessDenied, CrosswalkError, GraphUnavailable
from graph.control_csv import decode_csv, parse_control_csv, xlsx_to_csv
from graph.keys import RANK, hash_key
from graph.reads import GraphReader
from graph.writes import Actor, GraphWriter

XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream")


def _error(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="crosswalk"'} if status == 401 else {}
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


async def _actor(request: Request) -> Actor | JSONResponse:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return _error(401, "UNAUTHENTICATED", "send the organisation's key as `Authorization: Bearer <key>`")
    state = request.app.state
    found = await GraphReader(state.driver, state.settings.neo4j_database).api_key(hash_key(key.strip()))
    if found is None:
        return _error(401, "UNAUTHENTICATED", "unknown or revoked API key")
    actor = Actor(name=found["name"], role=found["role"], org=found.get("org"))
    if RANK[actor.role] < RANK["editor"]:
        return _error(403, "FORBIDDEN", f"importing needs the editor role; key '{actor.name}' has the {actor.role} role")
    return actor


async def import_control_set(request: Request) -> JSONResponse:
    """Create or update a control set and its mappings from the uploaded file, in one transaction."""
    control_set = request.path_params["id"]
    try:
        actor = await _actor(request)
        if isinstance(actor, JSONResponse):
            return actor
        data = await request.body()
        name = request.query_params.get("filename") or f"{control_set} upload"
        is_xlsx = data[:2] == b"PK" or request.headers.get("content-type", "").startswith(XLSX_TYPES[0])
        text = xlsx_to_csv(data, name) if is_xlsx else decode_csv(data, name)
        controls, mappings = parse_control_csv(text, name, control_set)
        writer = GraphWriter(request.app.state.driver, request.app.state.settings.neo4j_database)
        existing, _ = await writer.export_control_set(control_set)
        if existing and not actor.may_touch(existing.get("org")):
            raise AccessDenied(f"'{control_set}' belongs to another organisation than key '{actor.name}'")
        title = request.query_params.get("title") or (existing or {}).get("title") or control_set
        done = await writer.import_control_set(actor, control_set, title, request.query_params.get("org"),
                                               controls, mappings)
    except AccessDenied as exc:
        return _error(403, exc.code, exc.message)
    except GraphUnavailable as exc:
        return _error(503, exc.code, exc.message)
    except CrosswalkError as exc:
        return _error(400, "BAD_USER_INPUT", str(exc))
    return JSONResponse({"controlSet": control_set, **done})
