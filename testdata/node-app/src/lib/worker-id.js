'use strict';

const os = require('os');

// process.env.DYNO is web.1 on Heroku (worker.1, run.4821, scheduler.9001 ...).
// We use it to shard polling so two worker dynos don't hit the same carrier
// account at once.
function workerId() {
  const dyno = process.env.DYNO;
  return dyno || `${os.hostname()}:${process.pid}`;
}

function workerIndex() {
  const match = /\.(\d+)$/.exec(workerId());
  return match ? Number(match[1]) - 1 : 0;
}

module.exports = { workerId, workerIndex };
