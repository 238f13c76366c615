'use strict';

const config = require('config');
const { pool } = require('../db/pool');

async function purgeDeliveredParcels() {
  const days = config.get('retentionDays');
  const { rowCount } = await pool.query(
    `DELETE FROM parcels
      WHERE status = 'delivered'
        AND last_event_at < now() - make_interval(days => $1)`,
    [days],
  );
  return rowCount;
}

module.exports = { purgeDeliveredParcels };

if (require.main === module) {
  purgeDeliveredParcels()
    .then((n) => {
      console.log(`purged ${n} parcels`);
      return pool.end();
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
