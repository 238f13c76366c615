"use strict";

const test = require("node:test");
const assert = require("node:assert");

test("topics carry the prefix", () => {
  process.env.KAFKA_PREFIX = "tenant-";
  process.env.HEROKU_APP_NAME = "shipment-events-test";
  delete require.cache[require.resolve("../src/config")];
  const config = require("../src/config");
  assert.strictEqual(config.kafka.topic, "tenant-carrier-events");
  assert.ok(config.corsOrigins.includes("https://shipment-dashboard.herokuapp.com"));
});
