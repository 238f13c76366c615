'use strict';

process.env.DATABASE_URL = process.env.DATABASE_URL || 'postgresql://127.0.0.1/tracker_test';

const request = require('supertest');
const app = require('../src/app');
const { pool } = require('../src/db/pool');

jest.mock('../src/jobs/queues', () => ({
  trackingQueue: { add: jest.fn().mockResolvedValue({}) },
  webhookQueue: { add: jest.fn().mockResolvedValue({}) },
}));

beforeEach(async () => {
  await pool.query('TRUNCATE parcels RESTART IDENTITY');
});

afterAll(() => pool.end());

test('POST /v1/parcels creates a parcel', async () => {
  const res = await request(app)
    .post('/v1/parcels')
    .send({ carrier: 'ups', trackingNumber: '1Z999AA10123456784', merchantId: '7d9f2c1e-4b8a-4c3e-9f6d-2a1b3c4d5e6f' });

  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ carrier: 'ups', status: 'pending' });
});

test('POST /v1/parcels rejects unknown carriers', async () => {
  const res = await request(app)
    .post('/v1/parcels')
    .send({ carrier: 'pigeon', trackingNumber: '12345678', merchantId: '7d9f2c1e-4b8a-4c3e-9f6d-2a1b3c4d5e6f' });

  expect(res.status).toBe(422);
});
