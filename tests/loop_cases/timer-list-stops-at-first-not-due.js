// timer-list-stops-at-first-not-due.js - Node runs a list's timers only while they
// are due: at the first that is not, the list waits, queued again by that timer's
// expiry (lib/internal/timers.js, listOnTimeout), and the next list runs.
// Run: node timer-list-stops-at-first-not-due.js
function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
setTimeout(() => console.log('200ms-a'), 200); // set at 0, due 200
busy(205);
setTimeout(() => console.log('200ms-b'), 200); // set at 205, due 405
setTimeout(() => console.log('2ms'), 2); // set at 205, due 207
busy(5); // the loop starts at 210 ms: 200ms-a and 2ms are due, 200ms-b is not
