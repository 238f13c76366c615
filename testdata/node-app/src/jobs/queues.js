'use strict';

const config = require('config');
const IORedis = require('ioredis');
const { Queue } = require('bullmq');

const connection = new IORedis(process.env.REDIS_URL || config.get('redisUrl'), {
  maxRetriesPerRequest: null,
  tls: (process.env.REDIS_URL || '').startsWith('rediss://') ? { rejectUnauthorized: false } : undefined,
});

const trackingQueue = new Queue('tracking', { connection });
const webhookQueue = new Queue('webhooks', { connection });

module.exports = { connection, trackingQueue, webhookQueue };
