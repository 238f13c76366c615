'use strict';

const express = require('express');
const helmet = require('helmet');
const pinoHttp = require('pino-http');

const logger = require('./lib/logger');
const health = require('./routes/health');
const parcels = require('./routes/parcels');

const app = express();

app.set('trust proxy', 1);
app.use(helmet());
app.use(express.json({ limit: '256kb' }));
app.use(pinoHttp({ logger }));

app.use('/health', health);
app.use('/v1/parcels', parcels);

app.use((err, req, res, _next) => {
  req.log.error({ err }, 'unhandled error');
  res.status(err.status || 500).json({ error: err.expose ? err.message : 'internal_error' });
});

module.exports = app;
