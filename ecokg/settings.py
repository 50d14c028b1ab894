"""All settings in one place: ``ECOKG_*`` environment variables plus the standard ``NEO4J_*``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ECOKG_", extra="ignore")

    # A real Neo4j 5 / Aura; when unset ecokg runs its embedded ArcadeDB Bolt server.
    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "NEO4J_USERNAME"))
    neo4j_password: SecretStr | None = Field(default=None, validation_alias=AliasChoices("NEO4J_PASSWORD"))
    neo4j_database: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_DATABASE"))
    # A Neo4j user with only the `reader` role, for every query endpoint; unset → the user above in READ mode.
    neo4j_reader_user: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_READER_USER"))
    neo4j_reader_password: SecretStr | None = Field(default=None, validation_alias=AliasChoices("NEO4J_READER_PASSWORD"))

    data_dir: Path = Path("./data")
    # The analyst's versioned curation decisions (merge/split/reject/retype), applied on every build.
    curation_file: Path = Path("./curation.yaml")
    bolt_port: int = 7687
    arcadedb_http_port: int = 2480
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_token: SecretStr | None = None
    # API processes `ecokg serve` runs (`--api-workers`): each keeps its own index, and they share answers.
    api_workers: int = Field(default=1, ge=1)
    # Where the API processes of one server share their answers (api/cache.py); `ecokg serve --api-workers N`
    # sets it for its workers. Unset: each process computes its own.
    api_shared_answers: Path | None = None
    max_upload_bytes: int = 20 * 1024 * 1024
    cypher_timeout_s: float = 10.0
    cypher_max_rows: int = 1000
    # How long the API answers from its index of the graph before asking the graph's version again: writes made
    # by another process (`ecokg build` beside `ecokg serve`) are seen within this; the API's own at once.
    api_version_check_s: float = Field(default=1.0, ge=0)
    # How long a version check may trust the graph's change stamp (graph/stamp.py) before it reads every document's
    # facts hash again: edits made outside ecokg (Neo4j Browser, another tool) set no stamp and are seen within this.
    api_content_check_s: float = Field(default=60.0, ge=0)
    # Entities whose links and documents each API process reads, most-linked first, when it meets a new version of
    # the graph, so that first questions about the hubs are answered from memory (api/readahead.py); 0: none.
    api_read_ahead: int = Field(default=100, ge=0)
    # Seconds `ecokg serve` spends, in the background after opening the embedded store, running the API's reads
    # so that the server's JVM has compiled its query engine before analysts arrive (api/warmup.py); 0: none.
    serve_warmup_s: float = Field(default=15.0, ge=0)
    # Extraction processes a build runs (`ecokg build --workers`); unset: every core.
    workers: int | None = Field(default=None, ge=1)

    @property
    def embedded(self) -> bool:
        return not self.neo4j_uri


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
