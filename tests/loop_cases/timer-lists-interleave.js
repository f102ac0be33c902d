// timer-lists-interleave.js - Node keeps one list of timers per duration and runs
// every due timer of a list before it looks at another list (lib/internal/timers.js,
// listOnTimeout). A 10 ms timer set at 5 ms (due 15) runs before an 8 ms timer set
// at 5 ms (due 13): the 10 ms list is due first (its head, set at 0, at 10 ms).
// The busy-waits make every due time pass before the loop starts.
// Run: node timer-lists-interleave.js
function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
setTimeout(() => console.log('10ms-a'), 10); // set at 0, due 10
busy(5);
setTimeout(() => console.log('10ms-b'), 10); // set at 5, due 15
setTimeout(() => console.log('8ms'), 8); // set at 5, due 13
busy(15); // the loop starts at 20 ms: all three are due
