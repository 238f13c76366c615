'use strict';

const pino = require('pino');

const dynoName = process.env.WORKER_NAME;

module.exports = pino({
  level: process.env.LOG_LEVEL || 'info',
  base: { service: 'parcel-tracker', worker: dynoName },
  redact: ['req.headers.authorization', 'req.headers["x-webhook-signature"]'],
});
