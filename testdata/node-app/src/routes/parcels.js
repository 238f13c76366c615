'use strict';

const { Router } = require('express');
const { z } = require('zod');
const { pool } = require('../db/pool');
const { trackingQueue } = require('../jobs/queues');

const router = Router();

const createParcel = z.object({
  carrier: z.enum(['ups', 'usps', 'fedex', 'dhl']),
  trackingNumber: z.string().min(8).max(40),
  merchantId: z.string().uuid(),
  webhookUrl: z.string().url().optional(),
});

router.post('/', async (req, res, next) => {
  try {
    const body = createParcel.parse(req.body);
    const { rows } = await pool.query(
      `INSERT INTO parcels (carrier, tracking_number, merchant_id, webhook_url)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (carrier, tracking_number) DO UPDATE SET updated_at = now()
       RETURNING id, carrier, tracking_number, status`,
      [body.carrier, body.trackingNumber, body.merchantId, body.webhookUrl || null],
    );
    await trackingQueue.add('poll', { parcelId: rows[0].id }, { jobId: `poll:${rows[0].id}` });
    res.status(201).json(rows[0]);
  } catch (err) {
    if (err instanceof z.ZodError) return res.status(422).json({ errors: err.issues });
    next(err);
  }
});

router.get('/:id', async (req, res, next) => {
  try {
    const { rows } = await pool.query(
      'SELECT id, carrier, tracking_number, status, last_event_at FROM parcels WHERE id = $1',
      [req.params.id],
    );
    if (rows.length === 0) return res.status(404).json({ error: 'not_found' });
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
