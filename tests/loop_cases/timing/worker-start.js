// worker-start.js - ms from new Worker to the worker's first line (code) and to
// its first message (msg). Run: node worker-start.js. docs/model.md, "Costs".
// new Worker to the worker's first line, and to its first message back
const { Worker } = require('worker_threads');
const t0 = process.hrtime.bigint();
const w = new Worker('const {parentPort}=require("worker_threads"); parentPort.postMessage(process.hrtime.bigint());', { eval: true });
const t1 = process.hrtime.bigint();
w.on('message', (m) => { const t2 = process.hrtime.bigint();
  process.stdout.write(JSON.stringify({ctor: Number(t1 - t0) / 1e6, code: Number(m - t0) / 1e6, msg: Number(t2 - t0) / 1e6}) + '\n'); w.terminate(); });
