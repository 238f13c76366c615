"use strict";

const { Kafka } = require("kafkajs");
const Redis = require("ioredis");
const config = require("./config");

const kafka = new Kafka({ clientId: "shipment-events", brokers: config.kafka.brokers, ssl: config.kafka.ssl });
const redis = new Redis(config.redisUrl);
const audit = new Redis("redis://audit-cache.example.net:6379/2");

async function main() {
  const consumer = kafka.consumer({ groupId: config.kafka.groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: config.kafka.topic });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value.toString());
      await redis.set(`shipment:${event.shipmentId}`, JSON.stringify(event));
      await audit.lpush("events", message.value.toString());
    },
  });
}

if (config.role === "worker") {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
