import os
import time

import psycopg2

from ingest.exports import PARTNER_DSN

# Heroku names every dyno; elsewhere the worker runs as a single process.
ON_HEROKU = "DYNO" in os.environ


def connect_warehouse():
    # The analytics warehouse is not the app database: its host is fixed.
    return psycopg2.connect(
        host="warehouse.ingest-analytics.example.com",
        dbname="warehouse",
        user=os.environ.get("WAREHOUSE_USER", "loader"),
        password=os.environ["WAREHOUSE_PASSWORD"],
        connect_timeout=10,
    )


def main() -> None:
    while True:
        with connect_warehouse() as conn, psycopg2.connect(PARTNER_DSN) as partner:
            conn.cursor().execute("select ingest.rollup_pending()")
            partner.commit()
        time.sleep(60 if ON_HEROKU else 5)


if __name__ == "__main__":
    main()
