// main-busy-timeout-first.js - in the main module the order of setTimeout(0) and
// setImmediate is not deterministic (Node's event-loop guide), unless the script
// itself runs for more than the timer's 1 ms: then the loop's first timers phase
// finds the timer due, before the check phase. Run: node main-busy-timeout-first.js
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
const end = performance.now() + 5; // 5 ms of synchronous work
while (performance.now() < end);
