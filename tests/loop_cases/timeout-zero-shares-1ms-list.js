// timeout-zero-shares-1ms-list.js - setTimeout(f, 0) is setTimeout(f, 1) (a delay
// below 1 becomes 1: Node's docs and lib/internal/timers.js, Timeout), so it joins
// the 1 ms list, and that list runs all its due timers before the 3 ms list.
// Run: node timeout-zero-shares-1ms-list.js
function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
setTimeout(() => console.log('1ms'), 1); // set at 0, due 1
busy(5);
setTimeout(() => console.log('3ms'), 3); // set at 5, due 8
busy(5);
setTimeout(() => console.log('0ms'), 0); // set at 10, due 11
busy(15); // the loop starts at 25 ms: all three are due
