// loop-start.js - ms from the end of the main script to the first setImmediate
// callback (the loop's start), and which of setTimeout(0) / setImmediate ran first.
// Run: node loop-start.js. docs/model.md, "Costs".
// time from the end of the main script to the first callbacks of the loop
const t0 = process.hrtime.bigint();
setTimeout(() => { const t = process.hrtime.bigint(); r.timeout = Number(t - t0) / 1e6; }, 0);
setImmediate(() => { const t = process.hrtime.bigint(); r.immediate = Number(t - t0) / 1e6; r.first = r.timeout === undefined ? 'immediate' : 'timeout'; });
const r = {};
const t1 = process.hrtime.bigint();
r.script = Number(t1 - t0) / 1e6;
process.on('exit', () => process.stdout.write(JSON.stringify(r) + '\n'));
