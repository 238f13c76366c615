from pydantic import Field, PostgresDsn
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: PostgresDsn
    log_level: str = "INFO"
    # The dyno name ("web.1", "worker.2") tags every metric we send.
    dyno: str = Field("local", alias="DYNO")
    # Read from INGEST_ROLE, not from a variable named after the field.
    process_role: str = Field("web", alias="INGEST_ROLE")


settings = Settings()
