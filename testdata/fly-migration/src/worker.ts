import { pool } from "./db";

async function drainQueue(): Promise<void> {
  const { rows } = await pool.query("delete from outbox returning id, payload");
  for (const row of rows) {
    console.log(`delivered ${row.id}`);
  }
}

setInterval(drainQueue, 5_000);
