CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE IF NOT EXISTS parcels (
  id              bigserial PRIMARY KEY,
  public_id       uuid NOT NULL DEFAULT gen_random_uuid(),
  carrier         text NOT NULL,
  tracking_number text NOT NULL,
  merchant_id     uuid NOT NULL,
  webhook_url     text,
  status          text NOT NULL DEFAULT 'pending',
  last_event_at   timestamptz,
  last_polled_at  timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (carrier, tracking_number)
);

CREATE INDEX IF NOT EXISTS parcels_open_idx ON parcels (last_polled_at)
  WHERE status NOT IN ('delivered', 'returned');
