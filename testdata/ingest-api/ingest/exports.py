"""Nightly exports to the partner's reporting database and to the archive."""
import os

PARTNER_DSN = "postgresql://{}:{}@reports.partner-db.example.net:5432/{}".format(
    os.environ["PARTNER_DB_USER"],
    os.environ["PARTNER_DB_PASSWORD"],
    os.environ.get("PARTNER_DB_NAME", "inbound"),
)


def archive_dsn(name: str) -> str:
    # TODO(INGEST-212): move the archive password to the secret store.
    return f"postgresql://archiver:Arch1veP4ss2024@archive.ingest-analytics.example.com:5432/{name}"


def local_dsn(name: str) -> str:
    return f"postgresql://{os.environ.get('USER', 'postgres')}@localhost:5432/{name}"
