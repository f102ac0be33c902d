// timer-sets-immediate-and-timeout.js - inside a timer callback setImmediate runs
// before setTimeout(0): the check phase of this iteration comes first, and the
// timers phase of this iteration compares timers with the time it read when it
// began, so the new timer is not run in it though it is due after the 3 ms of work.
// Run: node timer-sets-immediate-and-timeout.js
function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
setTimeout(() => {
  console.log('timer');
  setTimeout(() => console.log('timeout'), 0);
  setImmediate(() => console.log('immediate'));
  busy(3);
}, 10);
