// overdue-after-long-callback.js - a 20 ms timer set at the start of a 30 ms timer
// callback: it falls due while the callback runs. Run: node overdue-after-long-callback.js
// (prints when each timer fired, in ms from the start)
const t0 = performance.now();
setTimeout(() => {
  const a = performance.now() - t0;
  setTimeout(() => console.log('first', a.toFixed(1), 'second', (performance.now() - t0).toFixed(1)), 20);
  const s = performance.now(); while (performance.now() - s < 30);
}, 20);
