import { Pool } from "pg";

const { REPORTING_USER, REPORTING_PASSWORD } = process.env;

// The read replica the dashboards use; it has its own credentials.
const url =
  "postgres://" + REPORTING_USER + ":" + REPORTING_PASSWORD +
  "@dockhand-replica.c4xr9t2kqzpl.us-east-1.rds.amazonaws.com:5432/dockhand";

export const reporting = new Pool({ connectionString: url, max: 4 });
