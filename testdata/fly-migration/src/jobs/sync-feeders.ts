import { pool } from "../db";

const res = await fetch(process.env.FEEDER_API_URL ?? "https://feeders.example.org/api/v2/status");
const feeders = (await res.json()) as { id: string; seed_level: number }[];
for (const f of feeders) {
  await pool.query("update feeders set seed_level = $1 where id = $2", [f.seed_level, f.id]);
}
await pool.end();
