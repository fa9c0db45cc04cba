"""Query-string parameters of the report pages and downloads, turned into GraphQL variables."""

import datetime as dt

from starlette.datastructures import QueryParams

from server.web.run import PageError

RELATIONS = ["EQUAL", "SUBSET_OF", "SUPERSET_OF", "INTERSECTS_WITH", "NOT_RELATED"]
ROLES = ["PROVIDER", "DEPLOYER", "IMPORTER", "DISTRIBUTOR", "AUTHORISED_REPRESENTATIVE", "PRODUCT_MANUFACTURER",
         "GPAI_PROVIDER"]
STATUSES = ["FULL", "PARTIAL", "NONE"]


def _one(params: QueryParams, name: str, default=None):
    value = params.get(name, "").strip()
    return value or default


def _many(params: QueryParams, name: str, allowed: list[str] | None = None) -> list[str] | None:
    values = [v.strip() for raw in params.getlist(name) for v in raw.split(",") if v.strip()]
    for value in values:
        if allowed is not None and value not in allowed:
            raise PageError(400, f"`{name}` must be one of {', '.join(allowed)}, got '{value}'")
    return values or None


def _int(params: QueryParams, name: str, default=None) -> int | None:
    value = _one(params, name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise PageError(400, f"`{name}` must be a whole number, got '{value}'") from None


def _date(params: QueryParams, name: str) -> str | None:
    value = _one(params, name)
    if value is not None:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise PageError(400, f"`{name}` must be a date (YYYY-MM-DD), got '{value}'") from None
    return value


def _role(params: QueryParams) -> str | None:
    role = _one(params, "role")
    if role is not None and role not in ROLES:
        raise PageError(400, f"`role` must be one of {', '.join(ROLES)}, got '{role}'")
    return role


def coverage(params: QueryParams) -> dict:
    return {"target": _one(params, "target", "iso42001"), "using": _many(params, "using") or ["iso27001"],
            "relations": _many(params, "relations", RELATIONS), "minStrength": _int(params, "minStrength"),
            "role": _role(params), "asOf": _date(params, "asOf"), "status": _many(params, "status", STATUSES)}


def crosswalk(params: QueryParams) -> dict:
    return {"from": _one(params, "from", "iso42001"), "to": _one(params, "to", "eu-ai-act"),
            "relations": _many(params, "relations", RELATIONS), "minStrength": _int(params, "minStrength"),
            "includeInferred": _one(params, "includeInferred") in ("1", "true", "on")}


def shared_controls(params: QueryParams) -> dict:
    return {"frameworks": _many(params, "frameworks"), "minFrameworks": _int(params, "minFrameworks", 2),
            "relations": _many(params, "relations", RELATIONS), "minStrength": _int(params, "minStrength"),
            "role": _role(params), "asOf": _date(params, "asOf")}


def requirement(params: QueryParams) -> dict:
    found = _one(params, "id")
    if found is None:
        raise PageError(400, "`id` names the requirement, e.g. iso42001:A.6.2.8")
    return {"id": found}


def soa(params: QueryParams) -> dict:
    return {"standard": _one(params, "standard", "iso42001"), "org": _one(params, "org"), "asOf": _date(params, "asOf")}


VARIABLES = {"soa": soa, "coverage": coverage, "crosswalk": crosswalk, "shared-controls": shared_controls, "requirement": requirement}
