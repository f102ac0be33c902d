// timer-set-in-1ms-list-after-2ms.js - a 1 ms timer set by a 1 ms timer's callback
// is late once that callback has worked 5 ms, but the timers phase compares timers
// with the time it read when it began (lib/internal/timers.js, listOnTimeout): the
// 1 ms list waits, the 2 ms list runs, the new timer in the next timers phase.
// The 1 ms timer is set first: set second, a millisecond boundary between the two
// calls gives both lists the same expiry, and the older 2 ms list wins the tie
// (5 of 40 runs printed 2ms first). Run: node timer-set-in-1ms-list-after-2ms.js
function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
setTimeout(() => {
  console.log('1ms-a');
  setTimeout(() => console.log('1ms-b'), 1);
  busy(5);
}, 1);
setTimeout(() => console.log('2ms'), 2);
busy(5); // both timers are due when the loop starts
