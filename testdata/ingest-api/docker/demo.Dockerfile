# The demo database image, preloaded with the shared sample data.
FROM postgres:16-alpine
RUN pg_dump --data-only --no-owner "postgres://fixtures@fixtures.ingest-analytics.example.com:5432/fixtures" > /docker-entrypoint-initdb.d/10-fixtures.sql
