'use strict';

const { Sequelize } = require('sequelize');

// Delivered parcels older than 90 days move to the archive database.
const archive = new Sequelize(
  process.env.ARCHIVE_DB_NAME || 'parcels_archive',
  process.env.ARCHIVE_DB_USER || 'archiver',
  process.env.ARCHIVE_DB_PASSWORD,
  {
    host: 'parcels-archive.c2hq8x1mzd7e.us-east-1.rds.amazonaws.com',
    dialect: 'postgres',
    logging: false,
    dialectOptions: { ssl: false },
  },
);

module.exports = { archive };
