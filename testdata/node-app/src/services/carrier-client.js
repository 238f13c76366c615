'use strict';

const config = require('config');
const { request } = require('undici');
const { pool } = require('../db/pool');
const { webhookQueue } = require('../jobs/queues');

async function fetchStatus(carrier, trackingNumber) {
  const { baseUrl, timeoutMs } = config.get(`carriers.${carrier}`);
  const res = await request(`${baseUrl}/track/v1/details/${encodeURIComponent(trackingNumber)}`, {
    headers: { authorization: `Bearer ${process.env.CARRIER_API_KEY}` },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  if (res.statusCode >= 400) throw new Error(`${carrier} responded ${res.statusCode}`);
  return res.body.json();
}

async function pollParcel(parcelId) {
  const { rows } = await pool.query('SELECT * FROM parcels WHERE id = $1', [parcelId]);
  const parcel = rows[0];
  if (!parcel) return;

  const status = await fetchStatus(parcel.carrier, parcel.tracking_number);
  if (status.code !== parcel.status) {
    await pool.query(
      'UPDATE parcels SET status = $2, last_event_at = $3, last_polled_at = now() WHERE id = $1',
      [parcelId, status.code, status.timestamp],
    );
    if (parcel.webhook_url) {
      await webhookQueue.add('deliver', { parcelId, status: status.code });
    }
  } else {
    await pool.query('UPDATE parcels SET last_polled_at = now() WHERE id = $1', [parcelId]);
  }
}

module.exports = { fetchStatus, pollParcel };
