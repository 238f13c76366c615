import { pool } from "../db";

await pool.query("delete from sightings where seen_at < now() - interval '400 days'");
await pool.end();
