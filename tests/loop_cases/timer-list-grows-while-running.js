// timer-list-grows-while-running.js - a timer callback adds timers to its own
// (10 ms) list while Node is processing that list, and an 8 ms timer between them.
// The list stops at the first timer not yet due and is queued again by that
// timer's expiry (lib/internal/timers.js, listOnTimeout); in the next iteration
// the 10 ms list comes first and runs both of its timers before the 8 ms list.
// Run: node timer-list-grows-while-running.js
function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
setTimeout(() => {
  console.log('first'); // at about 10 ms: call it T
  setTimeout(() => console.log('10ms-a'), 10); // set at T, due T+10
  busy(3);
  setTimeout(() => console.log('8ms'), 8); // set at T+3, due T+11
  setTimeout(() => console.log('10ms-b'), 10); // set at T+3, due T+13
  busy(17); // the next timers phase comes at T+20: all three are due
}, 10);
