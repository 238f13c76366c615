'use strict';

const { Router } = require('express');
const { pool } = require('../db/pool');
const { workerId } = require('../lib/worker-id');

const router = Router();

router.get('/', async (_req, res) => {
  try {
    await pool.query('SELECT 1');
    res.json({ status: 'ok', instance: workerId() });
  } catch (err) {
    res.status(503).json({ status: 'degraded', error: err.code || 'db_unreachable' });
  }
});

module.exports = router;
