'use strict';

require('dotenv').config();

const { Worker } = require('bullmq');
const logger = require('../lib/logger');
const { connection } = require('./queues');
const { startScheduler } = require('./scheduler');
const { pollParcel } = require('../services/carrier-client');
const { workerId, workerIndex } = require('../lib/worker-id');

const tracking = new Worker('tracking', (job) => pollParcel(job.data.parcelId), {
  connection,
  concurrency: 5,
});

tracking.on('failed', (job, err) => logger.warn({ jobId: job?.id, err }, 'poll failed'));

// Only the first worker runs the in-process scheduler.
if (workerIndex() === 0) {
  startScheduler();
}

logger.info({ worker: workerId() }, 'worker ready');
