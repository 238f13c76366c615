'use strict';

const { pool } = require('../db/pool');
const { trackingQueue } = require('./queues');
const { workerIndex } = require('../lib/worker-id');

const SHARDS = Number(process.env.POLL_SHARDS) || 1;

async function refreshCarrierStatuses() {
  const { rows } = await pool.query(
    `SELECT id FROM parcels
      WHERE status NOT IN ('delivered', 'returned')
        AND id % $1 = $2
      ORDER BY last_polled_at NULLS FIRST
      LIMIT 500`,
    [SHARDS, workerIndex() % SHARDS],
  );
  await trackingQueue.addBulk(rows.map((r) => ({ name: 'poll', data: { parcelId: r.id } })));
  return rows.length;
}

module.exports = { refreshCarrierStatuses };
