const knex = require('knex');

module.exports = knex({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: true } },
  pool: { min: 0, max: 5 },
});
