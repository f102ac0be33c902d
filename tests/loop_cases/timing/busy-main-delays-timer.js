// busy-main-delays-timer.js - a 10 ms timer behind 100 ms of synchronous main script.
// Run: node busy-main-delays-timer.js   (prints when the timer fired, in ms from the start)
const t0 = performance.now();
setTimeout(() => console.log(`timer fired at ${(performance.now() - t0).toFixed(1)} ms`), 10);
while (performance.now() - t0 < 100); // 100 ms of synchronous work
