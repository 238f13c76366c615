"use strict";

const http = require("node:http");
const Redis = require("ioredis");
const config = require("./config");

const redis = new Redis(config.redisUrl);

const server = http.createServer(async (req, res) => {
  const origin = req.headers.origin;
  if (origin && config.corsOrigins.includes(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
  }
  const match = /^\/shipments\/([A-Z0-9-]+)$/.exec(req.url);
  if (!match) {
    res.writeHead(404).end();
    return;
  }
  const status = await redis.get(`shipment:${match[1]}`);
  res.writeHead(status ? 200 : 404, { "content-type": "application/json" });
  res.end(status || "{}");
});

server.listen(config.port, () => {
  console.log(`shipment-events ${config.release} (${config.role}) on :${config.port}`);
});
