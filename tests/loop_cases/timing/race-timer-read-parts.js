// race-timer-read-parts.js - race-timer-read.js with times, in ms from the start:
// the readFile call (call), the read's callback (read), and the setTimeout call
// (st), to stderr (the scenario's costs). Run: node race-timer-read-parts.js
const fs = require('fs');
const h = () => Number(process.hrtime.bigint()) / 1e6;
const t0 = h();
fs.readFile(__filename, () => { const t = h(); process.stderr.write(JSON.stringify({call: t1 - t0, read: t - t0, st: t2 - t1}) + '\n'); });
const t1 = h();
setTimeout(() => {}, 1);
const t2 = h();
