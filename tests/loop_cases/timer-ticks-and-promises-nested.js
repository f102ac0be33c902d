// timer-ticks-and-promises-nested.js - after a timer callback Node runs every
// nextTick, then every promise callback, and again while either queue has work;
// then the next timer; the immediate waits for the check phase. The 5 ms of work
// makes both timers due when the loop starts (without it the two setTimeout calls
// can fall in two different milliseconds, and 5 of 40 runs printed i before t2).
// Run: node timer-ticks-and-promises-nested.js
function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
setTimeout(() => {
  console.log('t1');
  setImmediate(() => console.log('i'));
  process.nextTick(() => {
    console.log('n');
    Promise.resolve().then(() => console.log('pn'));
  });
  Promise.resolve().then(() => {
    console.log('p');
    process.nextTick(() => console.log('np'));
  });
}, 0);
setTimeout(() => console.log('t2'), 0);
busy(5);
