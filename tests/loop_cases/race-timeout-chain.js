// race-timeout-chain.js - a chain of two 0 ms timers against a chain of immediates
// that each compute about 0.3 ms. The second timer is due when libuv's millisecond
// clock next ticks over (0 to 1 ms after it was set), so it runs after one, two or
// three of the immediates. Run: node race-timeout-chain.js
const log = console.log;
// busy-wait on process.hrtime (the global `performance` loads a module the first
// time it is used, which would add milliseconds to the first step)
const spin = (ms) => {
  const end = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
  while (process.hrtime.bigint() < end);
};
log('start');
setTimeout(() => {
  log('t1');
  setTimeout(() => log('t2'), 0);
  let n = 0;
  const step = () => {
    spin(0.3);
    log('i' + ++n);
    if (n < 4) setImmediate(step);
  };
  setImmediate(step);
}, 0);
