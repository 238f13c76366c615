import type { Knex } from "knex";

const config: Record<string, Knex.Config> = {
  development: {
    client: "pg",
    connection: { host: "localhost", database: "dockhand_dev" },
  },
  production: {
    client: "pg",
    connection: {
      host: process.env.PGHOST || "dockhand-prod.c4xr9t2kqzpl.us-east-1.rds.amazonaws.com",
      database: process.env.PGDATABASE || "dockhand",
      user: process.env.PGUSER,
      password: process.env.PGPASSWORD,
    },
    pool: { min: 2, max: 10 },
  },
};

export default config;
