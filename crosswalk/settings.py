"""Every setting Crosswalk reads from the environment, in one place."""

import os
from pathlib import Path

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from crosswalk import data_path, default_home
from crosswalk.errors import CrosswalkError


class Settings(BaseSettings):
    """Crosswalk configuration; each field names the variable it is read from."""

    # CROSSWALK_<FIELD> for our own settings (a prefix, so HOME or PORT never leak in);
    # the NEO4J_* names are the conventional ones, given as aliases.
    model_config = SettingsConfigDict(env_prefix="CROSSWALK_", populate_by_name=True, extra="ignore")

    neo4j_uri: str | None = Field(
        None,
        validation_alias=AliasChoices("NEO4J_URI"),
        description="Bolt URI of your own Neo4j (bolt:// or neo4j:// for a cluster). "
        "Unset: the project's local Neo4j on 127.0.0.1:CROSSWALK_NEO4J_PORT.",
    )
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER"), description="Neo4j user name.")
    neo4j_password: str | None = Field(
        None,
        validation_alias=AliasChoices("NEO4J_PASSWORD"),
        description="Neo4j password. Unset: no authentication (the local Neo4j then runs with auth off). "
        "Set: the local Neo4j requires it (8 characters or more).",
    )
    neo4j_database: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_DATABASE"), description="Database name, always passed to the driver.")

    query_timeout: float = Field(10.0, gt=0, description="Seconds any one Neo4j transaction of the API, CLI, stats or keys may run before it is stopped.")
    load_timeout: float = Field(600.0, gt=0, description="Seconds a seed load's transaction may run before it is stopped (the graph then stays unchanged).")
    neo4j_concurrency: int = Field(10, ge=1, description="Most Neo4j transactions one server process runs at once (its connection pool's size); more requests wait their turn within CROSSWALK_REQUEST_TIMEOUT.")
    neo4j_connect_timeout: float = Field(2.0, gt=0, description="Seconds to open a connection to Neo4j, or to wait for a free one in the pool.")

    home: Path = Field(
        default_home(),
        description="Where the local Neo4j keeps its class path, configuration, data, logs and pid file.",
    )
    neo4j_port: int = Field(7687, ge=1, le=65535, description="Bolt port of the local Neo4j (loopback only).")
    neo4j_heap: str = Field("1g", pattern=r"^\d+[mg]$", description="Java heap of the local Neo4j.")
    neo4j_pagecache: str = Field("128m", pattern=r"^\d+[mg]$", description="Page cache of the local Neo4j.")

    seeds: Path = Field(data_path("seeds"), description="Folder of framework and mapping seed files.")

    host: str = Field("127.0.0.1", description="Address `crosswalk serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `crosswalk serve` listens on.")
    max_depth: int = Field(10, ge=1, description="Deepest GraphQL selection allowed.")
    max_aliases: int = Field(30, ge=1, description="Most aliases in one GraphQL document.")
    max_tokens: int = Field(5000, ge=10, description="Most tokens in one GraphQL document.")
    max_expanded_fields: int = Field(5000, ge=10, description="Most fields one operation may have once its fragments are expanded.")
    max_list_nesting: int = Field(3, ge=1, description="Most unpaged lists (mappings, children, hits, …) one selection path may nest.")
    max_cost: int = Field(250_000, ge=1, description="Largest estimated cost of one operation (fields × page sizes × list lengths; see the README's Errors and limits).")
    max_response_bytes: int = Field(20_000_000, ge=1024, description="Largest GraphQL answer sent, in bytes; a larger one is replaced by an error.")
    request_timeout: float = Field(30.0, gt=0, description="Seconds one GraphQL request may take in all before it is answered 503.")
    body_timeout: float = Field(10.0, gt=0, description="Seconds each part of a request body may take to arrive; slower: HTTP 408.")
    keep_alive_timeout: int = Field(5, ge=1, description="Seconds `crosswalk serve` keeps an idle connection open.")
    compiled_reads: bool = Field(True, description="Answer common reads with one compiled Cypher query each (server/compiled.py); off: the resolvers answer everything.")
    plain_completion: bool = Field(True, description="Complete objects whose selected fields are all plain attributes in one walk (server/plain_completion.py); off: graphql-core completes every field.")
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1,
                         description="Worker processes `crosswalk serve` runs (the API holds no state; default: the core count).")
    max_connections: int = Field(100, ge=1, description="Most concurrent connections `crosswalk serve` accepts; more get HTTP 503.")
    max_header_bytes: int = Field(16384, ge=1024, description="Largest request line and headers `crosswalk serve` accepts, in bytes.")
    max_body_bytes: int = Field(1_000_000, ge=1024, description="Largest request body accepted, in bytes.")
    introspection: bool = Field(True, description="Allow GraphQL introspection (GraphiQL needs it).")
    require_key: bool = Field(False, description="Require an API key for reads too (writes always need one).")
    response_cache: bool = Field(True, description="Keep successful read answers in memory per worker, keyed by document, variables, viewer, date and the graph version every write changes; send ETag and Cache-Control on public GET and stored-query answers.")
    response_cache_bytes: int = Field(64_000_000, ge=0, description="Most bytes of answers the response cache keeps per worker (least recently used go first).")
    cache_max_age: int = Field(0, ge=0, description="Seconds a proxy may reuse a public answer without asking again (Cache-Control max-age); 0: it revalidates every time with the ETag.")
    stored_queries_only: bool = Field(False, description="Accept only stored queries (`{\"id\": \"<name>\"}` from queries/examples), no ad-hoc documents.")

    @field_validator("home", "seeds")
    @classmethod
    def absolute(cls, path: Path) -> Path:
        # Neo4j resolves relative directories against its own home, and status/stop must
        # find the same pid file from any working directory.
        return path.expanduser().resolve()

    @property
    def bolt_uri(self) -> str:
        """The URI to connect to: NEO4J_URI, or the local Neo4j's loopback address."""
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.neo4j_port}"

    @property
    def uses_local_neo4j(self) -> bool:
        return self.neo4j_uri is None

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.neo4j_user, self.neo4j_password) if self.neo4j_password else None


def env_name(field: str) -> str:
    """The environment variable a settings field is read from."""
    info = Settings.model_fields[field]
    return info.validation_alias.choices[0] if info.validation_alias else f"CROSSWALK_{field.upper()}"


def load_settings() -> Settings:
    """Settings from the environment; a bad value raises naming its variable."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{env_name(str(e['loc'][0]))}={e['input']!r}: {e['msg']}" for e in exc.errors())
        raise CrosswalkError(f"invalid setting: {problems}", "fix or unset the variable (see the README's Settings)") from None
