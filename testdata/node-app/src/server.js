'use strict';

require('dotenv').config();

const { DYNO, PORT } = process.env;
const app = require('./app');
const logger = require('./lib/logger');
const { pool } = require('./db/pool');

const port = Number(PORT) || 3000;

const server = app.listen(port, () => {
  logger.info({ port, dyno: DYNO || 'local' }, 'parcel-tracker listening');
});

// Heroku sends SIGTERM and allows 30s before SIGKILL.
process.on('SIGTERM', () => {
  logger.info('SIGTERM received, draining connections');
  server.close(async () => {
    await pool.end();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 25_000).unref();
});
