// race-timeout-immediate.js - setTimeout(0) against setImmediate in the main module.
// Node's guide ("setImmediate() vs setTimeout()") calls their order non-deterministic:
// the timer starts from libuv's millisecond clock and is due when that clock ticks
// over, which may or may not happen before the loop's first timers phase.
// Run: node race-timeout-immediate.js
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
