'use strict';

const cron = require('node-cron');
const logger = require('../lib/logger');
const { purgeDeliveredParcels } = require('./cleanup');
const { refreshCarrierStatuses } = require('./refresh');

function startScheduler() {
  // Nightly purge of delivered parcels past the retention window.
  cron.schedule('0 3 * * *', async () => {
    const started = Date.now();
    const deleted = await purgeDeliveredParcels();
    logger.info({ deleted, ms: Date.now() - started }, 'retention purge finished');
  });

  cron.schedule('*/15 * * * *', refreshCarrierStatuses, { timezone: 'Etc/UTC' });

  logger.info('scheduler started');
}

module.exports = { startScheduler };
