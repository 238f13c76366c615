import express from "express";
import { pool } from "./db";

const app = express();

app.get("/healthz", async (_req, res) => {
  await pool.query("select 1");
  res.send("ok");
});

app.get("/sightings", async (_req, res) => {
  const { rows } = await pool.query(
    "select id, species, seen_at from sightings order by seen_at desc limit 100",
  );
  res.json(rows);
});

app.listen(Number(process.env.PORT ?? 8080), "::");
