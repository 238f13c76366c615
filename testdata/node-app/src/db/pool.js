'use strict';

const config = require('config');
const { Pool } = require('pg');

// Prefer a full URL; fall back to the discrete PG* variables that some
// platforms inject instead of DATABASE_URL.
function connectionString() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (config.get('databaseUrl')) return config.get('databaseUrl');

  const user = encodeURIComponent(process.env.PGUSER || 'postgres');
  const pass = encodeURIComponent(process.env.PGPASSWORD || '');
  const host = process.env.PGHOST || 'localhost';
  const db = process.env.PGDATABASE || 'tracker_dev';
  return `postgres://${user}:${pass}@${host}/${db}`;
}

const pool = new Pool({
  connectionString: connectionString(),
  max: Number(process.env.PG_POOL_MAX) || 10,
  idleTimeoutMillis: 30_000,
  ssl: process.env.NODE_ENV === 'production' ? { rejectUnauthorized: false } : false,
});

module.exports = { pool };
