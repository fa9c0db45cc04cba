"""API keys: created by the CLI, shown once, stored only as a SHA-256 hash.

Keys are 256-bit random tokens, so a fast hash is enough: nothing can be guessed from it.
"""

import hashlib
import re
import secrets

from neo4j import Driver

from crosswalk.errors import CrosswalkError, WriteConflict
from graph.access import RANK, ROLES  # noqa: F401 (RANK: re-exported)
from graph.loader import ensure_schema
from graph.run import DEFAULT_TIMEOUT, Runner

KEY_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
ORG = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(driver: Driver, database: str, name: str, role: str, org: str | None, timeout: float = DEFAULT_TIMEOUT) -> str:
    """Store a new key's hash and return the key itself (the only time it exists in clear)."""
    if not KEY_NAME.match(name):
        raise CrosswalkError(f"invalid key name '{name}'", "use lower-case letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise CrosswalkError(f"invalid role '{role}'", f"use one of {', '.join(ROLES)}")
    if org is not None and not ORG.match(org):
        raise CrosswalkError(f"invalid organisation '{org}'", "use lower-case letters, digits and '-'")
    ensure_schema(driver, database, timeout)  # the uniqueness constraints must exist before the first key
    key = f"cw_{secrets.token_urlsafe(32)}"
    try:
        Runner(driver, database, timeout).write("keys-create", name=name, hash=hash_key(key), role=role, org=org)
    except WriteConflict:
        raise CrosswalkError(f"a key named '{name}' already exists", "choose another name or revoke the old key") from None
    return key


def list_keys(driver: Driver, database: str, timeout: float = DEFAULT_TIMEOUT) -> list[dict]:
    return Runner(driver, database, timeout).read("keys-list")


def revoke_key(driver: Driver, database: str, name: str, timeout: float = DEFAULT_TIMEOUT) -> None:
    records = Runner(driver, database, timeout).write("keys-revoke", name=name)
    if not records:
        raise CrosswalkError(f"no active key named '{name}'", "see `crosswalk keys list`")
