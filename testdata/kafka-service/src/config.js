"use strict";

// Heroku Kafka (multi-tenant): every topic and consumer group carries KAFKA_PREFIX.
// We used to read process.env.DYNO here to tell web from worker.
const prefix = process.env.KAFKA_PREFIX || "";

module.exports = {
  role: process.env.APP_ROLE || "web",
  release: process.env.HEROKU_RELEASE_VERSION || "dev",
  port: Number(process.env.PORT || 5000),
  kafka: {
    brokers: (process.env.KAFKA_URL || "localhost:9092")
      .split(",")
      .map((url) => url.replace("kafka+ssl://", "")),
    ssl: process.env.KAFKA_TRUSTED_CERT
      ? {
          ca: [process.env.KAFKA_TRUSTED_CERT],
          cert: process.env.KAFKA_CLIENT_CERT,
          key: process.env.KAFKA_CLIENT_CERT_KEY,
        }
      : false,
    topic: `${prefix}${process.env.SHIPMENTS_TOPIC || "carrier-events"}`,
    groupId: `${prefix}shipment-status`,
  },
  // Heroku Redis mini gave a TLS URL beside the plain one.
  redisUrl: process.env.REDIS_TLS_URL || process.env.REDIS_URL || "redis://localhost:6379/0",
  corsOrigins: ["https://shipment-dashboard.herokuapp.com", "http://localhost:3000"],
};
