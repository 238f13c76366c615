import { readFileSync } from "node:fs";
import { Pool } from "pg";

// The platform team's shared events database: TLS with the RDS CA bundle.
export const events = new Pool({
  host: "events.c4xr9t2kqzpl.us-east-1.rds.amazonaws.com",
  database: "events",
  user: process.env.EVENTS_DB_USER,
  password: process.env.EVENTS_DB_PASSWORD,
  ssl: { ca: readFileSync("/etc/ssl/certs/rds-global-bundle.pem", "utf8") },
});

// The billing replica, read for invoice totals.
export const billing = new Pool({
  host: process.env.BILLING_DB_HOST ?? "billing-replica.c4xr9t2kqzpl.us-east-1.rds.amazonaws.com",
  database: "billing",
  user: process.env.BILLING_DB_USER,
  max: 4,
});
