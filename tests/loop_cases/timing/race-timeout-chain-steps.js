// race-timeout-chain-steps.js - race-timeout-chain.js with times: ms from setting
// t2 to the end of each immediate step and to t2, to stderr (the scenario's step
// costs). Run: node race-timeout-chain-steps.js | cat
const log = console.log;
const h = () => Number(process.hrtime.bigint()) / 1e6;
const spin = (ms) => { const end = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6)); while (process.hrtime.bigint() < end); };
const r = {};
log('start');
setTimeout(() => {
  log('t1');
  const a = h();
  setTimeout(() => { r.t2 = h() - a; log('t2'); }, 0);
  let n = 0;
  const step = () => { spin(0.3); log('i' + ++n); r['i' + n] = h() - a; if (n < 4) setImmediate(step); };
  setImmediate(step);
}, 0);
process.on('exit', () => process.stderr.write(JSON.stringify(r) + '\n'));
